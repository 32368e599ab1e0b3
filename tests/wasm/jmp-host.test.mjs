// The wasm32 host's non-local exits (host-wasm/wasm/jmp.c + sjlj.c), which
// the arch port relies on to leave the scheduler on behalf of a task and to
// end a host thread from deep inside kernel frames: compiled with clang-19's
// setjmp/longjmp lowering (WebAssembly exceptions) and driven the way the
// kernel uses them (tests/wasm/jmp/driver.c).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(process.env.LKL_BUILD_DIR ?? join(root, 'build'), 'tests', 'jmp');
const sources = ['host-wasm/wasm/jmp.c', 'host-wasm/wasm/sjlj.c', 'tests/wasm/jmp/driver.c'];
const tests = ['test_escape', 'test_nested', 'test_no_jump', 'test_thread_exit', 'test_repeat'];

function build() {
  mkdirSync(out, { recursive: true });
  const objects = sources.map((source) => {
    const object = join(out, source.replaceAll('/', '_').replace(/\.c$/, '.o'));
    execFileSync('clang-19', [
      '--target=wasm32-unknown-unknown', '-O2', '-matomics', '-mbulk-memory',
      '-mllvm', '-wasm-enable-sjlj', '-Wall', '-Wextra', '-Werror',
      '-c', join(root, source), '-o', object,
    ]);
    return object;
  });
  const wasm = join(out, 'jmp.wasm');
  execFileSync('wasm-ld-19', [
    '--no-entry', '--shared-memory', '--import-memory', '--max-memory=16777216',
    ...tests.map((name) => `--export=${name}`), ...objects, '-o', wasm,
  ]);
  const module = new WebAssembly.Module(readFileSync(wasm));
  const memory = new WebAssembly.Memory({ initial: 17, maximum: 256, shared: true });
  return new WebAssembly.Instance(module, { env: { memory } }).exports;
}

const exports = build();

test('a longjmp from 50 frames down returns from jmp_buf_set', () => {
  assert.equal(exports.test_escape(), 12);
});

test('a jump to an outer point passes an inner one', () => {
  assert.equal(exports.test_nested(), 132);
});

test('without a jump, jmp_buf_set returns when f does', () => {
  assert.equal(exports.test_no_jump(), 4);
});

test('thread_exit from deep frames returns to thread_run', () => {
  assert.equal(exports.test_thread_exit(), 75);
});

test('escapes can be taken 1000 times', () => {
  assert.equal(exports.test_repeat(1000), 1000);
});
