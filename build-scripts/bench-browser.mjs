// node build-scripts/bench-browser.mjs IMAGE PATH: the page (build/www) in
// headless Chromium. Boot: from navigation start to the kernel answering
// (the page's 'lkl-kernel-ready' mark), fresh page each run. Read: file
// PATH in IMAGE, picked through the file input (a File read by slices),
// read sequentially in 1 MiB pieces through the facade, next to reading as
// many bytes of the File with Blob.slice().arrayBuffer() on the page.
// Prints `boot_ms=<median> boot_min=<min> runs=<n> kernel_mbps=<N> raw_mbps=<M> bytes=<B>`.
import { launchChromium, servePage } from '../tests/browser/browser.mjs';

const [image, path] = process.argv.slice(2);
const RUNS = 5;
const server = await servePage();
const browser = await launchChromium();
try {
  const boots = [];
  for (let run = 0; run <= RUNS; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}?sample=0`);
    await page.waitForSelector('#kernel-status.ready', { timeout: 60_000 });
    const ms = await page.evaluate(() => performance.getEntriesByName('lkl-kernel-ready')[0].startTime);
    if (run > 0) boots.push(ms); // the first run warms the browser's caches
    await context.close();
  }
  boots.sort((a, b) => a - b);

  const page = await browser.newPage();
  await page.goto(`${server.url}?sample=0`);
  await page.waitForSelector('#kernel-status.ready', { timeout: 60_000 });
  await page.setInputFiles('#file', image);
  await page.waitForFunction(() => window.lklPage.state.mounted, null, { timeout: 60_000 });
  const result = await page.evaluate(async (file) => {
    const CHUNK = 1 << 20;
    const { kernel, image } = window.lklPage.state;
    const handle = await kernel.fs.promises.open(`/mnt/${file}`);
    const buffer = new Uint8Array(CHUNK);
    let bytes = 0;
    let t0 = performance.now();
    for (let n; (n = (await handle.read(buffer, 0, CHUNK, bytes)).bytesRead) > 0;) bytes += n;
    const kernelMs = performance.now() - t0;
    await handle.close();
    t0 = performance.now();
    let raw = 0;
    const size = Math.min(bytes, image.size);
    while (raw < size) raw += (await image.slice(raw, Math.min(size, raw + CHUNK)).arrayBuffer()).byteLength;
    const rawMs = performance.now() - t0;
    return { kernelMbps: bytes / kernelMs / 1e3, rawMbps: raw / rawMs / 1e3, bytes };
  }, path);
  const median = boots[Math.floor(boots.length / 2)];
  console.log(`boot_ms=${median.toFixed(0)} boot_min=${boots[0].toFixed(0)} runs=${boots.length} kernel_mbps=${result.kernelMbps.toFixed(0)} raw_mbps=${result.rawMbps.toFixed(0)} bytes=${result.bytes}`);
} finally {
  await browser.close();
  server.close();
}
