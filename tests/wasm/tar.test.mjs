// js/tar.mjs: a pax archive of a mounted ext4 tree, unpacked by GNU tar,
// matches the source tree: contents, long and unicode names, modes with
// set-id and sticky bits, owners, mtimes, the symlink, the hardlink, and
// extended attributes (pax SCHILY.xattr records).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tarPieces } from '../../js/tar.mjs';
import { TREE_OWNERS, treeFiles, withKernel, writeTree } from './images.mjs';

test('a tar of a mounted tree unpacks to the source tree', { timeout: 60_000 }, () => withKernel({ memoryMiB: 64 }, async (kernel, dir) => {
  // Extended attributes on one file (mkfs.ext4 -d copies them), one of
  // them binary.
  const tree = join(dir, 'tree');
  writeTree(tree);
  execFileSync('python3', ['-c', `import os; os.setxattr(${JSON.stringify(join(tree, 'hello.txt'))}, 'user.comment', b'from the tree'); os.setxattr(${JSON.stringify(join(tree, 'big.bin'))}, 'user.bin', bytes([0, 1, 2, 255]))`]);
  const image = join(dir, 'xattr.img');
  execFileSync('mkfs.ext4', ['-q', '-F', '-d', tree, image, '16M'], { env: { ...process.env, PATH: `/usr/sbin:/sbin:${process.env.PATH}` }, stdio: 'ignore' });
  const disk = kernel.attachFile(image);
  kernel.mkdir('/mnt', 0o755);
  kernel.mountAuto(`/dev/${disk.name}`, '/mnt', 1);
  const progress = [];
  const pieces = [...tarPieces(kernel, '/mnt', (p) => progress.push(p))];
  writeFileSync(join(dir, 'out.tar'), Buffer.concat(pieces));
  const out = join(dir, 'out');
  mkdirSync(out);
  execFileSync('tar', ['-xpf', join(dir, 'out.tar'), '-C', out, '--same-owner', '--xattrs', '--xattrs-include=*']);
  const xattr = (path, name) => execFileSync('python3', ['-c', `import os, sys; sys.stdout.buffer.write(os.getxattr(${JSON.stringify(join(out, path))}, '${name}'))`]);
  assert.equal(xattr('hello.txt', 'user.comment').toString(), 'from the tree');
  assert.deepEqual([...xattr('big.bin', 'user.bin')], [0, 1, 2, 255]);

  for (const [path, contents] of treeFiles()) {
    assert.ok(readFileSync(join(out, path)).equals(Buffer.from(contents)), path);
    const [got, want] = [lstatSync(join(out, path)), lstatSync(join(tree, path))];
    assert.equal(got.mode, want.mode, `${path} mode`);
    assert.deepEqual([got.uid, got.gid], [want.uid, want.gid], `${path} owner`);
    assert.equal(Math.floor(got.mtimeMs / 1000), Math.floor(want.mtimeMs / 1000), `${path} mtime`);
  }
  for (const [path, mode, uid, gid] of TREE_OWNERS) {
    const got = lstatSync(join(out, path));
    assert.deepEqual([got.mode & 0o7777, got.uid, got.gid], [mode, uid, gid], path);
  }
  assert.equal(readlinkSync(join(out, 'link')), 'hello.txt');
  assert.equal(lstatSync(join(out, 'hello.txt')).ino, lstatSync(join(out, 'hello-hard')).ino, 'hardlink');
  assert.equal(progress.at(-1).bytes, treeFiles().filter(([p]) => p !== 'hello-hard').reduce((n, [, c]) => n + c.length, 0));
  kernel.umount('/mnt');
}));
