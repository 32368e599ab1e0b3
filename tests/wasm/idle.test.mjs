// An idle booted kernel sleeps: its Workers wait on atomics and its timer
// waits with a timeout, so the process uses next to no CPU. (A bound, not
// a benchmark: a spinning thread would use ~100% of a core.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boot, hostThreads } from '../../js/node.mjs';

test('an idle booted kernel does not spin', async () => {
  const kernel = await boot({ memoryMiB: 32 });
  await new Promise((resolve) => setTimeout(resolve, 300)); // let boot work settle
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const cpu = process.cpuUsage(cpu0);
  const wallUs = (performance.now() - t0) * 1000;
  const share = (cpu.user + cpu.system) / wallUs;
  assert.ok(share < 0.1, `idle kernel used ${(share * 100).toFixed(1)}% of a core`);
  const threads = hostThreads(kernel);
  assert.ok(threads > 0 && threads < 40, `host threads in use: ${threads}`);
  kernel.halt();
});
