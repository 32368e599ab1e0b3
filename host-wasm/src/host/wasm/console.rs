//! wasm32 echo of the kernel log: a JS function set per thread (each Worker
//! and the main thread set their own) gets every piece as it is printed.
//! It runs inside the kernel, on whatever thread prints: it must not call
//! back into the kernel, only copy, write or post the bytes.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A JS function `(bytes: Uint8Array) => void`; `bytes` is a view of
    /// the shared memory, valid only during the call.
    pub type LogSink;
    #[wasm_bindgen(method, js_name = call)]
    fn call(this: &LogSink, this_arg: &JsValue, bytes: &[u8]);
}

thread_local! {
    static SINK: RefCell<Option<LogSink>> = const { RefCell::new(None) };
}

/// Sets (or with `None` clears) the calling thread's sink.
pub fn set_log_sink(sink: Option<LogSink>) {
    SINK.with(|s| *s.borrow_mut() = sink);
}

pub fn echo(bytes: &[u8]) {
    SINK.with(|s| {
        // A sink that prints would re-enter here: skip, don't panic.
        if let Ok(sink) = s.try_borrow() {
            if let Some(sink) = sink.as_ref() {
                sink.call(&JsValue::UNDEFINED, bytes);
            }
        }
    });
}
