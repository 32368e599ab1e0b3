// lkl-wasm lklfuse: an ext4 image mounted through FUSE (root, /dev/fuse),
// used by ordinary programs (cp -a, ls, cat, mv, rm), unmounted; e2fsck
// must find it clean and cpfromfs must bring back what cp put in. Not in
// build-scripts/test (CI's FUSE is unverified): build-scripts/test-fuse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, readlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { scratch, TREE_OWNERS, treeFiles, writeTree } from '../wasm/images.mjs';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'js', 'cli.mjs');
const env = { ...process.env, PATH: `/usr/sbin:/sbin:${process.env.PATH}`, LKL_ECHO_LOG: '' };
const sh = (program, ...args) => execFileSync(program, args, { env, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
const mounted = (path) => readFileSync('/proc/mounts', 'utf8').split('\n').some((line) => line.split(' ')[1] === path);

test('lklfuse: cp -a, ls, cat, mv, rm through FUSE; clean after umount', { timeout: 120_000 }, async () => {
  const { dir, remove } = scratch();
  const mountpoint = join(dir, 'mnt');
  let server;
  try {
    const tree = join(dir, 'tree');
    writeTree(tree);
    const image = join(dir, 'e.img');
    sh('truncate', '-s', '32M', image);
    sh('mkfs.ext4', '-q', '-F', image);
    mkdirSync(mountpoint);
    server = spawn(process.execPath, [cli, 'lklfuse', image, mountpoint], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    server.stderr.on('data', (chunk) => { stderr += chunk; });
    const exited = new Promise((resolve) => server.once('exit', resolve));
    for (let i = 0; i < 200 && !mounted(mountpoint); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(mounted(mountpoint), `not mounted: ${stderr}`);

    sh('cp', '-a', `${tree}/.`, `${mountpoint}/copy`);
    assert.match(sh('ls', '-l', join(mountpoint, 'copy')), /hello\.txt/);
    assert.equal(sh('cat', join(mountpoint, 'copy', 'link')), 'hello from the image\n');
    sh('mv', join(mountpoint, 'copy', 'empty'), join(mountpoint, 'moved'));
    sh('rm', '-r', join(mountpoint, 'copy', 'docs', 'nested'));
    assert.match(sh('df', mountpoint), /lklfuse/);

    sh('umount', mountpoint);
    assert.equal(await exited, 0, stderr);
    server = null;
    sh('e2fsck', '-fn', image);

    const out = join(dir, 'out');
    sh(process.execPath, cli, 'cpfromfs', '-i', image, '/copy', out);
    for (const [path, contents] of treeFiles()) {
      if (path === 'empty' || path.startsWith('docs/nested/')) continue;
      assert.ok(readFileSync(join(out, path)).equals(Buffer.from(contents)), path);
      assert.equal(lstatSync(join(out, path)).mode, lstatSync(join(tree, path)).mode, `${path} mode`);
      assert.equal(Math.floor(lstatSync(join(out, path)).mtimeMs / 1000), Math.floor(lstatSync(join(tree, path)).mtimeMs / 1000), `${path} mtime`);
    }
    for (const [path, mode, uid, gid] of TREE_OWNERS) {
      if (path.startsWith('docs/nested/')) continue;
      const st = lstatSync(join(out, path));
      assert.deepEqual([st.mode & 0o7777, st.uid, st.gid], [mode, uid, gid], path);
    }
    assert.equal(readlinkSync(join(out, 'link')), 'hello.txt');
    assert.equal(sh('debugfs', '-R', 'cat /moved', image), '');
  } finally {
    if (server) {
      try { execFileSync('umount', [mountpoint]); } catch { /* not mounted */ }
      server.kill();
    }
    remove();
  }
});
