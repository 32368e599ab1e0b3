// Writes through the wasm kernel in Node: kernel.fs's write calls make the
// test tree on empty ext4, btrfs, xfs and vfat images, each filesystem's
// own checker must find them clean, and a read-only remount must show the
// tree; a seeded run of 2,000 random operations on ext4 matches a model of
// the expected tree before and after a remount; and the overlay mounts a
// read-only file read-write, replays its dirty journal, exports a clean
// image and writes back on request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { boot } from '../../js/node.mjs';
import { ext4Image, scratch, TREE_OWNERS, treeFiles, withKernel, WRITABLE } from './images.mjs';

const env = { ...process.env, PATH: `/usr/sbin:/sbin:${process.env.PATH}` };
const run = (program, args) => execFileSync(program, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
const MS_RDONLY = 1;

/** Makes the test tree under `at` with kernel.fs. */
function writeTreeThrough(fs, at, unix) {
  for (const [path, contents] of treeFiles()) {
    if (path === 'hello-hard' && unix) continue;
    fs.mkdirSync(join(at, path, '..'), { recursive: true });
    fs.writeFileSync(join(at, path), contents);
  }
  if (!unix) return;
  fs.linkSync(join(at, 'hello.txt'), join(at, 'hello-hard'));
  fs.symlinkSync('hello.txt', join(at, 'link'));
  for (const [path, mode, uid, gid] of TREE_OWNERS) {
    fs.chownSync(join(at, path), uid, gid);
    fs.chmodSync(join(at, path), mode);
  }
}

test('the tree written through kernel.fs leaves each writable type clean', { timeout: 180_000 }, () => withKernel({ memoryMiB: 128 }, async (kernel, dir) => {
  kernel.mkdir('/mnt', 0o755);
  for (const fs of WRITABLE) {
    const image = join(dir, `${fs.fstype}.img`);
    run('truncate', ['-s', fs.size, image]);
    run(fs.mkfs[0], [...fs.mkfs.slice(1), image]);
    const disk = kernel.attachFile(image, { readOnly: false });
    assert.equal(kernel.mountAuto(`/dev/${disk.name}`, '/mnt', 0), fs.fstype);
    const free = kernel.fs.statfsSync('/mnt').bfree;
    writeTreeThrough(kernel.fs, '/mnt', fs.unix);
    kernel.fs.utimesSync('/mnt/hello.txt', 1_000_000_000, new Date(1_234_567_890_000));
    kernel.fs.appendFileSync('/mnt/empty', 'appended\n');
    kernel.sync();
    assert.ok(kernel.fs.statfsSync('/mnt').bfree < free, `${fs.fstype}: statfs shows the space used`);
    kernel.umount('/mnt');
    kernel.detachDisk(disk.slot);
    try {
      run(fs.fsck[0], [...fs.fsck.slice(1), image]);
    } catch (error) {
      assert.fail(`${fs.fstype}: ${fs.fsck.join(' ')} found problems:\n${error.stdout}${error.stderr}`);
    }

    const ro = kernel.attachFile(image);
    kernel.mountAuto(`/dev/${ro.name}`, '/mnt', MS_RDONLY);
    for (const [path, contents] of treeFiles()) {
      const want = path === 'empty' ? Buffer.from('appended\n') : Buffer.from(contents);
      assert.ok(kernel.fs.readFileSync(join('/mnt', path)).equals(want), `${fs.fstype}: ${path}`);
    }
    assert.equal(Math.floor(kernel.fs.statSync('/mnt/hello.txt').mtimeMs / 1000), 1_234_567_890, `${fs.fstype}: mtime`);
    // New files carry the host's time (the kernel's clock is set at boot).
    assert.ok(Math.abs(kernel.fs.statSync('/mnt/big.bin').mtimeMs - Date.now()) < 300_000, `${fs.fstype}: a new file's time`);
    if (fs.unix) {
      assert.equal(kernel.fs.readlinkSync('/mnt/link'), 'hello.txt');
      assert.equal(kernel.fs.statSync('/mnt/hello.txt').nlink, 2);
      for (const [path, mode, uid, gid] of TREE_OWNERS) {
        const st = kernel.fs.statSync(join('/mnt', path));
        assert.deepEqual([st.mode & 0o7777, st.uid, st.gid], [mode, uid, gid], `${fs.fstype}: ${path}`);
      }
    }
    kernel.umount('/mnt');
    kernel.detachDisk(ro.slot);
  }
}));

test('timers expire: ext4 commits written data within seconds, without a sync', { timeout: 60_000 }, async () => {
  // jbd2's commit timer is a timer_list; with nodelalloc the data goes out
  // with the commit. (Until the IRQ path set a register frame, the tick
  // never ran the timer wheel: this waited forever, and f2fs's checkpoint,
  // which sleeps with a timeout, hung.)
  const { dir, remove } = scratch();
  const kernel = await boot({ memoryMiB: 64 });
  try {
    const image = join(dir, 'e.img');
    run('truncate', ['-s', '16M', image]);
    run('mkfs.ext4', ['-q', '-F', image]);
    const disk = kernel.attachDisk(readFileSync(image), false);
    kernel.mkdir('/mnt', 0o755);
    kernel.mount(`/dev/${disk.name}`, '/mnt', 'ext4', 0, 'commit=1,nodelalloc');
    const marker = `TIMER-MARKER-${Date.now()}`;
    kernel.fs.writeFileSync('/mnt/f', marker.repeat(50));
    const onDisk = () => Buffer.from(kernel.diskBytes(disk.slot)).includes(marker);
    let waited = 0;
    for (; waited < 10_000 && !onDisk(); waited += 250) await new Promise((resolve) => setTimeout(resolve, 250));
    assert.ok(onDisk(), 'the commit timer never fired');
    kernel.umount('/mnt');
  } finally {
    kernel.halt();
    remove();
  }
});

/** xorshift32: the same "random" operations every run. */
function random(seed) {
  let x = seed;
  return (n) => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x % n;
  };
}

