// A FUSE file system served by the kernel: the Linux FUSE protocol spoken
// over /dev/fuse (no libfuse), each request answered with the kernel's own
// system calls on the mounted image. Node's main thread reads a request,
// calls the kernel, writes the reply; that is all it does until the mount
// goes away (umount MOUNTPOINT), which ends serve().
import { closeSync, openSync, readSync, writeSync } from 'node:fs';

const OP = {
  LOOKUP: 1, FORGET: 2, GETATTR: 3, SETATTR: 4, READLINK: 5, SYMLINK: 6, MKNOD: 8, MKDIR: 9, UNLINK: 10, RMDIR: 11,
  RENAME: 12, LINK: 13, OPEN: 14, READ: 15, WRITE: 16, STATFS: 17, RELEASE: 18, FSYNC: 20, GETXATTR: 22,
  LISTXATTR: 23, FLUSH: 25, INIT: 26, OPENDIR: 27, READDIR: 28, RELEASEDIR: 29, FSYNCDIR: 30, ACCESS: 34,
  CREATE: 35, INTERRUPT: 36, DESTROY: 38, BATCH_FORGET: 42, RENAME2: 45,
};
// Linux errno numbers the server answers with itself (kernel errors carry
// their own `errno`, negative, as Node's).
const ENOSYS = 38, EIO = 5, EOPNOTSUPP = 95;
const MAX_WRITE = 128 * 1024;
const HEADER_IN = 40, HEADER_OUT = 16;
const S_IFMT = 0o170000, S_IFDIR = 0o040000;
const FATTR = { MODE: 1, UID: 2, GID: 4, SIZE: 8, ATIME: 16, MTIME: 32, FH: 64, ATIME_NOW: 128, MTIME_NOW: 256 };
/** Seconds the kernel may cache names and attributes: 1 (changes only come
 * through this mount, but keep it short). */
const VALID_S = 1n;

class Reply {
  constructor(size) {
    this.buffer = Buffer.alloc(size);
    this.at = 0;
  }
  u32(v) { this.buffer.writeUInt32LE(v >>> 0, this.at); this.at += 4; return this; }
  i32(v) { this.buffer.writeInt32LE(v, this.at); this.at += 4; return this; }
  u64(v) { this.buffer.writeBigUInt64LE(BigInt.asUintN(64, BigInt(v)), this.at); this.at += 8; return this; }
  u16(v) { this.buffer.writeUInt16LE(v, this.at); this.at += 2; return this; }
  bytes(b) { Buffer.from(b.buffer ?? b, b.byteOffset ?? 0, b.byteLength ?? b.length).copy(this.buffer, this.at); this.at += b.byteLength ?? b.length; return this; }
  skip(n) { this.at += n; return this; }
  done() { return this.buffer.subarray(0, this.at); }
}

/** fuse_attr (88 bytes) from a kernel.fs Stats. */
function attr(reply, st) {
  const sec = (ms) => BigInt(Math.floor(ms / 1000));
  const nsec = (ms) => Math.round((ms - Math.floor(ms / 1000) * 1000) * 1e6);
  reply.u64(st.ino).u64(st.size).u64(st.blocks)
    .u64(sec(st.atimeMs)).u64(sec(st.mtimeMs)).u64(sec(st.ctimeMs))
    .u32(nsec(st.atimeMs)).u32(st.mtimeNsec ?? nsec(st.mtimeMs)).u32(nsec(st.ctimeMs))
    .u32(st.mode).u32(st.nlink).u32(st.uid).u32(st.gid).u32(0).u32(4096).u32(0);
}

