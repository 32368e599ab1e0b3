// A pool Worker in Node (the body is pool-thread.mjs).
import { writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { poolThread } from './pool-thread.mjs';

await poolThread(workerData, {
  post: (message) => parentPort.postMessage(message),
  echo: (bytes) => writeSync(2, bytes),
  exit: () => process.exit(0),
});
