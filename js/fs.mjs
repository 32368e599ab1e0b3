// A Node `fs`-shaped view of a booted kernel's files: `*Sync` functions,
// `promises` with the same names, Stats and Dirent objects, opendir, a read
// stream, and Node-style errors (from node.mjs). Paths are the kernel's
// (e.g. "/mnt/etc/hostname" after mounting a disk at /mnt).
//
// The kernel answers synchronously, so the promise forms run the call at
// once and settle with its outcome: they keep the shape of fs.promises for
// code that also runs against a kernel in a Worker (the browser's).
import { Readable } from 'node:stream';
import {
  direntsOf, O_CLOEXEC, O_RDONLY, readRest, readWhole, realpath, Stats, statFields, walkDir,
} from './fs-core.mjs';

export { Dirent, Stats } from './fs-core.mjs';

/** The fs-shaped functions over `kernel` (a booted Kernel from node.mjs). */
export function kernelFs(kernel) {
  const readdirSync = (path, { withFileTypes = false, recursive = false } = {}) => direntsOf(walkDir(kernel, path, { recursive }), withFileTypes);
  const statSync = (path) => new Stats(statFields(kernel.stat(path)));
  const lstatSync = (path) => new Stats(statFields(kernel.lstat(path)));
  const readlinkSync = (path) => kernel.readlink(path);
  const realpathSync = (path) => realpath(kernel, path);
  const bufferOf = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);

  function existsSync(path) {
    try {
      kernel.lstat(path).free();
      return true;
    } catch {
      return false;
    }
  }

  function readFileSync(path, options = {}) {
    const encoding = typeof options === 'string' ? options : options?.encoding;
    const bytes = bufferOf(readWhole(kernel, path));
    return encoding ? bytes.toString(encoding) : bytes;
  }

  const openSync = (path) => kernel.open(path, O_RDONLY | O_CLOEXEC, 0);
  const closeSync = (fd) => kernel.close(fd);

  /** Reads into `buffer` at `offset` up to `length` bytes from `position`
   * (or from the file offset when position is null); bytes read. */
  function readSync(fd, buffer, offset = 0, length = buffer.byteLength - offset, position = null) {
    const bytes = position === null || position === undefined
      ? kernel.read(fd, length)
      : kernel.pread(fd, length, Number(position));
    new Uint8Array(buffer.buffer, buffer.byteOffset + offset, length).set(bytes);
    return bytes.length;
  }

  /** A directory read entry by entry (Node's fs.Dir). */
  function opendirSync(path) {
    const entries = readdirSync(path, { withFileTypes: true });
    let next = 0;
    let closed = false;
    const readSync = () => (next < entries.length ? entries[next++] : null);
    return {
      path,
      readSync,
      read: async () => readSync(),
      closeSync: () => { closed = true; },
      close: async () => { closed = true; },
      async *[Symbol.asyncIterator]() {
        for (let entry; !closed && (entry = readSync()) !== null;) yield entry;
        closed = true;
      },
      *[Symbol.iterator]() {
        for (let entry; !closed && (entry = readSync()) !== null;) yield entry;
        closed = true;
      },
    };
  }

  /** A Readable of the file's bytes from `start` to `end` (inclusive). */
  function createReadStream(path, { start = 0, end = Infinity, highWaterMark = 64 * 1024 } = {}) {
    let fd = null;
    let position = start;
    return new Readable({
      highWaterMark,
      construct(callback) {
        try {
          fd = openSync(path);
          callback();
        } catch (error) {
          callback(error);
        }
      },
      read(size) {
        try {
          const want = Math.min(size, end + 1 - position);
          const bytes = want > 0 ? kernel.pread(fd, want, position) : new Uint8Array(0);
          position += bytes.length;
          this.push(bytes.length > 0 ? bufferOf(bytes) : null);
        } catch (error) {
          this.destroy(error);
        }
      },
      destroy(error, callback) {
        if (fd !== null) {
          try { closeSync(fd); } catch { /* closing after an error */ }
        }
        callback(error);
      },
    });
  }

  const sync = {
    readdirSync, statSync, lstatSync, readlinkSync, existsSync, realpathSync, readFileSync,
    openSync, closeSync, readSync, opendirSync, createReadStream,
  };
  const promise = (fn) => async (...args) => fn(...args);
  sync.promises = {
    readdir: promise(readdirSync),
    stat: promise(statSync),
    lstat: promise(lstatSync),
    readlink: promise(readlinkSync),
    realpath: promise(realpathSync),
    readFile: promise(readFileSync),
    opendir: promise(opendirSync),
    /** A FileHandle with read(buffer, offset, length, position), stat(), close(). */
    async open(path) {
      const fd = openSync(path);
      return {
        fd,
        read: async (buffer, offset, length, position = null) => ({ bytesRead: readSync(fd, buffer, offset, length, position), buffer }),
        readFile: async (options) => {
          const bytes = bufferOf(readRest(kernel, fd));
          const encoding = typeof options === 'string' ? options : options?.encoding;
          return encoding ? bytes.toString(encoding) : bytes;
        },
        close: async () => closeSync(fd),
      };
    },
  };
  return sync;
}
