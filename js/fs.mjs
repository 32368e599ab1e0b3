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
  direntsOf, mkdir, openFlags, readRest, readWhole, realpath, remove, Stats, statFields,
  timeMs, walkDir, writeAll, writeFile,
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

  const openSync = (path, flags = 'r', mode = 0o666) => kernel.open(path, openFlags(flags), mode);
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

  // Writes (data as Node takes it: a string with an encoding, or bytes).
  const bytesOf = (data, encoding = 'utf8') => (typeof data === 'string' ? Buffer.from(data, encoding)
    : new Uint8Array(data.buffer ?? data, data.byteOffset ?? 0, data.byteLength));
  const optionsOf = (options) => (typeof options === 'string' ? { encoding: options } : options ?? {});
  const writeFileSync = (path, data, options) => {
    const { encoding, mode, flag } = optionsOf(options);
    writeFile(kernel, path, bytesOf(data, encoding), { mode, flag });
  };
  const appendFileSync = (path, data, options) => {
    const { encoding, mode, flag = 'a' } = optionsOf(options);
    writeFile(kernel, path, bytesOf(data, encoding), { mode, flag });
  };
  /** writeSync(fd, buffer, offset?, length?, position?) or (fd, string, position?, encoding?). */
  function writeSync(fd, data, offsetOrPosition, lengthOrEncoding, position) {
    if (typeof data === 'string') {
      return writeAll(kernel, fd, bytesOf(data, lengthOrEncoding ?? 'utf8'), offsetOrPosition ?? null);
    }
    const offset = offsetOrPosition ?? 0;
    const bytes = bytesOf(data).subarray(offset, offset + (lengthOrEncoding ?? data.byteLength - offset));
    return writeAll(kernel, fd, bytes, position ?? null);
  }
  const mkdirSync = (path, options) => mkdir(kernel, path, typeof options === 'number' ? { mode: options } : options);
  const rmSync = (path, options) => remove(kernel, path, options);
  const rmdirSync = (path) => kernel.rmdir(path);
  const unlinkSync = (path) => kernel.unlink(path);
  const renameSync = (old, path) => kernel.rename(old, path);
  const symlinkSync = (target, path) => kernel.symlink(target, path);
  const linkSync = (existing, path) => kernel.link(existing, path);
  const chmodSync = (path, mode) => kernel.chmod(path, typeof mode === 'string' ? parseInt(mode, 8) : mode);
  const chownSync = (path, uid, gid) => kernel.chown(path, uid, gid, false);
  const lchownSync = (path, uid, gid) => kernel.chown(path, uid, gid, true);
  const utimesSync = (path, atime, mtime) => kernel.utimes(path, timeMs(atime), timeMs(mtime), false);
  const lutimesSync = (path, atime, mtime) => kernel.utimes(path, timeMs(atime), timeMs(mtime), true);
  const truncateSync = (path, length = 0) => kernel.truncate(path, length);
  const ftruncateSync = (fd, length = 0) => kernel.ftruncate(fd, length);
  const fsyncSync = (fd) => kernel.fsync(fd);
  function statfsSync(path) {
    const raw = kernel.statfs(path);
    const { type, bsize, blocks, bfree, bavail, files, ffree } = raw;
    raw.free();
    return { type, bsize, blocks, bfree, bavail, files, ffree };
  }

  const sync = {
    readdirSync, statSync, lstatSync, readlinkSync, existsSync, realpathSync, readFileSync,
    openSync, closeSync, readSync, opendirSync, createReadStream,
    writeFileSync, appendFileSync, writeSync, mkdirSync, rmSync, rmdirSync, unlinkSync, renameSync, symlinkSync,
    linkSync, chmodSync, chownSync, lchownSync, utimesSync, lutimesSync, truncateSync, ftruncateSync, fsyncSync,
    statfsSync,
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
    writeFile: promise(writeFileSync),
    appendFile: promise(appendFileSync),
    mkdir: promise(mkdirSync),
    rm: promise(rmSync),
    rmdir: promise(rmdirSync),
    unlink: promise(unlinkSync),
    rename: promise(renameSync),
    symlink: promise(symlinkSync),
    link: promise(linkSync),
    chmod: promise(chmodSync),
    chown: promise(chownSync),
    lchown: promise(lchownSync),
    utimes: promise(utimesSync),
    lutimes: promise(lutimesSync),
    truncate: promise(truncateSync),
    statfs: promise(statfsSync),
    /** A FileHandle: read, write, readFile, truncate, sync, close. */
    async open(path, flags = 'r', mode = 0o666) {
      const fd = openSync(path, flags, mode);
      return {
        fd,
        read: async (buffer, offset, length, position = null) => ({ bytesRead: readSync(fd, buffer, offset, length, position), buffer }),
        write: async (data, ...rest) => ({ bytesWritten: writeSync(fd, data, ...rest), buffer: data }),
        truncate: async (length = 0) => ftruncateSync(fd, length),
        sync: async () => fsyncSync(fd),
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
