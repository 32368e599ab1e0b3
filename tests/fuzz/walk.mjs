// node tests/fuzz/walk.mjs WORKDIR SEED COUNT [TYPE...]: for each type,
// an image made by its real tool (tests/wasm/images.mjs FORMATS), COUNT
// damaged copies (damage.mjs), and for some types directory loops made by
// their own tools (loops.mjs); each attached read-only, mounted (the kernel
// picks the type), walked (readdir, lstat, readlink, every file read to the
// end), unmounted. Every failure must be an errno error; a kernel that dies
// (ENOTRECOVERABLE), or that a call waits in for longer than CALL_TIMEOUT_MS
// (ETIMEDOUT: its watchdog stops it), is replaced by a new one. Prints a
// JSON summary line; a hang past that (a call busy in kernel code) is the
// caller's to catch (run it with a timeout).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { boot } from '../../js/node.mjs';
import { FORMATS, writeTree } from '../wasm/images.mjs';
import { damaged } from './damage.mjs';
import { LOOPS } from './loops.mjs';

const [workdir, seedText, countText, ...types] = process.argv.slice(2);
const seed = Number(seedText), count = Number(countText);
const formats = FORMATS.filter((f) => types.length === 0 || types.includes(f.name));
const MAX_READ = 4 << 20;

const summary = {
  seed, count, good: {}, images: {}, loops: {}, errors: {}, mounted: 0, kernelsReplaced: 0, notErrno: [],
};
/** A call waiting in the kernel this long means it is stuck. */
const CALL_TIMEOUT_MS = 20_000;
const KERNEL = { memoryMiB: 96, timeoutMs: CALL_TIMEOUT_MS };
/** Errors that mean the kernel is over. */
const DEAD = new Set(['ENOTRECOVERABLE', 'ETIMEDOUT']);
let kernel = await boot(KERNEL);
const progress = join(workdir, 'current.txt');

/** Errors by code of the image being tried (added to summary.errors). */
let imageErrors = {};

/** Runs `work`; an errno error is counted, anything else is a finding. */
function attempt(label, work) {
  try {
    work();
    return true;
  } catch (error) {
    const code = error?.code;
    if (typeof code === 'string' && /^E[A-Z0-9]+$/.test(code)) {
      summary.errors[code] = (summary.errors[code] ?? 0) + 1;
      imageErrors[code] = (imageErrors[code] ?? 0) + 1;
      if (DEAD.has(code)) throw error;
    } else {
      summary.notErrno.push(`${label}: ${error?.message ?? error}`);
    }
    return false;
  }
}

function walk(dir, budget) {
  for (const entry of kernel.fs.readdirSync(dir, { withFileTypes: true })) {
    if (budget.entries-- <= 0) return;
    const path = `${dir}/${entry.name}`;
    attempt(path, () => {
      const st = kernel.fs.lstatSync(path);
      if (st.isSymbolicLink()) kernel.fs.readlinkSync(path);
      else if (st.isDirectory()) walk(path, budget);
      else if (st.isFile()) {
        const fd = kernel.fs.openSync(path);
        try {
          for (let at = 0, n; at < MAX_READ && (n = kernel.pread(fd, 1 << 20, at).length) > 0;) at += n;
        } finally {
          kernel.fs.closeSync(fd);
        }
      }
    });
  }
}

mkdirSync(workdir, { recursive: true });
const tree = join(workdir, 'tree');
writeTree(tree);
kernel.mkdir('/mnt', 0o755);
/** Attaches, mounts, walks, unmounts one image; a dead kernel is replaced.
 * Returns the image's errors by code and whether it mounted. */
async function tryImage(format, label, bytes) {
  writeFileSync(progress, `${format.name} ${label}\n`);
  imageErrors = {};
  let mounted = false;
  try {
    let disk;
    if (!attempt(`${format.name} ${label} attach`, () => { disk = kernel.attachDisk(bytes, true); })) return { errors: imageErrors, mounted };
    if (attempt(`${format.name} ${label} mount`, () => kernel.mountAuto(`/dev/${disk.name}`, '/mnt', 1))) {
      mounted = true;
      attempt(`${format.name} ${label} walk`, () => walk('/mnt', { entries: 2000 }));
      attempt(`${format.name} ${label} umount`, () => kernel.umount('/mnt'));
    }
    attempt(`${format.name} ${label} detach`, () => kernel.detachDisk(disk.slot));
  } catch (error) {
    if (!DEAD.has(error?.code)) throw error;
    // The kernel died (a panic, a fault, a stuck call): a new one takes over.
    summary.kernelsReplaced++;
    kernel = await boot(KERNEL);
    kernel.mkdir('/mnt', 0o755);
  }
  return { errors: imageErrors, mounted };
}

for (const format of formats) {
  const image = join(workdir, `${format.name}.img`);
  format.make(tree, image);
  const good = readFileSync(image);
  // The undamaged image first: it must mount and walk without an error,
  // or the damaged ones' errors would say nothing.
  const clean = await tryImage(format, 'undamaged', good);
  summary.good[format.name] = clean.mounted && Object.keys(clean.errors).length === 0
    ? 'clean' : `${clean.mounted ? 'mounted' : 'not mounted'}: ${Object.keys(clean.errors).join(' ')}`;
  summary.images[format.name] = 0;
  for (let i = 0; i < count; i++) {
    const [bytes, label] = damaged(good, seed, i);
    summary.images[format.name]++;
    if ((await tryImage(format, `#${i} (${label})`, bytes)).mounted) summary.mounted++;
  }
  for (const [bytes, label] of LOOPS[format.name]?.(image) ?? []) {
    const { errors, mounted } = await tryImage(format, label, bytes);
    if (mounted) summary.mounted++;
    summary.loops[format.name] ??= [];
    summary.loops[format.name].push(`${label}: ${Object.keys(errors).sort().join(' ') || 'no error'}`);
  }
}
kernel.halt();
console.log(JSON.stringify(summary));
process.exit(0);
