// The page in real headless Chromium: cross-origin isolation, images opened
// through the file input and by dropping, browsing to a nested file whose
// preview shows its exact bytes, downloads (a file, a folder as tar)
// compared with the source tree, a 6 GiB image listed with memory bounded,
// a corrupt image, and a kernel that dies and is restarted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ext4Image, scratch, sparseImage, squashfsImage, SPARSE_MARK_AT, treeFiles,
} from '../wasm/images.mjs';
import { launchChromium, servePage, treeRss } from './browser.mjs';

let server, browser, work;
before(async () => {
  work = scratch();
  server = await servePage();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  server?.close();
  work?.remove();
});

/** An ext4 image of the test tree in a folder of its own. */
function ext4In(name) {
  const dir = join(work.dir, name);
  mkdirSync(dir);
  return { dir, image: ext4Image(dir) };
}

/** A fresh page (no sample image), its kernel running. */
async function openPage() {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(`${server.url}?sample=0`);
  await page.waitForSelector('#kernel-status.ready', { timeout: 60_000 });
  return { page, errors, close: () => context.close() };
}

/** Runs `work({ page, errors })` on a fresh page, closing it afterwards. */
async function withPage(work) {
  const { page, errors, close } = await openPage();
  try {
    return await work({ page, errors });
  } finally {
    await close();
  }
}

/** Picks `image` in the file input; waits for the root listing. */
async function openImage(page, image) {
  await page.setInputFiles('#file', image);
  await page.waitForFunction(() => window.lklPage.state.mounted && document.querySelector('#listing tbody tr'), null, { timeout: 60_000 });
}

/** Clicks through directories to `path`'s entry. */
async function navigate(page, path) {
  for (const part of path.split('/')) {
    await page.click(`#listing tbody tr[data-name="${part}"]`);
    await page.waitForFunction(() => document.querySelector('#progress').hidden);
  }
}

const rows = (page) => page.$$eval('#listing tbody tr', (trs) => trs.map((tr) => tr.dataset.name));

test('the page is cross-origin isolated, opens the sample on a first visit, previews an image; bytes as a disk', { timeout: 120_000 }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  assert.equal(await page.evaluate(() => crossOriginIsolated), true);
  await page.waitForSelector('#listing tbody tr[data-name="README.md"]', { timeout: 60_000 });
  assert.match(await page.textContent('#kernel-status'), /^Linux 6\.12\.\d+ is running$/);
  assert.match(await page.textContent('#partitions'), /ext4/);
  assert.match(await page.textContent('#log'), /^Linux version 6\.12/);
  // An image file previews as an image (through the sample's relative symlink).
  await page.click('#listing tbody tr[data-name="logo.svg"]');
  await page.waitForSelector('#preview img');
  assert.ok(await page.$eval('#preview img', (img) => img.decode().then(() => img.naturalWidth > 0)));
  // Bytes in memory are a disk too.
  const listed = await page.evaluate(async () => {
    const { kernel } = window.lklPage.state;
    const bytes = new Uint8Array(await (await fetch('sample.img')).arrayBuffer());
    const disk = await kernel.attachBytes(bytes);
    await kernel.mkdir('/bytes');
    const fstype = await kernel.mountAuto(`/dev/${disk.name}`, '/bytes');
    const names = await kernel.fs.promises.readdir('/bytes/www');
    const readme = await kernel.fs.promises.readFile('/bytes/README.md', 'utf8');
    await kernel.umount('/bytes');
    await kernel.detachDisk(disk.slot);
    return { fstype, names, readme };
  });
  assert.equal(listed.fstype, 'ext4');
  assert.deepEqual(listed.names.sort(), ['app.mjs', 'index.html', 'logo.svg', 'style.css']);
  assert.equal(listed.readme, readFileSync(new URL('../../build/sample/tree/README.md', import.meta.url), 'utf8'), 'the sample holds the README as built');
  await context.close();
});

