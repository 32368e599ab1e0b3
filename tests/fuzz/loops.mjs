// Directory loops, made by the filesystems' own tools on a good image of the
// test tree (tests/wasm/images.mjs writeTree): a directory entry that leads
// back to an ancestor, to the root, or to its own directory. A walk must end
// with errors (the kernel answers ELOOP or EUCLEAN), never go round for
// good. ext2/3/4 through debugfs `link`, xfs through xfs_db `write`.
import { copyFileSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const env = { ...process.env, PATH: `/usr/sbin:/sbin:${process.env.PATH}` };
const run = (program, args) => execFileSync(program, args, { env, stdio: ['ignore', 'pipe', 'pipe'] }).toString();

/** debugfs `link TARGET ENTRY`: ENTRY becomes another name of directory TARGET. */
function extLoops(image) {
  return [
    ['/docs', '/docs/nested/deep/up'],
    ['/', '/docs/root'],
    ['/docs/nested', '/docs/nested/self'],
  ].map(([target, entry]) => {
    const copy = `${image}.loop`;
    copyFileSync(image, copy);
    run('debugfs', ['-w', '-R', `link ${target} ${entry}`, copy]);
    return [readFileSync(copy), `loop: ${entry} -> ${target}`];
  });
}

/** xfs_db: the entry notes.md in /docs/nested/deep (a short-form
 * directory) rewritten as a directory entry for /docs, or for deep itself. */
function xfsLoops(image) {
  const inode = (path) => Number(/current inode number is (\d+)/.exec(run('xfs_db', ['-r', '-c', `path ${path}`, '-c', 'inode', image]))[1]);
  const deep = run('xfs_db', ['-r', '-c', 'path /docs/nested/deep', '-c', 'print u3.sfdir3.list', image]);
  const index = /list\[(\d+)\]\.name = "notes\.md"/.exec(deep)?.[1];
  if (index === undefined) throw new Error(`xfs_db: no notes.md in /docs/nested/deep:\n${deep}`);
  return [['/docs', '/docs'], ['/docs/nested/deep', 'itself']].map(([target, what]) => {
    const copy = `${image}.loop`;
    copyFileSync(image, copy);
    run('xfs_db', ['-x', '-c', 'path /docs/nested/deep',
      '-c', `write u3.sfdir3.list[${index}].inumber.i4 ${inode(target)}`,
      '-c', `write u3.sfdir3.list[${index}].filetype 2`, copy]);
    return [readFileSync(copy), `loop: /docs/nested/deep/notes.md -> ${what}`];
  });
}

/** Format name -> (good image path) -> [bytes, label] of looped copies. */
export const LOOPS = { ext2: extLoops, ext3: extLoops, ext4: extLoops, xfs: xfsLoops };
