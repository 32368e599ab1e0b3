// The Workers of one kernel. thread_create must return at once but a
// Worker starts asynchronously, so Workers are started ahead of need: a
// pool before boot, and more whenever the kernel reports it is running low
// (its hook pokes the thread that owns the pool, which starts a batch).
// How a Worker is made is the platform's (node.mjs, web/kernel-worker.js);
// each runs pool-thread.mjs.

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
   *   onLog(bytes, offset): a Worker printed; setup: passed to each Worker;
   *   startWorker(data, { onMessage, onError }): starts a Worker running
   *   pool-thread.mjs with `data`, returns { detach() (called once the
   *   Worker is up and blocked in the kernel for good), terminate() }.
   */
  constructor({ module, memory, glueUrl, echoLog, onLog, setup, startWorker }) {
    Object.assign(this, { module, memory, glueUrl, echoLog, onLog, setup, startWorker });
    this.size = 0;
    this.workers = new Set();
    this.stopped = false;
  }

  /** Starts one Worker; resolves with its first message once it is up. */
  #spawn(extra = {}) {
    this.size++;
    const data = {
      module: this.module, memory: this.memory, glueUrl: this.glueUrl,
      stackSize: STACK_SIZE, echoLog: this.echoLog, setup: this.setup, ...extra,
    };
    return new Promise((resolve, reject) => {
      let up = false;
      let failed = false;
      if (this.stopped) {
        reject(new Error('the kernel has stopped'));
        return;
      }
      const worker = this.startWorker(data, {
        onMessage: (message) => {
          if (message?.log) this.onLog(message.log, message.offset);
          else if (message === 'grow') this.grow();
          else if (!up) {
            up = true;
            worker.detach();
            resolve(message);
          }
        },
        // A trap on a kernel thread (a panic or a fault) ends its Worker;
        // the module then refuses every call, which the kernel's users see.
        onError: (error) => {
          if (failed) return;
          failed = true;
          this.size--;
          this.workers.delete(worker);
          if (!up) reject(error);
        },
      });
      this.workers.add(worker);
    });
  }

  /**
   * Ends every Worker (the kernel halted or died: none of them will run
   * kernel code again), so their threads and memory go back to the system.
   */
  terminate() {
    this.stopped = true;
    for (const worker of this.workers) worker.terminate();
    this.workers.clear();
    this.size = 0;
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
    if (this.growing || this.stopped) return;
    const count = Math.min(GROW_BY, MAX_WORKERS - this.size);
    if (count <= 0) return;
    this.growing = this.start(count)
      .catch(() => {}) // a Worker that failed to start was dropped
      .finally(() => { this.growing = null; });
  }
}
