// What the kernel can reach: only what its caller attached. The module's
// imports are a short, fixed list (a new one fails this test until it is
// reviewed here), the glue's snippets touch no network or process APIs,
// and inside, the kernel sees no block device but the ones attached.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { boot } from '../../js/node.mjs';
import { ext4Image, withKernel } from './images.mjs';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'build', 'pkg');

/** Every import of the module, and what it lets the kernel reach. */
const ALLOWED = {
  memory: 'the shared memory (its own)',
  __wbg_partition_new: 'makes a JS object (diskLayout)',
  __wbg_partition_unwrap: 'reads one back',
  __wbg_call: 'calls the log sink and the pool hook the loader set',
  __wbg_now: 'performance.now (the clock)',
  __wbg_static_accessor_TIME_ORIGIN: 'performance.timeOrigin (the clock)',
  __wbg_lkl_fd_read: 'reads a file descriptor the caller attached (attachFd)',
  __wbg_lkl_fd_write: 'writes one (attached writable)',
  __wbg_lkl_fd_sync: 'fdatasync of one',
  __wbg_lkl_blob_read: 'reads a Blob the caller attached (browser)',
  __wbg___wbindgen_string_get: 'wasm-bindgen plumbing',
  __wbg___wbindgen_throw: 'wasm-bindgen plumbing',
  __wbg___wbindgen_debug_string: 'wasm-bindgen plumbing',
  __wbg_Error: 'makes an Error (errors to JS)',
  __wbindgen_init_externref_table: 'wasm-bindgen plumbing',
  __wbindgen_generic: 'wasm-bindgen plumbing',
  __wbindgen_jstag: 'JS exception tag',
  __wbindgen_wrapped_jstag: 'JS exception tag',
};

test('the module imports only the reviewed list', () => {
  const module = new WebAssembly.Module(readFileSync(join(pkg, 'lkl_wasm_bg.wasm')));
  const names = new Set(WebAssembly.Module.imports(module).map(({ name }) => name.replace(/_[0-9a-f]{16}$/, '')));
  const unknown = [...names].filter((name) => !(name in ALLOWED));
  assert.deepEqual(unknown, [], 'new imports: review what they reach, then list them in ALLOWED');
  assert.ok(names.has('__wbg_lkl_fd_read') && names.has('memory'));
});

test('the glue and its snippets reach no network, processes or files of their own', () => {
  // The module glue (pool Workers, the browser) and its per-kernel copy (Node).
  const sources = [join(pkg, 'lkl_wasm.js'), join(pkg, 'lkl_wasm_factory.js')];
  for (const dir of readdirSync(join(pkg, 'snippets'))) {
    for (const file of readdirSync(join(pkg, 'snippets', dir))) sources.push(join(pkg, 'snippets', dir, file));
  }
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    for (const forbidden of [/\bfetch\s*\(/, /XMLHttpRequest/, /WebSocket/, /\brequire\s*\(/, /child_process/, /node:net|node:http|node:dgram/, /\bopenSync\b/, /\bimport\s*\(/]) {
      // The glue's default loader fetches the module's own URL, and only
      // when no module is given (boot() gives initSync a compiled one): that
      // one fetch, and no other.
      const checked = /lkl_wasm(_factory)?\.js$/.test(file) ? text.replace('module_or_path = fetch(module_or_path);', '') : text;
      assert.doesNotMatch(checked, forbidden, `${file}: ${forbidden}`);
    }
  }
  // The one file API: positional reads/writes on descriptors it is given.
  const snippets = sources.filter((f) => f.includes('snippets')).map((f) => readFileSync(f, 'utf8')).join('\n');
  assert.match(snippets, /getBuiltinModule/);
  assert.match(snippets, /'node:fs'/);
  for (const call of snippets.matchAll(/fs\(\)\.(\w+)/g)) assert.ok(['readSync', 'writeSync', 'fdatasyncSync'].includes(call[1]), call[1]);
});

test('inside, the kernel sees only the disks attached, and no network', { timeout: 60_000 }, () => withKernel({ memoryMiB: 32 }, async (kernel, dir) => {
  // The first attach mounts /sys (and /proc, /dev).
  const disk = kernel.attachFile(ext4Image(dir));
  assert.deepEqual(kernel.fs.readdirSync('/sys/block'), [disk.name]);
  kernel.detachDisk(disk.slot);
  assert.deepEqual(kernel.fs.readdirSync('/sys/block'), []);
  assert.equal(kernel.fs.existsSync('/sys/class/net'), false, 'no network stack');
}));
