// The kernel log, live. Every thread that can print (each Worker and the
// main thread) has a sink that is called inside the kernel as it prints;
// the sink only raises a shared flag and pokes the main thread once, which
// then reads the new text in order from the log buffer and hands it to the
// user's onLog. With LKL_ECHO_LOG=1 the sinks also write straight to stderr
// (synchronously: it shows where a hung boot stopped).
import { writeSync } from 'node:fs';
import { LOG_PENDING } from './flags.mjs';

export const echoLogDefault = process.env.LKL_ECHO_LOG === '1';

/** A sink for `glue.setLogSink`. `notify` pokes the main thread. */
export function logSink({ flags, echoLog, notify }) {
  return (bytes) => {
    if (echoLog) writeSync(2, bytes);
    if (Atomics.exchange(flags, LOG_PENDING, 1) === 0) notify();
  };
}

/**
 * Reads new log text after each poke and passes it to `onLog`, in order.
 * Returns `drain()`, to call on a poke (and once at the end).
 */
export function logReader({ glue, flags, onLog }) {
  let offset = 0;
  const decoder = new TextDecoder();
  return function drain() {
    Atomics.store(flags, LOG_PENDING, 0);
    const chunk = glue.logSince(offset);
    offset = chunk.end;
    const text = decoder.decode(chunk.bytes, { stream: true });
    chunk.free();
    if (text && onLog) onLog(text);
  };
}
