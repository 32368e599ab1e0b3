// lkl-wasm in Node, asynchronous: the kernel lives in a worker thread of its
// own (async-worker.mjs), so the caller's thread never blocks and any call
// can be cut off — after `timeoutMs`, or by an AbortSignal — which ends that
// kernel (a call inside the kernel cannot be interrupted) and frees its
// threads, with an ETIMEDOUT or ABORT_ERR error. For untrusted images.
//
//   import { bootAsync } from 'lkl-wasm/async';
//   const kernel = await bootAsync({ timeoutMs: 10_000 });
//   const disk = await kernel.attachFile('disk.img');
//   await kernel.mkdir('/mnt', 0o755);
//   await kernel.mountAuto(`/dev/${disk.name}`, '/mnt', 1);
//   await kernel.fs.promises.readdir('/mnt', { withFileTypes: true });
//   await kernel.halt();
//
// Every method of the synchronous kernel (node.mjs) is there, returning a
// promise; `kernel.fs.promises` has kernel.fs's functions by their
// fs.promises names. To cut one call off with an AbortSignal:
// `kernel.withSignal(signal).method(...)`.
import { Worker } from 'node:worker_threads';
import { Calls } from './calls.mjs';
import { errorFrom } from './errors.mjs';
import { Dirent, Stats } from './fs-core.mjs';

/**
 * Boots a kernel in a worker thread of its own.
 * @param {object} options  boot()'s options (memoryMiB, cmdline, workers,
 *   pkgDir; echoLog), plus onLog(text) and timeoutMs (a call that takes
 *   longer ends the kernel with ETIMEDOUT; default: no limit).
 */
export async function bootAsync({ onLog, timeoutMs = 0, ...options } = {}) {
  const worker = new Worker(new URL('./async-worker.mjs', import.meta.url), { workerData: options });
  const kernel = new AsyncKernel(worker, onLog, timeoutMs);
  kernel.version = await kernel.ready;
  return kernel;
}

class AsyncKernel {
  #worker;
  #calls;

  constructor(worker, onLog, timeoutMs) {
    this.#worker = worker;
    this.#calls = new Calls({
      post: (message) => worker.postMessage(message),
      timeoutMs,
      onCutOff: () => worker.terminate(),
      onDead: () => worker.terminate(),
    });
    this.ready = new Promise((resolve, reject) => {
      worker.on('message', (message) => {
        if (message.log !== undefined) onLog?.(message.log);
        else if (message.booted !== undefined) resolve(message.booted);
        else if (message.bootError) {
          this.#stop();
          reject(errorFrom(message.bootError));
        } else {
          this.#calls.receive(message, revive);
        }
      });
      worker.once('error', (error) => {
        this.#stop(`the kernel's thread failed: ${error.message}`);
        reject(error);
      });
    });
    const call = (method) => (...args) => this.call(method, args);
    this.fs = {
      promises: new Proxy({}, { get: (target, name) => call(`fs.${String(name)}`) }),
    };
    // Any other method: a call of the kernel's own.
    return new Proxy(this, { get: (target, name) => (isMember(target, name) ? member(target, name) : call(name)) });
  }

  /** Set once the kernel has died, was cut off or halted. */
  get dead() { return this.#calls.dead; }

  /** Calls `method` in the kernel's thread; cut off after the timeout or
   * when `signal` aborts (ending the kernel). */
  call(method, args = [], { signal } = {}) {
    return this.#calls.send(method, args, { signal });
  }

  /** The same kernel, its calls cut off when `signal` aborts. */
  withSignal(signal) {
    const self = this;
    return new Proxy(this, {
      get: (target, name) => (isMember(self, name) ? member(self, name) : (...args) => self.call(name, args, { signal })),
    });
  }

  /** Halts the kernel and ends its thread. */
  async halt() {
    if (!this.dead) await this.call('halt').catch(() => {});
    this.#stop('the kernel was halted');
  }

  /** Fails what is in flight and ends the thread. */
  #stop(why = 'the kernel stopped') {
    this.#calls.failAll(Object.assign(new Error(`ENOTRECOVERABLE (${why})`), { code: 'ENOTRECOVERABLE' }));
    this.#worker.terminate();
  }
}

/** Whether `name` is the facade's own (else it is a kernel call); `then`
 * is never a call: the kernel is not a promise. */
const isMember = (kernel, name) => typeof name === 'symbol' || name === 'then' || name in kernel;

/** The facade's member `name`, methods bound to it (so that their private
 * fields work through a Proxy). */
function member(kernel, name) {
  const value = Reflect.get(kernel, name);
  return typeof value === 'function' ? value.bind(kernel) : value;
}

/** Results as the synchronous kernel returns them. */
function revive(result) {
  if (result?.stats) return new Stats(result.stats);
  if (result?.dirents) return result.dirents.map(([name, parentPath, ifmt]) => new Dirent(name, parentPath, ifmt));
  // Buffers arrive as Uint8Arrays.
  if (result instanceof Uint8Array) return Buffer.from(result.buffer, result.byteOffset, result.length);
  return result;
}
