//! How to boot the kernel.

/// Boot parameters for [`Kernel::boot`](crate::Kernel::boot).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// RAM given to the kernel, in MiB.
    pub memory_mib: usize,
    /// The kernel command line (e.g. `"loglevel=4"`).
    pub cmdline: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            memory_mib: 64,
            cmdline: String::new(),
        }
    }
}
