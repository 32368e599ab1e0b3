// A Node `fs`-shaped view of a booted kernel's files: `*Sync` functions,
// `promises` with the same names, Stats and Dirent objects, opendir, a read
// stream, and Node-style errors (from node.mjs). Paths are the kernel's
// (e.g. "/mnt/etc/hostname" after mounting a disk at /mnt).
//
// The kernel answers synchronously, so the promise forms run the call at
// once and settle with its outcome: they keep the shape of fs.promises for
// code that also runs against a kernel in a Worker (the browser's).
import { Readable } from 'node:stream';

const S_IFMT = 0o170000;
const S_IFREG = 0o100000, S_IFDIR = 0o040000, S_IFLNK = 0o120000, S_IFBLK = 0o060000;
const S_IFCHR = 0o020000, S_IFIFO = 0o010000, S_IFSOCK = 0o140000;
/** DT_* (getdents64) to S_IF*. */
const DT_TO_IFMT = { 1: S_IFIFO, 2: S_IFCHR, 4: S_IFDIR, 6: S_IFBLK, 8: S_IFREG, 10: S_IFLNK, 12: S_IFSOCK };
const O_RDONLY = 0, O_DIRECTORY = 0o200000, O_CLOEXEC = 0o2000000;
const MAX_SYMLINKS = 40;
const READ_CHUNK = 1 << 20;

class FileType {
  isFile() { return this._ifmt() === S_IFREG; }
  isDirectory() { return this._ifmt() === S_IFDIR; }
  isSymbolicLink() { return this._ifmt() === S_IFLNK; }
  isBlockDevice() { return this._ifmt() === S_IFBLK; }
  isCharacterDevice() { return this._ifmt() === S_IFCHR; }
  isFIFO() { return this._ifmt() === S_IFIFO; }
  isSocket() { return this._ifmt() === S_IFSOCK; }
}

/** As Node's fs.Stats (numbers, times as *Ms and Dates; mtimeNs exact). */
export class Stats extends FileType {
  constructor(raw) {
    super();
    this.ino = Number(raw.ino);
    this.mode = raw.mode;
    this.nlink = raw.nlink;
    this.uid = raw.uid;
    this.gid = raw.gid;
    this.size = Number(raw.size);
    this.blocks = Number(raw.blocks);
    this.atimeMs = raw.atimeMs;
    this.mtimeMs = raw.mtimeMs;
    this.ctimeMs = raw.ctimeMs;
    this.mtimeNsec = raw.mtimeNsec;
    this.atime = new Date(raw.atimeMs);
    this.mtime = new Date(raw.mtimeMs);
    this.ctime = new Date(raw.ctimeMs);
    raw.free();
  }

  _ifmt() { return this.mode & S_IFMT; }
}

/** As Node's fs.Dirent. */
export class Dirent extends FileType {
  #ifmt;

  constructor(name, parentPath, ifmt) {
    super();
    this.name = name;
    this.parentPath = parentPath;
    this.path = parentPath;
    this.#ifmt = ifmt;
  }

  _ifmt() { return this.#ifmt; }
}

const join = (dir, name) => (dir.endsWith('/') ? dir + name : `${dir}/${name}`);

/** The fs-shaped functions over `kernel` (a booted Kernel from node.mjs). */
export function kernelFs(kernel) {
  function readdirSync(path, { withFileTypes = false, recursive = false } = {}) {
    const out = [];
    const walk = (dir, prefix) => {
      const { names, types } = kernel.readdirTypes(dir);
      names.forEach((name, i) => {
        let ifmt = DT_TO_IFMT[types[i]];
        if (ifmt === undefined) ifmt = kernel.lstat(join(dir, name)).mode & S_IFMT; // DT_UNKNOWN
        out.push(withFileTypes ? new Dirent(name, dir, ifmt) : prefix + name);
        if (recursive && ifmt === S_IFDIR) walk(join(dir, name), `${prefix}${name}/`);
      });
    };
    walk(path, '');
    return out;
  }

  const statSync = (path) => new Stats(kernel.stat(path));
  const lstatSync = (path) => new Stats(kernel.lstat(path));
  const readlinkSync = (path) => kernel.readlink(path);

  function existsSync(path) {
    try {
      kernel.lstat(path).free();
      return true;
    } catch {
      return false;
    }
  }

  /** The path with every symlink resolved, as realpath(3). */
  function realpathSync(path) {
    if (!path.startsWith('/')) throw Object.assign(new Error(`EINVAL: relative path, realpath '${path}'`), { code: 'EINVAL' });
    let pending = path.split('/').filter(Boolean);
    const resolved = [];
    for (let hops = 0; pending.length > 0;) {
      const part = pending.shift();
      if (part === '.') continue;
      if (part === '..') { resolved.pop(); continue; }
      const candidate = `/${[...resolved, part].join('/')}`;
      if ((kernel.lstat(candidate).mode & S_IFMT) !== S_IFLNK) {
        resolved.push(part);
        continue;
      }
      if (++hops > MAX_SYMLINKS) {
        throw Object.assign(new Error(`ELOOP: too many symbolic links encountered, realpath '${path}'`), { code: 'ELOOP', errno: -40, syscall: 'realpath', path });
      }
      const target = kernel.readlink(candidate);
      if (target.startsWith('/')) resolved.length = 0;
      pending = [...target.split('/').filter(Boolean), ...pending];
    }
    return `/${resolved.join('/')}`;
  }

  function readFileSync(path, options = {}) {
    const encoding = typeof options === 'string' ? options : options?.encoding;
    const fd = kernel.open(path, O_RDONLY | O_CLOEXEC, 0);
    try {
      const chunks = [];
      for (let chunk; (chunk = kernel.read(fd, READ_CHUNK)).length > 0;) chunks.push(chunk);
      const bytes = Buffer.concat(chunks);
      return encoding ? bytes.toString(encoding) : bytes;
    } finally {
      kernel.close(fd);
    }
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
          this.push(bytes.length > 0 ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length) : null);
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
          const chunks = [];
          for (let position = 0, chunk; (chunk = kernel.pread(fd, READ_CHUNK, position)).length > 0; position += chunk.length) chunks.push(chunk);
          const bytes = Buffer.concat(chunks);
          const encoding = typeof options === 'string' ? options : options?.encoding;
          return encoding ? bytes.toString(encoding) : bytes;
        },
        close: async () => closeSync(fd),
      };
    },
  };
  return sync;
}
