// Benchmark helper (build-scripts/bench cycles): boot/mount/read/halt
// cycles of a 64 MiB kernel in one Node process. Prints
// cycle_ms=<median> rss10=<MiB> rss_end=<MiB> heap10=<MiB> heap_end=<MiB>
// (resident and JS heap after cycle 10 and after the last, collected).
//
//   node --expose-gc build-scripts/bench-cycles.mjs IMAGE [CYCLES]
import { boot } from '../js/node.mjs';

const [image, cycles = '100'] = process.argv.slice(2);
const settle = async () => {
  await new Promise((resolve) => setTimeout(resolve, 200));
  global.gc();
  await new Promise((resolve) => setTimeout(resolve, 50));
  global.gc();
  const { rss, heapUsed } = process.memoryUsage();
  return [rss / 2 ** 20, heapUsed / 2 ** 20].map((mib) => mib.toFixed(1));
};
const times = [];
let at10;
for (let i = 1; i <= Number(cycles); i++) {
  const started = performance.now();
  const kernel = await boot({ memoryMiB: 64, workers: 8 });
  const disk = kernel.attachFile(image);
  kernel.mkdir('/mnt', 0o755);
  kernel.mountAuto(`/dev/${disk.name}`, '/mnt', 1);
  kernel.fs.readFileSync('/mnt/big.bin');
  kernel.umount('/mnt');
  kernel.halt();
  times.push(performance.now() - started);
  if (i === 10) at10 = await settle();
}
const end = await settle();
times.sort((a, b) => a - b);
console.log(`cycle_ms=${times[times.length >> 1].toFixed(0)} rss10=${at10[0]} rss_end=${end[0]} heap10=${at10[1]} heap_end=${end[1]}`);
process.exit(0);
