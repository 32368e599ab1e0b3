// lkl-wasm in the browser: the Linux kernel in a dedicated Worker
// (kernel-worker.js), reached through an async facade with the shape of
// Node's fs.promises. The page (which must be cross-origin isolated, for
// SharedArrayBuffer) never blocks: every call is a message.
//
//   import { boot } from './web/kernel.js';
//   const kernel = await boot({ onLog: (text) => ... });
//   const disk = await kernel.attachFile(file);       // a File, read by slices
//   await kernel.mkdir('/mnt');
//   await kernel.mountAuto(`/dev/${disk.name}`, '/mnt'); // -> 'ext4'
//   await kernel.fs.promises.readdir('/mnt', { withFileTypes: true });
import { Calls } from '../calls.mjs';
import { Dirent, Stats } from '../fs-core.mjs';

/**
 * Boots a kernel in a new Worker.
 * @param {{memoryMiB?: number, cmdline?: string, workers?: number,
 *          onLog?: (text: string) => void, pkgUrl?: string|URL,
 *          timeoutMs?: number}} options
 *   pkgUrl: where lkl_wasm.js and lkl_wasm_bg.wasm are (default ../pkg/
 *   from this file). timeoutMs: a call that takes longer (a kernel stuck on
 *   a hostile image) ends the kernel with ETIMEDOUT (default: no limit).
 */
export async function boot({ onLog, pkgUrl, timeoutMs = 0, ...options } = {}) {
  if (!globalThis.crossOriginIsolated) {
    throw new Error('lkl-wasm needs a cross-origin isolated page (serve it with COOP: same-origin and COEP: require-corp)');
  }
  const kernel = new WebKernel(new Worker(new URL('./kernel-worker.js', import.meta.url), { type: 'module' }), onLog, timeoutMs);
  try {
    const { version } = await kernel.call('boot', [{ ...options, pkgUrl: pkgUrl && new URL(pkgUrl, location.href).href }]);
    kernel.version = version;
  } catch (error) {
    kernel.terminate();
    throw error;
  }
  return kernel;
}

/** Bytes to write: a string as UTF-8, or a view of the data. */
function bytesOf(data) {
  if (typeof data === 'string') return new TextEncoder().encode(data);
  return new Uint8Array(data.buffer ?? data, data.byteOffset ?? 0, data.byteLength);
}

/** Options that can cross to the Worker (no encoding: strings are UTF-8). */
function plainOptions(options) {
  const { mode, flag } = typeof options === 'string' ? {} : options;
  return { ...(mode === undefined ? {} : { mode }), ...(flag === undefined ? {} : { flag }) };
}

class WebKernel {
  #worker;
  #calls;

