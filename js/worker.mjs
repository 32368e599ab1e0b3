// A pool Worker: instantiate the module on the shared memory, say so, then
// run host threads for good (lkl_host::worker_main never returns).
import { parentPort, workerData } from 'node:worker_threads';
import { logSink } from './log.mjs';

const { module, memory, glueUrl, stackSize, logShared, echoLog } = workerData;
const glue = await import(glueUrl);
glue.initSync({ module, memory, thread_stack_size: stackSize });
glue.setLogSink(logSink({ logShared, echoLog, notify: () => parentPort.postMessage('log') }));
parentPort.postMessage('ready');
glue.workerMain();
