// lkl-wasm cptofs and fs2tar (js/cli.mjs): the generated tree copied into
// empty images of each writable type in place, each filesystem's checker
// finds it clean, the host's own tools read every file back byte for byte
// (images.mjs WRITABLE hostRead), cpfromfs brings it back equal to the source (contents,
// and modes, owners, times, symlinks and hard links where the type keeps
// them), and fs2tar's archive unpacks (GNU tar) to the same tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { scratch, TREE_OWNERS, treeFiles, writeTree, WRITABLE } from './images.mjs';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'js', 'cli.mjs');
const env = { ...process.env, PATH: `/usr/sbin:/sbin:${process.env.PATH}`, LKL_ECHO_LOG: '' };
const sh = (program, args) => execFileSync(program, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });

function lkl(...args) {
  const result = spawnSync(process.execPath, [cli, ...args], { env, maxBuffer: 64 << 20 });
  assert.equal(result.status, 0, `lkl-wasm ${args.join(' ')}: ${result.stderr}`);
  return result;
}

/** The tree's files a filesystem holds: FAT has no hard links. */
const filesOf = (unix) => treeFiles().filter(([path]) => unix || path !== 'hello-hard');

/** Checks `root` (copied back or unpacked) against the source `tree`:
 * contents and mtimes (FAT keeps them in 2-second steps); modes, owners
 * and the symlink where the filesystem keeps them. */
function sameTree(root, tree, unix, label) {
  const step = unix ? 1000 : 2000;
  for (const [path, contents] of filesOf(unix)) {
    assert.ok(readFileSync(join(root, path)).equals(Buffer.from(contents)), `${label}: ${path}`);
    const [got, want] = [lstatSync(join(root, path)), lstatSync(join(tree, path))];
    assert.equal(Math.floor(got.mtimeMs / step), Math.floor(want.mtimeMs / step), `${label}: ${path} mtime`);
    if (unix) assert.equal(got.mode, want.mode, `${label}: ${path} mode`);
  }
  if (!unix) return;
  for (const [path, mode, uid, gid] of TREE_OWNERS) {
    const st = lstatSync(join(root, path));
    assert.deepEqual([st.mode & 0o7777, st.uid, st.gid], [mode, uid, gid], `${label}: ${path}`);
  }
  assert.equal(readlinkSync(join(root, 'link')), 'hello.txt', `${label}: symlink`);
}

for (const fs of WRITABLE) {
  test(`cptofs into ${fs.fstype}: clean; read back by the host's tools, cpfromfs and fs2tar`, { timeout: 120_000 }, () => {
    const { dir, remove } = scratch();
    try {
      // FAT has no symlinks or hard links: its tree leaves them out.
      const tree = join(dir, 'tree');
      writeTree(tree);
      if (!fs.unix) {
        rmSync(join(tree, 'link'));
        rmSync(join(tree, 'hello-hard'));
      }
      const image = join(dir, `${fs.fstype}.img`);
      sh('truncate', ['-s', fs.size, image]);
      sh(fs.mkfs[0], [...fs.mkfs.slice(1), image]);
      // As `cptofs -i IMAGE tree/* /` in a shell.
      const entries = readdirSync(tree).map((name) => join(tree, name));
      lkl('cptofs', '-i', image, ...entries, '/');
      try {
        sh(fs.fsck[0], [...fs.fsck.slice(1), image]);
      } catch (error) {
        assert.fail(`${fs.fstype}: ${fs.fsck.join(' ')}:\n${error.stdout}${error.stderr}`);
      }

      // The host's own tools read back what our kernel wrote.
      const hostOut = join(dir, 'host');
      mkdirSync(hostOut);
      fs.hostRead(image, hostOut);
      for (const [path, contents] of filesOf(fs.unix)) {
        assert.ok(readFileSync(join(hostOut, path)).equals(Buffer.from(contents)), `${fs.fstype} host read: ${path}`);
      }

      const out = join(dir, 'out');
      lkl('cpfromfs', '-i', image, '/', out);
      sameTree(out, tree, fs.unix, `${fs.fstype} cpfromfs`);
      if (fs.unix) assert.equal(lstatSync(join(out, 'hello.txt')).nlink, 1, 'cpfromfs copies hard links as files');

      const tar = join(dir, 'out.tar');
      lkl('fs2tar', image, tar);
      const untarred = join(dir, 'untarred');
      mkdirSync(untarred);
      sh('tar', ['-xpf', tar, '-C', untarred, '--same-owner']);
      sameTree(untarred, tree, fs.unix, `${fs.fstype} fs2tar`);
      if (fs.unix) {
        assert.equal(lstatSync(join(untarred, 'hello.txt')).ino, lstatSync(join(untarred, 'hello-hard')).ino, 'fs2tar keeps hard links');
      }
    } finally {
      remove();
    }
  });
}

test('cptofs -o/-g sets the owner; errors are a shell user\'s', { timeout: 60_000 }, () => {
  const { dir, remove } = scratch();
  try {
    const image = join(dir, 'e.img');
    sh('truncate', ['-s', '16M', image]);
    sh('mkfs.ext4', ['-q', '-F', image]);
    mkdirSync(join(dir, 'src'));
    sh('sh', ['-c', `echo owned > ${join(dir, 'src', 'f')}`]);
    lkl('cptofs', '-o', '1234', '-g', '99', '-i', image, join(dir, 'src'), '/');
    const listing = lkl('ls', '-l', image, '/src').stdout.toString();
    assert.match(listing, /^-rw-r--r-- +1 +1234 +99 +6 .* f$/m);
    const missing = spawnSync(process.execPath, [cli, 'cptofs', '-i', image, join(dir, 'nope'), '/'], { env });
    assert.equal(missing.status, 1);
    assert.match(missing.stderr.toString(), /nope: no such file or directory/);
    const usage = spawnSync(process.execPath, [cli, 'cptofs', join(dir, 'src')], { env });
    assert.equal(usage.status, 2);
  } finally {
    remove();
  }
});
