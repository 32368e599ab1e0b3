// Prints `first_syscall_ms=<N> host_threads=<M>`: milliseconds from this
// Node process's start (performance.now() counts from it) until the wasm
// kernel, booted on its Worker pool, answered its first system call
// (getpid); then how many Workers the kernel uses once it is idle.
import { boot, hostThreads } from '../js/node.mjs';

const kernel = await boot({ memoryMiB: 64 });
kernel.getpid();
const firstSyscallMs = performance.now();
await new Promise((resolve) => setTimeout(resolve, 200));
console.log(`first_syscall_ms=${firstSyscallMs.toFixed(2)} host_threads=${hostThreads(kernel)}`);
process.exit(0);
