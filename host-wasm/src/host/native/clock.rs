//! The monotonic clock: nanoseconds since a process-wide origin.

use std::sync::OnceLock;
use std::time::Instant;

static ORIGIN: OnceLock<Instant> = OnceLock::new();

pub fn monotonic_ns() -> u64 {
    let origin = ORIGIN.get_or_init(Instant::now);
    // u64 nanoseconds last 584 years.
    u64::try_from(origin.elapsed().as_nanos()).unwrap_or(u64::MAX)
}

/// The wall clock: nanoseconds since 1970 (the kernel's realtime clock is
/// set from it after boot).
pub fn wall_clock_ns() -> u64 {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    u64::try_from(since_epoch.as_nanos()).unwrap_or(u64::MAX)
}
