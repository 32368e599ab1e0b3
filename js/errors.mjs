// Errors as a user of Node's fs expects them, in Node and in the browser:
// an errno error from the kernel gets Node's shape (code, errno, syscall,
// path), and a dead kernel (a panic, a fault) an ENOTRECOVERABLE error
// with the end of its log. No Node APIs here.

/** Linux errno numbers (positive), by code. */
const ERRNO = {
  EPERM: 1, ENOENT: 2, ESRCH: 3, EINTR: 4, EIO: 5, ENXIO: 6, E2BIG: 7, ENOEXEC: 8, EBADF: 9,
  ECHILD: 10, EAGAIN: 11, EWOULDBLOCK: 11, ENOMEM: 12, EACCES: 13, EFAULT: 14, EBUSY: 16,
  EEXIST: 17, EXDEV: 18, ENODEV: 19, ENOTDIR: 20, EISDIR: 21, EINVAL: 22, ENFILE: 23, EMFILE: 24,
  ENOTTY: 25, ETXTBSY: 26, EFBIG: 27, ENOSPC: 28, ESPIPE: 29, EROFS: 30, EMLINK: 31, EPIPE: 32,
  EDOM: 33, ERANGE: 34, EDEADLK: 35, ENAMETOOLONG: 36, ENOLCK: 37, ENOSYS: 38, ENOTEMPTY: 39,
  ELOOP: 40, ENOMSG: 42, EIDRM: 43, ENOSTR: 60, ENODATA: 61, ETIME: 62, ENOSR: 63, ENOLINK: 67,
  EPROTO: 71, EMULTIHOP: 72, EBADMSG: 74, EOVERFLOW: 75, EILSEQ: 84, ENOTSOCK: 88,
  EDESTADDRREQ: 89, EMSGSIZE: 90, EPROTOTYPE: 91, ENOPROTOOPT: 92, EPROTONOSUPPORT: 93,
  ENOTSUP: 95, EOPNOTSUPP: 95, EAFNOSUPPORT: 97, EADDRINUSE: 98, EADDRNOTAVAIL: 99, ENETDOWN: 100,
  ENETUNREACH: 101, ENETRESET: 102, ECONNABORTED: 103, ECONNRESET: 104, ENOBUFS: 105, EISCONN: 106,
  ENOTCONN: 107, ETIMEDOUT: 110, ECONNREFUSED: 111, EHOSTUNREACH: 113, EALREADY: 114,
  EINPROGRESS: 115, ESTALE: 116, EDQUOT: 122, ECANCELED: 125,
  ENOTBLK: 15, EUCLEAN: 117, EREMOTEIO: 121, ENOTRECOVERABLE: 131,
};

/** The Linux errno number (positive) of an error code, or undefined. */
export const errnoOf = (code) => ERRNO[code];

/** Node's name for the system call behind a method, where it differs. */
const SYSCALL_NAMES = {
  readdir: 'scandir', readdirTypes: 'scandir', mountAuto: 'mount', attachFile: 'open', attachDisk: 'attach', pread: 'read',
};

/**
 * An errno error from the kernel, shaped like Node's own (`fs` errors):
 * message "ENOENT: no such file or directory, open '/x'", and `code`,
 * `errno` (negative, as Node's), `syscall` and, for calls on a path, `path`.
 */
export function nodeError(error, method, args) {
  const match = /^([A-Z][A-Z0-9]+) \((.*)\)$/s.exec(error?.message ?? '');
  if (!match) return error;
  const [, code, description] = match;
  const syscall = SYSCALL_NAMES[method] ?? method;
  const path = typeof args[0] === 'string' ? args[0] : undefined;
  const where = path === undefined ? syscall : `${syscall} '${path}'`;
  const wrapped = new Error(`${code}: ${description[0].toLowerCase()}${description.slice(1)}, ${where}`, { cause: error });
  wrapped.code = code;
  if (ERRNO[code] !== undefined) wrapped.errno = -ERRNO[code];
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
 * `onStop()` runs once, when the kernel dies or after `halt()` (to end its
 * Workers).
 */
export function guarded(kernel, log, extras = {}, onStop = () => {}) {
  let dead = false;
  let stopped = false;
  const stop = () => {
    if (!stopped) onStop();
    stopped = true;
  };
  const fail = (error, method, args) => {
    const wrapped = withLogTail(error, log);
    if (wrapped.code === 'ENOTRECOVERABLE') {
      dead = true;
      stop();
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
        throw fail(error, property, []);
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
