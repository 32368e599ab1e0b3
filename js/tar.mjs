// A tar archive (POSIX pax) of a directory tree in the kernel, made piece by
// piece so that a large tree is never held whole. Long names and link
// targets go in pax records; modes, owners, mtimes (with nanoseconds),
// symlinks, hardlinks and extended attributes (SCHILY.xattr.* records, as
// GNU tar and star write them) are kept. No Node APIs here.
import { joinPath, READ_CHUNK, statFields, walkDir } from './fs-core.mjs';

const BLOCK = 512;
const encoder = new TextEncoder();
const S_IFMT = 0o170000, S_IFDIR = 0o040000, S_IFLNK = 0o120000, S_IFREG = 0o100000;

/** One pax record: "<length> key=value\n", the length counting itself;
 * `value` text or bytes (xattr values are raw bytes). */
function paxRecord(key, value) {
  const valueBytes = typeof value === 'string' || typeof value === 'number' ? encoder.encode(String(value)) : value;
  const keyBytes = encoder.encode(` ${key}=`);
  const bodyLength = keyBytes.length + valueBytes.length + 1;
  let length = bodyLength;
  while (bodyLength + String(length).length !== length) length = bodyLength + String(length).length;
  return concat([encoder.encode(String(length)), keyBytes, valueBytes, encoder.encode('\n')]);
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The extended attributes of `path` as [name, bytes] (none where the
 * filesystem has none). */
function xattrsOf(kernel, path) {
  let names;
  try {
    names = kernel.lxattrs(path);
  } catch {
    return []; // ENOTSUP and the like: no attributes here
  }
  return names.map((name) => [name, kernel.lgetxattr(path, name)]);
}

function octal(value, width) {
  return value.toString(8).padStart(width - 1, '0');
}

/** A 512-byte ustar header. */
function header({ name, mode, uid, gid, size, mtime, type, linkname = '' }) {
  const block = new Uint8Array(BLOCK);
  const put = (text, at, width) => block.set(encoder.encode(text).subarray(0, width), at);
  put(name, 0, 100);
  put(octal(mode & 0o7777, 8), 100, 8);
  put(octal(Math.min(uid, 0o7777777), 8), 108, 8);
  put(octal(Math.min(gid, 0o7777777), 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(Math.max(0, Math.floor(mtime)), 12), 136, 12);
  put('        ', 148, 8);
  put(type, 156, 1);
  put(linkname, 157, 100);
  put('ustar\u000000', 257, 8);
  let sum = 0;
  for (const byte of block) sum += byte;
  put(`${octal(sum, 7)}\u0000 `, 148, 8);
  return block;
}

const padding = (size) => new Uint8Array((BLOCK - (size % BLOCK)) % BLOCK);
const fits = (text) => encoder.encode(text).length < 100 && /^[\x20-\x7e]*$/.test(text);

/** The header blocks of one entry, with a pax header first when needed. */
function entryHeaders(entry) {
  const records = [];
  if (!fits(entry.name)) records.push(paxRecord('path', entry.name));
  if (entry.linkname && !fits(entry.linkname)) records.push(paxRecord('linkpath', entry.linkname));
  if (entry.uid > 0o7777777) records.push(paxRecord('uid', entry.uid));
  if (entry.gid > 0o7777777) records.push(paxRecord('gid', entry.gid));
  if (entry.size > 0o77777777777) records.push(paxRecord('size', entry.size));
  records.push(paxRecord('mtime', entry.mtimeText));
  for (const [name, value] of entry.xattrs ?? []) records.push(paxRecord(`SCHILY.xattr.${name}`, value));
  const pax = concat(records);
  return [
    header({ name: 'PaxHeader', mode: 0o644, uid: 0, gid: 0, size: pax.length, mtime: 0, type: 'x' }),
    pax, padding(pax.length),
    header({ ...entry, name: fits(entry.name) ? entry.name : entry.name.slice(0, 99), linkname: fits(entry.linkname ?? '') ? entry.linkname : '' }),
  ];
}

/**
 * Yields the archive of `path` (a directory) as Uint8Array pieces, its
 * entries named relative to it. `onProgress({ entries, bytes })` after each
 * file.
 */
export function* tarPieces(kernel, path, onProgress = () => {}) {
  const seen = new Map(); // "dev:ino" of files with more than one link -> first name
  let entries = 0, bytes = 0;
  for (const [name, dir] of walkDir(kernel, path, { recursive: true })) {
    const full = joinPath(dir, name.split('/').pop());
    const st = statFields(kernel.lstat(full));
    const kind = st.mode & S_IFMT;
    const mtimeText = `${Math.floor(st.mtimeMs / 1000)}.${String(st.mtimeNsec).padStart(9, '0')}`;
    const entry = {
      name, mode: st.mode, uid: st.uid, gid: st.gid, size: 0, mtime: st.mtimeMs / 1000, mtimeText, xattrs: xattrsOf(kernel, full),
    };
    if (kind === S_IFDIR) {
      yield* entryHeaders({ ...entry, name: `${name}/`, type: '5' });
    } else if (kind === S_IFLNK) {
      yield* entryHeaders({ ...entry, type: '2', linkname: kernel.readlink(full) });
    } else if (kind === S_IFREG && st.nlink > 1 && seen.has(st.ino)) {
      yield* entryHeaders({ ...entry, type: '1', linkname: seen.get(st.ino) });
    } else if (kind === S_IFREG) {
      if (st.nlink > 1) seen.set(st.ino, name);
      yield* entryHeaders({ ...entry, size: st.size, type: '0' });
      // The size in the header is the one stat gave: read that much, in
      // chunks (a file can be larger than memory), zeros if it shrank.
      const fd = kernel.open(full, 0, 0);
      try {
        for (let done = 0; done < st.size;) {
          let chunk = kernel.pread(fd, Math.min(READ_CHUNK, st.size - done), done);
          if (chunk.length === 0) chunk = new Uint8Array(Math.min(READ_CHUNK, st.size - done));
          yield chunk;
          done += chunk.length;
        }
      } finally {
        kernel.close(fd);
      }
      yield padding(st.size);
      bytes += st.size;
    } else {
      continue; // devices, FIFOs, sockets: not in this archive
    }
    onProgress({ entries: ++entries, bytes });
  }
  yield new Uint8Array(BLOCK * 2);
}
