// The kernel log, live and kept on the JS side. Every thread that can print
// (each Worker and the main thread) has a sink called inside the kernel as
// it prints, with the bytes and their offset in the whole log; Workers post
// them to the main thread, whose LogMirror puts the pieces back in order,
// hands new text to the user's onLog and keeps the tail. That copy still
// reads after a trap, when the module refuses every call. A sink can also
// echo each piece at once (Node: LKL_ECHO_LOG=1 writes to stderr
// synchronously, which shows where a hung boot stopped). No Node APIs here:
// the browser's kernel Worker uses it too.

/** How much text the mirror keeps. */
const KEEP_CHARS = 1 << 20;

/** A sink for `glue.setLogSink`: `deliver(bytes, offset)` gets a copy;
 * `echo(bytes)`, if given, sees it first, unless the module marks it a
 * `replay` of text handed out before (a thread leaving a dead kernel gets
 * the whole log again). */
export function logSink({ echo, deliver }) {
  return (bytes, offset, replay) => {
    if (!replay) echo?.(bytes);
    deliver(bytes.slice(), offset, replay);
  };
}

export class LogMirror {
  #next = 0; // offset of the next byte to append
  #pieces = new Map(); // offset -> bytes, arrived early
  #decoder = new TextDecoder();
  #scheduled = false;
  #unsent = '';

  constructor(onLog) {
    this.onLog = onLog;
    this.text = '';
  }

  /** A piece printed at `offset` (from any thread, in any order). A
   * `replay` (a thread leaving a dead kernel hands over the whole log) may
   * repeat text already here, and cover pieces still waiting for a gap. */
  add(bytes, offset, replay = false) {
    if (replay) {
      if (offset + bytes.length <= this.#next) return;
      if (offset < this.#next) {
        bytes = bytes.subarray(this.#next - offset);
        offset = this.#next;
      }
    }
    this.#pieces.set(offset, bytes);
    for (let piece; (piece = this.#pieces.get(this.#next)) !== undefined;) {
      this.#pieces.delete(this.#next);
      this.#next += piece.length;
      this.#append(this.#decoder.decode(piece, { stream: true }));
    }
    if (!replay) return;
    // Waiting pieces the replay covered: drop them, or keep their new part.
    for (const [at, piece] of [...this.#pieces]) {
      if (at >= this.#next) continue;
      this.#pieces.delete(at);
      this.add(piece, at, true);
    }
  }

  /**
   * Resolves once the pieces up to `length` bytes have arrived (or after
   * `timeoutMs`: a piece can be lost with a Worker that trapped).
   */
  async caughtUp(length, timeoutMs = 1000) {
    const deadline = performance.now() + timeoutMs;
    while (this.#next < length && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  /** Everything kept, with pieces still waiting for a gap appended. */
  get all() {
    const early = [...this.#pieces.keys()].sort((a, b) => a - b)
      .map((offset) => new TextDecoder().decode(this.#pieces.get(offset)));
    return this.text + early.join('');
  }

  #append(text) {
    this.text += text;
    if (this.text.length > KEEP_CHARS) this.text = this.text.slice(-KEEP_CHARS / 2);
    if (!this.onLog) return;
    // Never inside the kernel: the main thread's sink runs in a call.
    this.#unsent += text;
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      const unsent = this.#unsent;
      this.#unsent = '';
      if (unsent) this.onLog(unsent);
    });
  }
}
