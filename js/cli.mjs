#!/usr/bin/env node
// lkl-wasm: read disk images with the Linux kernel's own drivers, compiled
// to WebAssembly. See `lkl-wasm --help`.
import {
  chmodSync, closeSync, existsSync, lchownSync, lstatSync, lutimesSync, mkdirSync, openSync, readdirSync, readlinkSync, readSync,
  statSync, symlinkSync, utimesSync, writeSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { boot } from './node.mjs';
import { mountFuse, serve } from './fuse.mjs';
import { tarPieces } from './tar.mjs';

const USAGE = `usage:
  lkl-wasm info IMAGE                       partitions and filesystem types
  lkl-wasm ls [-l] [-R] IMAGE[:PART] [PATH] list a directory
  lkl-wasm cat IMAGE[:PART] PATH            print a file
  lkl-wasm cpfromfs -i IMAGE [-P PART] [-t TYPE] PATH... DEST
                                            copy out (recursive; keeps modes,
                                            symlinks, times, and owners as root)
  lkl-wasm cptofs -i IMAGE [-P PART] [-t TYPE] [-o UID] [-g GID] PATH... DEST
                                            copy host files into the image, in
                                            place (recursive; keeps modes,
                                            symlinks, hard links and times;
                                            -o/-g: owner of what is copied)
  lkl-wasm fs2tar [-t TYPE] IMAGE[:PART] OUT.tar
                                            the whole filesystem as a tar (pax:
                                            long names, owners, times, links);
                                            OUT.tar "-" is standard output
  lkl-wasm lklfuse IMAGE MOUNTPOINT [-o type=TYPE,part=N,ro]
                                            mount the image through FUSE (as
                                            root): programs read and write it
                                            through the kernel until
                                            umount MOUNTPOINT
options: -p  show the kernel log on stderr;  -t TYPE  filesystem type (default: ask the kernel)
IMAGE:PART picks partition PART (1-based) of a partitioned disk.`;

const MS_RDONLY = 1;
const S_IFMT = 0o170000, S_IFDIR = 0o040000, S_IFLNK = 0o120000, S_IFREG = 0o100000;
const MOUNT = '/mnt';

class UsageError extends Error {}

/** Flags (single letters, some taking a value) and the other arguments. */
function parse(args, withValue = '') {
  const flags = {};
  const rest = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (/^-[a-zA-Z]+$/.test(arg)) {
      for (const letter of arg.slice(1)) {
        if (withValue.includes(letter)) {
          if (i + 1 >= args.length) throw new UsageError(`-${letter} needs a value`);
          flags[letter] = args[++i];
        } else {
          flags[letter] = true;
        }
      }
    } else {
      rest.push(arg);
    }
  }
  return { flags, rest };
}

/** "disk.img:2" -> ["disk.img", 2]; a path that exists as a whole wins. */
function imageAndPart(spec) {
  const match = /^(.*):(\d+)$/.exec(spec);
  if (match && !existsSync(spec)) return [match[1], Number(match[2])];
  return [spec, undefined];
}

/** `open` of IMAGE[:PART] as ls, cat and fs2tar name it (-t TYPE, -p). */
function openNamed(spec, flags) {
  const [image, part] = imageAndPart(spec);
  return open(image, { part, type: flags.t, showLog: flags.p });
}

/** `open` of -i IMAGE [-P PART] as cpfromfs and cptofs name it. */
function openFlagged(flags, { writable = false } = {}) {
  const part = flags.P === undefined ? undefined : Number(flags.P);
  return open(flags.i, { part, type: flags.t, showLog: flags.p, writable });
}

/** Boots a kernel, attaches IMAGE (read-only unless `writable`: then the
 * file itself is changed), mounts it (or PART) at /mnt. */
async function open(image, { part, type, showLog, writable = false }) {
  if (!existsSync(image)) throw new Error(`${image}: no such file`);
  const kernel = await boot({ memoryMiB: 128, echoLog: showLog });
  const disk = kernel.attachFile(image, { readOnly: !writable });
  const device = part === undefined ? `/dev/${disk.name}` : `/dev/${disk.name}${part}`;
  const flags = writable ? 0 : MS_RDONLY;
  kernel.mkdir(MOUNT, 0o755);
  try {
    if (type) kernel.mount(device, MOUNT, type, flags);
    else kernel.mountAuto(device, MOUNT, flags);
  } catch (error) {
    if (error.code === 'ENOENT' && part !== undefined) throw new Error(`${image} has no partition ${part}`);
    if (error.code === 'EINVAL') throw new Error(`${image}${part === undefined ? '' : `:${part}`}: no filesystem the kernel can read${type ? ` as ${type}` : ''}`);
    throw error;
  }
  return { kernel, disk };
}

