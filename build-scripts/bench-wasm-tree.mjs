// node build-scripts/bench-wasm-tree.mjs IMAGE: what lkl-bench-tree
// measures, for the wasm kernel in Node: `ls -R` + `stat` of the whole
// ext4 tree in IMAGE (kernel.fs.readdirSync with file types + lstatSync of
// every entry). Prints `entries=<N> ms=<T> mount_ms=<M>`.
import { boot } from '../js/node.mjs';

const [image] = process.argv.slice(2);
const kernel = await boot({ memoryMiB: 256 });
const disk = kernel.attachFile(image);
kernel.mkdir('/mnt', 0o755);
let t0 = performance.now();
kernel.mount(`/dev/${disk.name}`, '/mnt', 'ext4', 1);
const mountMs = performance.now() - t0;

let entries = 0;
const walk = (dir) => {
  for (const entry of kernel.fs.readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    kernel.fs.lstatSync(path);
    entries++;
    if (entry.isDirectory()) walk(path);
  }
};
t0 = performance.now();
walk('/mnt');
const ms = performance.now() - t0;
kernel.halt();
console.log(`entries=${entries} ms=${ms.toFixed(0)} mount_ms=${mountMs.toFixed(1)}`);
process.exit(0);
