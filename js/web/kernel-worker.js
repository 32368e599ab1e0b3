// The Worker that owns one kernel in the browser: the page never blocks.
// It starts the pool Workers (pool.mjs), boots the kernel, starts the Blob
// I/O Worker, and answers the page's calls (kernel.js) one message each:
// { id, method, args } -> { id, result } or { id, error }. A Worker may
// block, so the kernel's calls are synchronous here, as in Node.
import { errorFields, guarded, withLogTail } from '../errors.mjs';
import {
  mkdir, O_CLOEXEC, O_RDONLY, openFlags, READ_CHUNK, readWhole, realpath, remove, statFields, timeMs, walkDir,
  writeFile,
} from '../fs-core.mjs';
import { LogMirror, logSink } from '../log.mjs';
import { WorkerPool } from '../pool.mjs';
import { tarPieces } from '../tar.mjs';
import { installBlobReader, startBlobIo } from './blob-io.js';

let kernel = null;
let log = null;
let blobIo = null;
const disks = new Map(); // slot -> the wasm AttachedDisk
const blobSlots = new Map(); // slot -> Blob id
let blobCount = 0;

/** A pool Worker (pool-worker.js) for pool.mjs. */
function startWebWorker(data, { onMessage, onError }) {
  const worker = new Worker(new URL('./pool-worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = ({ data: message }) => onMessage(message);
  worker.onerror = (event) => onError(new Error(event.message || 'a kernel Worker failed'));
  worker.postMessage(data);
  return { detach() {}, terminate: () => worker.terminate() };
}

async function boot({ memoryMiB = 128, cmdline = '', workers = 24, pkgUrl, echoLog = false }) {
  const pkg = new URL(pkgUrl ?? '../pkg/', import.meta.url);
  const glueUrl = new URL('lkl_wasm.js', pkg).href;
  const [glue, module] = await Promise.all([
    import(glueUrl),
    WebAssembly.compileStreaming(fetch(new URL('lkl_wasm_bg.wasm', pkg))),
  ]);
  const { memory } = glue.initSync({ module });

  log = new LogMirror((text) => self.postMessage({ log: text }));
  const deliver = (bytes, offset, replay) => log.add(bytes, offset, replay);
  const echo = echoLog ? (bytes) => console.log(new TextDecoder().decode(bytes)) : undefined;
  glue.setLogSink(logSink({ echo, deliver }));
  blobIo = startBlobIo();
  installBlobReader(blobIo.channel);
  const pool = new WorkerPool({
    module, memory, glueUrl, echoLog, onLog: deliver, setup: blobIo.channel, startWorker: startWebWorker,
  });
  glue.setPoolLowHook(() => setTimeout(() => pool.grow()));
  try {
    await Promise.all([pool.start(workers), pool.boot({ memoryMiB, cmdline })]);
    kernel = guarded(glue.Kernel.attach(), log, {
      onStop: () => {
        pool.terminate();
        blobIo.terminate();
      },
      errnoOf: glue.errnoOf,
    });
  } catch (error) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    throw withLogTail(error, log, { always: true });
  }
  await log.caughtUp(glue.logLength());
  return { version: kernel.version };
}

/** What the page can call; each runs to the end before the next starts. */
const methods = {
  boot,
  async attachFile(blob, { overlay = false } = {}) {
    const id = ++blobCount;
    await blobIo.give(id, blob);
    try {
      return remember(kernel.attachBlob(id, blob.size, overlay), id);
    } catch (error) {
      blobIo.drop(id);
      throw error;
    }
  },
  attachBytes: (bytes, readOnly = true) => remember(kernel.attachDisk(bytes, readOnly)),
  detachDisk(slot) {
    kernel.detachDisk(slot);
    disks.delete(slot);
    if (blobSlots.has(slot)) blobIo.drop(blobSlots.get(slot));
    blobSlots.delete(slot);
  },
  diskLayout(slot) {
    const layout = kernel.diskLayout(disks.get(slot));
    return {
      size: layout.size,
      fstype: layout.fstype,
      partitions: layout.partitions.map(({ number, start, size, fstype }) => ({ number, start, size, fstype })),
    };
  },
  mkdir: (path, options) => mkdir(kernel, path, typeof options === 'number' ? { mode: options } : options),
  writeFile: (path, bytes, options) => writeFile(kernel, path, bytes, options),
  rm: (path, options) => remove(kernel, path, options),
  rmdir: (path) => kernel.rmdir(path),
  unlink: (path) => kernel.unlink(path),
  rename: (old, path) => kernel.rename(old, path),
  symlink: (target, path) => kernel.symlink(target, path),
  link: (existing, path) => kernel.link(existing, path),
  chmod: (path, mode) => kernel.chmod(path, mode),
  chown: (path, uid, gid, noFollow = false) => kernel.chown(path, uid, gid, noFollow),
  utimes: (path, atime, mtime, noFollow = false) => kernel.utimes(path, timeMs(atime), timeMs(mtime), noFollow),
  truncate: (path, length = 0) => kernel.truncate(path, length),
  statfs(path) {
    const raw = kernel.statfs(path);
    const { type, bsize, blocks, bfree, bavail, files, ffree } = raw;
    raw.free();
    return { type, bsize, blocks, bfree, bavail, files, ffree };
  },
  sync: () => kernel.sync(),
  sleep: (ms) => kernel.sleep(ms),
  diskChanged: (slot) => kernel.diskChanged(slot),
  mount: (source, target, type, flags = 0, data) => kernel.mount(source, target, type, flags, data),
  mountAuto: (source, target, flags = 1, data) => kernel.mountAuto(source, target, flags, data),
  umount: (target) => kernel.umount(target),
  readdir: (path, { recursive = false } = {}) => walkDir(kernel, path, { recursive }),
  stat: (path) => statFields(kernel.stat(path)),
  lstat: (path) => statFields(kernel.lstat(path)),
  readlink: (path) => kernel.readlink(path),
  realpath: (path) => realpath(kernel, path),
  readFile: (path) => readWhole(kernel, path),
  open: (path, flags = 'r', mode = 0o666) => kernel.open(path, openFlags(flags), mode),
  read: (fd, length, position) => kernel.pread(fd, length, position),
  write: (fd, bytes, position) => kernel.pwrite(fd, bytes, position),
  close: (fd) => kernel.close(fd),
  /** Sends the archive of `path` as { id, pieces } messages. */
  tar(path, id) {
    sendPieces(id, tarPieces(kernel, path, (done) => self.postMessage({ id, progress: done })));
  },
  /** Sends the bytes of the file at `path` as { id, pieces } messages. */
  readPieces(path, id) {
    sendPieces(id, filePieces(path), (bytes) => self.postMessage({ id, progress: { bytes } }));
  },
  /** Sends the disk in `slot` (as the kernel sees it: with an overlay's
   * changes) as { id, pieces } messages. */
  exportDisk(slot, id) {
    const size = kernel.diskSize(slot);
    function* pieces() {
      for (let at = 0; at < size; at += READ_CHUNK) yield kernel.diskRead(slot, at, Math.min(READ_CHUNK, size - at));
    }
    sendPieces(id, pieces(), (bytes) => self.postMessage({ id, progress: { bytes, size } }));
  },
  /** A system call by number, its arguments BigInts (pointers are into
   * the kernel's memory: for experts and tests). */
  syscall: (nr, ...args) => kernel.rawSyscall(nr, ...[...args, 0n, 0n, 0n, 0n, 0n, 0n].slice(0, 6).map(BigInt)),
  log: () => log?.all ?? '',
  halt: () => kernel?.halt(),
};

/** The file at `path`, a chunk at a time. */
function* filePieces(path) {
  const fd = kernel.open(path, O_RDONLY | O_CLOEXEC, 0);
  try {
    for (let position = 0, chunk; (chunk = kernel.pread(fd, READ_CHUNK, position)).length > 0;) {
      position += chunk.length;
      yield chunk;
    }
  } finally {
    kernel.close(fd);
  }
}

/** Posts `pieces` to the page in batches of about 4 MiB, handed over (not
 * copied); `onBatch(total bytes)` after each. */
function sendPieces(id, pieces, onBatch = () => {}) {
  let batch = [];
  let size = 0;
  let total = 0;
  const flush = () => {
    self.postMessage({ id, pieces: batch }, batch.map((piece) => piece.buffer));
    total += size;
    onBatch(total);
    batch = [];
    size = 0;
  };
  for (const piece of pieces) {
    // Whole buffers only: a view of a larger one would hand all of it over.
    batch.push(piece.byteOffset === 0 && piece.byteLength === piece.buffer.byteLength ? piece : piece.slice());
    size += piece.length;
    if (size >= 4 << 20) flush();
  }
  flush();
}

function remember(disk, blobId) {
  disks.set(disk.slot, disk);
  if (blobId !== undefined) blobSlots.set(disk.slot, blobId);
  return { slot: disk.slot, name: disk.name };
}

const PIECES = new Set(['tar', 'readPieces', 'exportDisk']);

// One call at a time: a call that waits (attachFile) must not let the next
// one into the kernel first.
let queue = Promise.resolve();
self.onmessage = ({ data: { id, method, args } }) => {
  queue = queue.then(async () => {
    try {
      if (!methods[method]) throw new Error(`no such call: ${method}`);
      if (method !== 'boot' && method !== 'log' && !kernel) throw new Error('the kernel is not running');
      // Calls that answer in pieces also get their id.
      const result = await methods[method](...(PIECES.has(method) ? [...args, id] : args));
      const transfer = result instanceof Uint8Array ? [result.buffer] : [];
      self.postMessage({ id, result }, transfer);
    } catch (error) {
      self.postMessage({ id, error: errorFields(error) });
    }
  });
};
