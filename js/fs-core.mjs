// The platform-neutral half of the fs shape (fs.mjs in Node, the browser's
// kernel Worker): Stats and Dirent, directory walks, realpath and whole-file
// reads over a guarded kernel, all synchronous. No Node APIs here.

const S_IFMT = 0o170000;
const S_IFREG = 0o100000, S_IFDIR = 0o040000, S_IFLNK = 0o120000, S_IFBLK = 0o060000;
const S_IFCHR = 0o020000, S_IFIFO = 0o010000, S_IFSOCK = 0o140000;
/** DT_* (getdents64) to S_IF*. */
const DT_TO_IFMT = { 1: S_IFIFO, 2: S_IFCHR, 4: S_IFDIR, 6: S_IFBLK, 8: S_IFREG, 10: S_IFLNK, 12: S_IFSOCK };
export const O_RDONLY = 0, O_CLOEXEC = 0o2000000;
const MAX_SYMLINKS = 40;
export const READ_CHUNK = 1 << 20;

class FileType {
  isFile() { return this._ifmt() === S_IFREG; }
  isDirectory() { return this._ifmt() === S_IFDIR; }
  isSymbolicLink() { return this._ifmt() === S_IFLNK; }
  isBlockDevice() { return this._ifmt() === S_IFBLK; }
  isCharacterDevice() { return this._ifmt() === S_IFCHR; }
  isFIFO() { return this._ifmt() === S_IFIFO; }
  isSocket() { return this._ifmt() === S_IFSOCK; }
}

/** A wasm `Stat` as plain numbers (it can cross to another thread), freed. */
export function statFields(raw) {
  const fields = {
    ino: Number(raw.ino), mode: raw.mode, nlink: raw.nlink, uid: raw.uid, gid: raw.gid,
    size: Number(raw.size), blocks: Number(raw.blocks),
    atimeMs: raw.atimeMs, mtimeMs: raw.mtimeMs, ctimeMs: raw.ctimeMs, mtimeNsec: raw.mtimeNsec,
  };
  raw.free();
  return fields;
}

/** As Node's fs.Stats (numbers, times as *Ms and Dates; mtimeNsec exact),
 * from statFields(). */
