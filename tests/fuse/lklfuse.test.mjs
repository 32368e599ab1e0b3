// lkl-wasm lklfuse: an image of each writable type mounted through FUSE
// (root, /dev/fuse), used by ordinary programs (cp, ls, cat, mv, rm, df),
// unmounted; the filesystem's own checker must find it clean and cpfromfs
// must bring back what cp put in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { scratch, TREE_OWNERS, treeFiles, WRITABLE, writeTree } from '../wasm/images.mjs';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'js', 'cli.mjs');
const env = { ...process.env, PATH: `/usr/sbin:/sbin:${process.env.PATH}`, LKL_ECHO_LOG: '' };
const sh = (program, ...args) => execFileSync(program, args, { env, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
const mounted = (path) => readFileSync('/proc/mounts', 'utf8').split('\n').some((line) => line.split(' ')[1] === path);
const removed = (path) => path === 'empty' || path.startsWith('docs/nested/');

test('this machine can mount FUSE (root and /dev/fuse)', () => {
  assert.equal(process.getuid(), 0, 'lklfuse mounts with mount(8): run the tests as root');
  assert.ok(existsSync('/dev/fuse'), 'no /dev/fuse on this machine');
});

for (const format of WRITABLE) {
  test(`lklfuse ${format.fstype}: cp, ls, cat, mv, rm through FUSE; ${format.fsck[0]} clean after umount`, { timeout: 120_000 }, async () => {
    const { dir, remove } = scratch();
    const mountpoint = join(dir, 'mnt');
    let server;
    try {
      const tree = join(dir, 'tree');
      writeTree(tree);
      const image = join(dir, `${format.fstype}.img`);
      sh('truncate', '-s', format.size, image);
      sh(...format.mkfs, image);
      mkdirSync(mountpoint);
      server = spawn(process.execPath, [cli, 'lklfuse', image, mountpoint], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      server.stderr.on('data', (chunk) => { stderr += chunk; });
      const exited = new Promise((resolve) => server.once('exit', resolve));
      for (let i = 0; i < 200 && !mounted(mountpoint); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(mounted(mountpoint), `not mounted: ${stderr}`);

      // FAT keeps no owners, modes or symlinks: copy what links point at.
      sh('cp', ...(format.unix ? ['-a'] : ['-rL', '--preserve=timestamps']), `${tree}/.`, `${mountpoint}/copy`);
      const inode = (path) => sh('stat', '-c', '%i', join(mountpoint, 'copy', path));
      if (format.unix) assert.equal(inode('hello-hard'), inode('hello.txt'), 'cp -a kept the hard link');
      assert.match(sh('ls', '-l', join(mountpoint, 'copy')), /hello\.txt/);
      assert.equal(sh('cat', join(mountpoint, 'copy', 'link')), 'hello from the image\n');
      sh('mv', join(mountpoint, 'copy', 'empty'), join(mountpoint, 'moved'));
      sh('rm', '-r', join(mountpoint, 'copy', 'docs', 'nested'));
      assert.match(sh('df', mountpoint), /lklfuse/);

      sh('umount', mountpoint);
      assert.equal(await exited, 0, stderr);
      server = null;
      sh(...format.fsck, image);

      const out = join(dir, 'out');
      sh(process.execPath, cli, 'cpfromfs', '-i', image, '/', out);
      for (const [path, contents] of treeFiles()) {
        if (removed(path)) continue;
        const copy = join(out, 'copy', path);
        assert.ok(readFileSync(copy).equals(Buffer.from(contents)), path);
        // FAT keeps times in 2-second steps.
        const step = format.unix ? 1000 : 2000;
        assert.equal(Math.floor(lstatSync(copy).mtimeMs / step), Math.floor(lstatSync(join(tree, path)).mtimeMs / step), `${path} mtime`);
        if (format.unix) assert.equal(lstatSync(copy).mode, lstatSync(join(tree, path)).mode, `${path} mode`);
      }
      assert.equal(lstatSync(join(out, 'moved')).size, 0);
      assert.ok(!existsSync(join(out, 'copy', 'empty')));
      assert.ok(!existsSync(join(out, 'copy', 'docs', 'nested')));
      if (format.unix) {
        for (const [path, mode, uid, gid] of TREE_OWNERS) {
          if (removed(path)) continue;
          const st = lstatSync(join(out, 'copy', path));
          assert.deepEqual([st.mode & 0o7777, st.uid, st.gid], [mode, uid, gid], path);
        }
        assert.equal(readlinkSync(join(out, 'copy', 'link')), 'hello.txt');
      }
    } finally {
      if (server) {
        try { execFileSync('umount', [mountpoint]); } catch { /* not mounted */ }
        server.kill();
      }
      remove();
    }
  });
}
