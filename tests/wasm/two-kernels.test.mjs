// Kernels in one Node process: each has its own module instance and
// memory, so each has its own root filesystem, and halting one leaves the
// other running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boot } from '../../js/node.mjs';

const O_RDWR = 0o2, O_CREAT = 0o100;
const encode = (text) => new TextEncoder().encode(text);
const decode = (bytes) => new TextDecoder().decode(bytes);

function writeFile(kernel, path, text) {
  const fd = kernel.open(path, O_RDWR | O_CREAT, 0o644);
  kernel.write(fd, encode(text));
  kernel.close(fd);
}

function readFile(kernel, path) {
  const fd = kernel.open(path, 0, 0);
  const text = decode(kernel.read(fd, 4096));
  kernel.close(fd);
  return text;
}

test('two kernels side by side each answer with their own state', async () => {
  const a = await boot({ memoryMiB: 32 });
  const b = await boot({ memoryMiB: 32 });
  writeFile(a, '/whoami', 'kernel a');
  writeFile(b, '/whoami', 'kernel b');
  assert.equal(readFile(a, '/whoami'), 'kernel a');
  assert.equal(readFile(b, '/whoami'), 'kernel b');
  a.mkdir('/only-in-a', 0o755);
  assert.throws(() => b.stat('/only-in-a'), /ENOENT/);
  assert.equal(a.uname()[0], 'Linux');
  assert.equal(b.uname()[0], 'Linux');

  a.halt();
  assert.throws(() => a.getpid());
  assert.equal(b.getpid(), 1, 'halting one kernel leaves the other running');
  assert.equal(readFile(b, '/whoami'), 'kernel b');

  // One after the other: a third boots while the second still runs.
  const c = await boot({ memoryMiB: 32 });
  assert.throws(() => c.stat('/whoami'), /ENOENT/);
  writeFile(c, '/whoami', 'kernel c');
  b.halt();
  assert.equal(readFile(c, '/whoami'), 'kernel c');
  c.halt();
});
