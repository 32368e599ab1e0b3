// Errors as a user of Node's fs expects them, in Node and in the browser:
// an errno error from the kernel gets Node's shape (code, errno, syscall,
// path), and a dead kernel (a panic, a fault) an ENOTRECOVERABLE error
// with the end of its log. No Node APIs here.

/** Node's name for the system call behind a method, where it differs. */
const SYSCALL_NAMES = {
  readdir: 'scandir', readdirTypes: 'scandir', mountAuto: 'mount', attachFile: 'open', attachDisk: 'attach', pread: 'read',
};

/**
 * An errno error from the kernel, shaped like Node's own (`fs` errors):
 * message "ENOENT: no such file or directory, open '/x'", and `code`,
 * `errno` (negative, as Node's; `errnoOf(code)` is the module's table),
 * `syscall` and, for calls on a path, `path`.
 */
export function nodeError(error, method, args, errnoOf) {
  const match = /^([A-Z][A-Z0-9]+) \((.*)\)$/s.exec(error?.message ?? '');
  if (!match) return error;
  const [, code, description] = match;
  const syscall = SYSCALL_NAMES[method] ?? method;
  const path = typeof args[0] === 'string' ? args[0] : undefined;
  const where = path === undefined ? syscall : `${syscall} '${path}'`;
  const wrapped = new Error(`${code}: ${description[0].toLowerCase()}${description.slice(1)}, ${where}`, { cause: error });
  wrapped.code = code;
  const errno = errnoOf(code);
  if (errno != null) wrapped.errno = -errno;
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
export function withLogTail(error, log, { always = false } = {}) {
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
 * Options: `extras` (methods of the loader's, served first), `onStop()`
 * (runs once, when the kernel dies or after `halt()`: ends its Workers),
 * `errnoOf(code)` (the glue's errno table), `timeoutMs` (the kernel's call
 * timeout, if set: a call that ended the kernel after that long fails with
 * ETIMEDOUT).
 */
export function guarded(kernel, log, { extras = {}, onStop = () => {}, errnoOf, timeoutMs }) {
  let dead = false;
  let stopped = false;
  const stop = () => {
    if (!stopped) onStop();
    stopped = true;
  };
  const fail = (error, method, args, started) => {
    const wrapped = withLogTail(error, log);
    if (wrapped.code === 'ENOTRECOVERABLE') {
      dead = true;
      stop();
      if (timeoutMs !== undefined && performance.now() - started >= timeoutMs) {
        return withLogTail(Object.assign(
          new Error(`ETIMEDOUT: ${method} stayed in the kernel longer than ${timeoutMs} ms; the kernel was stopped`),
          { code: 'ETIMEDOUT', cause: error },
        ), log, { always: true });
      }
      return wrapped;
    }
    return nodeError(wrapped, method, args, errnoOf);
  };
  // One wrapper per method, made on first use (every call goes through here).
  const wrappers = new Map();
  const wrap = (property, fn, self) => {
    if (!wrappers.has(property)) {
      wrappers.set(property, (...args) => {
        const started = performance.now();
        try {
          return fn.apply(self, args);
        } catch (error) {
          throw fail(error, property, args, started);
        }
      });
    }
    return wrappers.get(property);
  };
  return new Proxy(kernel, {
    get(target, property) {
      if (dead && property === 'log') return log.all;
      if (dead && property === 'halt') return () => {};
      if (property === 'halt') {
        return (...args) => {
          try {
            return wrap('halt', target.halt, target)(...args);
          } finally {
            stop();
          }
        };
      }
      if (Object.hasOwn(extras, property)) {
        const extra = extras[property];
        return typeof extra === 'function' ? wrap(property, extra, extras) : extra;
      }
      let value;
      try {
        value = Reflect.get(target, property, target);
      } catch (error) {
        throw fail(error, property, [], performance.now());
      }
      return typeof value === 'function' ? wrap(property, value, target) : value;
    },
  });
}

/** An error as plain fields, to cross to another thread (structured clone
 * keeps an Error's message and name only). */
export function errorFields(error) {
  const fields = { message: error?.message ?? String(error), name: error?.name ?? 'Error' };
  for (const key of ['code', 'errno', 'syscall', 'path', 'kernelLog']) {
    if (error?.[key] !== undefined) fields[key] = error[key];
  }
  return fields;
}

/** An Error again from errorFields(). */
export function errorFrom(fields) {
  return Object.assign(new Error(fields.message), fields);
}
