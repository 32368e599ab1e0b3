// node build-scripts/bench-wasm-read.mjs IMAGE PATH: what lkl-bench-read
// measures, for the wasm kernel in Node: sequential 1 MiB reads of file
// PATH in IMAGE (attached with attachFile, positional reads) next to
// reading as many bytes of the image with fs.readSync. Prints
// `kernel_mbps=<N> raw_mbps=<M> bytes=<B>`.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { boot } from '../js/node.mjs';

const [image, path] = process.argv.slice(2);
const CHUNK = 1 << 20;
const kernel = await boot({ memoryMiB: 256 });
const disk = kernel.attachFile(image);
kernel.mkdir('/mnt', 0o755);
kernel.mountAuto(`/dev/${disk.name}`, '/mnt', 1);

const fd = kernel.open(`/mnt/${path}`, 0, 0);
let bytes = 0;
let t0 = performance.now();
for (let n; (n = kernel.read(fd, CHUNK).length) > 0;) bytes += n;
const kernelMs = performance.now() - t0;
kernel.close(fd);

const raw = openSync(image, 'r');
const size = Math.min(bytes, fstatSync(raw).size);
const buf = new Uint8Array(CHUNK);
t0 = performance.now();
let offset = 0;
while (offset < size) offset += readSync(raw, buf, 0, Math.min(CHUNK, size - offset), offset);
const rawMs = performance.now() - t0;
closeSync(raw);
kernel.halt();
console.log(`kernel_mbps=${(bytes / kernelMs / 1e3).toFixed(0)} raw_mbps=${(offset / rawMs / 1e3).toFixed(0)} bytes=${bytes}`);
process.exit(0);
