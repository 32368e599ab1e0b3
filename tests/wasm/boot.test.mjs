// The real kernel, compiled to wasm32, boots in Node and passes the native
// boot tests' checks (tests/*.rs, after LKL's boot test): host threads are
// Workers on one shared memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { boot, instanceOf } from '../../js/node.mjs';

const here = dirname(fileURLToPath(import.meta.url));

const O_RDONLY = 0o0, O_RDWR = 0o2, O_CREAT = 0o100, O_TRUNC = 0o1000, O_CLOEXEC = 0o2000000;
const S_IFMT = 0o170000, S_IFDIR = 0o040000, S_IFREG = 0o100000;
const SEEK_SET = 0;
const GETTID = 178;

let logged = '';
const kernel = await boot({ memoryMiB: 64, onLog: (text) => { logged += text; } });

const gettid = (k) => Number(k.rawSyscall(GETTID, 0n, 0n, 0n, 0n, 0n, 0n));
const encode = (text) => new TextEncoder().encode(text);
const decode = (bytes) => new TextDecoder().decode(bytes);

/** A Worker attached to `kernel` (tests/wasm/attach-worker.mjs). */
async function attachedWorker() {
  const worker = new Worker(join(here, 'attach-worker.mjs'), { workerData: instanceOf(kernel) });
  const replies = [];
  let wake = () => {};
  worker.on('message', (message) => { replies.push(message); wake(); });
  worker.on('error', (error) => { replies.push({ error: String(error) }); wake(); });
  const next = async () => {
    while (replies.length === 0) await new Promise((resolve) => { wake = resolve; });
    return replies.shift();
  };
  assert.deepEqual(await next(), { ready: true });
  return {
    post: (command, args) => worker.postMessage({ command, args }),
    async call(command, args) {
      this.post(command, args);
      const reply = await next();
      if (reply.error) throw new Error(`${command}: ${reply.error}`);
      return reply.result;
    },
    reply: next,
    end: () => worker.terminate(),
  };
}

test('the boot log shows Linux 6.12', () => {
  assert.match(kernel.log, /^Linux version 6\.12\.\d+/m);
  assert.match(kernel.log, /Run \/init as init process/);
});

test('onLog gets the log as it is printed, in order', async () => {
  // Delivered by the time boot() resolved (queued microtasks have run).
  assert.match(logged, /^Linux version 6\.12\.\d+/);
  assert.ok(kernel.log.startsWith(logged), 'onLog text is a prefix of the log');
  assert.match(logged, /Run \/init as init process/);
});

test('uname says Linux 6.12.x', () => {
  const [sysname, , release] = kernel.uname();
  assert.equal(sysname, 'Linux');
  assert.match(release, /^6\.12\.\d+$/);
  assert.equal(kernel.version, release);
});

test('getpid answers (host tasks are threads of pid 1)', () => {
  assert.equal(kernel.getpid(), 1);
});

test('umask returns the previous mask', () => {
  const first = kernel.umask(0o027);
  assert.equal(kernel.umask(first), 0o027);
});

test('a file round trips its contents, size and mode', () => {
  const text = 'The quick brown fox jumps over the lazy dog\n'.repeat(100);
  const mask = kernel.umask(0o022);
  kernel.umask(mask);
  const fd = kernel.open('/wasm-file', O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640);
  assert.equal(kernel.write(fd, encode(text)), text.length);
  assert.equal(kernel.lseek(fd, 0n, SEEK_SET), 0n);
  assert.equal(decode(kernel.read(fd, text.length + 10)), text);
  kernel.close(fd);
  const st = kernel.stat('/wasm-file');
  assert.equal(st.mode & S_IFMT, S_IFREG);
  assert.equal(st.mode & 0o777, 0o640 & ~mask);
  assert.equal(st.size, BigInt(text.length));
});

