// A pool Worker: instantiate the module on the shared memory, say so, then
// run host threads for good (lkl_host::worker_main never returns). The
// first Worker of a kernel boots it first (so the main thread stays free
// to start more Workers while the kernel boots).
import { parentPort, workerData } from 'node:worker_threads';
import { logSink } from './log.mjs';

const { module, memory, glueUrl, stackSize, echoLog, boot } = workerData;
const glue = await import(glueUrl);
glue.initSync({ module, memory, thread_stack_size: stackSize });
glue.setLogSink(logSink({ echoLog, deliver: (bytes, offset) => parentPort.postMessage({ log: bytes, offset }) }));
glue.setPoolLowHook(() => parentPort.postMessage('grow'));

if (boot) {
  try {
    glue.Kernel.boot(boot.memoryMiB, boot.cmdline).free();
    parentPort.postMessage({ booted: true });
  } catch (error) {
    parentPort.postMessage({
      bootError: error?.message ?? String(error),
      trapped: error instanceof WebAssembly.RuntimeError,
    });
    process.exit(0);
  }
} else {
  parentPort.postMessage('ready');
}
glue.workerMain();
