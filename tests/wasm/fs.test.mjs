// kernel.fs: Node's fs shape over the kernel's files (js/fs.mjs), on an
// ext4 image made by mkfs.ext4 -d, compared with the source tree on the
// host: names and types, Stats (modes, sizes, times), symlinks, realpath,
// whole and ranged reads, streams, opendir, and Node-style errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync as hostLstat } from 'node:fs';
import { join } from 'node:path';
import { boot } from '../../js/node.mjs';
import { ext4Image, pattern, scratch, treeFiles } from './images.mjs';

const { dir, remove } = scratch();
const image = ext4Image(dir);
const tree = join(dir, 'tree');
const kernel = await boot({ memoryMiB: 64 });
const disk = kernel.attachFile(image);
kernel.mkdir('/mnt', 0o755);
kernel.mountAuto(`/dev/${disk.name}`, '/mnt', 1);
const fs = kernel.fs;

test.after(() => {
  kernel.halt();
  remove();
});

test('readdir: names, file types, recursive', async () => {
  assert.deepEqual(fs.readdirSync('/mnt').sort(), ['big.bin', 'docs', 'empty', 'hello-hard', 'hello.txt', 'link', 'lost+found', 'tools']);
  const types = Object.fromEntries(fs.readdirSync('/mnt', { withFileTypes: true })
    .map((d) => [d.name, d.isDirectory() ? 'dir' : d.isSymbolicLink() ? 'link' : d.isFile() ? 'file' : '?']));
  assert.deepEqual(types, {
    'big.bin': 'file', docs: 'dir', empty: 'file', 'hello-hard': 'file', 'hello.txt': 'file', link: 'link', 'lost+found': 'dir', tools: 'dir',
  });
  assert.ok(fs.readdirSync('/mnt/docs', { recursive: true }).includes('nested/deep/notes.md'));
  assert.deepEqual((await fs.promises.readdir('/mnt/docs/nested')), ['deep']);
});

test('stat and lstat match the source tree: type, mode, size, mtime', () => {
  for (const [path, contents] of treeFiles()) {
    const st = fs.statSync(`/mnt/${path}`);
    const host = hostLstat(join(tree, path));
    assert.ok(st.isFile(), path);
    assert.equal(st.size, contents.length, path);
    assert.equal(st.mode, host.mode, `${path} mode`);
    assert.equal(Math.floor(st.mtimeMs / 1000), Math.floor(host.mtimeMs / 1000), `${path} mtime`);
    assert.ok(st.mtime instanceof Date);
  }
  assert.ok(fs.lstatSync('/mnt/link').isSymbolicLink());
  assert.ok(fs.statSync('/mnt/link').isFile());
  assert.ok(fs.statSync('/mnt/docs').isDirectory());
});

test('readlink, realpath and exists', async () => {
  assert.equal(fs.readlinkSync('/mnt/link'), 'hello.txt');
  assert.equal(fs.realpathSync('/mnt/link'), '/mnt/hello.txt');
  assert.equal(await fs.promises.realpath('/mnt/docs/nested/../nested/deep/./notes.md'), '/mnt/docs/nested/deep/notes.md');
  assert.equal(fs.existsSync('/mnt/hello.txt'), true);
  assert.equal(fs.existsSync('/mnt/nope'), false);
});

test('readFile whole, as text, and through promises', async () => {
  assert.equal(fs.readFileSync('/mnt/hello.txt', 'utf8'), 'hello from the image\n');
  assert.ok((await fs.promises.readFile('/mnt/big.bin')).equals(Buffer.from(pattern((1 << 20) + 123, 7))));
  assert.equal(fs.readFileSync('/mnt/empty').length, 0);
});

test('ranged reads: readSync at a position, a FileHandle, a read stream', async () => {
  const big = Buffer.from(pattern((1 << 20) + 123, 7));
  const fd = fs.openSync('/mnt/big.bin');
  const buffer = Buffer.alloc(1000);
  assert.equal(fs.readSync(fd, buffer, 0, 1000, 500_000), 1000);
  assert.ok(buffer.equals(big.subarray(500_000, 501_000)));
  fs.closeSync(fd);

  const handle = await fs.promises.open('/mnt/big.bin');
  const { bytesRead } = await handle.read(buffer, 0, 100, big.length - 50);
  assert.equal(bytesRead, 50);
  assert.ok(buffer.subarray(0, 50).equals(big.subarray(big.length - 50)));
  await handle.close();

  const chunks = [];
  for await (const chunk of fs.createReadStream('/mnt/big.bin', { start: 1000, end: 300_999 })) chunks.push(chunk);
  assert.ok(Buffer.concat(chunks).equals(big.subarray(1000, 301_000)));
});

test('opendir iterates the entries', async () => {
  const names = [];
  for await (const entry of await fs.promises.opendir('/mnt/docs/nested/deep')) names.push(`${entry.name}:${entry.isFile()}`);
  assert.deepEqual(names, ['notes.md:true']);
});

test('errors look like Node fs errors', async () => {
  assert.throws(() => fs.readFileSync('/mnt/nope'), { code: 'ENOENT', errno: -2, syscall: 'open', path: '/mnt/nope' });
  assert.throws(() => fs.readdirSync('/mnt/hello.txt'), { code: 'ENOTDIR', syscall: 'scandir', path: '/mnt/hello.txt' });
  assert.throws(() => fs.readFileSync('/mnt/docs'), { code: 'EISDIR' });
  await assert.rejects(fs.promises.stat('/mnt/nope'), { code: 'ENOENT', syscall: 'stat' });
  assert.throws(() => fs.readlinkSync('/mnt/hello.txt'), { code: 'EINVAL', syscall: 'readlink' });
  await assert.rejects(fs.createReadStream('/mnt/nope').toArray(), { code: 'ENOENT' });
});
