// A kernel that panics or faults becomes a JS error carrying the end of its
// log; the Node process lives on and can boot another kernel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boot } from '../../js/node.mjs';

const WRITE = 64;
const O_RDWR = 0o2, O_CREAT = 0o100;

test('too little memory: boot rejects with the kernel panic in the error', async () => {
  await assert.rejects(boot({ memoryMiB: 1, workers: 24 }), (error) => {
    assert.equal(error.code, 'ENOTRECOVERABLE');
    assert.match(error.message, /--- kernel log \(last lines\) ---/);
    assert.match(error.message, /Kernel panic - not syncing/);
    assert.match(error.kernelLog, /^Linux version 6\.12/m);
    return true;
  });
});

test('a fault inside a call fails it and every later call; a new kernel boots', async () => {
  const kernel = await boot({ memoryMiB: 32 });
  const fd = kernel.open('/victim', O_RDWR | O_CREAT, 0o644);
  // A pointer past the end of memory: the kernel does not check it yet, so
  // copying from it traps inside the kernel.
  assert.throws(() => kernel.rawSyscall(WRITE, BigInt(fd), 0xfffff000n, 100n, 0n, 0n, 0n), (error) => {
    assert.equal(error.code, 'ENOTRECOVERABLE');
    assert.match(error.message, /the kernel stopped: memory access out of bounds/);
    assert.match(error.message, /Run \/init as init process/);
    return true;
  });
  assert.throws(() => kernel.getpid(), { code: 'ENOTRECOVERABLE' });
  assert.match(kernel.log, /^Linux version 6\.12/m);
  kernel.halt(); // nothing left to stop: no error

  const next = await boot({ memoryMiB: 32 });
  assert.equal(next.getpid(), 1);
  next.halt();
});
