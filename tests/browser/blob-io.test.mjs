// The browser's File backend alone (js/web/blob-io.js) in Chromium: a
// Worker reads a Blob through the I/O Worker and shared memory, as the
// kernel's threads do — pieces across the 1 MiB chunk size, the last byte,
// and failures (past the end, an unknown or dropped Blob) as -1, not a hang.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, servePage } from './browser.mjs';

let server, browser;
before(async () => {
  server = await servePage();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  server?.close();
});

test('a Blob read by slices from a Worker, through the Blob I/O Worker', { timeout: 60_000 }, async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}?sample=0`);
  const results = await page.evaluate(async () => {
    const base = new URL('lkl/web/', location.href).href;
    // The reading side runs where Atomics.wait is allowed: a Worker.
    const code = `
      import { installBlobReader, startBlobIo } from '${base}blob-io.js';
      const size = (3 << 20) + 7;
      const bytes = new Uint8Array(size);
      for (let i = 0; i < size; i++) bytes[i] = (i * 7 + (i >> 12)) & 255;
      const io = startBlobIo();
      await io.give(1, new Blob([bytes]));
      installBlobReader(io.channel);
      const read = (offset, length, id = 1) => {
        const buf = new Uint8Array(length);
        const status = globalThis.lklBlobRead(id, buf, offset);
        const same = status === 0 && buf.every((b, i) => b === bytes[offset + i]);
        return { status, same };
      };
      const results = {
        first: read(0, 4096),
        acrossChunks: read(100, (2 << 20) + 512),
        last: read(size - 1, 1),
        pastEnd: read(size - 10, 20),
        unknown: read(0, 16, 9),
        afterFailures: read(12345, 777),
      };
      io.drop(1);
      await new Promise((resolve) => setTimeout(resolve, 50));
      results.dropped = read(0, 16);
      postMessage(results);
    `;
    const worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })), { type: 'module' });
    return new Promise((resolve, reject) => {
      worker.onmessage = ({ data }) => resolve(data);
      worker.onerror = (event) => reject(new Error(event.message));
    });
  });
  assert.deepEqual(results, {
    first: { status: 0, same: true },
    acrossChunks: { status: 0, same: true },
    last: { status: 0, same: true },
    pastEnd: { status: -1, same: false },
    unknown: { status: -1, same: false },
    afterFailures: { status: 0, same: true },
    dropped: { status: -1, same: false },
  });
  await page.close();
});
