// The wasm32 kernel links into a complete module: it validates, exports the
// lkl_* entry points, and imports nothing but its memory (the kernel can
// reach nothing but what the host hands it through lkl_host_operations).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const buildDir = process.env.LKL_BUILD_DIR ?? join(root, 'build');
const wasmPath = join(buildDir, 'kernel-wasm32', 'lkl-kernel.wasm');

test('the wasm32 kernel module validates', () => {
  const bytes = readFileSync(wasmPath);
  assert.ok(WebAssembly.validate(bytes), `${wasmPath} is not valid WebAssembly`);
});

test('it exports the kernel entry points', () => {
  const module = new WebAssembly.Module(readFileSync(wasmPath));
  const exports = WebAssembly.Module.exports(module).map((e) => `${e.kind} ${e.name}`);
  for (const name of ['lkl_start_kernel', 'lkl_syscall', 'lkl_thread_detach', 'lkl_halt', 'lkl_is_running']) {
    assert.ok(exports.includes(`function ${name}`), `missing export ${name}: ${exports}`);
  }
});

test('it imports only a shared memory', () => {
  const module = new WebAssembly.Module(readFileSync(wasmPath));
  const imports = WebAssembly.Module.imports(module);
  assert.deepEqual(imports, [{ module: 'env', name: 'memory', kind: 'memory' }]);
  // A shared memory of the module's minimum size instantiates it.
  const memory = new WebAssembly.Memory({ initial: 256, maximum: 65536, shared: true });
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  assert.equal(typeof instance.exports.lkl_start_kernel, 'function');
});

/** The lowest function-table index of each active element segment. */
function elementOffsets(bytes) {
  let at = 8; // magic + version
  const leb = () => {
    let value = 0, shift = 0, byte;
    do {
      byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  const offsets = [];
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = leb();
    const end = at + size;
    if (id === 9) {
      for (let count = leb(); count > 0; count--) {
        const flags = leb();
        assert.equal(flags, 0, 'expected only active segments of table 0');
        assert.equal(bytes[at++], 0x41, 'expected an i32.const offset');
        offsets.push(leb());
        break; // the first segment's offset is all the check needs
      }
    }
    at = end;
  }
  return offsets;
}

// A function pointer is a table index; the kernel reads values below 4096
// as offsets (kfree_rcu), so no function may sit there (build.rs).
for (const [name, path] of [['the kernel module', wasmPath],
  ['the packaged module', join(buildDir, 'pkg', 'lkl_wasm_bg.wasm')]]) {
  test(`${name} places no function below table index 4096`, () => {
    const offsets = elementOffsets(readFileSync(path));
    assert.ok(offsets.length > 0, 'no element segment found');
    for (const offset of offsets) assert.ok(offset >= 4096, `a segment starts at index ${offset}`);
  });
}
