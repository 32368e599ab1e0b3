//! The monotonic clock from JS: `performance.timeOrigin + performance.now()`
//! in nanoseconds. Each Worker has its own `timeOrigin`, so readings from
//! different Workers can disagree by a hair; the kernel's clocksource must
//! never go backwards (a 64-bit mask turns that into a huge jump forward),
//! so the clock never returns less than it returned before, on any thread.

use std::sync::atomic::{AtomicU64, Ordering};

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
    #[wasm_bindgen(thread_local_v2, js_namespace = performance, js_name = timeOrigin)]
    static TIME_ORIGIN: f64;
}

static LAST: AtomicU64 = AtomicU64::new(0);

pub fn monotonic_ns() -> u64 {
    let ms = TIME_ORIGIN.with(|origin| *origin) + performance_now();
    // `as`: saturating float-to-int; milliseconds since 1970 fit easily.
    let now = (ms * 1e6) as u64;
    let last = LAST.fetch_max(now, Ordering::AcqRel);
    now.max(last)
}

/// The wall clock: nanoseconds since 1970 (the kernel's realtime clock is
/// set from it after boot).
pub fn wall_clock_ns() -> u64 {
    let ms = TIME_ORIGIN.with(|origin| *origin) + performance_now();
    // `as`: saturating float-to-int; milliseconds since 1970 fit easily.
    (ms * 1e6) as u64
}
