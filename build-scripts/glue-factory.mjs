// Turns wasm-bindgen's glue (an ES module holding one instance in
// module-level variables) into a module exporting `createGlue()`, which
// returns a fresh copy of those variables each call. Node keeps every
// imported ES module for the life of the process, so importing the glue
// under a new URL per kernel kept each halted kernel's memory alive; a
// closure per kernel is collected with it.
//
//   node build-scripts/glue-factory.mjs build/pkg/lkl_wasm.js build/pkg/lkl_wasm_factory.js
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
const imports = [];
const body = [];
const names = [];
let ending = null;
for (const line of readFileSync(input, 'utf8').split('\n')) {
  let match;
  if (/^import /.test(line)) {
    // The snippets (host functions in plain JS) hold no state: shared.
    if (!/^import \{[\w\s,]+\} from '\.\/snippets\/[^']+';$/.test(line)) throw new Error(`unexpected import: ${line}`);
    imports.push(line);
  } else if ((match = /^export (class|function) (\w+)/.exec(line))) {
    names.push(match[2]);
    body.push(line.slice('export '.length));
  } else if (/^export /.test(line)) {
    if (line !== 'export { initSync, __wbg_init as default };' || ending) throw new Error(`unexpected export: ${line}`);
    ending = `return { initSync, default: __wbg_init, ${names.join(', ')} };`;
  } else {
    body.push(line);
  }
}
if (!ending) throw new Error(`${input}: no initSync export (has wasm-bindgen's output changed?)`);
writeFileSync(output, `${imports.join('\n')}

/** A new, uninitialised copy of the glue: call initSync on it. */
export function createGlue() {
${body.join('\n')}
${ending}
}
`);
