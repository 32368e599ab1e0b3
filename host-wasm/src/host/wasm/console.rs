//! wasm32 echo of the kernel log: a JS function set per thread (each Worker
//! and the main thread set their own) gets every piece as it is printed,
//! with its offset in the whole log so pieces from several threads can be
//! put back in order (the JS side keeps its own copy: after a trap the
//! module refuses all calls, and the log is what tells why).
//! It runs inside the kernel, on whatever thread prints: it must not call
//! back into the kernel, only copy, write or post the bytes.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A JS function `(bytes: Uint8Array, offset: number, replay: boolean)
    /// => void`; `bytes` is a view of the shared memory, valid only during
    /// the call; `replay`: text already handed out once (see
    /// `console::replay`), not to be echoed again.
    pub type LogSink;
    #[wasm_bindgen(method, js_name = call)]
    fn call(this: &LogSink, this_arg: &JsValue, bytes: &[u8], offset: f64, replay: bool);
}

thread_local! {
    static SINK: RefCell<Option<LogSink>> = const { RefCell::new(None) };
}

/// Sets (or with `None` clears) the calling thread's sink.
pub fn set_log_sink(sink: Option<LogSink>) {
    SINK.with(|s| *s.borrow_mut() = sink);
}

pub fn echo(bytes: &[u8], offset: u64) {
    deliver(bytes, offset, false);
}

/// A thread that made a call wants the log (its caller's error tells why
/// the kernel stopped); a pool Worker's thread does not (its owner reads
/// the log on its own thread).
pub fn wants_replay() -> bool {
    !super::thread::is_pool_thread()
}

pub fn replay(bytes: &[u8], offset: u64) {
    deliver(bytes, offset, true);
}

fn deliver(bytes: &[u8], offset: u64, replay: bool) {
    SINK.with(|s| {
        // A sink that prints would re-enter here: skip, don't panic.
        if let Ok(sink) = s.try_borrow() {
            if let Some(sink) = sink.as_ref() {
                // `as`: log offsets stay far below 2^53.
                sink.call(&JsValue::UNDEFINED, bytes, offset as f64, replay);
            }
        }
    });
}
