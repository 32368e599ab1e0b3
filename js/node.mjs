// lkl-wasm in Node: boots the Linux kernel compiled to wasm32.
//
// Host threads are Workers from a pool started here, before the kernel
// boots (thread_create must return at once, and a Worker starts
// asynchronously). Node's main thread may block, so the kernel's calls are
// synchronous here.
import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { echoLogDefault, logReader, logSink, newLogShared } from './log.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const defaultPkg = process.env.LKL_WASM_PKG ?? join(here, '..', 'build', 'pkg');

/** Stack of each host thread (a multiple of 64 KiB). */
const STACK_SIZE = 1 << 20;

/**
 * Boots a kernel. Resolves to the wasm-bindgen `Kernel` (version, log,
 * getpid(), uname(), halt()).
 * @param {{memoryMiB?: number, cmdline?: string, onLog?: (text: string) => void,
 *          echoLog?: boolean, workers?: number, pkgDir?: string}} options
 *   onLog gets the kernel log as it is printed, in order, from the event
 *   loop; echoLog (default: env LKL_ECHO_LOG=1) writes it to stderr at once.
 */
export async function boot({
  memoryMiB = 64, cmdline = '', onLog, echoLog = echoLogDefault, workers = 40, pkgDir = defaultPkg,
} = {}) {
  const glueUrl = pathToFileURL(join(pkgDir, 'lkl_wasm.js')).href;
  const glue = await import(glueUrl);
  const module = new WebAssembly.Module(readFileSync(join(pkgDir, 'lkl_wasm_bg.wasm')));
  const exports = glue.initSync({ module });
  const memory = exports.memory;

  const logShared = newLogShared();
  const drain = logReader({ glue, logShared, onLog });
  glue.setLogSink(logSink({ logShared, echoLog, notify: () => setImmediate(drain) }));

  await Promise.all(Array.from({ length: workers }, () => new Promise((resolve, reject) => {
    const worker = new Worker(join(here, 'worker.mjs'), {
      workerData: { module, memory, glueUrl, stackSize: STACK_SIZE, logShared, echoLog },
    });
    // Blocked for good in workerMain: must not keep the process alive.
    worker.unref();
    worker.on('message', (message) => {
      if (message === 'ready') resolve();
      else if (message === 'log') drain();
    });
    worker.once('error', reject);
  })));

  const kernel = glue.Kernel.boot(memoryMiB, cmdline);
  instances.set(kernel, { module, memory, glueUrl });
  drain();
  return kernel;
}

const instances = new WeakMap();

/**
 * What another Worker needs to call into `kernel` (instantiate the glue at
 * `glueUrl` with `module` on `memory`, then `Kernel.attach()`). Untested
 * while system calls from other Workers hit the open wasm32 bug.
 */
export function instanceOf(kernel) {
  return instances.get(kernel);
}