test('2,000 random operations on ext4 match a model of the tree', { timeout: 120_000 }, () => withKernel({ memoryMiB: 128 }, async (kernel, dir) => {
  const image = join(dir, 'random.img');
  run('truncate', ['-s', '64M', image]);
  run('mkfs.ext4', ['-q', '-F', image]);
  const disk = kernel.attachFile(image, { readOnly: false });
  kernel.mkdir('/mnt', 0o755);
  kernel.mountAuto(`/dev/${disk.name}`, '/mnt', 0);
  const fs = kernel.fs;
  const next = random(20261130);
  /** path (under /mnt) -> Buffer for files, 'dir' for directories, { link } for symlinks */
  const model = new Map([['', 'dir']]);
  const dirs = () => [...model].filter(([, v]) => v === 'dir').map(([p]) => p);
  const files = () => [...model].filter(([, v]) => Buffer.isBuffer(v)).map(([p]) => p);
  const pick = (list) => list[next(list.length)];
  const bytes = (n) => Buffer.from(Array.from({ length: n }, () => next(256)));
  const at = (p) => `/mnt${p}`;
  let counter = 0;
  const ops = {
    create() { const p = `${pick(dirs())}/f${counter++}`; const b = bytes(next(20_000)); fs.writeFileSync(at(p), b); model.set(p, b); },
    mkdir() { const p = `${pick(dirs())}/d${counter++}`; fs.mkdirSync(at(p)); model.set(p, 'dir'); },
    append() { const p = pick(files()); if (!p) return; const b = bytes(next(5000)); fs.appendFileSync(at(p), b); model.set(p, Buffer.concat([model.get(p), b])); },
    overwrite() {
      const p = pick(files()); if (!p) return;
      const old = model.get(p); const at0 = next(old.length + 100); const b = bytes(1 + next(3000));
      const fd = fs.openSync(at(p), 'r+'); fs.writeSync(fd, b, 0, b.length, at0); fs.closeSync(fd);
      const grown = Buffer.alloc(Math.max(old.length, at0 + b.length)); old.copy(grown); b.copy(grown, at0); model.set(p, grown);
    },
    truncate() { const p = pick(files()); if (!p) return; const n = next(model.get(p).length + 1); fs.truncateSync(at(p), n); model.set(p, model.get(p).subarray(0, n)); },
    unlink() { const p = pick(files()); if (!p) return; fs.unlinkSync(at(p)); model.delete(p); },
    rename() {
      const p = pick(files()); if (!p) return;
      const q = `${pick(dirs())}/r${counter++}`; fs.renameSync(at(p), at(q)); model.set(q, model.get(p)); model.delete(p);
    },
    symlink() { const p = `${pick(dirs())}/l${counter++}`; const target = `t${next(1000)}`; fs.symlinkSync(target, at(p)); model.set(p, { link: target }); },
    rmdir() {
      const empty = dirs().filter((d) => d !== '' && ![...model.keys()].some((k) => k.startsWith(`${d}/`)));
      const p = pick(empty); if (!p) return; fs.rmdirSync(at(p)); model.delete(p);
    },
  };
  const names = Object.keys(ops);
  for (let i = 0; i < 2000; i++) ops[names[next(names.length)]]();

  const check = (when) => {
    const seen = new Map([['', 'dir']]);
    for (const entry of fs.readdirSync('/mnt', { withFileTypes: true, recursive: true })) {
      const p = `${entry.parentPath.slice('/mnt'.length)}/${entry.name}`;
      if (p === '/lost+found' || p.startsWith('/lost+found/')) continue;
      if (entry.isDirectory()) seen.set(p, 'dir');
      else if (entry.isSymbolicLink()) seen.set(p, { link: fs.readlinkSync(at(p)) });
      else seen.set(p, fs.readFileSync(at(p)));
    }
    assert.deepEqual([...seen.keys()].sort(), [...model.keys()].sort(), `${when}: the names`);
    for (const [p, v] of model) assert.deepEqual(seen.get(p), v, `${when}: ${p}`);
  };
  check('mounted');
  kernel.umount('/mnt');
  kernel.detachDisk(disk.slot);
  run('e2fsck', ['-fn', image]);
  const again = kernel.attachFile(image);
  kernel.mountAuto(`/dev/${again.name}`, '/mnt', MS_RDONLY);
  check('after a remount');
  kernel.umount('/mnt');
  kernel.detachDisk(again.slot);
}));

