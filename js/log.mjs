// The kernel log, live. Every thread that can print (each Worker and the
// main thread) has a sink that is called inside the kernel as it prints;
// the sink only raises a shared flag and pokes the main thread once, which
// then reads the new text in order from the log buffer and hands it to the
// user's onLog. With LKL_ECHO_LOG=1 the sinks also write straight to stderr
// (synchronously: it shows where a hung boot stopped).
import { writeSync } from 'node:fs';

/** The flag shared by one kernel's threads: 1 while a poke is pending. */
export function newLogShared() {
  return new Int32Array(new SharedArrayBuffer(4));
}

export const echoLogDefault = process.env.LKL_ECHO_LOG === '1';

/**
 * A sink for `glue.setLogSink`. `notify` pokes the main thread.
 */
export function logSink({ logShared, echoLog, notify }) {
  return (bytes) => {
    if (echoLog) writeSync(2, bytes);
    if (Atomics.exchange(logShared, 0, 1) === 0) notify();
  };
}

/**
 * Reads new log text after each poke and passes it to `onLog`, in order.
 * Returns `drain()`, to call on a poke (and once at the end).
 */
export function logReader({ glue, logShared, onLog }) {
  let offset = 0;
  const decoder = new TextDecoder();
  return function drain() {
    Atomics.store(logShared, 0, 0);
    const chunk = glue.logSince(offset);
    offset = chunk.end;
    const text = decoder.decode(chunk.bytes, { stream: true });
    chunk.free();
    if (text && onLog) onLog(text);
  };
}
