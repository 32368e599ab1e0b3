// Disk images made by the real tools from a generated tree (the same tree
// as tests/common/images.rs), for the Node tests.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Deterministic bytes that are not all alike (xorshift32, as in images.rs). */
export function pattern(length, seed) {
  let x = (Math.imul(seed, 2654435761) >>> 0) || 1;
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

const encode = (text) => new TextEncoder().encode(text);

/** [path, contents] of the tree's regular files. */
export function treeFiles() {
  return [
    ['hello.txt', encode('hello from the image\n')],
    ['empty', new Uint8Array(0)],
    ['docs/nested/deep/notes.md', encode('# deep\nthree levels down\n')],
    ['docs/h\u00e9llo w\u00f6rld \u2713.txt', encode('unicode name\n')],
    ['big.bin', pattern((1 << 20) + 123, 7)],
  ];
}

/** A scratch directory, removed by the returned function. */
export function scratch() {
  const dir = mkdtempSync(join(tmpdir(), 'lkl-wasm-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeTree(root) {
  for (const [path, contents] of treeFiles()) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), contents);
  }
  symlinkSync('hello.txt', join(root, 'link'));
}

const env = { ...process.env, PATH: `/usr/sbin:/sbin:${process.env.PATH}` };

/** An ext4 image of the tree (mkfs.ext4 -d); its path. */
export function ext4Image(dir) {
  const tree = join(dir, 'tree');
  writeTree(tree);
  const image = join(dir, 'ext4.img');
  execFileSync('mkfs.ext4', ['-q', '-F', '-d', tree, image, '16M'], { env });
  return image;
}

/** A squashfs image of the tree (mksquashfs, zstd); its path. */
export function squashfsImage(dir) {
  const tree = join(dir, 'sq-tree');
  writeTree(tree);
  const image = join(dir, 'squashfs.img');
  execFileSync('mksquashfs', [tree, image, '-quiet', '-noappend', '-comp', 'zstd'], { env });
  return image;
}
