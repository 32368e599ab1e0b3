// A pool Worker: instantiate the module on the shared memory, say so, then
// run host threads for good (lkl_host::worker_main never returns).
import { parentPort, workerData } from 'node:worker_threads';

const { module, memory, glueUrl, stackSize } = workerData;
const glue = await import(glueUrl);
glue.initSync({ module, memory, thread_stack_size: stackSize });
parentPort.postMessage('ready');
glue.workerMain();
