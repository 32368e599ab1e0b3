// node build-scripts/bench-wasm-mount.mjs TYPE=IMAGE...: what
// lkl-bench-mount measures, for the wasm kernel in Node (median of 5
// read-only mounts with the type given, a freshly attached disk each).
import { boot } from '../js/node.mjs';

const RUNS = 5;
const kernel = await boot({ memoryMiB: 256 });
kernel.mkdir('/mnt', 0o755);
for (const arg of process.argv.slice(2)) {
  const [fstype, image] = arg.split('=');
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const disk = kernel.attachFile(image);
    const t0 = performance.now();
    kernel.mount(`/dev/${disk.name}`, '/mnt', fstype, 1);
    times.push(performance.now() - t0);
    kernel.umount('/mnt');
    kernel.detachDisk(disk.slot);
  }
  times.sort((a, b) => a - b);
  console.log(`${fstype} ms=${times[RUNS >> 1].toFixed(2)}`);
}
kernel.halt();
process.exit(0);