test('an overlay: a read-only file mounted read-write, its journal replayed, exported clean, written back', { timeout: 120_000 }, () => withKernel({ memoryMiB: 128 }, async (kernel, dir) => {
  // A dirty journal: written, fsync'ed, and the bytes taken while mounted.
  const image = ext4Image(dir);
  const live = kernel.attachDisk(readFileSync(image), false);
  kernel.mkdir('/mnt', 0o755);
  kernel.mount(`/dev/${live.name}`, '/mnt', 'ext4', 0);
  kernel.fs.writeFileSync('/mnt/journaled.txt', 'in the journal\n');
  const fd = kernel.fs.openSync('/mnt/journaled.txt', 'r');
  kernel.fs.fsyncSync(fd);
  kernel.fs.closeSync(fd);
  const dirty = join(dir, 'dirty.img');
  writeFileSync(dirty, kernel.diskBytes(live.slot));
  kernel.umount('/mnt');
  kernel.detachDisk(live.slot);
  const before = readFileSync(dirty);

  const disk = kernel.attachFile(dirty, { overlay: true });
  assert.equal(kernel.mountAuto(`/dev/${disk.name}`, '/mnt', 0), 'ext4');
  assert.equal(kernel.fs.readFileSync('/mnt/journaled.txt', 'utf8'), 'in the journal\n');
  assert.match(kernel.log, /recovery complete/, 'the journal was replayed');
  kernel.fs.writeFileSync('/mnt/added.txt', 'through the overlay\n');
  kernel.umount('/mnt');
  assert.ok(readFileSync(dirty).equals(before), 'the file is untouched');
  assert.ok(kernel.diskChanged(disk.slot) > 0);
  const exported = join(dir, 'exported.img');
  await pipeline(kernel.exportDisk(disk.slot), createWriteStream(exported));
  run('e2fsck', ['-fn', exported]);
  assert.throws(() => kernel.writeBack(disk.slot), /EIO/); // opened read-only
  kernel.detachDisk(disk.slot);

  const writable = kernel.attachFile(dirty, { readOnly: false, overlay: true });
  kernel.mountAuto(`/dev/${writable.name}`, '/mnt', 0);
  kernel.umount('/mnt');
  assert.ok(kernel.diskChanged(writable.slot) > 0, 'the replay changed blocks');
  kernel.writeBack(writable.slot);
  assert.equal(kernel.diskChanged(writable.slot), 0);
  kernel.detachDisk(writable.slot);
  assert.ok(!readFileSync(dirty).equals(before), 'written back into the file');
  run('e2fsck', ['-fn', dirty]);
}));
