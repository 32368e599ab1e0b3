// The lkl-wasm command line (js/cli.mjs) on images made by the real tools:
// info, ls, cat, cpfromfs, partitions, and the errors a shell user sees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { lstatSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { ext4Image, partitionedImage, scratch, treeFiles } from './images.mjs';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'js', 'cli.mjs');
const { dir, remove } = scratch();
const image = ext4Image(dir);
const tree = join(dir, 'tree');

function run(...args) {
  const env = { ...process.env, LKL_ECHO_LOG: '' }; // only -p shows the log
  const result = spawnSync(process.execPath, [cli, ...args], { maxBuffer: 64 << 20, env });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString() };
}

test.after(remove);

test('info names the filesystem, or each partition and its filesystem', () => {
  const whole = run('info', image);
  assert.equal(whole.status, 0, whole.stderr);
  assert.match(whole.stdout.toString(), /^filesystem: ext4$/m);
  const gpt = run('info', partitionedImage(dir, 'gpt'));
  assert.equal(gpt.status, 0, gpt.stderr);
  assert.match(gpt.stdout.toString(), /^partition 1: start 1048576, 15728640 bytes, ext4$/m);
  assert.match(gpt.stdout.toString(), /^partition 2: start 17825792, 22020096 bytes, ext4$/m);
});

test('ls lists names, and with -l modes, sizes and symlink targets', () => {
  const names = run('ls', image, '/');
  assert.equal(names.status, 0, names.stderr);
  assert.deepEqual(names.stdout.toString().trim().split('\n'), ['big.bin', 'docs', 'empty', 'hello-hard', 'hello.txt', 'link', 'lost+found', 'tools']);
  const long = run('ls', '-l', image, '/').stdout.toString();
  assert.match(long, /^-rw-r--r-- +1 +\d+ +\d+ +1048699 .* big\.bin$/m);
  assert.match(long, /^lrwxrwxrwx .* link -> hello\.txt$/m);
  const recursive = run('ls', '-R', image, '/docs').stdout.toString();
  assert.match(recursive, /^\/docs\/nested\/deep:\nnotes\.md$/m);
});

test('cat prints a file byte for byte', () => {
  for (const [path, contents] of treeFiles()) {
    const result = run('cat', image, `/${path}`);
    assert.equal(result.status, 0, result.stderr);
    assert.ok(result.stdout.equals(Buffer.from(contents)), path);
  }
});

test('a partition is picked with IMAGE:PART', () => {
  const result = run('cat', `${partitionedImage(dir, 'dos')}:2`, '/b');
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.toString(), 'two\n');
});

test('cpfromfs copies a tree out with contents, modes, symlinks and times', () => {
  const out = join(dir, 'out');
  const result = run('cpfromfs', '-i', image, '/', out);
  assert.equal(result.status, 0, result.stderr);
  for (const [path, contents] of treeFiles()) {
    assert.ok(readFileSync(join(out, path)).equals(Buffer.from(contents)), path);
    const [copy, source] = [statSync(join(out, path)), statSync(join(tree, path))];
    assert.equal(copy.mode, source.mode, `${path} mode`);
    assert.equal(Math.floor(copy.mtimeMs / 1000), Math.floor(source.mtimeMs / 1000), `${path} mtime`);
  }
  assert.ok(lstatSync(join(out, 'link')).isSymbolicLink());
  assert.equal(readlinkSync(join(out, 'link')), 'hello.txt');
});

test('-p shows the kernel log on stderr; --help prints the usage', () => {
  const withLog = run('ls', '-p', image, '/docs');
  assert.equal(withLog.status, 0, withLog.stderr);
  assert.match(withLog.stderr, /Linux version 6\.12/);
  assert.match(withLog.stderr, /EXT4-fs \(vd[a-z]\): mounted filesystem/);
  assert.equal(run('ls', image, '/docs').stderr, '', 'no log without -p');
  const help = run('--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout.toString(), /^usage:/);
});

test('errors: a missing path, a missing image, no filesystem, bad usage', () => {
  const missing = run('cat', image, '/nope');
  assert.equal(missing.status, 1);
  assert.equal(missing.stderr, "lkl-wasm: cat: ENOENT: no such file or directory, open '/nope'\n");
  const directory = run('cat', image, '/docs');
  assert.equal(directory.status, 1);
  assert.match(directory.stderr, /EISDIR/);
  const noImage = run('ls', join(dir, 'no-such.img'), '/');
  assert.equal(noImage.status, 1);
  assert.match(noImage.stderr, /no-such\.img: no such file/);
  const noPartition = run('ls', `${image}:3`, '/');
  assert.equal(noPartition.status, 1);
  assert.match(noPartition.stderr, /has no partition 3/);
  const usage = run('frobnicate');
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /unknown command 'frobnicate'/);
});