  constructor(worker, onLog, timeoutMs = 0) {
    this.#worker = worker;
    this.#calls = new Calls({
      post: (message, transfer) => worker.postMessage(message, transfer),
      timeoutMs,
      onCutOff: () => this.terminate(),
    });
    worker.onmessage = ({ data }) => {
      if (data.log !== undefined) onLog?.(data.log);
      else this.#calls.receive(data);
    };
    // The Worker itself failed (its script did not load, or it ran out of
    // memory): every call in flight fails, and the kernel is gone.
    worker.onerror = (event) => {
      this.#calls.failAll(Object.assign(new Error(`ENOTRECOVERABLE (the kernel's Worker failed: ${event.message || 'unknown error'})`), { code: 'ENOTRECOVERABLE' }));
    };
    this.fs = { promises: this.#promises() };
  }

  /** Set once the kernel has died (a panic, a fault), was cut off or halted. */
  get dead() { return this.#calls.dead; }

  /** Sends one call; resolves with its result. It is cut off (and the
   * kernel with it: a kernel call cannot be interrupted) after the boot's
   * `timeoutMs` without progress, or when `signal` aborts. */
  call(method, args = [], options = {}) {
    return this.#calls.send(method, args, { ...options, untimed: method === 'boot' });
  }

  /** Sleeps in the kernel (nanosleep), e.g. to see the kernel is alive. */
  sleep(ms, { signal } = {}) { return this.call('sleep', [ms], { signal }); }

  /** Attaches a File or Blob as a disk, read by slices: read-only, or with
   * `overlay` writable through a copy-on-write layer in memory (the File is
   * never changed; exportDisk gives the result). */
  attachFile(blob, { overlay = false } = {}) { return this.call('attachFile', [blob, { overlay }]); }
  /** Attaches bytes (a Uint8Array, handed over) as a disk. */
  attachBytes(bytes, { readOnly = true } = {}) { return this.call('attachBytes', [bytes, readOnly], { transfer: [bytes.buffer] }); }
  detachDisk(slot) { return this.call('detachDisk', [slot]); }
  /** { size, fstype, partitions: [{ number, start, size, fstype }] } */
  diskLayout(disk) { return this.call('diskLayout', [disk.slot ?? disk]); }
  mkdir(path, mode = 0o755) { return this.call('mkdir', [path, mode]); }
  /** Everything written reaches the disks (their overlays). */
  sync() { return this.call('sync'); }
  /** Bytes an overlay holds for the disk (0 without changes or overlay). */
  diskChanged(disk) { return this.call('diskChanged', [disk.slot ?? disk]); }
  /** A Blob of the whole disk as the kernel sees it (with the overlay's
   * changes): sync or unmount first. onProgress({ bytes, size }). */
  async exportDisk(disk, { onProgress } = {}) {
    const parts = [];
    await this.call('exportDisk', [disk.slot ?? disk], { onPieces: (pieces) => parts.push(...pieces), onProgress });
    return new Blob(parts, { type: 'application/octet-stream' });
  }
  mount(source, target, type, flags = 0, data = undefined) { return this.call('mount', [source, target, type, flags, data]); }
  /** Mounts with the type the kernel recognises (read-only by default); resolves to the type. */
  mountAuto(source, target, flags = 1, data = undefined) { return this.call('mountAuto', [source, target, flags, data]); }
  umount(target) { return this.call('umount', [target]); }
  /** A system call by number (arguments as BigInts; pointers are into the
   * kernel's own memory, so this is for experts): its raw return value. */
  syscall(nr, ...args) { return this.call('syscall', [nr, ...args]); }
  /** The kernel log so far. */
  log() { return this.call('log'); }

  /**
   * A Blob holding a tar archive of the directory `path`.
   * onProgress({ entries, bytes }) as files are added.
   */
  async tar(path, { onProgress } = {}) {
    const parts = [];
    await this.call('tar', [path], { onPieces: (pieces) => parts.push(...pieces), onProgress });
    return new Blob(parts, { type: 'application/x-tar' });
  }

  /**
   * A Blob of the file at `path`, read a chunk at a time (the browser can
   * keep a large Blob on disk). onProgress({ bytes }) as it goes.
   */
  async fileBlob(path, { onProgress, type = '' } = {}) {
    const parts = [];
    await this.call('readPieces', [path], { onPieces: (pieces) => parts.push(...pieces), onProgress });
    return new Blob(parts, { type });
  }

  /** Halts the kernel and ends its Workers. */
  async halt() {
    if (!this.dead) await this.call('halt').catch(() => {});
    this.terminate();
  }

  /** Ends the kernel's Workers at once (after a panic, or to start over). */
  terminate() {
    this.#calls.failAll(Object.assign(new Error('ENOTRECOVERABLE (the kernel was stopped)'), { code: 'ENOTRECOVERABLE' }));
    this.#worker.terminate();
  }

  #promises() {
    const call = (method, args) => this.call(method, args);
    return {
      readdir: async (path, { withFileTypes = false, recursive = false } = {}) => {
        const entries = await call('readdir', [path, { recursive }]);
        return entries.map(([name, dir, ifmt]) => (withFileTypes ? new Dirent(name.split('/').pop(), dir, ifmt) : name));
      },
      stat: async (path) => new Stats(await call('stat', [path])),
      /** data: a string (UTF-8) or bytes; options: { mode, flag }. */
      writeFile: (path, data, options = {}) => call('writeFile', [path, bytesOf(data), plainOptions(options)]),
      appendFile: (path, data, options = {}) => call('writeFile', [path, bytesOf(data), { flag: 'a', ...plainOptions(options) }]),
      mkdir: (path, options) => call('mkdir', [path, options]),
      rm: (path, options) => call('rm', [path, options]),
      rmdir: (path) => call('rmdir', [path]),
      unlink: (path) => call('unlink', [path]),
      rename: (old, path) => call('rename', [old, path]),
      symlink: (target, path) => call('symlink', [target, path]),
      link: (existing, path) => call('link', [existing, path]),
      chmod: (path, mode) => call('chmod', [path, mode]),
      chown: (path, uid, gid) => call('chown', [path, uid, gid]),
      lchown: (path, uid, gid) => call('chown', [path, uid, gid, true]),
      utimes: (path, atime, mtime) => call('utimes', [path, atime, mtime]),
      truncate: (path, length) => call('truncate', [path, length]),
      statfs: (path) => call('statfs', [path]),
      lstat: async (path) => new Stats(await call('lstat', [path])),
      readlink: (path) => call('readlink', [path]),
      realpath: (path) => call('realpath', [path]),
      /** A Uint8Array, or a string with an encoding ('utf8' only). */
      readFile: async (path, options) => {
        const bytes = await call('readFile', [path]);
        const encoding = typeof options === 'string' ? options : options?.encoding;
        return encoding ? new TextDecoder().decode(bytes) : bytes;
      },
      opendir: async (path) => {
        const entries = await this.fs.promises.readdir(path, { withFileTypes: true });
        let next = 0;
        return {
          path,
          read: async () => entries[next++] ?? null,
          close: async () => { next = entries.length; },
          async *[Symbol.asyncIterator]() { while (next < entries.length) yield entries[next++]; },
        };
      },
      /** A FileHandle: read(buffer, offset, length, position),
       * write(data, offset, length, position), close(). */
      open: async (path, flags = 'r', mode = 0o666) => {
        const fd = await call('open', [path, flags, mode]);
        let filePosition = 0;
        return {
          fd,
          read: async (buffer, offset = 0, length = buffer.byteLength - offset, position = null) => {
            const at = position ?? filePosition;
            const bytes = await call('read', [fd, length, at]);
            new Uint8Array(buffer.buffer, buffer.byteOffset + offset, bytes.length).set(bytes);
            if (position === null) filePosition += bytes.length;
            return { bytesRead: bytes.length, buffer };
          },
          write: async (data, offset = 0, length, position = null) => {
            const bytes = bytesOf(data).subarray(offset, length === undefined ? undefined : offset + length);
            const at = position ?? filePosition;
            const written = await call('write', [fd, bytes, at]);
            if (position === null) filePosition += written;
            return { bytesWritten: written, buffer: data };
          },
          close: () => call('close', [fd]),
        };
      },
    };
  }
}
