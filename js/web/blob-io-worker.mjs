// The Worker that owns the Blobs the kernel reads (blob-io.mjs). Messages:
// { channel } first, then { attach: id, blob } (answered { attached: id })
// and { detach: id }.
import { serveBlobs } from './blob-io.mjs';

const blobs = new Map();
self.onmessage = ({ data }) => {
  if (data.channel) {
    serveBlobs(data.channel, blobs);
  } else if (data.attach !== undefined) {
    blobs.set(data.attach, data.blob);
    self.postMessage({ attached: data.attach });
  } else if (data.detach !== undefined) {
    blobs.delete(data.detach);
  }
};
