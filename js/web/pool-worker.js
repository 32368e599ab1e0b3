// A pool Worker in the browser (the body is pool-thread.mjs); its data is
// the first message.
import { poolThread } from '../pool-thread.mjs';
import { installBlobReader } from './blob-io.js';

self.onmessage = ({ data }) => {
  self.onmessage = null;
  poolThread(data, {
    post: (message) => self.postMessage(message),
    echo: (bytes) => console.log(new TextDecoder().decode(bytes)),
    exit: () => self.close(),
    setup: installBlobReader,
  // A trap (a panic, a fault) rejects: rethrown outside the promise, it
  // reaches the pool as the Worker's error event.
  }).catch((error) => setTimeout(() => { throw error; }));
};
