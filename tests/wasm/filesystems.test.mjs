// Each filesystem type of tests/filesystems.rs, in Node: an image made by
// its own tools from the generated tree, attached from a file, mounted with
// mountAuto (the kernel must name the type), every file compared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { lstatSync } from 'node:fs';
import { FORMATS, holds, keeps, readAll, treeFiles, withKernel, writeTree } from './images.mjs';

const MS_RDONLY = 1;


test('every format mounts by itself and reads back the tree', { timeout: 120_000 }, () => withKernel({ memoryMiB: 96 }, async (kernel, dir) => {
  const tree = join(dir, 'tree');
  writeTree(tree);
  kernel.mkdir('/mnt', 0o755);
  for (const format of FORMATS) {
    const image = join(dir, `${format.name}.img`);
    format.make(tree, image);
    const disk = kernel.attachFile(image);
    assert.equal(kernel.mountAuto(`/dev/${disk.name}`, '/mnt', MS_RDONLY), format.fstype, format.name);
    for (const [path, contents] of treeFiles()) {
      if (!holds(format, path)) continue;
      assert.ok(readAll(kernel, `/mnt/${path}`).equals(Buffer.from(contents)), `${format.name}: ${path}`);
    }
    for (const path of [...treeFiles().map(([p]) => p), 'tools', 'docs']) {
      if (!holds(format, path) || keeps(format.name) === '') continue;
      const [got, want] = [kernel.fs.lstatSync(`/mnt/${path}`), lstatSync(join(tree, path))];
      const kept = keeps(format.name);
      if (kept.includes('m')) assert.equal(got.mode.toString(8), want.mode.toString(8), `${format.name}: ${path} mode`);
      if (kept.includes('o')) assert.deepEqual([got.uid, got.gid], [want.uid, want.gid], `${format.name}: ${path} owner`);
      if (kept.includes('t')) assert.equal(Math.floor(got.mtimeMs / 1000), Math.floor(want.mtimeMs / 1000), `${format.name}: ${path} mtime`);
    }
    if (keeps(format.name).includes('l')) assert.equal(kernel.fs.statSync('/mnt/hello.txt').nlink, 2, `${format.name}: hardlink`);
    if (format.symlinks) assert.equal(readAll(kernel, '/mnt/link').toString(), 'hello from the image\n', format.name);
    kernel.umount('/mnt');
    kernel.detachDisk(disk.slot);
  }
}));