test('many files open and close and keep their own contents', () => {
  const fds = [];
  for (let i = 0; i < 40; i++) {
    const fd = kernel.open(`/many-${i}`, O_RDWR | O_CREAT | O_TRUNC, 0o644);
    kernel.write(fd, encode(`file ${i}`));
    fds.push(fd);
  }
  assert.equal(new Set(fds).size, fds.length, 'every open got its own descriptor');
  fds.forEach((fd, i) => {
    kernel.lseek(fd, 0n, SEEK_SET);
    assert.equal(decode(kernel.read(fd, 64)), `file ${i}`);
    kernel.close(fd);
  });
  assert.throws(() => kernel.read(fds[0], 1), /EBADF/);
});

test('mkdir makes a directory', () => {
  kernel.mkdir('/wasm-dir', 0o755);
  assert.equal(kernel.stat('/wasm-dir').mode & S_IFMT, S_IFDIR);
});

test('a missing file is ENOENT, as Node reports it', () => {
  assert.throws(() => kernel.open('/no/such/file', O_RDONLY, 0), {
    code: 'ENOENT',
    errno: -2,
    syscall: 'open',
    path: '/no/such/file',
    message: "ENOENT: no such file or directory, open '/no/such/file'",
  });
  assert.throws(() => kernel.readdir('/wasm-file'), { code: 'ENOTDIR', syscall: 'scandir', path: '/wasm-file' });
});

test('pipe2 carries bytes', () => {
  const [rx, tx] = kernel.pipe(O_CLOEXEC);
  assert.equal(kernel.write(tx, encode('through the pipe')), 16);
  assert.equal(decode(kernel.read(rx, 100)), 'through the pipe');
  kernel.close(rx);
  kernel.close(tx);
});

test('proc mounts and getdents64 lists it', () => {
  kernel.mkdir('/proc', 0o555);
  kernel.mount('proc', '/proc', 'proc');
  const names = kernel.readdir('/proc');
  for (const name of ['1', 'self', 'filesystems', 'meminfo']) assert.ok(names.includes(name), `no ${name} in /proc: ${names}`);
  const fd = kernel.open('/proc/filesystems', O_RDONLY, 0);
  const text = decode(kernel.read(fd, 65536));
  kernel.close(fd);
  for (const fs of ['ext4', 'btrfs', 'xfs', 'squashfs', 'vfat', 'iso9660']) assert.match(text, new RegExp(`\\t${fs}\\n`));
});

test('sleeping 88 ms in the kernel takes at least 88 ms', () => {
  const t0 = performance.now();
  kernel.sleep(88);
  assert.ok(performance.now() - t0 >= 88);
});

test('a read blocked on the main thread is woken by a write from a Worker', async () => {
  const worker = await attachedWorker();
  const [rx, tx] = kernel.pipe(O_CLOEXEC);
  worker.post('writeLater', { fd: tx, text: 'wake up', delayMs: 100 });
  const t0 = performance.now();
  const got = decode(kernel.read(rx, 64)); // blocks until the Worker writes
  assert.equal(got, 'wake up');
  assert.ok(performance.now() - t0 >= 90, 'the read waited for the write');
  assert.deepEqual(await worker.reply(), { result: 7 });
  await worker.call('detach');
  await worker.end();
  kernel.close(rx);
  kernel.close(tx);
});

test('16 Workers one after another attach, call in and detach', async () => {
  const before = kernel.readdir('/proc/1/task').length;
  const tids = new Set();
  for (let i = 0; i < 16; i++) {
    const worker = await attachedWorker();
    assert.equal(await worker.call('getpid'), 1, 'host threads are threads of pid 1');
    const tid = await worker.call('gettid');
    assert.ok(kernel.readdir('/proc/1/task').includes(String(tid)));
    tids.add(tid);
    await worker.call('detach');
    await worker.end();
  }
  assert.equal(tids.size, 16, 'each Worker had its own task');
  assert.equal(kernel.readdir('/proc/1/task').length, before, 'detached tasks are gone');
  assert.notEqual(gettid(kernel), 0);
});

test('halt stops the kernel and later calls fail', async () => {
  kernel.halt();
  assert.throws(() => kernel.getpid());
  await new Promise((resolve) => setImmediate(resolve));
  assert.match(logged, /reboot: Power down/);
});