for (const [kind, make] of [['ext4', ext4Image], ['squashfs', squashfsImage]]) {
  test(`a ${kind} image: browse to a nested file, preview and download it, download a folder as tar`, { timeout: 180_000 }, async () => {
    const dir = join(work.dir, kind);
    mkdirSync(dir);
    const image = make(dir);
    const tree = join(dir, kind === 'ext4' ? 'tree' : 'sq-tree');
    const { page, errors, close } = await openPage();
    try {
      await openImage(page, image);
      assert.match(await page.textContent('#dir-summary'), new RegExp(kind));
      assert.ok((await rows(page)).includes('hello.txt'));

      await navigate(page, 'docs/nested/deep/notes.md');
      await page.waitForSelector('#preview-text');
      assert.equal(await page.textContent('#preview-text'), readFileSync(join(tree, 'docs/nested/deep/notes.md'), 'utf8'));
      assert.match(await page.textContent('#details'), /-rw-------/);

      const [file] = await Promise.all([page.waitForEvent('download'), page.click('#download-file')]);
      assert.equal(file.suggestedFilename(), 'notes.md');
      assert.ok(readFileSync(await file.path()).equals(readFileSync(join(tree, 'docs/nested/deep/notes.md'))));

      // Back to the root, and all of it as a tar.
      await page.click('#crumbs a:first-child');
      await page.waitForSelector('#listing tbody tr[data-name="big.bin"]');
      const [tar] = await Promise.all([page.waitForEvent('download'), page.click('#download-dir')]);
      const out = join(dir, 'untarred');
      mkdirSync(out);
      execFileSync('tar', ['-xf', await tar.path(), '-C', out]);
      for (const [path, contents] of treeFiles()) {
        assert.ok(readFileSync(join(out, path)).equals(Buffer.from(contents)), `${kind} tar: ${path}`);
      }
      assert.equal(readlinkSync(join(out, 'link')), 'hello.txt');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
}

test('changes: upload, new folder, rename, delete, then the changed image downloads clean', { timeout: 180_000 }, async () => {
  const { dir, image } = ext4In('changes');
  const original = readFileSync(image);
  const upload = join(dir, 'uploaded.txt');
  writeFileSync(upload, 'uploaded from the page\n');
  await withPage(async ({ page, errors }) => {
    await openImage(page, image);
    await page.click('#make-writable');
    await page.waitForSelector('#edit-tools:not([hidden])');
    await page.setInputFiles('#upload', upload);
    await page.waitForSelector('#listing tbody tr[data-name="uploaded.txt"]');
    page.once('dialog', (dialog) => dialog.accept('made-here'));
    await page.click('#new-folder');
    await page.waitForSelector('#listing tbody tr[data-name="made-here"]');
    await page.click('#listing tbody tr[data-name="empty"]');
    await page.waitForSelector('#entry-tools:not([hidden])');
    page.once('dialog', (dialog) => dialog.accept('renamed'));
    await page.click('#rename');
    await page.waitForSelector('#listing tbody tr[data-name="renamed"]');
    await page.click('#listing tbody tr[data-name="big.bin"]');
    await page.waitForSelector('#preview-hex');
    page.once('dialog', (dialog) => dialog.accept());
    await page.click('#delete');
    await page.waitForFunction(() => !document.querySelector('#listing tbody tr[data-name="big.bin"]'));

    // A folder: renamed from inside it, and another deleted with its contents.
    await page.click('#listing tbody tr[data-name="tools"]');
    await page.waitForSelector('#folder-tools:not([hidden])');
    page.once('dialog', (dialog) => dialog.accept('tools-renamed'));
    await page.click('#rename-dir');
    await page.waitForFunction(() => document.querySelector('#crumbs').textContent.endsWith('tools-renamed'));
    await page.click('#crumbs a:first-child');
    await page.waitForSelector('#listing tbody tr[data-name="docs"]');
    await navigate(page, 'docs/nested');
    page.once('dialog', (dialog) => dialog.accept());
    await page.click('#delete-dir');
    await page.waitForFunction(() => document.querySelector('#crumbs').textContent.endsWith('docs'));
    assert.ok(!(await rows(page)).includes('nested'));
    await page.click('#crumbs a:first-child');
    await page.waitForSelector('#listing tbody tr[data-name="tools-renamed"]');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-image')]);
    assert.equal(download.suggestedFilename(), 'ext4-changed.img');
    const changed = join(dir, 'changed.img');
    await download.saveAs(changed);
    assert.ok(readFileSync(image).equals(original), 'the picked file is untouched');
    try {
      execFileSync('e2fsck', ['-fn', changed], { env: { ...process.env, PATH: `/usr/sbin:/sbin:${process.env.PATH}` } });
    } catch (error) {
      assert.fail(`e2fsck -fn found problems:\n${error.stdout}${error.stderr}`);
    }
    const listing = execFileSync('debugfs', ['-R', 'ls -p /', changed], { env: { ...process.env, PATH: `/usr/sbin:/sbin:${process.env.PATH}` }, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    for (const name of ['uploaded.txt', 'made-here', 'renamed', 'hello.txt', 'tools-renamed']) assert.match(listing, new RegExp(`/${name}/`), name);
    for (const name of ['big.bin', 'empty', 'tools']) assert.doesNotMatch(listing, new RegExp(`/${name}/`), name);
    const docs = execFileSync('debugfs', ['-R', 'ls -p /docs', changed], { env: { ...process.env, PATH: `/usr/sbin:/sbin:${process.env.PATH}` }, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    assert.doesNotMatch(docs, /\/nested\//, 'docs/nested deleted');
    const cat = execFileSync('debugfs', ['-R', 'cat /uploaded.txt', changed], { env: { ...process.env, PATH: `/usr/sbin:/sbin:${process.env.PATH}` }, stdio: ['ignore', 'pipe', 'ignore'] });
    assert.equal(cat.toString(), 'uploaded from the page\n');
    assert.deepEqual(errors, []);
  });
});

test('a folder of 12,000 entries lists 500 rows at a time', { timeout: 120_000 }, async () => {
  const dir = join(work.dir, 'many');
  mkdirSync(join(dir, 'tree', 'many'), { recursive: true });
  for (let i = 0; i < 12_000; i++) writeFileSync(join(dir, 'tree', 'many', `file-${String(i).padStart(5, '0')}`), '');
  execFileSync('mkfs.ext4', ['-q', '-F', '-d', join(dir, 'tree'), join(dir, 'many.img'), '64M'], { env: { ...process.env, PATH: `/usr/sbin:/sbin:${process.env.PATH}` } });
  await withPage(async ({ page }) => {
    await openImage(page, join(dir, 'many.img'));
    await navigate(page, 'many');
    assert.match(await page.textContent('#dir-summary'), /^12000 entries/);
    assert.equal((await rows(page)).length, 500);
    assert.equal(await page.textContent('#more'), 'Show 500 more');
    await page.click('#more');
    await page.waitForFunction(() => document.querySelectorAll('#listing tbody tr').length === 1000);
    assert.deepEqual((await rows(page)).slice(998), ['file-00998', 'file-00999']);
  });
});

test('a 6 GiB image is listed and read past 4 GiB with memory bounded', { timeout: 180_000 }, async (t) => {
  const image = sparseImage(work.dir);
  const { page, close } = await openPage();
  try {
    await openImage(page, image);
    assert.deepEqual((await rows(page)).sort(), ['lost+found', 'sparse.bin']);
    await page.click('#listing tbody tr[data-name="sparse.bin"]');
    await page.waitForSelector('#preview-hex');
    assert.match(await page.textContent('#details'), /5\.0 GiB/);
    const marker = await page.evaluate(async (at) => {
      const handle = await window.lklPage.state.kernel.fs.promises.open('/mnt/sparse.bin');
      const buffer = new Uint8Array(9);
      await handle.read(buffer, 0, 9, at);
      await handle.close();
      return new TextDecoder().decode(buffer);
    }, SPARSE_MARK_AT);
    assert.equal(marker, 'MARK-4.5G');
    // This process and its children (the browser: the kernel's 256 MiB of
    // RAM and the page) never hold the 6 GiB image.
    const rss = treeRss(process.pid);
    t.diagnostic(`resident memory of the test and the browser: ${Math.round(rss / 2 ** 20)} MiB`);
    assert.ok(rss > 0 && rss < 2 * 1024 ** 3, `memory ${Math.round(rss / 2 ** 20)} MiB`);
  } finally {
    await close();
  }
});

test('a dropped corrupt image is a readable error, and the page goes on', { timeout: 120_000 }, async () => {
  const { image } = ext4In('after-corrupt');
  await withPage(async ({ page }) => {
    // Random bytes, dropped on the page as a file.
    await page.evaluate(() => {
      const bytes = new Uint8Array(4 << 20);
      for (let i = 0; i < bytes.length; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'broken.img'));
      document.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    await page.waitForSelector('#error:not([hidden])', { timeout: 60_000 });
    assert.match(await page.textContent('#error-text'), /Opening broken\.img failed\. .*no filesystem it can read/s);
    assert.equal(await page.isVisible('#restart'), false);
    await openImage(page, image);
    assert.ok((await rows(page)).includes('hello.txt'));
  });
});

test('a call that makes no progress is cut off (timeout, AbortSignal), ending only that kernel', { timeout: 120_000 }, async () => {
  await withPage(async ({ page }) => {
    const outcome = await page.evaluate(async () => {
      const { boot } = await import('./lkl/web/kernel.js');
      const slow = await boot({ memoryMiB: 32, workers: 8, timeoutMs: 500 });
      const started = performance.now();
      const timedOut = await slow.sleep(20_000).then(() => 'finished', (error) => error.code);
      const elapsed = performance.now() - started;
      const after = await slow.sleep(1).then(() => 'ran', (error) => error.code);
      const other = await boot({ memoryMiB: 32, workers: 8 });
      await other.sleep(10);
      const controller = new AbortController();
      const pending = other.sleep(20_000, { signal: controller.signal }).then(() => 'finished', (error) => error.code);
      setTimeout(() => controller.abort(), 200);
      const aborted = await pending;
      // The page's own kernel is untouched.
      const pageKernel = await window.lklPage.state.kernel.sleep(1).then(() => 'alive', (error) => error.code);
      return { timedOut, elapsed, after, aborted, otherDead: other.dead, pageKernel };
    });
    assert.equal(outcome.timedOut, 'ETIMEDOUT');
    assert.ok(outcome.elapsed < 5000, `cut off after ${outcome.elapsed} ms`);
    assert.equal(outcome.after, 'ENOTRECOVERABLE');
    assert.equal(outcome.aborted, 'ABORT_ERR');
    assert.equal(outcome.otherDead, true);
    assert.equal(outcome.pageKernel, 'alive');
  });
});

test('a kernel thread that dies while a call waits: the call fails at once with the cause', { timeout: 120_000 }, async () => {
  await withPage(async ({ page }) => {
    // No timeout: without the wake-up the sleep would wait 10 minutes (the
    // test's timeout is the check). /proc/lkl-fault: kernel/arch/lkl/kernel/fault.c.
    const outcome = await page.evaluate(async () => {
      const { boot } = await import('./lkl/web/kernel.js');
      const kernel = await boot({ memoryMiB: 32, workers: 8 });
      await kernel.mkdir('/proc', 0o555);
      await kernel.mount('proc', '/proc', 'proc');
      await kernel.fs.promises.writeFile('/proc/lkl-fault', 'trap-later');
      const error = await kernel.sleep(600_000).then(() => null, (e) => e);
      return { code: error?.code, message: error?.message, dead: kernel.dead };
    });
    assert.equal(outcome.code, 'ENOTRECOVERABLE');
    assert.match(outcome.message, /lkl-fault: trapping on request/);
    assert.equal(outcome.dead, true);
  });
});

test('a kernel that faults: the page says so, restarts it and reopens the image', { timeout: 180_000 }, async () => {
  const { image } = ext4In('fault');
  await withPage(async ({ page }) => {
    await openImage(page, image);
    // A trap in kernel code, on purpose (kernel/arch/lkl/kernel/fault.c);
    // a bad pointer first, which is only EFAULT.
    const [efault, code] = await page.evaluate(async () => {
      const { kernel } = window.lklPage.state;
      const handle = await kernel.fs.promises.open('/mnt/hello.txt');
      const efault = await kernel.syscall(63, BigInt(handle.fd), 0xfffff000n, 100n);
      await kernel.mkdir('/fault-proc', 0o555);
      await kernel.mount('proc', '/fault-proc', 'proc');
      const code = await kernel.fs.promises.writeFile('/fault-proc/lkl-fault', 'trap').then(() => 'no error', (error) => error.code);
      return [efault, code];
    });
    assert.equal(efault, -14n);
    assert.equal(code, 'ENOTRECOVERABLE');
    await page.click('#listing tbody tr[data-name="hello.txt"]');
    await page.waitForSelector('#restart:not([hidden])');
    assert.match(await page.textContent('#error-text'), /The kernel stopped/);
    assert.match(await page.textContent('#kernel-status'), /stopped/);
    await page.click('#restart');
    await page.waitForSelector('#kernel-status.ready', { timeout: 60_000 });
    await page.waitForSelector('#listing tbody tr[data-name="hello.txt"]', { timeout: 60_000 });
    await page.click('#listing tbody tr[data-name="hello.txt"]');
    await page.waitForSelector('#preview-text');
    assert.equal(await page.textContent('#preview-text'), 'hello from the image\n');
  });
});
