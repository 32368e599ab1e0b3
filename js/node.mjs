// lkl-wasm in Node: boots the Linux kernel compiled to wasm32.
//
// Host threads are Workers from a pool (pool.mjs) started before the
// kernel boots and grown when it runs low; the kernel boots on one of them,
// so the main thread stays free meanwhile. Node's main thread may block, so
// system calls are synchronous here.
import { closeSync, existsSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { echoLogDefault, LogMirror, logSink } from './log.mjs';
import { kernelFs } from './fs.mjs';
import { WorkerPool } from './pool.mjs';

const here = dirname(fileURLToPath(import.meta.url));
// In the built package (build/npm) the module sits in ./pkg; in a checkout,
// in build/pkg.
const defaultPkg = process.env.LKL_WASM_PKG
  ?? [join(here, 'pkg'), join(here, '..', 'build', 'pkg')].find((dir) => existsSync(join(dir, 'lkl_wasm.js')))
  ?? join(here, 'pkg');

/**
 * Boots a kernel. Resolves to the wasm-bindgen `Kernel` (version, log,
 * getpid(), uname(), halt()).
 * @param {{memoryMiB?: number, cmdline?: string, onLog?: (text: string) => void,
 *          echoLog?: boolean, workers?: number, pkgDir?: string}} options
 *   onLog gets the kernel log as it is printed, in order, from the event
 *   loop; echoLog (default: env LKL_ECHO_LOG=1) writes it to stderr at once.
 */
export async function boot({
  memoryMiB = 64, cmdline = '', onLog, echoLog = echoLogDefault, workers = 24, pkgDir = defaultPkg,
} = {}) {
  // The glue is an ES module holding one instance: a URL of its own per
  // kernel gives each kernel its own (same code, own memory).
  const glueUrl = `${pathToFileURL(join(pkgDir, 'lkl_wasm.js')).href}?kernel=${++kernelCount}`;
  const glue = await import(glueUrl);
  const module = compiled(pkgDir);
  const exports = glue.initSync({ module });
  const memory = exports.memory;

  const log = new LogMirror(onLog);
  const deliver = (bytes, offset) => log.add(bytes, offset);
  glue.setLogSink(logSink({ echoLog, deliver }));
  const pool = new WorkerPool({ module, memory, glueUrl, echoLog, onLog: deliver });
  glue.setPoolLowHook(() => setImmediate(() => pool.grow()));

  let booted;
  try {
    // Together: the kernel's first threads wait in the queue until the
    // pool's Workers are up.
    await Promise.all([pool.start(workers), pool.boot({ memoryMiB, cmdline })]);
    booted = glue.Kernel.attach();
  } catch (error) {
    // Let the Workers' last log messages arrive first.
    await new Promise((resolve) => setTimeout(resolve, 50));
    throw withLogTail(error, log, { always: true });
  }
  // onLog has seen the whole boot log when boot() resolves.
  await log.caughtUp(glue.logLength());
  const extras = fileDisks(booted);
  const kernel = guarded(booted, log, extras);
  // kernel.fs: Node's fs shape over this kernel (fs.mjs), through the
  // guarded calls so its errors are Node's too.
  extras.fs = kernelFs(kernel);
  instances.set(kernel, { module, memory, glueUrl, glue, pool });
  return kernel;
}

/**
 * Disks backed by files: `attachFile(path, { readOnly = true })` opens the
 * file and hands its descriptor to the kernel (positional reads from any
 * thread; the image is never loaded whole); `detachDisk(slot)` also closes
 * it.
 */
function fileDisks(kernel) {
  const fds = new Map(); // slot -> fd
  return {
    attachFile(path, { readOnly = true } = {}) {
      const fd = openSync(path, readOnly ? 'r' : 'r+');
      try {
        const disk = kernel.attachFd(fd, fstatSync(fd).size, readOnly);
        fds.set(disk.slot, fd);
        return disk;
      } catch (error) {
        closeSync(fd);
        throw error;
      }
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

/** Node's name for the system call behind a method, where it differs. */
const SYSCALL_NAMES = {
  readdir: 'scandir', readdirTypes: 'scandir', mountAuto: 'mount', attachFile: 'open', attachDisk: 'attach', pread: 'read',
};

/**
 * An errno error from the kernel, shaped like Node's own (`fs` errors):
 * message "ENOENT: no such file or directory, open '/x'", and `code`,
 * `errno` (negative, as Node's), `syscall` and, for calls on a path, `path`.
 */
function nodeError(error, method, args) {
  const match = /^([A-Z][A-Z0-9]+) \((.*)\)$/s.exec(error?.message ?? '');
  if (!match) return error;
  const [, code, description] = match;
  const syscall = SYSCALL_NAMES[method] ?? method;
  const path = typeof args[0] === 'string' ? args[0] : undefined;
  const where = path === undefined ? syscall : `${syscall} '${path}'`;
  const wrapped = new Error(`${code}: ${description[0].toLowerCase()}${description.slice(1)}, ${where}`, { cause: error });
  wrapped.code = code;
  if (osConstants.errno[code] !== undefined) wrapped.errno = -osConstants.errno[code];
  wrapped.syscall = syscall;
  if (path !== undefined) wrapped.path = path;
  return wrapped;
}

/** How much of the kernel log an error carries. */
const LOG_TAIL_LINES = 40;

/**
 * `error` as thrown to the user. A wasm trap (a kernel panic, or a fault)
 * and every later call (the module then refuses them all: "Module
 * terminated") become an Error with code ENOTRECOVERABLE. Errors about a
 * dead kernel (and, with `always`, any error) carry the end of its log.
 */
function withLogTail(error, log, { always = false } = {}) {
  const message = error?.message ?? String(error);
  const dead = error instanceof WebAssembly.RuntimeError || message === 'Module terminated'
    || /^ENOTRECOVERABLE\b/.test(message);
  if (!dead && !always) return error;
  const kernelLog = log.all;
  const tail = kernelLog.trimEnd().split('\n').slice(-LOG_TAIL_LINES).join('\n');
  const summary = dead && !/^ENOTRECOVERABLE\b/.test(message)
    ? `ENOTRECOVERABLE (the kernel stopped: ${message})`
    : message;
  const wrapped = new Error(`${summary}\n--- kernel log (last lines) ---\n${tail}`, { cause: error });
  wrapped.code = /^[A-Z][A-Z0-9]+/.exec(summary)?.[0];
  wrapped.kernelLog = kernelLog;
  return wrapped;
}

/**
 * `kernel` with every call's errors passed through withLogTail. Once the
 * kernel is dead, `log` reads the JS copy and `halt()` does nothing.
 */
function guarded(kernel, log, extras = {}) {
  let dead = false;
  const fail = (error, method, args) => {
    const wrapped = withLogTail(error, log);
    if (wrapped.code === 'ENOTRECOVERABLE') {
      dead = true;
      return wrapped;
    }
    return nodeError(wrapped, method, args);
  };
  // One wrapper per method, made on first use (every call goes through here).
  const wrappers = new Map();
  const wrap = (property, fn, self) => {
    if (!wrappers.has(property)) {
      wrappers.set(property, (...args) => {
        try {
          return fn.apply(self, args);
        } catch (error) {
          throw fail(error, property, args);
        }
      });
    }
    return wrappers.get(property);
  };
  return new Proxy(kernel, {
    get(target, property) {
      if (dead && property === 'log') return log.all;
      if (dead && property === 'halt') return () => {};
      if (Object.hasOwn(extras, property)) {
        const extra = extras[property];
        return typeof extra === 'function' ? wrap(property, extra, extras) : extra;
      }
      let value;
      try {
        value = Reflect.get(target, property, target);
      } catch (error) {
        throw fail(error, property, []);
      }
      return typeof value === 'function' ? wrap(property, value, target) : value;
    },
  });
}

/** `Kernel.boot(options)`: the same as `boot(options)`. */
export const Kernel = Object.freeze({ boot });

let kernelCount = 0;
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
