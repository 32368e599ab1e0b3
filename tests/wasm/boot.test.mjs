// The real kernel, compiled to wasm32, boots in Node: host threads are
// Workers on one shared memory, and system calls answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boot } from '../../js/node.mjs';

const kernel = await boot({ memoryMiB: 64 });

test('the boot log shows Linux 6.12', () => {
  assert.match(kernel.log, /^Linux version 6\.12\.\d+/m);
  assert.match(kernel.log, /Run \/init as init process/);
});

test('uname says Linux 6.12.x', () => {
  const [sysname, , release] = kernel.uname();
  assert.equal(sysname, 'Linux');
  assert.match(release, /^6\.12\.\d+$/);
  assert.equal(kernel.version, release);
});

test('getpid answers (host tasks are threads of pid 1)', () => {
  assert.equal(kernel.getpid(), 1);
});

test('halt stops the kernel and later calls fail', () => {
  kernel.halt();
  assert.throws(() => kernel.getpid());
});
