// A kernel that halts or dies gives its Workers back: the process's thread
// count returns to what it was, and boot/halt cycles do not pile up
// Workers (each cycle used to keep ~24 blocked Workers, ~375 MB).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { boot } from '../../js/node.mjs';

const threads = () => readdirSync('/proc/self/task').length;

/** Waits until the thread count is at most `limit` (Worker threads end
 * asynchronously after terminate()). */
async function settlesTo(limit) {
  for (let i = 0; i < 200 && threads() > limit; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  return threads();
}

test('halt ends the kernel\'s Workers; cycles leave no threads behind', { timeout: 120_000 }, async () => {
  const before = threads();
  for (let i = 0; i < 5; i++) {
    const kernel = await boot({ memoryMiB: 32 });
    assert.ok(threads() >= before + 20, 'a booted kernel runs on Workers');
    kernel.getpid();
    kernel.halt();
    assert.ok(await settlesTo(before + 2) <= before + 2, `after halt ${i}: ${threads()} threads, ${before} before`);
  }
});

test('a kernel that faults ends its Workers too', { timeout: 60_000 }, async () => {
  const before = threads();
  const kernel = await boot({ memoryMiB: 32 });
  const fd = kernel.open('/victim', 0o102, 0o644);
  assert.throws(() => kernel.rawSyscall(64, BigInt(fd), 0xfffff000n, 100n, 0n, 0n, 0n), { code: 'ENOTRECOVERABLE' });
  assert.ok(await settlesTo(before + 2) <= before + 2, `${threads()} threads, ${before} before`);
  kernel.halt(); // nothing left: no error
});
