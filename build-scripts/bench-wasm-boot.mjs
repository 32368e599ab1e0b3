// Prints `first_syscall_ms=<N>`: milliseconds from this Node process's start
// (performance.now() counts from it) until the wasm kernel, booted on its
// Worker pool, answered its first system call (getpid).
import { boot } from '../js/node.mjs';

const kernel = await boot({ memoryMiB: 64 });
kernel.getpid();
console.log(`first_syscall_ms=${performance.now().toFixed(2)}`);
process.exit(0);
