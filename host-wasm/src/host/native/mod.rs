//! The native (x86_64 and other non-wasm) parts: std threads, Instant,
//! RAM mapped low, setjmp/longjmp from libc (`host-wasm/native/*.c`).

pub mod clock;
pub mod console;
pub mod jmp;
pub mod memory;
pub mod thread;
