// Flags shared by one kernel's threads (an Int32Array on shared memory):
// each is 1 while a poke to the main thread is pending, so a burst of
// events sends one message.
export const LOG_PENDING = 0;
export const GROW_PENDING = 1;

export function newFlags() {
  return new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
}

/** A hook that pokes (`notify`) once until the main thread clears `flag`. */
export function pokeOnce(flags, flag, notify) {
  return () => {
    if (Atomics.exchange(flags, flag, 1) === 0) notify();
  };
}
