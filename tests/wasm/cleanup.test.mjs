// A kernel that halts or dies gives its Workers back: the process's thread
// count returns to what it was, and boot/halt cycles do not pile up
// Workers (before that fix each cycle kept ~24 blocked Workers, ~375 MB,
// as measured then).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { boot } from '../../js/node.mjs';
import { ext4Image, scratch } from './images.mjs';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

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
  kernel.mkdir('/proc', 0o555);
  kernel.mount('proc', '/proc', 'proc');
  // A trap in kernel code, on purpose (kernel/arch/lkl/kernel/fault.c).
  const fd = kernel.open('/proc/lkl-fault', 0o1, 0);
  assert.throws(() => kernel.write(fd, new TextEncoder().encode('trap')), { code: 'ENOTRECOVERABLE' });
  assert.ok(await settlesTo(before + 2) <= before + 2, `${threads()} threads, ${before} before`);
  kernel.halt(); // nothing left: no error
});

/** Resident and JS heap MiB once halted kernels' Workers have ended and
 * garbage is collected. */
async function settledMemory() {
  await new Promise((resolve) => setTimeout(resolve, 200));
  gc();
  await new Promise((resolve) => setTimeout(resolve, 50));
  gc();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss: rss / 2 ** 20, heap: heapUsed / 2 ** 20 };
}

// Each kernel used to keep its memory alive through the glue module the
// process imported for it (measured once, 2026-11-30: +5.3 MB RSS a cycle
// over 30 cycles); a kernel's copy of the glue is now collected with it
// (`build-scripts/bench cycles` prints the figures).
test('100 boot/mount/read/halt cycles leave memory flat', { timeout: 600_000 }, async (t) => {
  const { dir, remove } = scratch();
  try {
    const image = ext4Image(dir);
    let baseline;
    for (let i = 1; i <= 100; i++) {
      const kernel = await boot({ memoryMiB: 64, workers: 8 });
      const disk = kernel.attachFile(image);
      kernel.mkdir('/mnt', 0o755);
      kernel.mountAuto(`/dev/${disk.name}`, '/mnt', 1);
      assert.equal(kernel.fs.readFileSync('/mnt/hello.txt', 'utf8'), 'hello from the image\n');
      assert.equal(kernel.fs.readFileSync('/mnt/big.bin').length, (1 << 20) + 123);
      kernel.umount('/mnt');
      kernel.halt();
      if (i === 10) baseline = await settledMemory();
    }
    const after = await settledMemory();
    const grown = { rss: after.rss - baseline.rss, heap: after.heap - baseline.heap };
    t.diagnostic(`after cycle 10: ${baseline.rss.toFixed(0)} MiB resident, ${baseline.heap.toFixed(1)} MiB heap; after 100: ${after.rss.toFixed(0)}, ${after.heap.toFixed(1)}`);
    assert.ok(grown.rss < 32, `resident memory grew ${grown.rss.toFixed(1)} MiB over 90 cycles`);
    assert.ok(grown.heap < 8, `the JS heap grew ${grown.heap.toFixed(1)} MiB over 90 cycles`);
  } finally {
    remove();
  }
});
