// A kernel that panics or faults becomes a JS error carrying the end of its
// log; the Node process lives on and can boot another kernel. Failures are
// made on purpose through /proc/lkl-fault (kernel/arch/lkl/kernel/fault.c):
// in the calling thread, or in a kernel worker while the caller waits in
// another call, which must then fail rather than wait for good. A bad user
// pointer is not a failure of the kernel: it is EFAULT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boot } from '../../js/node.mjs';

const READ = 63, WRITE = 64;
const O_WRONLY = 0o1, O_RDWR = 0o2, O_CREAT = 0o100;

/** A kernel with /proc mounted; `fault(word)` writes /proc/lkl-fault.
 * Its watchdog (30 s) turns a broken wake-up into an ETIMEDOUT failure
 * rather than a hang (a blocked call holds node:test's timers too). */
async function faultyKernel() {
  const kernel = await boot({ memoryMiB: 32, timeoutMs: 30_000 });
  kernel.mkdir('/proc', 0o555);
  kernel.mount('proc', '/proc', 'proc');
  const fd = kernel.open('/proc/lkl-fault', O_WRONLY, 0);
  const fault = (word) => kernel.write(fd, new TextEncoder().encode(word));
  return { kernel, fault };
}

/** Checks `error` is a dead kernel's, with `cause` in its log tail. */
function stopped(error, cause) {
  assert.equal(error.code, 'ENOTRECOVERABLE');
  assert.match(error.message, /--- kernel log \(last lines\) ---/);
  assert.match(error.message, cause);
  return true;
}

test('too little memory: boot rejects with the kernel panic in the error', async () => {
  await assert.rejects(boot({ memoryMiB: 1, workers: 24 }), (error) => {
    assert.equal(error.code, 'ENOTRECOVERABLE');
    assert.match(error.message, /--- kernel log \(last lines\) ---/);
    assert.match(error.message, /Kernel panic - not syncing/);
    assert.match(error.kernelLog, /^Linux version 6\.12/m);
    return true;
  });
});

test('a pointer outside the kernel\'s memory is EFAULT; the kernel lives on', async () => {
  const kernel = await boot({ memoryMiB: 32 });
  try {
    const fd = kernel.open('/victim', O_RDWR | O_CREAT, 0o644);
    kernel.write(fd, new TextEncoder().encode('some bytes'));
    const EFAULT = -14n;
    // Past the end of memory, and a range that starts inside and runs out.
    assert.equal(kernel.rawSyscall(WRITE, BigInt(fd), 0xfffff000n, 100n, 0n, 0n, 0n), EFAULT);
    assert.equal(kernel.rawSyscall(READ, BigInt(fd), 0xfffff000n, 100n, 0n, 0n, 0n), EFAULT);
    assert.equal(kernel.rawSyscall(WRITE, BigInt(fd), 0xfffffff0n, 0x100n, 0n, 0n, 0n), EFAULT);
    // A path: strncpy_from_user stops at the end of memory.
    assert.equal(kernel.rawSyscall(56 /* openat */, -100n, 0xffffff00n, 0n, 0n, 0n, 0n), EFAULT);
    assert.equal(kernel.getpid(), 1);
    assert.equal(new TextDecoder().decode(kernel.pread(fd, 10, 0)), 'some bytes');
  } finally {
    kernel.halt();
  }
});

test('a trap inside a call fails it and every later call; a new kernel boots', async () => {
  const { kernel, fault } = await faultyKernel();
  assert.throws(() => fault('trap'), (error) => stopped(error, /lkl-fault: trapping on request/));
  assert.match(kernel.log, /Run \/init as init process/);
  assert.throws(() => kernel.getpid(), { code: 'ENOTRECOVERABLE' });
  kernel.halt(); // nothing left to stop: no error

  const next = await boot({ memoryMiB: 32 });
  assert.equal(next.getpid(), 1);
  next.halt();
});

test('a panic inside a call fails it with the panic in the log', async () => {
  const { kernel, fault } = await faultyKernel();
  assert.throws(() => fault('panic'), (error) => stopped(error, /Kernel panic - not syncing: lkl-fault: panic on request/));
  assert.throws(() => kernel.getpid(), { code: 'ENOTRECOVERABLE' });
  kernel.halt();
});

// Without the wake-up the call below would wait forever (nothing writes
// the pipe): the watchdog would end it with ETIMEDOUT, which fails here.
for (const [word, cause] of [
  ['panic-later', /Kernel panic - not syncing: lkl-fault: panic on request/],
  ['trap-later', /lkl-fault: trapping on request/],
]) {
  test(`${word}: a call waiting in the kernel fails when a kernel thread dies`, { timeout: 60_000 }, async () => {
    const { kernel, fault } = await faultyKernel();
    fault(word);
    const [readEnd] = kernel.pipe(0);
    assert.throws(() => kernel.read(readEnd, 1), (error) => stopped(error, cause));
    assert.throws(() => kernel.getpid(), { code: 'ENOTRECOVERABLE' });
    kernel.halt();
  });
}

test('timeoutMs: a call stuck waiting in the kernel fails with ETIMEDOUT; quick calls are untouched', { timeout: 60_000 }, async () => {
  const kernel = await boot({ memoryMiB: 32, timeoutMs: 500 });
  // Calls that each end in time, for longer than the limit in all.
  for (let i = 0; i < 8; i++) kernel.sleep(100);
  assert.equal(kernel.getpid(), 1);
  // Nothing will ever write this pipe: without the watchdog the read
  // waits for good (build-scripts/test's outer limit then fails the run).
  const [readEnd] = kernel.pipe(0);
  const started = performance.now();
  assert.throws(() => kernel.read(readEnd, 1), (error) => {
    assert.equal(error.code, 'ETIMEDOUT');
    assert.match(error.message, /^ETIMEDOUT: read stayed in the kernel longer than 500 ms; the kernel was stopped/);
    assert.match(error.message, /lkl-host: a system call stayed in the kernel longer than 500 ms: stopping the kernel/);
    return true;
  });
  assert.ok(performance.now() - started >= 500);
  assert.throws(() => kernel.getpid(), { code: 'ENOTRECOVERABLE' });
  kernel.halt();
});
