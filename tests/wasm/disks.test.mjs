// A disk image through the kernel's own virtio-blk and ext4 drivers in
// Node: an ext4 image made by mkfs.ext4 -d, attached from memory and from
// a file (positional reads), mounted read-only, every file compared with
// the source tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { boot } from '../../js/node.mjs';
import { ext4Image, partitionedImage, readAll, scratch, SPARSE_MARK_AT, SPARSE_SIZE, sparseImage, squashfsImage, treeFiles, withKernel } from './images.mjs';

const O_RDONLY = 0, O_WRONLY = 1, O_CREAT = 0o100;
const MS_RDONLY = 1;


function checkTree(kernel, disk, fstype = 'ext4') {
  assert.match(disk.name, /^vd[a-z]$/);
  try { kernel.mkdir('/mnt', 0o755); } catch (error) { assert.match(error.message, /EEXIST/); }
  assert.equal(kernel.mountAuto(`/dev/${disk.name}`, '/mnt', MS_RDONLY), fstype);
  for (const [path, contents] of treeFiles()) {
    assert.ok(readAll(kernel, `/mnt/${path}`).equals(Buffer.from(contents)), path);
    assert.equal(kernel.stat(`/mnt/${path}`).size, BigInt(contents.length), path);
  }
  assert.equal(readAll(kernel, '/mnt/link').toString(), 'hello from the image\n');
  assert.deepEqual(kernel.readdir('/mnt/docs/nested').filter((n) => !n.startsWith('.')), ['deep']);
  assert.throws(() => kernel.open('/mnt/new', O_WRONLY | O_CREAT, 0o644), /EROFS/);
  assert.throws(() => kernel.readdir('/mnt/hello.txt'), /ENOTDIR/);
  assert.throws(() => kernel.open('/mnt/missing', O_RDONLY, 0), /ENOENT/);
  kernel.umount('/mnt');
  kernel.detachDisk(disk.slot);
}

test('ext4 (from memory and from a file) and squashfs images read back their tree', () => withKernel({ memoryMiB: 64 }, async (kernel, dir) => {
  const image = ext4Image(dir);
  checkTree(kernel, kernel.attachDisk(readFileSync(image), true));
  checkTree(kernel, kernel.attachFile(image));
  checkTree(kernel, kernel.attachFile(squashfsImage(dir)), 'squashfs');
}));

test('random bytes are no filesystem: a clear error, and the kernel goes on', async () => {
  const kernel = await boot({ memoryMiB: 64 });
  try {
    const noise = new Uint8Array(4 << 20);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    const disk = kernel.attachDisk(noise, true);
    kernel.mkdir('/mnt', 0o755);
    assert.throws(() => kernel.mountAuto(`/dev/${disk.name}`, '/mnt', MS_RDONLY), /EINVAL/);
    assert.throws(() => kernel.mount(`/dev/${disk.name}`, '/mnt', 'ext4', MS_RDONLY), /EINVAL/);
    kernel.detachDisk(disk.slot);
    assert.equal(kernel.getpid(), 1);
  } finally {
    kernel.halt();
  }
});

test('MBR and GPT disks: the kernel lists their partitions and what is on them', () => withKernel({ memoryMiB: 64 }, async (kernel, dir) => {
  kernel.mkdir('/mnt', 0o755);
  for (const label of ['dos', 'gpt']) {
    const disk = kernel.attachFile(partitionedImage(dir, label));
    const layout = kernel.diskLayout(disk);
    assert.equal(layout.size, 40 << 20, label);
    assert.equal(layout.fstype, undefined, label);
    assert.deepEqual(layout.partitions.map((p) => [p.number, p.start, p.size, p.fstype]),
      [[1, 2048 * 512, 30720 * 512, 'ext4'], [2, 34816 * 512, 43008 * 512, 'ext4']], label);
    kernel.mountAuto(`/dev/${disk.name}2`, '/mnt', MS_RDONLY);
    assert.equal(readAll(kernel, '/mnt/b').toString(), 'two\n');
    kernel.umount('/mnt');
    kernel.detachDisk(disk.slot);
  }
}));

test('a 5 GiB sparse file reads past 4 GiB through the 32-bit kernel', () => withKernel({ memoryMiB: 64 }, async (kernel, dir) => {
  const disk = kernel.attachFile(sparseImage(dir));
  kernel.mkdir('/mnt', 0o755);
  kernel.mountAuto(`/dev/${disk.name}`, '/mnt', MS_RDONLY);
  assert.equal(kernel.fs.statSync('/mnt/sparse.bin').size, SPARSE_SIZE);
  const fd = kernel.fs.openSync('/mnt/sparse.bin');
  const mark = Buffer.alloc(9);
  assert.equal(kernel.fs.readSync(fd, mark, 0, 9, SPARSE_MARK_AT), 9);
  assert.equal(mark.toString(), 'MARK-4.5G');
  const hole = Buffer.alloc(4096, 1);
  assert.equal(kernel.fs.readSync(fd, hole, 0, 4096, SPARSE_MARK_AT - 8192), 4096);
  assert.ok(hole.every((b) => b === 0), 'a hole reads as zeros');
  const start = Buffer.alloc(5);
  kernel.fs.readSync(fd, start, 0, 5, 0);
  assert.equal(start.toString(), 'START');
  kernel.fs.closeSync(fd);
  kernel.umount('/mnt');
  kernel.detachDisk(disk.slot);
}));

test('an ext4 journal left unreplayed: read-only EROFS, writable the kernel replays it', async () => {
  const { dir, remove } = scratch();
  const kernel = await boot({ memoryMiB: 64 });
  const FSYNC = 82;
  try {
    kernel.mkdir('/mnt', 0o755);
    // Write through the kernel and take the disk's bytes while mounted: the
    // fsync'ed change is in the journal only.
    const live = kernel.attachDisk(readFileSync(ext4Image(dir)), false);
    kernel.mount(`/dev/${live.name}`, '/mnt', 'ext4');
    const fd = kernel.open('/mnt/new.txt', O_WRONLY | O_CREAT, 0o644);
    kernel.write(fd, new TextEncoder().encode('journaled\n'));
    assert.equal(kernel.rawSyscall(FSYNC, BigInt(fd), 0n, 0n, 0n, 0n, 0n), 0n);
    kernel.close(fd);
    const dirty = kernel.diskBytes(live.slot);
    kernel.umount('/mnt');
    kernel.detachDisk(live.slot);

    const ro = kernel.attachDisk(dirty, true);
    assert.throws(() => kernel.mountAuto(`/dev/${ro.name}`, '/mnt', MS_RDONLY), { code: 'EROFS' });
    kernel.detachDisk(ro.slot);

    const rw = kernel.attachDisk(dirty, false);
    kernel.mount(`/dev/${rw.name}`, '/mnt', 'ext4');
    assert.equal(readAll(kernel, '/mnt/new.txt').toString(), 'journaled\n');
    kernel.umount('/mnt');
    kernel.detachDisk(rw.slot);
    assert.match(kernel.log, /recovery complete/);
  } finally {
    kernel.halt();
    remove();
  }
});
