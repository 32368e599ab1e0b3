// The Workers of one kernel. thread_create must return at once but a
// Worker starts asynchronously, so Workers are started ahead of need: a
// pool before boot, and more whenever the kernel reports it is running low
// (its hook pokes the main thread, which starts a batch).
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));

/** Stack of each host thread (a multiple of 64 KiB). */
const STACK_SIZE = 1 << 20;
/** Workers added each time the kernel runs low. */
const GROW_BY = 16;
/** No kernel gets more Workers than this. */
const MAX_WORKERS = 512;

export class WorkerPool {
  /**
   * @param {object} options
   *   module, memory, glueUrl: the kernel's instance; echoLog;
   *   onLog(bytes, offset): a Worker printed.
   */
  constructor({ module, memory, glueUrl, echoLog, onLog }) {
    Object.assign(this, { module, memory, glueUrl, echoLog, onLog });
    this.size = 0;
  }

  /** Starts one Worker; resolves with its first message once it is up. */
  #spawn(extra = {}) {
    this.size++;
    // Node pipes each Worker's stdout/stderr into the process's, with a few
    // listeners per Worker: allow for ours rather than warn of a leak.
    for (const stream of [process.stdout, process.stderr]) {
      if (stream.getMaxListeners() < this.size + 10) stream.setMaxListeners(this.size + 10);
    }
    const worker = new Worker(join(here, 'worker.mjs'), {
      workerData: {
        module: this.module, memory: this.memory, glueUrl: this.glueUrl,
        stackSize: STACK_SIZE, echoLog: this.echoLog, ...extra,
      },
    });
    return new Promise((resolve, reject) => {
      let up = false;
      worker.on('message', (message) => {
        if (message?.log) this.onLog(message.log, message.offset);
        else if (message === 'grow') this.grow();
        else if (!up) {
          up = true;
          // Blocked for good in workerMain from now on: it must not keep
          // the process alive (its 'message' listener ref'd it).
          worker.unref();
          resolve(message);
        }
      });
      // A trap on a kernel thread (a panic or a fault) ends its Worker;
      // the module then refuses every call, which the kernel's users see.
      worker.once('error', (error) => {
        this.size--;
        if (!up) reject(error);
      });
    });
  }

  /** Starts `count` Workers and waits until they are all up. */
  async start(count) {
    await Promise.all(Array.from({ length: count }, () => this.#spawn()));
  }

  /** Boots the kernel on a Worker of its own, which then joins the pool. */
  async boot({ memoryMiB, cmdline }) {
    const reply = await this.#spawn({ boot: { memoryMiB, cmdline } });
    if (reply.bootError) {
      throw reply.trapped ? new WebAssembly.RuntimeError(reply.bootError) : new Error(reply.bootError);
    }
  }

  /** Asked by the kernel (spare Workers ran low): add a batch. */
  grow() {
    if (this.growing) return;
    const count = Math.min(GROW_BY, MAX_WORKERS - this.size);
    if (count <= 0) return;
    this.growing = this.start(count)
      .catch(() => {}) // a Worker that failed to start was dropped
      .finally(() => { this.growing = null; });
  }
}
