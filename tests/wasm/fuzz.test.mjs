// Damaged images of every format (tests/fuzz: made by the real tools, then
// bit flips, zeroed blocks, truncation, scrambled superblock regions; a
// fixed seed), and directory loops made with debugfs / xfs_db: each mounted
// and walked in a child process with a time limit. No crash, no hang, every failure an errno error. A longer run:
// build-scripts/fuzz SEED COUNT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FORMATS, scratch } from './images.mjs';

const walker = fileURLToPath(new URL('../fuzz/walk.mjs', import.meta.url));
const PER_TYPE = 12;

test(`${PER_TYPE} damaged images of each format: errors, never a crash or a hang`, { timeout: 300_000 }, (t) => {
  const { dir, remove } = scratch();
  try {
    const child = spawnSync(process.execPath, [walker, dir, '1', String(PER_TYPE)], {
      timeout: 240_000, maxBuffer: 16 << 20, env: { ...process.env, LKL_ECHO_LOG: '' },
    });
    const current = join(dir, 'current.txt');
    const at = existsSync(current) ? readFileSync(current, 'utf8').trim() : 'before the first image';
    assert.notEqual(child.error?.code, 'ETIMEDOUT', `hung at ${at}`);
    assert.equal(child.status, 0, `the walker died at ${at}:\n${child.stderr}`);
    const summary = JSON.parse(child.stdout.toString().trim().split('\n').pop());
    t.diagnostic(JSON.stringify(summary));
    assert.deepEqual(Object.keys(summary.images).sort(), FORMATS.map((f) => f.name).sort());
    for (const format of FORMATS) assert.equal(summary.good[format.name], 'clean', `${format.name}: the undamaged image`);
    for (const [name, n] of Object.entries(summary.images)) assert.equal(n, PER_TYPE, name);
    assert.deepEqual(summary.notErrno, [], 'failures that are not errno errors');
    assert.ok(summary.mounted > 0 && Object.keys(summary.errors).length > 0, 'the damage did something');
    // Directory loops (tests/fuzz/loops.mjs): every walk ends, on ELOOP or
    // EUCLEAN from the kernel.
    assert.deepEqual(Object.fromEntries(Object.entries(summary.loops).map(([name, list]) => [name, list.length])),
      { ext2: 3, ext3: 3, ext4: 3, xfs: 2 });
    for (const outcomes of Object.values(summary.loops)) {
      for (const outcome of outcomes) assert.match(outcome, /: .*\b(ELOOP|EUCLEAN)\b/, outcome);
    }
  } finally {
    remove();
  }
});
