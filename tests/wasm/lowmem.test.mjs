// Too little memory for a mount ends in an error, never a crash of the
// process: a 6 MiB kernel cannot fit zstd's squashfs decompressor. Today
// the kernel's OOM path often finds no task it may kill and panics (the
// kernel is gone: ENOTRECOVERABLE), sometimes the allocation fails
// (ENOMEM); either way the process goes on and a new kernel works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { boot } from '../../js/node.mjs';
import { ext4Image, FORMATS, readAll, scratch, writeTree } from './images.mjs';

test('a mount too big for a 6 MiB kernel is an error; the process goes on', { timeout: 60_000 }, async (t) => {
  const { dir, remove } = scratch();
  try {
    const tree = join(dir, 'tree');
    writeTree(tree);
    const zstd = join(dir, 'zstd.img');
    FORMATS.find((f) => f.name === 'squashfs-zstd').make(tree, zstd);
    const small = await boot({ memoryMiB: 6 });
    small.mkdir('/mnt', 0o755);
    const disk = small.attachFile(zstd);
    let code;
    assert.throws(() => small.mountAuto(`/dev/${disk.name}`, '/mnt', 1), (error) => {
      code = error.code;
      return ['ENOMEM', 'ENOTRECOVERABLE'].includes(error.code);
    });
    t.diagnostic(`6 MiB kernel, squashfs-zstd: ${code}`);
    if (code === 'ENOTRECOVERABLE') assert.match(small.log, /Out of memory|oom/i, 'the log says why');
    small.halt();

    const kernel = await boot({ memoryMiB: 32 });
    kernel.mkdir('/mnt', 0o755);
    mkdirSync(join(dir, 'ext4'));
    const ext4 = kernel.attachFile(ext4Image(join(dir, 'ext4')));
    assert.equal(kernel.mountAuto(`/dev/${ext4.name}`, '/mnt', 1), 'ext4');
    assert.equal(readAll(kernel, '/mnt/hello.txt').toString(), 'hello from the image\n');
    kernel.umount('/mnt');
    kernel.halt();
  } finally {
    remove();
  }
});
