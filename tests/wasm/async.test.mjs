// bootAsync (js/async.mjs): the kernel in a thread of its own behind
// promises; a call that takes too long or is aborted ends that kernel with
// ETIMEDOUT / ABORT_ERR instead of hanging the caller, and its threads go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { bootAsync } from '../../js/async.mjs';
import { ext4Image, scratch } from './images.mjs';

const threads = () => readdirSync('/proc/self/task').length;

test('calls, fs.promises, a disk, and halt', { timeout: 60_000 }, async () => {
  const { dir, remove } = scratch();
  const kernel = await bootAsync({ memoryMiB: 32 });
  try {
    assert.match(kernel.version, /^6\.12\./);
    assert.equal(await kernel.getpid(), 1);
    const disk = await kernel.attachFile(ext4Image(dir));
    assert.equal((await kernel.diskLayout(disk)).fstype, 'ext4');
    await kernel.mkdir('/mnt', 0o755);
    assert.equal(await kernel.mountAuto(`/dev/${disk.name}`, '/mnt', 1), 'ext4');
    const entries = await kernel.fs.promises.readdir('/mnt', { withFileTypes: true });
    assert.ok(entries.find((e) => e.name === 'docs').isDirectory());
    assert.ok((await kernel.fs.promises.lstat('/mnt/link')).isSymbolicLink());
    assert.equal((await kernel.fs.promises.readFile('/mnt/hello.txt')).toString(), 'hello from the image\n');
    await assert.rejects(kernel.fs.promises.stat('/mnt/nope'), { code: 'ENOENT', syscall: 'stat', path: '/mnt/nope' });
    await kernel.umount('/mnt');
  } finally {
    await kernel.halt();
    remove();
  }
  assert.equal(kernel.dead, true);
});

test('a call past the timeout, or aborted, ends that kernel and frees its threads', { timeout: 60_000 }, async () => {
  const before = threads();
  const slow = await bootAsync({ memoryMiB: 32, timeoutMs: 500 });
  const started = Date.now();
  await assert.rejects(slow.sleep(20_000), { code: 'ETIMEDOUT' });
  assert.ok(Date.now() - started < 5000);
  await assert.rejects(slow.getpid(), { code: 'ENOTRECOVERABLE' });

  const other = await bootAsync({ memoryMiB: 32 });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 200);
  await assert.rejects(other.withSignal(controller.signal).sleep(20_000), { code: 'ABORT_ERR' });
  assert.equal(other.dead, true);
  for (let i = 0; i < 200 && threads() > before + 2; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  assert.ok(threads() <= before + 2, `${threads()} threads, ${before} before`);
});
