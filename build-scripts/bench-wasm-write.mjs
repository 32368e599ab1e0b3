// node build-scripts/bench-wasm-write.mjs IMAGE TREE: what lkl-bench-write
// measures, for the wasm kernel in Node (10,000 files of 4 KiB in 100
// directories, then one 256 MiB file in 1 MiB writes, each to the end of
// its sync, into the empty ext4 IMAGE written in place), and then the
// `lkl-wasm cptofs` of the host directory TREE into a fresh copy of the
// image, whole (boot included). Prints
// `files=<N> files_per_s=<F> tree_mbps=<T> seq_mbps=<S> cptofs_files_per_s=<C> cptofs_mbps=<M>`.
import { execFileSync } from 'node:child_process';
import { copyFileSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { boot } from '../js/node.mjs';

const [image, tree] = process.argv.slice(2);
const FILES = 10_000, FILE_SIZE = 4096, SEQ_BYTES = 256 << 20, CHUNK = 1 << 20;
const pristine = `${image}.pristine`;
copyFileSync(image, pristine);

const kernel = await boot({ memoryMiB: 256 });
const disk = kernel.attachFile(image, { readOnly: false });
kernel.mkdir('/mnt', 0o755);
kernel.mountAuto(`/dev/${disk.name}`, '/mnt', 0);
const fs = kernel.fs;
const small = new Uint8Array(FILE_SIZE).fill(0x5a);
let t0 = performance.now();
for (let i = 0; i < FILES; i++) {
  if (i % 100 === 0) fs.mkdirSync(`/mnt/d${i / 100}`);
  fs.writeFileSync(`/mnt/d${Math.floor(i / 100)}/f${i}`, small);
}
kernel.sync();
const treeMs = performance.now() - t0;
const big = new Uint8Array(SEQ_BYTES);
for (let i = 0; i < SEQ_BYTES; i++) big[i] = (i * 7 + (i >> 20)) & 255;
t0 = performance.now();
const fd = fs.openSync('/mnt/big.bin', 'w');
for (let at = 0; at < SEQ_BYTES; at += CHUNK) fs.writeSync(fd, big, at, CHUNK);
fs.closeSync(fd);
kernel.sync();
const seqMs = performance.now() - t0;
kernel.umount('/mnt');
kernel.halt();

// cptofs of TREE, as a user runs it.
copyFileSync(pristine, image);
const count = (path) => (lstatSync(path).isDirectory() ? readdirSync(path).reduce((n, name) => n + count(join(path, name)), 0) : 1);
const bytes = (path) => (lstatSync(path).isDirectory() ? readdirSync(path).reduce((n, name) => n + bytes(join(path, name)), 0) : lstatSync(path).size);
const [treeFiles, treeBytes] = [count(tree), bytes(tree)];
t0 = performance.now();
execFileSync(process.execPath, [new URL('../js/cli.mjs', import.meta.url).pathname, 'cptofs', '-i', image, tree, '/'], { stdio: 'inherit' });
const cptofsMs = performance.now() - t0;
console.log(`files=${FILES} files_per_s=${(FILES / treeMs * 1e3).toFixed(0)} tree_mbps=${(FILES * FILE_SIZE / treeMs / 1e3).toFixed(1)} seq_mbps=${(SEQ_BYTES / seqMs / 1e3).toFixed(0)} cptofs_files_per_s=${(treeFiles / cptofsMs * 1e3).toFixed(0)} cptofs_mbps=${(treeBytes / cptofsMs / 1e3).toFixed(1)}`);
process.exit(0);
