// The built Node package (build/npm, made by build-scripts/build-wasm)
// imports and boots on its own, and ships its types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const npmDir = join(process.env.LKL_BUILD_DIR ?? join(root, 'build'), 'npm');

test('the package declares its entry point and types', () => {
  const pkg = JSON.parse(readFileSync(join(npmDir, 'package.json'), 'utf8'));
  assert.equal(pkg.name, 'lkl-wasm');
  assert.equal(pkg.type, 'module');
  for (const file of [pkg.exports['.'].default, pkg.exports['.'].types, 'pkg/lkl_wasm.d.ts', 'pkg/lkl_wasm_bg.wasm']) {
    assert.ok(existsSync(join(npmDir, file)), `missing ${file}`);
  }
  assert.match(readFileSync(join(npmDir, 'node.d.ts'), 'utf8'), /export function boot\(options\?: BootOptions\): Promise<Kernel>/);
});

test('the package boots a kernel from its own files, growing a small pool', { timeout: 60_000 }, async () => {
  const { Kernel, hostThreads } = await import(pathToFileURL(join(npmDir, 'node.mjs')).href);
  // Booting needs more host threads than 4: the pool must grow on demand.
  const kernel = await Kernel.boot({ memoryMiB: 32, workers: 4 });
  assert.equal(kernel.uname()[0], 'Linux');
  assert.ok(hostThreads(kernel) > 4, `host threads: ${hostThreads(kernel)}`);
  kernel.halt();
});
