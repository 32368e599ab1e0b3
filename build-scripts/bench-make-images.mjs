// node build-scripts/bench-make-images.mjs DIR: one image per filesystem
// type of the test table (tests/wasm/images.mjs), made by its own tools
// from the test tree, in DIR. Prints `TYPE=IMAGE` per line (the first
// image of each type).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { FORMATS, writeTree } from '../tests/wasm/images.mjs';

const [dir] = process.argv.slice(2);
const tree = join(dir, 'tree');
mkdirSync(dir, { recursive: true });
writeTree(tree);
const seen = new Set();
for (const format of FORMATS) {
  if (seen.has(format.fstype)) continue;
  seen.add(format.fstype);
  const image = join(dir, `${format.name}.img`);
  format.make(tree, image);
  console.log(`${format.fstype}=${image}`);
}
