// Too little memory for a mount is an ENOMEM error, not a dead kernel nor
// a crash: a 6 MiB kernel cannot fit zstd's squashfs decompressor, says
// so, and goes on mounting ext4 (patch 0007: with nothing it may kill, the
// OOM path fails the allocation instead of panicking).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ext4Image, FORMATS, readAll, withKernel, writeTree } from './images.mjs';

test('a 6 MiB kernel: ENOMEM for squashfs-zstd, then ext4 still mounts', { timeout: 60_000 }, () => withKernel({ memoryMiB: 6 }, async (kernel, dir) => {
  const tree = join(dir, 'tree');
  writeTree(tree);
  const zstd = join(dir, 'zstd.img');
  FORMATS.find((f) => f.name === 'squashfs-zstd').make(tree, zstd);
  kernel.mkdir('/mnt', 0o755);
  const disk = kernel.attachFile(zstd);
  assert.throws(() => kernel.mountAuto(`/dev/${disk.name}`, '/mnt', 1), { code: 'ENOMEM' });
  assert.match(kernel.log, /Out of memory and no killable processes/);
  kernel.detachDisk(disk.slot);
  mkdirSync(join(dir, 'ext4'));
  const ext4 = kernel.attachFile(ext4Image(join(dir, 'ext4')));
  assert.equal(kernel.mountAuto(`/dev/${ext4.name}`, '/mnt', 1), 'ext4');
  assert.equal(readAll(kernel, '/mnt/hello.txt').toString(), 'hello from the image\n');
  kernel.umount('/mnt');
  kernel.detachDisk(ext4.slot);
}));