export class Stats extends FileType {
  constructor(fields) {
    super();
    Object.assign(this, fields);
    this.atime = new Date(fields.atimeMs);
    this.mtime = new Date(fields.mtimeMs);
    this.ctime = new Date(fields.ctimeMs);
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

export const joinPath = (dir, name) => (dir.endsWith('/') ? dir + name : `${dir}/${name}`);

/**
 * The entries of `path` (and below, with `recursive`) as [name relative to
 * path, directory, S_IF* type], the type from getdents64 (or lstat where the
 * filesystem does not say).
 */
export function walkDir(kernel, path, { recursive = false } = {}) {
  const out = [];
  const walk = (dir, prefix) => {
    const { names, types } = kernel.readdirTypes(dir);
    names.forEach((name, i) => {
      let ifmt = DT_TO_IFMT[types[i]];
      if (ifmt === undefined) ifmt = kernel.lstat(joinPath(dir, name)).mode & S_IFMT; // DT_UNKNOWN
      out.push([prefix + name, dir, ifmt]);
      if (recursive && ifmt === S_IFDIR) walk(joinPath(dir, name), `${prefix}${name}/`);
    });
  };
  walk(path, '');
  return out;
}

/** Node's readdir result from walkDir(): names, or Dirents. */
export function direntsOf(entries, withFileTypes) {
  return entries.map(([name, dir, ifmt]) => (withFileTypes ? new Dirent(name.split('/').pop(), dir, ifmt) : name));
}

/** `path` with every symlink resolved, as realpath(3). */
export function realpath(kernel, path) {
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

/** Every byte of the open file `fd` from `position` on, in one array. */
export function readRest(kernel, fd, position = 0) {
  const chunks = [];
  let total = 0;
  for (let chunk; (chunk = kernel.pread(fd, READ_CHUNK, position + total)).length > 0;) {
    chunks.push(chunk);
    total += chunk.length;
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

/** Every byte of the file at `path`. */
export function readWhole(kernel, path) {
  const fd = kernel.open(path, O_RDONLY | O_CLOEXEC, 0);
  try {
    return readRest(kernel, fd);
  } finally {
    kernel.close(fd);
  }
}

// ---------------------------------------------------------------- writes

const O_WRONLY = 0o1, O_RDWR = 0o2, O_CREAT = 0o100, O_EXCL = 0o200, O_TRUNC = 0o1000, O_APPEND = 0o2000;
const FLAGS = {
  r: O_RDONLY, 'r+': O_RDWR, rs: O_RDONLY, 'rs+': O_RDWR,
  w: O_WRONLY | O_CREAT | O_TRUNC, wx: O_WRONLY | O_CREAT | O_TRUNC | O_EXCL,
  'w+': O_RDWR | O_CREAT | O_TRUNC, 'wx+': O_RDWR | O_CREAT | O_TRUNC | O_EXCL,
  a: O_WRONLY | O_CREAT | O_APPEND, ax: O_WRONLY | O_CREAT | O_APPEND | O_EXCL,
  'a+': O_RDWR | O_CREAT | O_APPEND, 'ax+': O_RDWR | O_CREAT | O_APPEND | O_EXCL,
};

/** Node's open flags ('r', 'w', 'a+', ... or a number) as O_* bits. */
export function openFlags(flags = 'r') {
  if (typeof flags === 'number') return flags | O_CLOEXEC;
  const bits = FLAGS[flags.replace('s', '').replace('xs', 'x')] ?? FLAGS[flags];
  if (bits === undefined) throw Object.assign(new TypeError(`invalid open flags '${flags}'`), { code: 'ERR_INVALID_ARG_VALUE' });
  return bits | O_CLOEXEC;
}

/** Writes all of `bytes` to `fd` (at `position`, or at the file offset). */
export function writeAll(kernel, fd, bytes, position = null) {
  for (let done = 0; done < bytes.length;) {
    const piece = bytes.subarray(done, done + READ_CHUNK);
    done += position === null ? kernel.write(fd, piece) : kernel.pwrite(fd, piece, position + done);
  }
  return bytes.length;
}

/** writeFile/appendFile: `bytes` into the file at `path` (flag 'w' or 'a'). */
export function writeFile(kernel, path, bytes, { mode = 0o666, flag = 'w' } = {}) {
  const fd = kernel.open(path, openFlags(flag), mode);
  try {
    writeAll(kernel, fd, bytes);
  } finally {
    kernel.close(fd);
  }
}

/** mkdir; with `recursive`, the parents too and no error if it exists;
 * returns the first directory made (recursive), as Node does. */
export function mkdir(kernel, path, { recursive = false, mode = 0o777 } = {}) {
  if (!recursive) {
    kernel.mkdir(path, mode);
    return undefined;
  }
  let first;
  const parts = path.split('/').filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const dir = `/${parts.slice(0, i).join('/')}`;
    try {
      kernel.mkdir(dir, mode);
      first ??= dir;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
  }
  return first;
}

/** rm: a file or symlink; a directory with `recursive`; nothing missing
 * with `force`. */
export function remove(kernel, path, { recursive = false, force = false } = {}) {
  let kind;
  try {
    kind = kernel.lstat(path).mode & S_IFMT;
  } catch (error) {
    if (force && error.code === 'ENOENT') return;
    throw error;
  }
  if (kind !== S_IFDIR) {
    kernel.unlink(path);
    return;
  }
  if (!recursive) throw Object.assign(new Error(`EISDIR: is a directory, rm '${path}'`), { code: 'EISDIR', errno: -21, syscall: 'rm', path });
  for (const { names } of [kernel.readdirTypes(path)]) {
    for (const name of names) remove(kernel, joinPath(path, name), { recursive, force });
  }
  kernel.rmdir(path);
}

/** A time as Node takes it (seconds, a numeric string, or a Date) in ms. */
export function timeMs(time) {
  if (time instanceof Date) return time.getTime();
  return Number(time) * 1000;
}
