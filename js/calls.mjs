// Calls to a kernel that lives in another thread (the browser's kernel
// Worker, Node's bootAsync thread): numbered messages, their replies, and
// cutting a call off — after `timeoutMs` without a reply or progress, or
// when an AbortSignal aborts. A call inside the kernel cannot be
// interrupted, so cutting one off ends that kernel (`onCutOff`). No Node
// APIs here.
import { errorFrom } from './errors.mjs';

const stopped = () => Object.assign(new Error('ENOTRECOVERABLE (the kernel has stopped; boot a new one)'), { code: 'ENOTRECOVERABLE' });

export class Calls {
  #pending = new Map(); // id -> { resolve, reject, onPieces, onProgress, touch }
  #ids = 0;

  /**
   * @param {object} options  post(message, transfer) sends to the kernel's
   *   thread; timeoutMs (0: none); onCutOff() ends the kernel; onDead()
   *   runs when a reply says the kernel died (ENOTRECOVERABLE).
   */
  constructor({ post, timeoutMs = 0, onCutOff, onDead }) {
    Object.assign(this, { post, timeoutMs, onCutOff, onDead });
    this.dead = false;
  }

  /** Sends `method(...args)`; resolves with the reply. `untimed` calls
   * (boot) have no time limit; streamed replies (pieces, progress) restart
   * the clock. */
  send(method, args = [], { transfer = [], signal, onPieces, onProgress, untimed = false } = {}) {
    if (this.dead) return Promise.reject(stopped());
    const aborted = (what) => Object.assign(new Error(`ABORT_ERR: ${method} was aborted${what}`), { name: 'AbortError', code: 'ABORT_ERR' });
    // Aborted before it went out: nothing to cut off, the kernel lives on.
    if (signal?.aborted) return Promise.reject(aborted(' before it was sent'));
    const id = ++this.#ids;
    return new Promise((resolve, reject) => {
      let timer;
      // Every call in flight fails through its settle (this one too), so
      // timers and abort listeners go with them.
      const cutOff = (error) => {
        this.failAll(error);
        this.onCutOff();
      };
      const onAbort = () => cutOff(aborted('; the kernel was stopped'));
      const settle = (fn) => (value) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        fn(value);
      };
      const touch = () => {
        if (untimed || !(this.timeoutMs > 0)) return;
        clearTimeout(timer);
        timer = setTimeout(() => cutOff(Object.assign(
          new Error(`ETIMEDOUT: ${method} made no progress for ${this.timeoutMs} ms; the kernel was stopped`), { code: 'ETIMEDOUT' },
        )), this.timeoutMs);
      };
      this.#pending.set(id, { resolve: settle(resolve), reject: settle(reject), onPieces, onProgress, touch });
      touch();
      signal?.addEventListener('abort', onAbort, { once: true });
      return this.post({ id, method, args }, transfer);
    });
  }

  /** A reply from the kernel's thread; `revive` rebuilds a result. */
  receive(data, revive = (result) => result) {
    const call = this.#pending.get(data.id);
    if (!call) return;
    if (data.pieces || data.progress) {
      call.touch();
      if (data.pieces) call.onPieces?.(data.pieces);
      else call.onProgress?.(data.progress);
      return;
    }
    this.#pending.delete(data.id);
    if (!data.error) {
      call.resolve(revive(data.result));
      return;
    }
    const error = errorFrom(data.error);
    if (error.code === 'ENOTRECOVERABLE') {
      this.dead = true;
      this.onDead?.();
    }
    call.reject(error);
  }

  /** Fails every call in flight with `error`; no call goes out after. */
  failAll(error) {
    this.dead = true;
    for (const call of this.#pending.values()) call.reject(error);
    this.#pending.clear();
  }
}
