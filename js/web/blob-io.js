// Reading browser Blobs (a File the user picked) from the kernel's threads.
// Only a dedicated Worker can read a Blob synchronously (FileReaderSync) and
// the kernel's Workers never go back to their event loops to receive one,
// so a single I/O Worker owns the Blobs (startBlobIo) and a thread
// serving a block request asks it through shared memory: it takes the
// lock, writes the request, wakes the I/O Worker and sleeps until the bytes
// are in the shared data buffer. Memory stays bounded: one chunk at a time.

const LOCK = 0; // 0 free, 1 taken
const STATE = 1; // IDLE, REQUEST, DONE
const BLOB_ID = 2;
const LENGTH = 3;
const RESULT = 4; // 0 or -1
const POSITION_BYTE = 32; // a Float64 (offsets pass 2^32)
const IDLE = 0, REQUEST = 1, DONE = 2;
/** Largest piece asked for at once. */
export const CHUNK = 1 << 20;

/** The shared memory of one channel (passed to every thread). */
export function blobChannel() {
  return { control: new SharedArrayBuffer(64), data: new SharedArrayBuffer(CHUNK) };
}

/**
 * Installs `globalThis.lklBlobRead(id, buf, offset)` on this thread, which
 * the wasm side's BlobDisk calls: 0 once `buf` is filled, -1 on a failure.
 */
export function installBlobReader(channel) {
  if (!channel) return;
  const control = new Int32Array(channel.control);
  const position = new Float64Array(channel.control, POSITION_BYTE, 1);
  const data = new Uint8Array(channel.data);
  globalThis.lklBlobRead = (id, buf, offset) => {
    while (Atomics.compareExchange(control, LOCK, 0, 1) !== 0) Atomics.wait(control, LOCK, 1);
    try {
      for (let done = 0; done < buf.length;) {
        const length = Math.min(CHUNK, buf.length - done);
        control[BLOB_ID] = id;
        control[LENGTH] = length;
        position[0] = offset + done;
        Atomics.store(control, STATE, REQUEST);
        Atomics.notify(control, STATE);
        while (Atomics.load(control, STATE) === REQUEST) Atomics.wait(control, STATE, REQUEST);
        const ok = control[RESULT] === 0;
        if (ok) buf.set(data.subarray(0, length), done);
        Atomics.store(control, STATE, IDLE);
        if (!ok) return -1;
        done += length;
      }
      return 0;
    } finally {
      Atomics.store(control, LOCK, 0);
      Atomics.notify(control, LOCK, 1);
    }
  };
}

/**
 * Starts the I/O Worker (running this module's serveBlobs, so that it needs
 * no file of its own) and returns its channel, for installBlobReader on
 * each thread, and give(id, blob) (resolves once the Worker has it) and
 * drop(id).
 */
export function startBlobIo() {
  const channel = blobChannel();
  const body = `import { serveBlobs } from ${JSON.stringify(import.meta.url)};
    const blobs = new Map();
    self.onmessage = ({ data }) => {
      if (data.channel) serveBlobs(data.channel, blobs);
      else if (data.drop !== undefined) blobs.delete(data.drop);
      else { blobs.set(data.give, data.blob); self.postMessage(data.give); }
    };`;
  const worker = new Worker(URL.createObjectURL(new Blob([body], { type: 'text/javascript' })), { type: 'module' });
  worker.postMessage({ channel });
  return {
    channel,
    give: (id, blob) => new Promise((resolve) => {
      const onMessage = ({ data }) => {
        if (data !== id) return;
        worker.removeEventListener('message', onMessage);
        resolve();
      };
      worker.addEventListener('message', onMessage);
      worker.postMessage({ give: id, blob });
    }),
    drop: (id) => worker.postMessage({ drop: id }),
    terminate: () => worker.terminate(),
  };
}

/**
 * The I/O Worker's side: answers requests for the Blobs in `blobs` (id ->
 * Blob) for good, waiting asynchronously so that new Blobs can arrive.
 */
export async function serveBlobs(channel, blobs) {
  const control = new Int32Array(channel.control);
  const position = new Float64Array(channel.control, POSITION_BYTE, 1);
  const data = new Uint8Array(channel.data);
  const reader = new FileReaderSync();
  for (;;) {
    const state = Atomics.load(control, STATE);
    if (state !== REQUEST) {
      const wait = Atomics.waitAsync(control, STATE, state);
      if (wait.async) await wait.value;
      continue;
    }
    let result = -1;
    try {
      const blob = blobs.get(control[BLOB_ID]);
      const start = position[0];
      const length = control[LENGTH];
      if (blob && start + length <= blob.size) {
        const bytes = new Uint8Array(reader.readAsArrayBuffer(blob.slice(start, start + length)));
        if (bytes.length === length) {
          data.set(bytes);
          result = 0;
        }
      }
    } catch {
      // A File the user changed or removed since: an I/O error for the kernel.
    }
    control[RESULT] = result;
    Atomics.store(control, STATE, DONE);
    Atomics.notify(control, STATE);
  }
}