const inImage = (path = '/') => join(MOUNT, path);

function modeString(mode) {
  const type = { [S_IFDIR]: 'd', [S_IFLNK]: 'l', [S_IFREG]: '-', 0o020000: 'c', 0o060000: 'b', 0o010000: 'p', 0o140000: 's' }[mode & S_IFMT] ?? '?';
  const bits = 'rwxrwxrwx'.split('').map((c, i) => (mode & (0o400 >> i) ? c : '-'));
  if (mode & 0o4000) bits[2] = bits[2] === 'x' ? 's' : 'S';
  if (mode & 0o2000) bits[5] = bits[5] === 'x' ? 's' : 'S';
  if (mode & 0o1000) bits[8] = bits[8] === 'x' ? 't' : 'T';
  return type + bits.join('');
}

const names = (kernel, path) => kernel.readdir(path).filter((n) => n !== '.' && n !== '..').sort();
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Writes all of `data` to stdout, which may be a non-blocking pipe. */
function out(data) {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  for (let done = 0; done < bytes.length;) {
    try {
      done += writeSync(1, bytes, done, bytes.length - done);
    } catch (error) {
      if (error.code === 'EPIPE') process.exit(0); // the reader has gone (| head)
      if (error.code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 1); // the pipe is full: let the reader catch up
    }
  }
}

function list(kernel, path, { long, recursive }, label) {
  if (label !== undefined) out(`${label}:\n`);
  const entries = names(kernel, inImage(path));
  for (const name of entries) {
    if (!long) {
      out(`${name}\n`);
      continue;
    }
    const full = inImage(join(path, name));
    const st = kernel.lstat(full);
    const link = (st.mode & S_IFMT) === S_IFLNK ? ` -> ${kernel.readlink(full)}` : '';
    const when = new Date(st.mtimeMs).toISOString().replace('T', ' ').slice(0, 19);
    out(`${modeString(st.mode)} ${String(st.nlink).padStart(3)} ${String(st.uid).padStart(5)} ${String(st.gid).padStart(5)} ${String(st.size).padStart(12)} ${when} ${name}${link}\n`);
  }
  if (recursive) {
    for (const name of entries) {
      const child = join(path, name);
      if ((kernel.lstat(inImage(child)).mode & S_IFMT) === S_IFDIR) {
        out('\n');
        list(kernel, child, { long, recursive }, child);
      }
    }
  }
}

function cat(kernel, path) {
  const fd = kernel.open(inImage(path), 0, 0);
  try {
    for (let chunk; (chunk = kernel.read(fd, 1 << 20)).length > 0;) out(chunk);
  } finally {
    kernel.close(fd);
  }
}

/** As root (like cp -a), the copy gets the image's owner; before chmod,
 * since a chown clears set-uid bits. */
function keepOwner(dest, st) {
  if (process.getuid?.() === 0) lchownSync(dest, st.uid, st.gid);
}

/** Copies `path` (in the image) to `dest` on the host, as cp -a would. */
function copyOut(kernel, path, dest) {
  const source = inImage(path);
  const st = kernel.lstat(source);
  const type = st.mode & S_IFMT;
  const mtime = st.mtimeMs / 1000, atime = st.atimeMs / 1000;
  if (type === S_IFDIR) {
    mkdirSync(dest, { recursive: true });
    for (const name of names(kernel, source)) copyOut(kernel, join(path, name), join(dest, name));
    keepOwner(dest, st);
    chmodSync(dest, st.mode & 0o7777);
    utimesSync(dest, atime, mtime);
  } else if (type === S_IFLNK) {
    symlinkSync(kernel.readlink(source), dest);
    keepOwner(dest, st);
    lutimesSync(dest, atime, mtime);
  } else if (type === S_IFREG) {
    const fd = kernel.open(source, 0, 0);
    const target = openSync(dest, 'w', st.mode & 0o7777);
    try {
      for (let chunk; (chunk = kernel.read(fd, 1 << 20)).length > 0;) writeSync(target, chunk);
    } finally {
      closeSync(target);
      kernel.close(fd);
    }
    keepOwner(dest, st);
    chmodSync(dest, st.mode & 0o7777);
    utimesSync(dest, atime, mtime);
  } else {
    process.stderr.write(`lkl-wasm: cpfromfs: ${path}: skipped (not a file, directory or symlink)\n`);
  }
}

