// The body of a pool Worker, in Node and in the browser: instantiate the
// module on the shared memory, say so, then run host threads for good
// (workerMain never returns). The first Worker of a kernel boots it first
// (so the thread that owns the pool stays free to start more Workers while
// the kernel boots).
import { logSink } from './log.mjs';

/**
 * @param {object} data  what the pool sent: module, memory, glueUrl,
 *   stackSize, echoLog, boot ({memoryMiB, cmdline} on the booting Worker),
 *   setup (blob I/O channel, browser only)
 * @param {object} platform  post(message) to the pool; echo(bytes) for
 *   echoLog; exit() ends this Worker; setup(data.setup) before the kernel runs
 */
export async function poolThread(data, { post, echo, exit, setup }) {
  const { module, memory, glueUrl, stackSize, echoLog, boot } = data;
  setup?.(data.setup);
  const glue = await import(glueUrl);
  const exports = glue.initSync({ module, memory, thread_stack_size: stackSize });
  // A replay (this thread leaving a dead kernel) is the pool's owner's to
  // read from its own thread: not posted.
  const deliver = (bytes, offset, replay) => replay || post({ log: bytes, offset });
  glue.setLogSink(logSink({ echo: echoLog ? echo : undefined, deliver }));
  glue.setPoolLowHook(() => post('grow'));

  if (boot) {
    try {
      glue.Kernel.boot(boot.memoryMiB, boot.cmdline).free();
      post({ booted: true });
    } catch (error) {
      post({
        bootError: error?.message ?? String(error),
        trapped: error instanceof WebAssembly.RuntimeError,
      });
      exit();
      return;
    }
  } else {
    post('ready');
  }
  try {
    glue.workerMain();
  } catch (error) {
    // A trap in kernel code on this thread: stop the kernel for every
    // thread (the raw export: the glue now refuses calls), then end.
    if (error instanceof WebAssembly.RuntimeError) exports.stopKernel();
    throw error;
  }
}
