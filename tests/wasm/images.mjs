// Disk images made by the real tools from a generated tree (the same tree
// as tests/common/images.rs), for the Node tests.
import { execFileSync } from 'node:child_process';
import {
  chmodSync, chownSync, closeSync, copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync, writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Deterministic bytes that are not all alike (xorshift32, as in images.rs). */
export function pattern(length, seed) {
  let x = (Math.imul(seed, 2654435761) >>> 0) || 1;
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

const encode = (text) => new TextEncoder().encode(text);

/** [path, contents] of the tree's regular files. */
export function treeFiles() {
  return [
    ['hello.txt', encode('hello from the image\n')],
    ['empty', new Uint8Array(0)],
    ['docs/nested/deep/notes.md', encode('# deep\nthree levels down\n')],
    ['docs/h\u00e9llo w\u00f6rld \u2713.txt', encode('unicode name\n')],
    ['big.bin', pattern((1 << 20) + 123, 7)],
    ['tools/suid-tool', encode('#!/bin/sh\necho set-uid\n')],
    ['hello-hard', encode('hello from the image\n')],
    [LONG_NAME, encode('a 200-byte name\n')],
  ];
}

/** A file in `docs/` with a 200-byte name. */
export const LONG_NAME = `docs/long-${'n'.repeat(191)}.txt`;

/** Special metadata in the tree: [path, mode bits, uid, gid]. */
export const TREE_OWNERS = [
  ['tools/suid-tool', 0o4755, 1000, 1000],
  ['tools', 0o1777, 1000, 100],
  ['docs/nested/deep/notes.md', 0o600, 0, 0],
];

/** Whether the format's tool can put `path` in the image: names with
 * spaces do not fit an xfs protofile; ntfscp makes no directories. */
export function holds(format, path) {
  return (format.spaces !== false || !path.includes(' ')) && (format.nested !== false || !path.includes('/'));
}

/**
 * Which metadata a format's tool carries over from the tree: m(odes, with
 * set-id and sticky bits), o(wners), t(imes), l(inks: the hardlink); as in
 * tests/filesystems.rs.
 */
export function keeps(format) {
  return { xfs: 'o', f2fs: 'mt', udf: '', vfat: '', ntfs3: '', exfat: '', 'ntfs3-ntfs-3g': 'l' }[format] ?? 'motl';
}

/** Extracts `member` of tests/fixtures/fuse-images.tar.xz (images written
 * through FUSE drivers by build-scripts/make-fuse-images) to `image`. */
export function fuseImage(member, image) {
  const archive = new URL('../fixtures/fuse-images.tar.xz', import.meta.url).pathname;
  writeFileSync(image, execFileSync('tar', ['-xJOf', archive, member], { maxBuffer: 64 << 20 }));
}

/** A scratch directory, removed by the returned function. */
export function scratch() {
  const dir = mkdtempSync(join(tmpdir(), 'lkl-wasm-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Runs `work(kernel, dir)` with a kernel booted with `options` and a
 * scratch folder; halts the kernel and removes the folder afterwards,
 * whatever happens.
 */
export async function withKernel(options, work) {
  const { boot } = await import('../../js/node.mjs');
  const kernel = await boot(options);
  const { dir, remove } = scratch();
  try {
    return await work(kernel, dir);
  } finally {
    kernel.halt();
    remove();
  }
}

export function writeTree(root) {
  for (const [path, contents] of treeFiles()) {
    if (path === 'hello-hard') continue;
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), contents);
  }
  linkSync(join(root, 'hello.txt'), join(root, 'hello-hard'));
  symlinkSync('hello.txt', join(root, 'link'));
  for (const [path, mode, uid, gid] of TREE_OWNERS) {
    chownSync(join(root, path), uid, gid);
    chmodSync(join(root, path), mode);
  }
}

const env = { ...process.env, PATH: `/usr/sbin:/sbin:${process.env.PATH}` };

/** An ext4 image of the tree (mkfs.ext4 -d); its path. */
export function ext4Image(dir) {
  const tree = join(dir, 'tree');
  writeTree(tree);
  const image = join(dir, 'ext4.img');
  execFileSync('mkfs.ext4', ['-q', '-F', '-d', tree, image, '16M'], { env });
  return image;
}

/** A squashfs image of the tree (mksquashfs, zstd); its path. */
export function squashfsImage(dir) {
  const tree = join(dir, 'sq-tree');
  writeTree(tree);
  const image = join(dir, 'squashfs.img');
  execFileSync('mksquashfs', [tree, image, '-quiet', '-noappend', '-comp', 'zstd'], { env });
  return image;
}

const run = (program, args) => execFileSync(program, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });

/**
 * The formats of tests/filesystems.rs: name, the type the kernel must
 * report, whether symlinks survive, and how the image is made from a tree.
 */
export const FORMATS = [
  { name: 'ext2', fstype: 'ext4', symlinks: true, make: (t, i) => run('mkfs.ext2', ['-q', '-F', '-d', t, i, '16M']) },
  { name: 'ext3', fstype: 'ext4', symlinks: true, make: (t, i) => run('mkfs.ext3', ['-q', '-F', '-d', t, i, '16M']) },
  { name: 'ext4', fstype: 'ext4', symlinks: true, make: (t, i) => run('mkfs.ext4', ['-q', '-F', '-d', t, i, '16M']) },
  { name: 'btrfs', fstype: 'btrfs', symlinks: true, make: (t, i) => { run('truncate', ['-s', '128M', i]); run('mkfs.btrfs', ['-q', '-f', '--rootdir', t, i]); } },
  ...['gzip', 'xz', 'zstd', 'lz4', 'lzo'].map((comp) => (
    { name: `squashfs-${comp}`, fstype: 'squashfs', symlinks: true, make: (t, i) => run('mksquashfs', [t, i, '-quiet', '-noappend', '-comp', comp]) })),
  { name: 'erofs', fstype: 'erofs', symlinks: true, make: (t, i) => run('mkfs.erofs', ['--quiet', i, t]) },
  { name: 'erofs-lz4hc', fstype: 'erofs', symlinks: true, make: (t, i) => run('mkfs.erofs', ['--quiet', '-zlz4hc', i, t]) },
  { name: 'iso9660-rockridge-joliet', fstype: 'iso9660', symlinks: true, make: (t, i) => run('xorriso', ['-as', 'mkisofs', '-quiet', '-R', '-J', '-o', i, t]) },
  { name: 'xfs', fstype: 'xfs', symlinks: true, spaces: false, make: (t, i) => {
    writeFileSync(`${i}.proto`, xfsProtofile(t));
    run('truncate', ['-s', '300M', i]);
    run('mkfs.xfs', ['-q', '-f', '-p', `${i}.proto`, i]);
  } },
  // genisoimage's UDF tree has no symlinks (only its Rock Ridge side).
  { name: 'udf', fstype: 'udf', symlinks: false, make: (t, i) => run('genisoimage', ['-quiet', '-udf', '-R', '-o', i, t]) },
  { name: 'f2fs', fstype: 'f2fs', symlinks: true, make: (t, i) => { run('truncate', ['-s', '64M', i]); run('mkfs.f2fs', ['-q', '-f', i]); run('sload.f2fs', ['-f', t, i]); } },
  // ntfscp copies files into the image but makes no directories.
  { name: 'ntfs3', fstype: 'ntfs3', symlinks: false, nested: false, make: (t, i) => {
    run('truncate', ['-s', '16M', i]);
    run('mkntfs', ['-q', '-F', i]);
    for (const [path] of treeFiles().filter(([p]) => !p.includes('/'))) run('ntfscp', [i, join(t, path), path]);
  } },
  // exFAT and a whole NTFS tree have no image-filling tool: FUSE drivers
  // wrote these (build-scripts/make-fuse-images); the tree is the same.
  // ntfs-3g writes symlinks the Interix way, which ntfs3 shows as files.
  { name: 'exfat', fstype: 'exfat', symlinks: false, make: (t, i) => fuseImage('exfat.img', i) },
  { name: 'ntfs3-ntfs-3g', fstype: 'ntfs3', symlinks: false, make: (t, i) => fuseImage('ntfs.img', i) },
  { name: 'vfat', fstype: 'vfat', symlinks: false, make: (t, i) => {
    run('mkfs.vfat', ['-C', i, '16384']);
    for (const [path] of treeFiles()) {
      const top = path.split('/')[0];
      if (top !== path) continue;
      run('mcopy', ['-i', i, join(t, path), '::']);
    }
    for (const sub of ['docs', 'tools']) run('mcopy', ['-s', '-i', i, join(t, sub), '::']);
  } },
];

/**
 * A disk with a partition table (`label`: "dos" or "gpt") and two ext4
 * partitions holding `a` ("one\n") and `b` ("two\n"); as tests/common/images.rs.
 */
export function partitionedImage(dir, label) {
  const image = join(dir, `${label}.img`);
  run('truncate', ['-s', '40M', image]);
  execFileSync('sfdisk', ['-q', image], { env, input: `label: ${label}\nstart=2048, size=30720\nstart=34816, size=43008\n` });
  for (const [name, file, start, size] of [['one', 'a', 2048, '15M'], ['two', 'b', 34816, '21M']]) {
    const tree = join(dir, `${label}-${name}`);
    mkdirSync(tree, { recursive: true });
    writeFileSync(join(tree, file), `${name}\n`);
    run('mkfs.ext4', ['-q', '-F', '-E', `offset=${start * 512}`, '-d', tree, image, size]);
  }
  return image;
}

/** The whole contents of `path`, read through `kernel`. */
export function readAll(kernel, path) {
  const fd = kernel.open(path, 0, 0);
  const chunks = [];
  for (let chunk; (chunk = kernel.read(fd, 256 * 1024)).length > 0;) chunks.push(chunk);
  kernel.close(fd);
  return Buffer.concat(chunks);
}

/**
 * A mkfs.xfs protofile (`-p`) describing `dir` (mkfs.xfs has no `-d`);
 * names with whitespace are left out (protofile names are tokens).
 */
export function xfsProtofile(dir) {
  const lines = ['/dev/null', '0 0', 'd--755 0 0'];
  const walk = (path) => {
    for (const name of readdirSync(path).sort()) {
      if (/\s/.test(name)) continue;
      const full = join(path, name);
      const st = lstatSync(full);
      // Type, set-uid, set-gid, permissions (no sticky bit), owner.
      const type = st.isSymbolicLink() ? 'l' : st.isDirectory() ? 'd' : '-';
      const mode = `${type}${st.mode & 0o4000 ? 'u' : '-'}${st.mode & 0o2000 ? 'g' : '-'}`
        + `${(st.mode & 0o777).toString(8).padStart(3, '0')} ${st.uid} ${st.gid}`;
      if (st.isSymbolicLink()) lines.push(`${name} ${mode} ${readlinkSync(full)}`);
      else if (st.isDirectory()) { lines.push(`${name} ${mode}`); walk(full); lines.push('$'); }
      else lines.push(`${name} ${mode} ${full}`);
    }
  };
  walk(dir);
  lines.push('$');
  return `${lines.join('\n')}\n`;
}

/** Where the marker sits in the sparse file of sparseImage(). */
export const SPARSE_MARK_AT = 4608 * 1024 * 1024;
/** The size of that file: 5 GiB, past what 32 bits can count. */
export const SPARSE_SIZE = 5 * 1024 ** 3;

/** An ext4 image (6 GiB, sparse on the host) holding `sparse.bin`: 5 GiB
 * of holes with "START" at 0 and "MARK-4.5G" at 4.5 GiB. */
export function sparseImage(dir) {
  const tree = join(dir, 'sparse-tree');
  mkdirSync(tree, { recursive: true });
  const file = join(tree, 'sparse.bin');
  run('truncate', ['-s', String(SPARSE_SIZE), file]);
  const fd = openSync(file, 'r+');
  writeSync(fd, 'START', 0);
  writeSync(fd, 'MARK-4.5G', SPARSE_MARK_AT);
  closeSync(fd);
  const image = join(dir, 'sparse.img');
  run('mkfs.ext4', ['-q', '-F', '-d', tree, image, '6G']);
  return image;
}

/**
 * Empty images of each writable type: size, how to make one, its own
 * checker, whether it keeps Unix metadata (not FAT), and `hostRead(image,
 * out)`: the image's files copied into `out` by the host's own tools, not
 * by our kernel (userspace readers where there are; xfs through the host
 * kernel, read-only on a loop device). As tests/writes.rs.
 */
export const WRITABLE = [
  {
    fstype: 'ext4', size: '32M', mkfs: ['mkfs.ext4', '-q', '-F'], fsck: ['e2fsck', '-fn'], unix: true,
    hostRead: (image, out) => run('debugfs', ['-R', `rdump / ${out}`, image]),
  },
  {
    fstype: 'btrfs', size: '128M', mkfs: ['mkfs.btrfs', '-q', '-f'], fsck: ['btrfs', 'check'], unix: true,
    hostRead: (image, out) => run('btrfs', ['restore', '-S', image, out]),
  },
  {
    fstype: 'xfs', size: '300M', mkfs: ['mkfs.xfs', '-q', '-f'], fsck: ['xfs_repair', '-n'], unix: true,
    hostRead: (image, out) => {
      const mountpoint = `${out}.mnt`;
      mkdirSync(mountpoint);
      run('mount', ['-o', 'loop,ro,norecovery', '-t', 'xfs', image, mountpoint]);
      try {
        run('cp', ['-a', `${mountpoint}/.`, out]);
      } finally {
        run('umount', [mountpoint]);
      }
    },
  },
  {
    fstype: 'f2fs', size: '64M', mkfs: ['mkfs.f2fs', '-q', '-f'], fsck: ['fsck.f2fs', '--dry-run'], unix: true,
    hostRead: f2fsDump,
  },
  {
    fstype: 'vfat', size: '32M', mkfs: ['mkfs.vfat'], fsck: ['fsck.vfat', '-n'], unix: false,
    hostRead: (image, out) => run('mcopy', ['-s', '-n', '-m', '-i', image, '::*', `${out}/`]),
  },
];

/**
 * f2fs has no tool that copies a tree out: `fsck.f2fs -t` prints the tree
 * with inode numbers ("|   |-- name <ino = 0x5>, ...", "`--" for the last
 * entry of a directory), and `dump.f2fs -i`
 * writes one inode's file into ./lost_found (after asking: "y"). Regular
 * files only, at their paths under `out`.
 */
function f2fsDump(image, out) {
  const listing = execFileSync('fsck.f2fs', ['--dry-run', '-t', image], { env }).toString();
  const parents = [];
  for (const line of listing.split('\n')) {
    const match = /^((?:\|   |    )*)[|`]-- (.*) <ino = 0x([0-9a-f]+)>/.exec(line);
    if (!match) continue;
    const depth = match[1].length / 4;
    parents.length = depth;
    const path = [...parents, match[2]].join('/');
    parents.push(match[2]);
    const work = mkdtempSync(join(tmpdir(), 'f2fs-dump-'));
    try {
      // The answer from a file, not a pipe: dump.f2fs does not ask (nor
      // read) for a directory, and writing to a pipe it closed is EPIPE.
      writeFileSync(join(work, 'yes'), 'y\n');
      const answer = openSync(join(work, 'yes'), 'r');
      try {
        execFileSync('dump.f2fs', ['-i', `0x${match[3]}`, image], { env, cwd: work, stdio: [answer, 'ignore', 'pipe'] });
      } finally {
        closeSync(answer);
      }
      // Named after the inode's first name (a hard link's may differ);
      // a directory or a symlink gives no file.
      const lostFound = join(work, 'lost_found');
      const [dumped] = existsSync(lostFound) ? readdirSync(lostFound) : [];
      if (dumped === undefined) continue;
      mkdirSync(dirname(join(out, path)), { recursive: true });
      copyFileSync(join(lostFound, dumped), join(out, path));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
}