/** A progress line on stderr when it is a terminal: `done` of `total` bytes. */
function progress(total) {
  if (!process.stderr.isTTY || total === 0) return { update() {}, end() {} };
  let shown = -1;
  return {
    update(done) {
      const percent = Math.floor((done / total) * 100);
      if (percent === shown) return;
      shown = percent;
      const bar = '#'.repeat(Math.floor(percent / 4)).padEnd(25, '.');
      process.stderr.write(`\r[${bar}] ${percent}% of ${(total / 2 ** 20).toFixed(1)} MiB`);
    },
    end() { process.stderr.write('\n'); },
  };
}

/** Bytes of regular files under host `path` (for the progress line). */
function hostBytes(path) {
  const st = lstatSync(path);
  if (st.isDirectory()) return readdirSync(path).reduce((sum, name) => sum + hostBytes(join(path, name)), 0);
  return st.isFile() ? st.size : 0;
}

/**
 * Copies host `source` to `dest` in the image, as cp -a would: modes,
 * symlinks, hard links (`links`: host dev:ino -> image path), times;
 * owners from the host unless `owner` says otherwise.
 */
function copyIn(kernel, source, dest, { owner, links, onBytes }) {
  const fs = kernel.fs;
  const st = lstatSync(source);
  const uid = owner.uid ?? st.uid, gid = owner.gid ?? st.gid;
  const key = `${st.dev}:${st.ino}`;
  if (st.isDirectory()) {
    try {
      fs.mkdirSync(dest, st.mode & 0o7777);
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    for (const name of readdirSync(source).sort()) copyIn(kernel, join(source, name), join(dest, name), { owner, links, onBytes });
  } else if (st.isSymbolicLink()) {
    fs.symlinkSync(readlinkSync(source), dest);
  } else if (st.isFile() && st.nlink > 1 && links.has(key)) {
    fs.linkSync(links.get(key), dest);
    return;
  } else if (st.isFile()) {
    if (st.nlink > 1) links.set(key, dest);
    const from = openSync(source, 'r');
    const to = fs.openSync(dest, 'w', st.mode & 0o7777);
    try {
      const buffer = Buffer.alloc(1 << 20);
      for (let n; (n = readSync(from, buffer, 0, buffer.length, null)) > 0;) {
        fs.writeSync(to, buffer, 0, n);
        onBytes(n);
      }
    } finally {
      fs.closeSync(to);
      closeSync(from);
    }
  } else {
    process.stderr.write(`lkl-wasm: cptofs: ${source}: skipped (not a file, directory or symlink)\n`);
    return;
  }
  // Owners, then modes (a chown clears set-uid bits; symlinks have no mode
  // of their own). A filesystem that keeps neither (FAT) refuses: said once.
  unlessRefused(() => fs.lchownSync(dest, uid, gid), 'owners');
  if (!st.isSymbolicLink()) unlessRefused(() => fs.chmodSync(dest, st.mode & 0o7777), 'modes');
  (st.isSymbolicLink() ? fs.lutimesSync : fs.utimesSync)(dest, st.atime, st.mtime);
}

const refused = new Set();
/** Runs `change`; EPERM (the filesystem cannot keep `what`) is warned of once. */
function unlessRefused(change, what) {
  try {
    change();
  } catch (error) {
    if (error.code !== 'EPERM') throw error;
    if (!refused.has(what)) process.stderr.write(`lkl-wasm: cptofs: this filesystem does not keep ${what}; left as it sets them\n`);
    refused.add(what);
  }
}

async function main(argv) {
  const [command, ...args] = argv;
  if (!command || command === '-h' || command === '--help') {
    out(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  let session;
  try {
    switch (command) {
      case 'info': {
        const { flags, rest } = parse(args);
        if (rest.length !== 1) throw new UsageError('info takes one IMAGE');
        const kernel = await boot({ memoryMiB: 128, echoLog: flags.p });
        session = { kernel };
        const disk = kernel.attachFile(rest[0]);
        const layout = kernel.diskLayout(disk);
        out(`${rest[0]}: ${layout.size} bytes\n`);
        if (layout.partitions.length === 0) out(`filesystem: ${layout.fstype ?? 'none the kernel can read'}\n`);
        for (const p of layout.partitions) {
          out(`partition ${p.number}: start ${p.start}, ${p.size} bytes, ${p.fstype ?? 'no filesystem the kernel can read'}\n`);
        }
        return 0;
      }
      case 'ls': {
        const { flags, rest } = parse(args, 't');
        if (rest.length < 1 || rest.length > 2) throw new UsageError('ls takes IMAGE[:PART] [PATH]');
        session = await openNamed(rest[0], flags);
        list(session.kernel, rest[1] ?? '/', { long: flags.l, recursive: flags.R }, flags.R ? (rest[1] ?? '/') : undefined);
        return 0;
      }
      case 'cat': {
        const { flags, rest } = parse(args, 't');
        if (rest.length !== 2) throw new UsageError('cat takes IMAGE[:PART] PATH');
        session = await openNamed(rest[0], flags);
        cat(session.kernel, rest[1]);
        return 0;
      }
      case 'cpfromfs': {
        const { flags, rest } = parse(args, 'iPt');
        if (!flags.i || rest.length < 2) throw new UsageError('cpfromfs takes -i IMAGE PATH... DEST');
        session = await openFlagged(flags);
        const dest = rest.pop();
        const intoDir = rest.length > 1 || (existsSync(dest) && statSync(dest).isDirectory());
        for (const path of rest) {
          const name = basename(path) || basename(flags.i);
          copyOut(session.kernel, path, intoDir ? join(dest, name) : dest);
        }
        return 0;
      }
      case 'cptofs': {
        const { flags, rest } = parse(args, 'iPtog');
        if (!flags.i || rest.length < 2) throw new UsageError('cptofs takes -i IMAGE PATH... DEST');
        const owner = { uid: flags.o === undefined ? undefined : Number(flags.o), gid: flags.g === undefined ? undefined : Number(flags.g) };
        for (const path of rest.slice(0, -1)) if (!existsSync(path)) throw new Error(`${path}: no such file or directory`);
        session = await openFlagged(flags, { writable: true });
        const { kernel } = session;
        const dest = rest.pop();
        const target = inImage(dest);
        const intoDir = rest.length > 1 || (kernel.fs.existsSync(target) && kernel.fs.statSync(target).isDirectory());
        const bar = progress(rest.reduce((sum, path) => sum + hostBytes(path), 0));
        let done = 0;
        const links = new Map();
        for (const path of rest) {
          copyIn(kernel, path, intoDir ? join(target, basename(path)) : target, {
            owner, links, onBytes: (n) => bar.update((done += n)),
          });
        }
        bar.end();
        // Unmounting writes everything out; an error here is a failed copy.
        kernel.umount(MOUNT);
        return 0;
      }
      case 'fs2tar': {
        const { flags, rest } = parse(args, 't');
        if (rest.length !== 2) throw new UsageError('fs2tar takes IMAGE[:PART] OUT.tar');
        session = await openNamed(rest[0], flags);
        const fd = rest[1] === '-' ? 1 : openSync(rest[1], 'w');
        try {
          for (const piece of tarPieces(session.kernel, MOUNT)) {
            if (fd === 1) out(piece);
            else for (let at = 0; at < piece.length;) at += writeSync(fd, piece, at);
          }
        } finally {
          if (fd !== 1) closeSync(fd);
        }
        return 0;
      }
      case 'lklfuse': {
        const { flags, rest } = parse(args, 'o');
        if (rest.length !== 2) throw new UsageError('lklfuse takes IMAGE MOUNTPOINT');
        const options = Object.fromEntries((flags.o ?? '').split(',').filter(Boolean).map((o) => {
          const [key, value = true] = o.split('=');
          if (!['type', 'part', 'ro'].includes(key)) throw new UsageError(`unknown -o option '${key}'`);
          return [key, value];
        }));
        const [image, mountpoint] = rest;
        if (!existsSync(mountpoint) || !statSync(mountpoint).isDirectory()) throw new Error(`${mountpoint}: not a directory`);
        const part = options.part === undefined ? undefined : Number(options.part);
        session = await open(image, { part, type: options.type, showLog: flags.p, writable: !options.ro });
        const fd = await mountFuse(mountpoint, { readOnly: Boolean(options.ro) });
        process.stderr.write(`lkl-wasm: ${image} is mounted on ${mountpoint}; umount ${mountpoint} to finish\n`);
        try {
          serve(session.kernel, MOUNT, fd);
        } finally {
          closeSync(fd);
        }
        // Everything the programs wrote reaches the image.
        session.kernel.umount(MOUNT);
        return 0;
      }
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`lkl-wasm: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    // Paths as the user named them: inside the image, not under /mnt.
    const inside = error.path?.startsWith(MOUNT) ? error.path.slice(MOUNT.length) || '/' : undefined;
    const message = inside ? error.message.replace(`'${error.path}'`, `'${inside}'`) : error.message;
    process.stderr.write(`lkl-wasm: ${command}: ${message}\n`);
    return 1;
  } finally {
    try { session?.kernel.halt(); } catch { /* the process ends anyway */ }
  }
}

process.exitCode = await main(process.argv.slice(2));