/** Serves the FUSE connection `fd` from the kernel's tree under `root`. */
export function serve(kernel, root, fd, { log = () => {} } = {}) {
  const fs = kernel.fs;
  const paths = new Map([[1n, root]]); // nodeid -> path in the kernel
  const listings = new Map(); // opendir handle -> [name, type] entries
  let lastListing = 0;
  const ids = new Map([[root, 1n]]);
  let nextId = 2n;
  const idOf = (path) => {
    if (!ids.has(path)) {
      ids.set(path, nextId);
      paths.set(nextId, path);
      nextId++;
    }
    return ids.get(path);
  };
  const child = (parent, name) => `${paths.get(parent)}/${name}`;
  const entry = (path) => {
    const st = fs.lstatSync(path);
    const reply = new Reply(HEADER_OUT + 128).skip(HEADER_OUT);
    reply.u64(idOf(path)).u64(0).u64(VALID_S).u64(VALID_S).u32(0).u32(0);
    attr(reply, st);
    return reply;
  };
  const attrOut = (path) => {
    const reply = new Reply(HEADER_OUT + 104).skip(HEADER_OUT).u64(VALID_S).u32(0).u32(0);
    attr(reply, fs.lstatSync(path));
    return reply;
  };
  const cstrings = (body) => body.toString('utf8').split('\0');

  const handlers = {
    [OP.INIT](body) {
      const [major, minor, maxReadahead, flags] = [0, 4, 8, 12].map((at) => body.readUInt32LE(at));
      if (major !== 7) throw Object.assign(new Error('unsupported FUSE version'), { code: 'EPROTO' });
      log(`FUSE ${major}.${minor}`);
      const BIG_WRITES = 1 << 5, MAX_PAGES = 1 << 22;
      return new Reply(HEADER_OUT + 64).skip(HEADER_OUT)
        .u32(7).u32(Math.min(minor, 31)).u32(maxReadahead).u32(flags & (BIG_WRITES | MAX_PAGES))
        .u16(16).u16(12).u32(MAX_WRITE).u32(1).u16(MAX_WRITE / 4096).u16(0).u32(0).skip(28);
    },
    [OP.LOOKUP]: (body, h) => entry(child(h.nodeid, cstrings(body)[0])),
    [OP.GETATTR]: (body, h) => attrOut(paths.get(h.nodeid)),
    [OP.SETATTR](body, h) {
      const path = paths.get(h.nodeid);
      const valid = body.readUInt32LE(0);
      const size = Number(body.readBigUInt64LE(16));
      const atime = Number(body.readBigUInt64LE(32)) * 1000 + body.readUInt32LE(56) / 1e6;
      const mtime = Number(body.readBigUInt64LE(40)) * 1000 + body.readUInt32LE(60) / 1e6;
      const [mode, uid, gid] = [body.readUInt32LE(68), body.readUInt32LE(76), body.readUInt32LE(80)];
      if (valid & (FATTR.UID | FATTR.GID)) {
        kernel.chown(path, valid & FATTR.UID ? uid : -1 >>> 0, valid & FATTR.GID ? gid : -1 >>> 0, true);
      }
      if (valid & FATTR.MODE) fs.chmodSync(path, mode & 0o7777);
      if (valid & FATTR.SIZE) fs.truncateSync(path, size);
      if (valid & (FATTR.ATIME | FATTR.MTIME)) {
        const st = fs.lstatSync(path);
        const now = Date.now();
        const a = valid & FATTR.ATIME ? (valid & FATTR.ATIME_NOW ? now : atime) : st.atimeMs;
        const m = valid & FATTR.MTIME ? (valid & FATTR.MTIME_NOW ? now : mtime) : st.mtimeMs;
        kernel.utimes(path, a, m, true);
      }
      return attrOut(path);
    },
    [OP.READLINK]: (body, h) => new Reply(HEADER_OUT + 4096).skip(HEADER_OUT).bytes(Buffer.from(fs.readlinkSync(paths.get(h.nodeid)))),
    [OP.SYMLINK](body, h) {
      const [name, target] = cstrings(body);
      fs.symlinkSync(target, child(h.nodeid, name));
      return entry(child(h.nodeid, name));
    },
    [OP.MKDIR](body, h) {
      const mode = body.readUInt32LE(0) & ~body.readUInt32LE(4);
      const path = child(h.nodeid, cstrings(body.subarray(8))[0]);
      kernel.mkdir(path, mode & 0o7777);
      return entry(path);
    },
    [OP.MKNOD](body, h) {
      // Regular files only (the FUSE kernel uses CREATE for those anyway).
      const mode = body.readUInt32LE(0);
      const path = child(h.nodeid, cstrings(body.subarray(16))[0]);
      kernel.close(kernel.open(path, 0o100 | 0o200 | 0o1 | 0o2000000, mode & 0o7777));
      return entry(path);
    },
    [OP.UNLINK](body, h) { fs.unlinkSync(child(h.nodeid, cstrings(body)[0])); },
    [OP.RMDIR](body, h) { fs.rmdirSync(child(h.nodeid, cstrings(body)[0])); },
    [OP.RENAME]: (body, h) => rename(h.nodeid, body.readBigUInt64LE(0), body.subarray(8)),
    [OP.RENAME2]: (body, h) => rename(h.nodeid, body.readBigUInt64LE(0), body.subarray(16)),
    [OP.LINK](body, h) {
      const path = child(h.nodeid, cstrings(body.subarray(8))[0]);
      fs.linkSync(paths.get(body.readBigUInt64LE(0)), path);
      return entry(path);
    },
    [OP.OPEN](body, h) {
      const fd = kernel.open(paths.get(h.nodeid), (body.readUInt32LE(0) & ~0o100) | 0o2000000, 0);
      return new Reply(HEADER_OUT + 16).skip(HEADER_OUT).u64(fd).u32(0).u32(0);
    },
    [OP.CREATE](body, h) {
      const [flags, mode, umask] = [body.readUInt32LE(0), body.readUInt32LE(4), body.readUInt32LE(8)];
      const path = child(h.nodeid, cstrings(body.subarray(16))[0]);
      const fd = kernel.open(path, flags | 0o100 | 0o2000000, mode & ~umask & 0o7777);
      const reply = entry(path);
      const out = new Reply(HEADER_OUT + 128 + 16);
      reply.done().copy(out.buffer);
      out.at = reply.at;
      return out.u64(fd).u32(0).u32(0);
    },
    [OP.READ](body) {
      const bytes = kernel.pread(Number(body.readBigUInt64LE(0)), body.readUInt32LE(16), Number(body.readBigUInt64LE(8)));
      return new Reply(HEADER_OUT + bytes.length).skip(HEADER_OUT).bytes(bytes);
    },
    [OP.WRITE](body) {
      const size = body.readUInt32LE(16);
      const n = kernel.pwrite(Number(body.readBigUInt64LE(0)), body.subarray(40, 40 + size), Number(body.readBigUInt64LE(8)));
      return new Reply(HEADER_OUT + 8).skip(HEADER_OUT).u32(n).u32(0);
    },
    [OP.RELEASE](body) { kernel.close(Number(body.readBigUInt64LE(0))); },
    [OP.FLUSH]() {},
    [OP.FSYNC](body) { kernel.fsync(Number(body.readBigUInt64LE(0))); },
    // The listing is read once per opendir (its handle keys it): READDIR
    // comes a reply-size page at a time, and re-reading the directory for
    // each page would make a large one quadratic.
    [OP.OPENDIR](body, h) {
      const { names, types } = kernel.readdirTypes(paths.get(h.nodeid));
      const fh = ++lastListing;
      listings.set(fh, [['.', 4], ['..', 4], ...names.map((name, i) => [name, types[i]])]);
      return new Reply(HEADER_OUT + 16).skip(HEADER_OUT).u64(fh).u32(0).u32(0);
    },
    [OP.READDIR](body) {
      const offset = Number(body.readBigUInt64LE(8));
      const size = body.readUInt32LE(16);
      const all = listings.get(Number(body.readBigUInt64LE(0))) ?? [];
      const reply = new Reply(HEADER_OUT + size).skip(HEADER_OUT);
      for (let i = offset; i < all.length; i++) {
        const [name, type] = all[i];
        const bytes = Buffer.from(name);
        const length = 24 + bytes.length;
        const padded = (length + 7) & ~7;
        if (reply.at - HEADER_OUT + padded > size) break;
        reply.u64(i < 2 ? 1 : 0xffffffffn).u64(i + 1).u32(bytes.length).u32(type).bytes(bytes).skip(padded - length);
      }
      return reply;
    },
    [OP.RELEASEDIR](body) { listings.delete(Number(body.readBigUInt64LE(0))); },
    [OP.FSYNCDIR]() {},
    [OP.STATFS](body, h) {
      const st = fs.statfsSync(paths.get(h.nodeid) ?? root);
      return new Reply(HEADER_OUT + 80).skip(HEADER_OUT)
        .u64(st.blocks).u64(st.bfree).u64(st.bavail).u64(st.files).u64(st.ffree)
        .u32(st.bsize).u32(255).u32(st.bsize).u32(0).skip(24);
    },
    [OP.ACCESS]() {},
    [OP.GETXATTR]() { throw Object.assign(new Error('no xattrs through lklfuse'), { code: 'EOPNOTSUPP' }); },
    [OP.LISTXATTR]() { throw Object.assign(new Error('no xattrs through lklfuse'), { code: 'EOPNOTSUPP' }); },
  };

  function rename(parent, newParent, names) {
    const [oldName, newName] = cstrings(names);
    const from = child(parent, oldName);
    const to = `${paths.get(newParent)}/${newName}`;
    fs.renameSync(from, to);
    // Node ids follow the names: everything under `from` moves to `to`.
    for (const [path, id] of [...ids]) {
      if (path === from || path.startsWith(`${from}/`)) {
        const moved = to + path.slice(from.length);
        ids.delete(path);
        ids.set(moved, id);
        paths.set(id, moved);
      }
    }
  }

  const buffer = Buffer.alloc(MAX_WRITE + 4096 * 2);
  for (;;) {
    let n;
    try {
      n = readSync(fd, buffer, 0, buffer.length, null);
    } catch (error) {
      if (error.code === 'ENODEV') break; // unmounted
      if (error.code === 'EINTR' || error.code === 'ENOENT' || error.code === 'EAGAIN') continue;
      throw error;
    }
    const header = {
      opcode: buffer.readUInt32LE(4), unique: buffer.readBigUInt64LE(8), nodeid: buffer.readBigUInt64LE(16),
    };
    const body = buffer.subarray(HEADER_IN, n);
    if (header.opcode === OP.FORGET || header.opcode === OP.BATCH_FORGET || header.opcode === OP.INTERRUPT) continue;
    if (header.opcode === OP.DESTROY) break;
    let reply;
    let errno = 0;
    const handler = handlers[header.opcode];
    if (!handler) {
      errno = ENOSYS;
    } else {
      try {
        reply = handler(body, header) ?? new Reply(HEADER_OUT).skip(HEADER_OUT);
      } catch (error) {
        errno = error.errno < 0 ? -error.errno : (error.code === 'EOPNOTSUPP' ? EOPNOTSUPP : EIO);
        if (error.code === 'ENOTRECOVERABLE') throw error;
      }
    }
    const out = errno ? new Reply(HEADER_OUT).skip(HEADER_OUT).done() : reply.done();
    out.writeUInt32LE(out.length, 0);
    out.writeInt32LE(-errno, 4);
    out.writeBigUInt64LE(header.unique, 8);
    try {
      writeSync(fd, out);
    } catch (error) {
      if (error.code !== 'ENOENT') throw error; // the request was interrupted
    }
  }
}

/** Opens /dev/fuse and mounts it on `mountpoint` (root only: mount(8)
 * with the descriptor); returns the descriptor to serve. */
export async function mountFuse(mountpoint, { readOnly = false, name = 'lklfuse' } = {}) {
  const { spawnSync } = await import('node:child_process');
  const fd = openSync('/dev/fuse', 'r+');
  const options = ['fd=3', 'rootmode=40000', 'user_id=0', 'group_id=0', 'allow_other', 'default_permissions'];
  if (readOnly) options.push('ro');
  const result = spawnSync('mount', ['-i', '-t', `fuse.${name}`, '-o', options.join(','), name, mountpoint], {
    stdio: ['ignore', 'pipe', 'pipe', fd],
    env: { ...process.env, PATH: `/usr/sbin:/sbin:/usr/bin:/bin` },
  });
  if (result.status !== 0) {
    closeSync(fd);
    throw new Error(`mounting ${mountpoint} failed: ${result.stderr.toString().trim() || `mount exited ${result.status}`}`);
  }
  return fd;
}
