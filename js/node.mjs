// lkl-wasm in Node: boots the Linux kernel compiled to wasm32.
//
// Host threads are Workers from a pool (pool.mjs) started before the
// kernel boots and grown when it runs low; the kernel boots on one of them,
// so the main thread stays free meanwhile. Node's main thread may block, so
// system calls are synchronous here.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { GROW_PENDING, newFlags, pokeOnce } from './flags.mjs';
import { echoLogDefault, logReader, logSink } from './log.mjs';
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
  memoryMiB = 64, cmdline = '', onLog, echoLog = echoLogDefault, workers = 40, pkgDir = defaultPkg,
} = {}) {
  // The glue is an ES module holding one instance: a URL of its own per
  // kernel gives each kernel its own (same code, own memory).
  const glueUrl = `${pathToFileURL(join(pkgDir, 'lkl_wasm.js')).href}?kernel=${++kernelCount}`;
  const glue = await import(glueUrl);
  const module = compiled(pkgDir);
  const exports = glue.initSync({ module });
  const memory = exports.memory;

  const flags = newFlags();
  const drain = logReader({ glue, flags, onLog });
  glue.setLogSink(logSink({ flags, echoLog, notify: () => setImmediate(drain) }));
  const pool = new WorkerPool({
    module, memory, glueUrl, flags, echoLog,
    onLogPoke: drain,
    onTrap: () => glue.markTrapped(),
  });
  glue.setPoolLowHook(pokeOnce(flags, GROW_PENDING, () => setImmediate(() => pool.grow())));

  await pool.start(workers);
  let booted;
  try {
    await pool.boot({ memoryMiB, cmdline });
    booted = glue.Kernel.attach();
  } catch (error) {
    throw withLogTail(error, glue, { always: true });
  } finally {
    drain();
  }
  const kernel = guarded(booted, glue);
  instances.set(kernel, { module, memory, glueUrl, glue, pool });
  return kernel;
}

/** How much of the kernel log an error carries. */
const LOG_TAIL_LINES = 40;

/**
 * `error` as thrown to the user: a wasm trap (a kernel panic or a bug)
 * becomes an Error with code ENOTRECOVERABLE; errors about a dead kernel
 * (and, with `always`, any error) carry the end of its log.
 */
function withLogTail(error, glue, { always = false } = {}) {
  const trapped = error instanceof WebAssembly.RuntimeError || error?.trapped === true;
  if (trapped) glue.markTrapped();
  if (!trapped && !always && !/^ENOTRECOVERABLE\b/.test(error?.message ?? '')) return error;
  const log = fullLog(glue);
  const tail = log.trimEnd().split('\n').slice(-LOG_TAIL_LINES).join('\n');
  const message = trapped
    ? `ENOTRECOVERABLE (the kernel stopped: ${error.message})`
    : error.message;
  const wrapped = new Error(`${message}\n--- kernel log (last lines) ---\n${tail}`, { cause: error });
  wrapped.code = trapped ? 'ENOTRECOVERABLE' : /^[A-Z0-9]+/.exec(error.message)?.[0];
  wrapped.kernelLog = log;
  return wrapped;
}

/** The whole kernel log, read without the Kernel object. */
function fullLog(glue) {
  const chunk = glue.logSince(0);
  const log = new TextDecoder().decode(chunk.bytes);
  chunk.free();
  return log;
}

/**
 * `kernel` with every call's errors passed through withLogTail. After a
 * trap the wasm-bindgen object may be left borrowed, so from then on calls
 * fail here with the same error, `log` still reads, and `halt()` is a no-op.
 */
function guarded(kernel, glue) {
  let trap = null;
  const fail = (error) => {
    const wrapped = withLogTail(error, glue);
    if (error instanceof WebAssembly.RuntimeError) trap = wrapped;
    return wrapped;
  };
  return new Proxy(kernel, {
    get(target, property) {
      if (trap && typeof property === 'string' && property !== 'then') {
        if (property === 'log') return fullLog(glue);
        if (property === 'halt') return () => {};
        const descriptor = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(target), property);
        const method = typeof descriptor?.value === 'function';
        if (!method) throw trap;
        return () => { throw trap; };
      }
      let value;
      try {
        value = Reflect.get(target, property, target);
      } catch (error) {
        throw fail(error);
      }
      if (typeof value !== 'function') return value;
      return (...args) => {
        try {
          return value.apply(target, args);
        } catch (error) {
          throw fail(error);
        }
      };
    },
  });
}

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
