// The thread that owns a kernel for async.mjs: boots it (node.mjs) and
// answers { id, method, args } with { id, result } or { id, error }, each
// call synchronous here. "fs.NAME" calls kernel.fs.NAMESync.
import { parentPort, workerData } from 'node:worker_threads';
import { errorFields } from './errors.mjs';
import { Dirent, Stats } from './fs-core.mjs';
import { boot } from './node.mjs';

/** A result that survives structured clone (Stats and Dirents lose their
 * methods: sent as fields, rebuilt on the other side). */
function plain(result) {
  if (result instanceof Stats) return { stats: { ...result } };
  if (Array.isArray(result) && result[0] instanceof Dirent) {
    return { dirents: result.map((d) => [d.name, d.parentPath, d._ifmt()]) };
  }
  if (result && typeof result === 'object' && typeof result.free === 'function') {
    // A wasm-bindgen object (AttachedDisk, DiskLayout, StatFs): its getters.
    const fields = {};
    for (const key of Object.getOwnPropertyNames(Object.getPrototypeOf(result))) {
      if (key !== 'constructor' && typeof result[key] !== 'function') fields[key] = plain(result[key]);
    }
    return fields;
  }
  if (Array.isArray(result)) return result.map(plain);
  return result;
}

let kernel;
try {
  kernel = await boot({ ...workerData, onLog: (text) => parentPort.postMessage({ log: text }) });
  parentPort.postMessage({ booted: kernel.version });
} catch (error) {
  parentPort.postMessage({ bootError: errorFields(error) });
}
const disks = new Map(); // slot -> the wasm AttachedDisk (diskLayout takes one)
parentPort.on('message', ({ id, method, args }) => {
  try {
    let result;
    if (method.startsWith('fs.')) {
      result = kernel.fs[`${method.slice(3)}Sync`](...args);
    } else if (method === 'diskLayout') {
      result = kernel.diskLayout(disks.get(args[0].slot ?? args[0]));
    } else {
      result = kernel[method](...args);
      if (method === 'attachFile' || method === 'attachDisk') disks.set(result.slot, result);
      if (method === 'detachDisk') disks.delete(args[0]);
    }
    parentPort.postMessage({ id, result: plain(result) });
  } catch (error) {
    parentPort.postMessage({ id, error: errorFields(error) });
  }
});
