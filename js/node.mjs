// lkl-wasm in Node: boots the Linux kernel compiled to wasm32.
//
// Host threads are Workers from a pool (pool.mjs) started before the
// kernel boots and grown when it runs low; the kernel boots on one of them,
// so the main thread stays free meanwhile. Node's main thread may block, so
// system calls are synchronous here.
import { closeSync, existsSync, fstatSync, openSync, readFileSync, writeSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { LogMirror, logSink } from './log.mjs';
import { guarded, withLogTail } from './errors.mjs';
import { kernelFs } from './fs.mjs';
import { WorkerPool } from './pool.mjs';

const here = dirname(fileURLToPath(import.meta.url));
// In the built package (build/npm) the module sits in ./pkg; in a checkout,
// in build/pkg.
const defaultPkg = process.env.LKL_WASM_PKG
  ?? [join(here, 'pkg'), join(here, '..', 'build', 'pkg')].find((dir) => existsSync(join(dir, 'lkl_wasm.js')))
  ?? join(here, 'pkg');
const echoLogDefault = process.env.LKL_ECHO_LOG === '1';

/**
 * Boots a kernel. Resolves to the wasm-bindgen `Kernel` (version, log,
 * getpid(), uname(), halt()).
 * @param {{memoryMiB?: number, cmdline?: string, onLog?: (text: string) => void,
 *          echoLog?: boolean, workers?: number, pkgDir?: string, timeoutMs?: number}} options
 *   onLog gets the kernel log as it is printed, in order, from the event
 *   loop; echoLog (default: env LKL_ECHO_LOG=1) writes it to stderr at once.
 *   timeoutMs: a call that waits in the kernel longer than this stops the
 *   kernel and fails with ETIMEDOUT (a call busy in kernel code without
 *   waiting is not cut off; bootAsync's calls always can be).
 */
export async function boot({
  memoryMiB = 64, cmdline = '', onLog, echoLog = echoLogDefault, workers = 24, pkgDir = defaultPkg, timeoutMs,
} = {}) {
  // A copy of the glue of its own (its variables hold one instance), which
  // is collected with the kernel; the pool's Workers, which end with it,
  // import the glue as a module.
  const glueUrl = pathToFileURL(join(pkgDir, 'lkl_wasm.js')).href;
  const { createGlue } = await import(pathToFileURL(join(pkgDir, 'lkl_wasm_factory.js')).href);
  const glue = createGlue();
  const module = compiled(pkgDir);
  const exports = glue.initSync({ module });
  const memory = exports.memory;

  const log = new LogMirror(onLog);
  const deliver = (bytes, offset, replay) => log.add(bytes, offset, replay);
  glue.setLogSink(logSink({ echo: echoLog ? (bytes) => writeSync(2, bytes) : undefined, deliver }));
  const pool = new WorkerPool({ module, memory, glueUrl, echoLog, onLog: deliver, startWorker: startNodeWorker });
  glue.setPoolLowHook(() => setImmediate(() => pool.grow()));

  let booted;
  try {
    // Together: the kernel's first threads wait in the queue until the
    // pool's Workers are up.
    await Promise.all([pool.start(workers), pool.boot({ memoryMiB, cmdline })]);
    booted = glue.Kernel.attach();
    // 0 or none: no limit (as in bootAsync and the browser).
    if (timeoutMs > 0) booted.setCallTimeout(timeoutMs);
  } catch (error) {
    // Let the Workers' last log messages arrive first.
    await new Promise((resolve) => setTimeout(resolve, 50));
    throw withLogTail(error, log, { always: true });
  }
  // onLog has seen the whole boot log when boot() resolves.
  await log.caughtUp(glue.logLength());
  const extras = fileDisks(booted);
  const kernel = guarded(booted, log, { extras, onStop: () => pool.terminate(), errnoOf: glue.errnoOf, timeoutMs: timeoutMs > 0 ? timeoutMs : undefined });
  // kernel.fs: Node's fs shape over this kernel (fs.mjs), through the
  // guarded calls so its errors are Node's too.
  extras.fs = kernelFs(kernel);
  instances.set(kernel, { module, memory, glueUrl, glue, pool });
  return kernel;
}

/**
 * Disks backed by files, and exporting disks:
 * - `attachFile(path, { readOnly = true, overlay = false })` opens the
 *   file and hands its descriptor to the kernel (positional reads from any
 *   thread; the image is never loaded whole). With `overlay`, the kernel's
 *   writes go to a copy-on-write layer in memory and the file is only read
 *   (so a read-only file can be mounted read-write); `writeBack(slot)` then
 *   writes them onto the file (opened writable: `readOnly: false`).
 * - `exportDisk(slot)`: a Readable of the disk's bytes as the kernel sees
 *   them (overlay included), 1 MiB at a time; unmount or sync first.
 * - `detachDisk(slot)` also closes the file.
 */
function fileDisks(kernel) {
  const fds = new Map(); // slot -> fd
  return {
    attachFile(path, { readOnly = true, overlay = false } = {}) {
      const fd = openSync(path, readOnly ? 'r' : 'r+');
      try {
        const disk = kernel.attachFd(fd, fstatSync(fd).size, readOnly, overlay);
        fds.set(disk.slot, fd);
        return disk;
      } catch (error) {
        closeSync(fd);
        throw error;
      }
    },
    exportDisk(slot) {
      const length = kernel.diskSize(slot);
      let position = 0;
      return new Readable({
        read() {
          try {
            const n = Math.min(EXPORT_CHUNK, length - position);
            if (n <= 0) return this.push(null);
            const bytes = kernel.diskRead(slot, position, n);
            position += n;
            return this.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
          } catch (error) {
            return this.destroy(error);
          }
        },
      });
    },
    detachDisk(slot) {
      kernel.detachDisk(slot);
      if (fds.has(slot)) {
        closeSync(fds.get(slot));
        fds.delete(slot);
      }
    },
  };
}

/** Bytes read at a time when exporting a disk. */
const EXPORT_CHUNK = 1 << 20;

/** A pool Worker (worker.mjs) for pool.mjs. */
function startNodeWorker(workerData, { onMessage, onError }) {
  const worker = new Worker(join(here, 'worker.mjs'), { workerData });
  // Node pipes each Worker's stdout/stderr into the process's, with a few
  // listeners per Worker: allow for ours rather than warn of a leak.
  for (const stream of [process.stdout, process.stderr]) stream.setMaxListeners(stream.getMaxListeners() + 3);
  worker.on('message', onMessage);
  worker.once('error', onError);
  // Blocked for good in workerMain once up: it must not keep the process
  // alive (its 'message' listener ref'd it).
  return { detach: () => worker.unref(), terminate: () => worker.terminate() };
}

/** `Kernel.boot(options)`: the same as `boot(options)`. */
export const Kernel = Object.freeze({ boot });

const modules = new Map();

/** The compiled module, compiled once per package directory. */
function compiled(pkgDir) {
  if (!modules.has(pkgDir)) {
    modules.set(pkgDir, new WebAssembly.Module(readFileSync(join(pkgDir, 'lkl_wasm_bg.wasm'))));
  }
  return modules.get(pkgDir);
}

const instances = new WeakMap();

/**
 * What another Worker needs to call into `kernel` (instantiate the glue at
 * `glueUrl` with `module` on `memory`, then `Kernel.attach()`; call
 * `kernel.detachThread()` before the Worker ends).
 */
export function instanceOf(kernel) {
  const { module, memory, glueUrl } = instances.get(kernel);
  return { module, memory, glueUrl };
}

/** How many host threads (pool Workers) `kernel` has in use. */
export function hostThreads(kernel) {
  return instances.get(kernel).glue.hostThreads();
}
