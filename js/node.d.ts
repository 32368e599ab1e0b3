// Types for lkl-wasm in Node (node.mjs). The Kernel class itself is
// declared by wasm-bindgen in pkg/lkl_wasm.d.ts, next to this file in the
// built package (build/npm).
import type { AttachedDisk, Kernel as WasmKernel } from './pkg/lkl_wasm.js';

export type { AttachedDisk, Stat } from './pkg/lkl_wasm.js';

/** The booted kernel: the wasm-bindgen class plus Node's file disks. */
export type Kernel = WasmKernel & {
  /** Attaches a disk image file, read in place (never loaded whole);
   * read-only unless `readOnly: false`. With `overlay`, the kernel's writes
   * go to a copy-on-write layer in memory (the file is only read until
   * `writeBack(slot)`, which needs `readOnly: false`). */
  attachFile(path: string, options?: { readOnly?: boolean; overlay?: boolean }): AttachedDisk;
  /** The disk's bytes as the kernel sees them (an overlay's changes
   * included), 1 MiB at a time: unmount or sync first. */
  exportDisk(slot: number): import('node:stream').Readable;
  /** Detaches the disk in `slot` (unmount first); closes its file. */
  detachDisk(slot: number): void;
  /** Node's fs shape over the kernel's files (js/fs.mjs): readdirSync
   * (withFileTypes, recursive), statSync, lstatSync, readlinkSync,
   * realpathSync, existsSync, readFileSync, openSync/readSync/closeSync,
   * opendirSync, createReadStream; writes: writeFileSync, appendFileSync,
   * writeSync, mkdirSync, rmSync, rmdirSync, unlinkSync, renameSync,
   * symlinkSync, linkSync, chmodSync, chownSync, lchownSync, utimesSync,
   * lutimesSync, truncateSync, ftruncateSync, fsyncSync, statfsSync; and
   * `promises` with the same names (and open → a FileHandle). */
  readonly fs: KernelFs;
};

// Loose on purpose: the shapes are Node's own (fs.Stats, fs.Dirent, fs.Dir).
export interface KernelFs {
  readdirSync(path: string, options?: { withFileTypes?: boolean; recursive?: boolean }): any[];
  statSync(path: string): any;
  lstatSync(path: string): any;
  readlinkSync(path: string): string;
  realpathSync(path: string): string;
  existsSync(path: string): boolean;
  readFileSync(path: string, options?: string | { encoding?: string }): any;
  openSync(path: string, flags?: string | number, mode?: number): number;
  readSync(fd: number, buffer: ArrayBufferView, offset?: number, length?: number, position?: number | null): number;
  closeSync(fd: number): void;
  opendirSync(path: string): any;
  createReadStream(path: string, options?: { start?: number; end?: number; highWaterMark?: number }): import('node:stream').Readable;
  writeFileSync(path: string, data: string | ArrayBufferView, options?: string | { encoding?: string; mode?: number; flag?: string }): void;
  appendFileSync(path: string, data: string | ArrayBufferView, options?: string | { encoding?: string; mode?: number }): void;
  writeSync(fd: number, data: string | ArrayBufferView, offsetOrPosition?: number | null, lengthOrEncoding?: number | string, position?: number | null): number;
  mkdirSync(path: string, options?: number | { recursive?: boolean; mode?: number }): string | undefined;
  rmSync(path: string, options?: { recursive?: boolean; force?: boolean }): void;
  rmdirSync(path: string): void;
  unlinkSync(path: string): void;
  renameSync(oldPath: string, newPath: string): void;
  symlinkSync(target: string, path: string): void;
  linkSync(existingPath: string, newPath: string): void;
  chmodSync(path: string, mode: number | string): void;
  chownSync(path: string, uid: number, gid: number): void;
  lchownSync(path: string, uid: number, gid: number): void;
  utimesSync(path: string, atime: number | Date, mtime: number | Date): void;
  lutimesSync(path: string, atime: number | Date, mtime: number | Date): void;
  truncateSync(path: string, length?: number): void;
  ftruncateSync(fd: number, length?: number): void;
  fsyncSync(fd: number): void;
  statfsSync(path: string): { type: number; bsize: number; blocks: number; bfree: number; bavail: number; files: number; ffree: number };
  promises: Record<string, (...args: any[]) => Promise<any>>;
}

export interface BootOptions {
  /** The kernel's RAM in MiB (default 64). */
  memoryMiB?: number;
  /** The kernel command line (default empty). */
  cmdline?: string;
  /** Gets the kernel log as it is printed, in order, from the event loop. */
  onLog?: (text: string) => void;
  /** Also write the log to stderr as it is printed (default: LKL_ECHO_LOG=1). */
  echoLog?: boolean;
  /** Workers started at boot for host threads (default 24; more are added when the kernel runs low). */
  workers?: number;
  /** Where the wasm-bindgen output is (default: the package's pkg/). */
  pkgDir?: string;
  /**
   * A call that waits in the kernel longer than this (a deadlock, a disk
   * that never answers) stops the kernel and fails with ETIMEDOUT instead
   * of blocking the thread for good (default, or 0: no limit).
   */
  timeoutMs?: number;
}

/**
 * An error from the kernel, shaped like Node's fs errors: message
 * "ENOENT: no such file or directory, open '/x'", `code` (the errno name),
 * `errno` (negative), `syscall` and `path`. After a kernel panic or a
 * trap, `code` is "ENOTRECOVERABLE" ("ETIMEDOUT" for a call cut off by
 * `timeoutMs`), the message ends with the last lines
 * of the kernel log and `kernelLog` holds it all; the kernel refuses
 * further calls and `halt()` does nothing.
 */
export interface KernelError extends Error {
  code?: string;
  errno?: number;
  syscall?: string;
  path?: string;
  kernelLog?: string;
}

/** Boots a kernel of its own (own module instance and memory). */
export function boot(options?: BootOptions): Promise<Kernel>;

/** `Kernel.boot(options)`: the same as `boot(options)`. */
export const Kernel: { boot(options?: BootOptions): Promise<Kernel> };

/** What another Worker needs to call into `kernel`: instantiate the glue at
 * `glueUrl` with `module` on `memory`, `Kernel.attach()`, and
 * `kernel.detachThread()` before the Worker ends. */
export function instanceOf(kernel: Kernel): {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  glueUrl: string;
};

/** How many host threads (pool Workers) `kernel` has in use. */
export function hostThreads(kernel: Kernel): number;
