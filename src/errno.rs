//! Linux error numbers (the asm-generic values) with their names and the
//! usual descriptions.

use std::fmt;

/// A Linux errno value (positive), e.g. `Errno::ENOENT`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Errno(pub i32);

/// Declares the errno constants and the (number, name, description) table.
macro_rules! errnos {
    ($($name:ident = $value:literal, $text:literal;)*) => {
        #[allow(missing_docs)]
        impl Errno {
            $(pub const $name: Errno = Errno($value);)*
        }

        const TABLE: &[(i32, &str, &str)] = &[$(($value, stringify!($name), $text)),*];
    };
}

errnos! {
    EPERM = 1, "Operation not permitted";
    ENOENT = 2, "No such file or directory";
    ESRCH = 3, "No such process";
    EINTR = 4, "Interrupted system call";
    EIO = 5, "Input/output error";
    ENXIO = 6, "No such device or address";
    E2BIG = 7, "Argument list too long";
    ENOEXEC = 8, "Exec format error";
    EBADF = 9, "Bad file descriptor";
    ECHILD = 10, "No child processes";
    EAGAIN = 11, "Resource temporarily unavailable";
    ENOMEM = 12, "Cannot allocate memory";
    EACCES = 13, "Permission denied";
    EFAULT = 14, "Bad address";
    ENOTBLK = 15, "Block device required";
    EBUSY = 16, "Device or resource busy";
    EEXIST = 17, "File exists";
    EXDEV = 18, "Invalid cross-device link";
    ENODEV = 19, "No such device";
    ENOTDIR = 20, "Not a directory";
    EISDIR = 21, "Is a directory";
    EINVAL = 22, "Invalid argument";
    ENFILE = 23, "Too many open files in system";
    EMFILE = 24, "Too many open files";
    ENOTTY = 25, "Inappropriate ioctl for device";
    ETXTBSY = 26, "Text file busy";
    EFBIG = 27, "File too large";
    ENOSPC = 28, "No space left on device";
    ESPIPE = 29, "Illegal seek";
    EROFS = 30, "Read-only file system";
    EMLINK = 31, "Too many links";
    EPIPE = 32, "Broken pipe";
    EDOM = 33, "Numerical argument out of domain";
    ERANGE = 34, "Numerical result out of range";
    EDEADLK = 35, "Resource deadlock avoided";
    ENAMETOOLONG = 36, "File name too long";
    ENOLCK = 37, "No locks available";
    ENOSYS = 38, "Function not implemented";
    ENOTEMPTY = 39, "Directory not empty";
    ELOOP = 40, "Too many levels of symbolic links";
    ENOMSG = 42, "No message of desired type";
    EIDRM = 43, "Identifier removed";
    ENOSTR = 60, "Device not a stream";
    ENODATA = 61, "No data available";
    ETIME = 62, "Timer expired";
    ENOLINK = 67, "Link has been severed";
    EPROTO = 71, "Protocol error";
    EBADMSG = 74, "Bad message";
    EOVERFLOW = 75, "Value too large for defined data type";
    EBADFD = 77, "File descriptor in bad state";
    EILSEQ = 84, "Invalid or incomplete multibyte or wide character";
    EUSERS = 87, "Too many users";
    ENOTSOCK = 88, "Socket operation on non-socket";
    EMSGSIZE = 90, "Message too long";
    ENOPROTOOPT = 92, "Protocol not available";
    EPROTONOSUPPORT = 93, "Protocol not supported";
    EOPNOTSUPP = 95, "Operation not supported";
    EAFNOSUPPORT = 97, "Address family not supported by protocol";
    EADDRINUSE = 98, "Address already in use";
    ENETDOWN = 100, "Network is down";
    ENETUNREACH = 101, "Network is unreachable";
    ECONNRESET = 104, "Connection reset by peer";
    ENOBUFS = 105, "No buffer space available";
    ENOTCONN = 107, "Transport endpoint is not connected";
    ESHUTDOWN = 108, "Cannot send after transport endpoint shutdown";
    ETIMEDOUT = 110, "Connection timed out";
    ECONNREFUSED = 111, "Connection refused";
    EALREADY = 114, "Operation already in progress";
    EINPROGRESS = 115, "Operation now in progress";
    ESTALE = 116, "Stale file handle";
    EUCLEAN = 117, "Structure needs cleaning";
    EREMOTEIO = 121, "Remote I/O error";
    EDQUOT = 122, "Disk quota exceeded";
    ENOMEDIUM = 123, "No medium found";
    EMEDIUMTYPE = 124, "Wrong medium type";
    ECANCELED = 125, "Operation canceled";
    ENOKEY = 126, "Required key not available";
    EOWNERDEAD = 130, "Owner died";
    ENOTRECOVERABLE = 131, "State not recoverable";
}

impl Errno {
    fn entry(self) -> Option<&'static (i32, &'static str, &'static str)> {
        TABLE.iter().find(|(value, _, _)| *value == self.0)
    }

    /// The number.
    pub fn raw(self) -> i32 {
        self.0
    }

    /// The symbolic name (`"ENOENT"`), or `"EUNKNOWN"` if not in the table.
    pub fn name(self) -> &'static str {
        self.entry().map_or("EUNKNOWN", |(_, name, _)| name)
    }

    /// The usual description (`"No such file or directory"`).
    pub fn description(self) -> String {
        match self.entry() {
            Some((_, _, text)) => (*text).to_owned(),
            None => format!("Unknown error {}", self.0),
        }
    }

    /// The errno named `name` (`"ENOENT"`), if it is in the table.
    pub fn from_name(name: &str) -> Option<Errno> {
        TABLE.iter().find(|(_, n, _)| *n == name).map(|(value, _, _)| Errno(*value))
    }

    /// The errno of a raw syscall return value, if it is an error (the
    /// kernel returns -4095..=-1 for errors).
    pub fn from_ret(ret: i64) -> Option<Errno> {
        (-4095..0).contains(&ret).then(|| Errno((-ret) as i32))
    }
}

impl fmt::Display for Errno {
    /// `ENOENT (No such file or directory)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name(), self.description())
    }
}

#[cfg(test)]
mod tests {
    use super::Errno;

    #[test]
    fn names_and_descriptions() {
        assert_eq!(
            Errno::ENOENT.to_string(),
            "ENOENT (No such file or directory)"
        );
        assert_eq!(Errno(13).name(), "EACCES");
        assert_eq!(Errno(4000).to_string(), "EUNKNOWN (Unknown error 4000)");
    }

    #[test]
    fn errors_are_minus_4095_to_minus_1() {
        assert_eq!(Errno::from_ret(-2), Some(Errno::ENOENT));
        assert_eq!(Errno::from_name("ENOTRECOVERABLE"), Some(Errno::ENOTRECOVERABLE));
        assert_eq!(Errno::from_name("ENOPE"), None);
        assert_eq!(Errno::from_ret(0), None);
        assert_eq!(Errno::from_ret(17), None);
        assert_eq!(Errno::from_ret(-4096), None);
    }
}
