// A test Worker that calls into a kernel booted by the main thread: it
// instantiates the same module on the same memory, attaches, and runs the
// commands the test posts, answering each with its result.
import { parentPort, workerData } from 'node:worker_threads';

const { module, memory, glueUrl } = workerData;
const glue = await import(glueUrl);
glue.initSync({ module, memory, thread_stack_size: 1 << 20 });
const kernel = glue.Kernel.attach();

const GETTID = 178n;
const commands = {
  gettid: () => Number(kernel.rawSyscall(Number(GETTID), 0n, 0n, 0n, 0n, 0n, 0n)),
  getpid: () => kernel.getpid(),
  // Writes after `delayMs`, so the main thread is blocked reading by then.
  writeLater: ({ fd, text, delayMs }) => new Promise((resolve) => setTimeout(() => {
    resolve(kernel.write(fd, new TextEncoder().encode(text)));
  }, delayMs)),
  detach: () => kernel.detachThread(),
};

parentPort.on('message', async ({ command, args }) => {
  try {
    parentPort.postMessage({ result: await commands[command](args) });
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
});
parentPort.postMessage({ ready: true });
