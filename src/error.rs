//! The one error type: every error has an errno, its name and a message.

use std::fmt;

use crate::errno::Errno;

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong. Each variant maps to an errno ([`Error::errno`]) so
/// callers (and the JavaScript layer) can treat all errors alike.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A system call failed.
    Errno(Errno),
    /// The kernel failed to boot.
    Boot(Errno),
    /// A kernel was already booted in this process (EBUSY). Natively the
    /// kernel's state is global: one boot per process, even after a halt.
    AlreadyBooted,
    /// The kernel has been halted (or never finished booting): no more
    /// system calls (ESHUTDOWN).
    Halted,
    /// The kernel stopped (ENOTRECOVERABLE): a panic, a fault in one of its
    /// threads (wasm32), or a call past its timeout. It is over for good
    /// and its log says why; the process is unharmed.
    Panicked,
    /// `halt` found system calls still running on other threads (EBUSY);
    /// the kernel keeps running.
    Busy {
        /// How many system calls were still running.
        in_flight: usize,
    },
    /// This build has no kernel linked in (ENOSYS): `liblkl.a` was missing.
    KernelNotBuilt {
        /// Where the archive was looked for.
        archive: &'static str,
        /// The command that builds it.
        command: &'static str,
    },
    /// An argument cannot be passed to the kernel (EINVAL), e.g. a path
    /// with a NUL byte.
    InvalidInput(&'static str),
}

impl Error {
    /// The errno this error stands for.
    pub fn errno(&self) -> Errno {
        match self {
            Error::Errno(errno) | Error::Boot(errno) => *errno,
            Error::AlreadyBooted | Error::Busy { .. } => Errno::EBUSY,
            Error::Halted => Errno::ESHUTDOWN,
            Error::Panicked => Errno::ENOTRECOVERABLE,
            Error::KernelNotBuilt { .. } => Errno::ENOSYS,
            Error::InvalidInput(_) => Errno::EINVAL,
        }
    }

    /// The errno's name, e.g. `"ENOENT"`.
    pub fn name(&self) -> &'static str {
        self.errno().name()
    }

    /// What happened, in words.
    pub fn message(&self) -> String {
        match self {
            Error::Errno(errno) => errno.description(),
            Error::Boot(errno) => format!("the kernel failed to boot: {}", errno.description()),
            Error::AlreadyBooted => {
                "a kernel was already booted in this process (one per process)".to_owned()
            }
            Error::Halted => "the kernel has been halted".to_owned(),
            Error::Panicked => "the kernel has stopped (see its log)".to_owned(),
            Error::Busy { in_flight } => {
                format!("cannot halt: {in_flight} system call(s) still running on other threads")
            }
            Error::KernelNotBuilt { archive, command } => {
                format!("no kernel linked in: {archive} was missing at build time; run `{command}` and rebuild")
            }
            Error::InvalidInput(what) => (*what).to_owned(),
        }
    }
}

impl From<Errno> for Error {
    fn from(errno: Errno) -> Self {
        Error::Errno(errno)
    }
}

impl fmt::Display for Error {
    /// `ENOENT (No such file or directory)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name(), self.message())
    }
}

impl std::error::Error for Error {}
