// The page: pick or drop a disk image; the kernel (in a Worker) lists its
// partitions, mounts one read-only, and the page browses it.
import { boot } from './lkl/web/kernel.js';

const MS_RDONLY = 1;
const MS_REMOUNT = 32;
const MOUNT_POINT = '/mnt';
/** Rows added to a listing at a time (a directory can hold 100k entries). */
const PAGE_ROWS = 500;
/** Bytes read for a text or hex preview. */
const PREVIEW_BYTES = 64 * 1024;
const HEX_BYTES = 4096;
const IMAGE_TYPES = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp',
  svg: 'image/svg+xml', bmp: 'image/bmp', ico: 'image/x-icon', avif: 'image/avif',
};
const IMAGE_PREVIEW_MAX = 32 << 20;

const $ = (id) => document.getElementById(id);
const state = {
  kernel: null, booting: null, image: null, disk: null, mounted: null, writable: false,
  dir: '/', entries: [], shown: 0, selected: null,
};

// ---------------------------------------------------------------- kernel

function startKernel() {
  setStatus('starting the kernel…', '');
  $('log').textContent = '';
  // A call silent for a minute (a kernel stuck on a hostile image) ends the
  // kernel; the page then offers to restart it.
  state.booting = boot({ memoryMiB: 256, onLog: appendLog, timeoutMs: 60_000 }).then((kernel) => {
    state.kernel = kernel;
    performance.mark('lkl-kernel-ready'); // for build-scripts/bench
    setStatus(`Linux ${kernel.version} is running`, 'ready');
    return kernel;
  }, (error) => {
    setStatus('the kernel did not start', 'dead');
    showError(error, 'Starting the kernel');
    throw error;
  });
  return state.booting;
}

function setStatus(text, kind) {
  const status = $('kernel-status');
  status.textContent = text;
  status.className = `status ${kind}`;
}

function appendLog(text) {
  const log = $('log');
  log.textContent += text;
  if (log.textContent.length > 1 << 20) log.textContent = log.textContent.slice(-(1 << 19));
}

async function restartKernel() {
  hideError();
  state.kernel?.terminate();
  Object.assign(state, { kernel: null, disk: null, mounted: null });
  showPanels({ disk: false, browser: false, details: false });
  await startKernel();
  if (state.image) await openImage(state.image);
}

// ---------------------------------------------------------------- errors

/** What went wrong, in words, from an error of the kernel's calls. */
function explain(error, doing) {
  const code = error?.code;
  const words = {
    ENOTRECOVERABLE: 'The kernel stopped (it panicked or hit a fault), so it cannot go on. Restart it to continue; the image is untouched.',
    ETIMEDOUT: 'The kernel made no progress for a minute (the image may be built to trap it), so it was stopped. Restart it to continue.',
    EINVAL: 'The kernel found no filesystem it can read here. The image may be damaged, encrypted, or of a type this kernel does not have.',
    ENODEV: 'The kernel found no filesystem it can read here.',
    EIO: 'Reading the image failed: it may be truncated or damaged.',
    EUCLEAN: 'The filesystem is damaged: the kernel found inconsistent metadata.',
    EBADMSG: 'The filesystem is damaged: a checksum did not match.',
    ENOENT: 'Not found.',
    EACCES: 'Permission denied.',
    ENOMEM: 'The kernel ran out of memory.',
    ELOOP: 'Too many symbolic links.',
    ENOTDIR: 'Not a directory.',
    EISDIR: 'That is a directory.',
  }[code];
  const detail = error?.message?.split('\n')[0] ?? String(error);
  return `${doing} failed. ${words ?? ''}\n(${detail})`;
}

function showError(error, doing) {
  console.error(error);
  $('error-text').textContent = explain(error, doing);
  const dead = error?.code === 'ENOTRECOVERABLE' || error?.code === 'ETIMEDOUT' || state.kernel?.dead;
  $('restart').hidden = !dead;
  if (dead) setStatus('the kernel stopped', 'dead');
  $('error').hidden = false;
}

function hideError() {
  $('error').hidden = true;
}

/** Runs `work`, showing `label` meanwhile and any error after. */
async function task(label, work) {
  showProgress(label);
  try {
    return await work();
  } catch (error) {
    showError(error, label.replace(/…$/, ''));
    return undefined;
  } finally {
    hideProgress();
  }
}

function showProgress(text) {
  $('progress-text').textContent = text;
  $('progress').hidden = false;
}

function hideProgress() {
  $('progress').hidden = true;
}

// ---------------------------------------------------------------- disks

async function openImage(file) {
  hideError();
  state.image = file;
  const kernel = await state.booting;
  await task(`Opening ${file.name}…`, async () => {
    await closeDisk();
    // Under a copy-on-write overlay: "Allow changes" can then remount it
    // read-write without ever touching the user's file.
    const disk = await kernel.attachFile(file, { overlay: true });
    state.disk = disk;
    const layout = await kernel.diskLayout(disk);
    renderDisk(file, disk, layout);
    const choices = layout.partitions.length > 0
      ? layout.partitions.filter((p) => p.fstype).map((p) => `/dev/${disk.name}${p.number}`)
      : [`/dev/${disk.name}`];
    if (layout.partitions.length === 0 && !layout.fstype) {
      throw Object.assign(new Error('no partition table and no filesystem the kernel knows'), { code: 'EINVAL' });
    }
    if (choices.length === 1) await mount(choices[0]);
  });
}

async function closeDisk() {
  const { kernel } = state;
  if (state.mounted) await kernel.umount(MOUNT_POINT).catch(() => {});
  if (state.disk) await kernel.detachDisk(state.disk.slot).catch(() => {});
  Object.assign(state, { disk: null, mounted: null, selected: null });
  showPanels({ disk: false, browser: false, details: false });
}

function renderDisk(file, disk, layout) {
  $('disk-name').textContent = `${file.name}: ${formatSize(layout.size)}${layout.fstype ? `, ${layout.fstype}` : ''}`;
  const body = $('partitions').tBodies[0];
  body.replaceChildren();
  const rows = layout.partitions.length > 0
    ? layout.partitions.map((p) => [p.number, p.size, p.fstype, `/dev/${disk.name}${p.number}`])
    : [['whole disk', layout.size, layout.fstype, `/dev/${disk.name}`]];
  for (const [number, size, fstype, device] of rows) {
    const row = body.insertRow();
    row.dataset.device = device;
    row.insertCell().textContent = number;
    row.insertCell().textContent = formatSize(size);
    row.insertCell().textContent = fstype ?? 'unknown';
    const button = document.createElement('button');
    button.textContent = 'Mount';
    button.onclick = () => task(`Mounting ${device}…`, () => mount(device));
    row.insertCell().append(button);
  }
  showPanels({ disk: true });
}

async function mount(device) {
  const { kernel } = state;
  if (state.mounted) {
    await kernel.umount(MOUNT_POINT);
    state.mounted = null;
  }
  await kernel.mkdir(MOUNT_POINT).catch((error) => { if (error.code !== 'EEXIST') throw error; });
  const fstype = await kernel.mountAuto(device, MOUNT_POINT, MS_RDONLY);
  state.mounted = { device, fstype };
  setWritable(false);
  for (const row of $('partitions').tBodies[0].rows) {
    row.classList.toggle('selected', row.dataset.device === device);
  }
  await openDir('/');
}

// ---------------------------------------------------------------- browsing

const inImage = (path) => (path === '/' ? MOUNT_POINT : MOUNT_POINT + path);
const childPath = (dir, name) => (dir === '/' ? `/${name}` : `${dir}/${name}`);

async function openDir(dir) {
  const entries = await state.kernel.fs.promises.readdir(inImage(dir), { withFileTypes: true });
  entries.sort((a, b) => (b.isDirectory() - a.isDirectory()) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  Object.assign(state, { dir, entries, shown: 0 });
  renderCrumbs(dir);
  $('folder-tools').hidden = dir === '/';
  $('listing').tBodies[0].replaceChildren();
  $('dir-summary').textContent = `${entries.length} entries · ${state.mounted.fstype} on ${state.mounted.device}`;
  showPanels({ browser: true, details: false });
  await showMoreRows();
}

function renderCrumbs(dir) {
  const crumbs = $('crumbs');
  crumbs.replaceChildren();
  const parts = dir.split('/').filter(Boolean);
  const link = (label, path) => {
    const a = document.createElement('a');
    a.textContent = label;
    a.onclick = () => task('Listing…', () => openDir(path));
    crumbs.append(a);
  };
  link('/', '/');
  parts.forEach((part, i) => {
    crumbs.append(i === 0 ? '' : ' / ');
    link(part, `/${parts.slice(0, i + 1).join('/')}`);
  });
}

async function showMoreRows() {
  const { entries, dir } = state;
  const batch = entries.slice(state.shown, state.shown + PAGE_ROWS);
  state.shown += batch.length;
  const rows = batch.map((entry) => {
    const row = document.createElement('tr');
    row.dataset.name = entry.name;
    // As `ls -F`: a slash after directories, an @ after symlinks.
    const name = document.createElement('td');
    name.className = `name ${entry.isDirectory() ? 'dir' : entry.isSymbolicLink() ? 'link' : 'file'}`;
    name.textContent = entry.name;
    row.append(name, document.createElement('td'), document.createElement('td'), document.createElement('td'));
    row.onclick = () => select(entry, row);
    row.ondblclick = () => entry.isDirectory() && task('Listing…', () => openDir(childPath(dir, entry.name)));
    return row;
  });
  $('listing').tBodies[0].append(...rows);
  $('more').hidden = state.shown >= entries.length;
  $('more').textContent = `Show ${Math.min(PAGE_ROWS, entries.length - state.shown)} more`;
  // Sizes, modes and times of the rows just added.
  const stats = await Promise.all(batch.map((entry) => state.kernel.fs.promises.lstat(inImage(childPath(dir, entry.name))).catch(() => null)));
  if (state.dir !== dir) return;
  stats.forEach((stats, i) => {
    if (!stats) return;
    const cells = rows[i].cells;
    cells[1].textContent = stats.isDirectory() ? '' : formatSize(stats.size);
    cells[2].textContent = modeString(stats.mode);
    cells[3].textContent = formatTime(stats.mtime);
  });
}

async function select(entry, row) {
  for (const other of $('listing').querySelectorAll('tr.selected')) other.classList.remove('selected');
  row.classList.add('selected');
  if (entry.isDirectory()) {
    await task('Listing…', () => openDir(childPath(state.dir, entry.name)));
    return;
  }
  const path = childPath(state.dir, entry.name);
  state.selected = { path, entry };
  await task('Reading…', () => showDetails(path));
}

async function showDetails(path) {
  const fs = state.kernel.fs.promises;
  const stats = await fs.lstat(inImage(path));
  $('details-name').textContent = path.split('/').pop();
  const facts = [
    ['Path', path],
    ['Type', fileType(stats)],
    ['Size', `${formatSize(stats.size)} (${stats.size.toLocaleString('en')} bytes)`],
    ['Mode', `${modeString(stats.mode)} (${(stats.mode & 0o7777).toString(8).padStart(4, '0')})`],
    ['Owner', `uid ${stats.uid}, gid ${stats.gid}`],
    ['Modified', formatTime(stats.mtime, stats.mtimeNsec)],
    ['Changed', formatTime(stats.ctime)],
    ['Accessed', formatTime(stats.atime)],
    ['Inode', `${stats.ino}, ${stats.nlink} link${stats.nlink === 1 ? '' : 's'}`],
  ];
  // A relative link is previewed through (an absolute one means the
  // image's root, which is not the kernel's: not followed).
  let previewed = stats;
  if (stats.isSymbolicLink()) {
    const target = await fs.readlink(inImage(path));
    facts.splice(2, 0, ['Target', target]);
    previewed = target.startsWith('/') ? null : await fs.stat(inImage(path)).catch(() => null);
  }
  const list = $('details');
  list.replaceChildren();
  for (const [term, value] of facts) {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = value;
    list.append(dt, dd);
  }
  $('download-file').hidden = !previewed?.isFile();
  showPanels({ details: true });
  $('preview').replaceChildren();
  if (previewed) await preview(path, previewed);
}

async function preview(path, stats) {
  const box = $('preview');
  if (!stats.isFile()) return;
  const fs = state.kernel.fs.promises;
  const type = IMAGE_TYPES[path.split('.').pop().toLowerCase()];
  if (type && stats.size <= IMAGE_PREVIEW_MAX) {
    const img = document.createElement('img');
    img.alt = path;
    img.src = URL.createObjectURL(new Blob([await fs.readFile(inImage(path))], { type }));
    box.append(img);
    return;
  }
  const handle = await fs.open(inImage(path));
  const buffer = new Uint8Array(Math.min(PREVIEW_BYTES, stats.size));
  let length = 0;
  try {
    length = (await handle.read(buffer, 0, buffer.length, 0)).bytesRead;
  } finally {
    await handle.close();
  }
  const bytes = buffer.subarray(0, length);
  const pre = document.createElement('pre');
  const text = asText(bytes, length < stats.size);
  if (text !== null) {
    pre.id = 'preview-text';
    pre.textContent = text;
  } else {
    pre.id = 'preview-hex';
    pre.textContent = hexDump(bytes.subarray(0, HEX_BYTES));
  }
  const note = document.createElement('p');
  note.textContent = length < stats.size
    ? `The first ${formatSize(text !== null ? length : Math.min(length, HEX_BYTES))} of ${formatSize(stats.size)}.`
    : text !== null ? 'Text.' : 'Binary (hex).';
  box.append(note, pre);
}

/** The bytes as text, or null when they do not look like text. */
function asText(bytes, truncated) {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: truncated });
  } catch {
    return null;
  }
}

function hexDump(bytes) {
  const lines = [];
  for (let at = 0; at < bytes.length; at += 16) {
    const row = bytes.subarray(at, at + 16);
    const hex = [...row].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${at.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------- changes

function setWritable(writable) {
  state.writable = writable;
  $('make-writable').hidden = writable;
  $('edit-tools').hidden = !writable;
  $('entry-tools').hidden = !writable;
}

async function makeWritable() {
  await task('Remounting read-write…', async () => {
    const { device, fstype } = state.mounted;
    try {
      await state.kernel.mount(device, MOUNT_POINT, fstype, MS_REMOUNT);
    } catch (error) {
      if (error.code === 'EROFS' || error.code === 'EACCES') {
        throw Object.assign(new Error(`${fstype} cannot be changed by this kernel (a read-only format)`), { code: error.code });
      }
      throw error;
    }
    setWritable(true);
  });
}

/** Reruns the listing of the current folder (after a change). */
const refresh = () => openDir(state.dir);

async function upload(files) {
  await task('Uploading…', async () => {
    for (const file of files) {
      showProgress(`Uploading ${file.name} (${formatSize(file.size)})…`);
      const bytes = new Uint8Array(await file.arrayBuffer());
      await state.kernel.fs.promises.writeFile(inImage(childPath(state.dir, file.name)), bytes);
    }
    await refresh();
  });
}

async function newFolder() {
  const name = prompt('Name of the new folder');
  if (!name) return;
  await task('Creating the folder…', async () => {
    await state.kernel.fs.promises.mkdir(inImage(childPath(state.dir, name)));
    await refresh();
  });
}

const parentOf = (path) => path.slice(0, path.lastIndexOf('/')) || '/';

async function renameFolder() {
  const dir = state.dir;
  const name = prompt('New name of this folder', dir.split('/').pop());
  if (!name || name.includes('/')) return;
  const renamed = childPath(parentOf(dir), name);
  await task('Renaming…', async () => {
    await state.kernel.fs.promises.rename(inImage(dir), inImage(renamed));
    await openDir(renamed);
  });
}

async function deleteFolder() {
  const dir = state.dir;
  if (!confirm(`Delete ${dir} and everything in it?`)) return;
  await task('Deleting…', async () => {
    await state.kernel.fs.promises.rm(inImage(dir), { recursive: true });
    await openDir(parentOf(dir));
  });
}

async function renameSelected() {
  const { path } = state.selected;
  const name = prompt('New name', path.split('/').pop());
  if (!name || name.includes('/')) return;
  await task('Renaming…', async () => {
    await state.kernel.fs.promises.rename(inImage(path), inImage(childPath(state.dir, name)));
    await refresh();
  });
}

async function deleteSelected() {
  const { path } = state.selected;
  if (!confirm(`Delete ${path}?`)) return;
  await task('Deleting…', async () => {
    await state.kernel.fs.promises.rm(inImage(path), { recursive: true });
    await refresh();
  });
}

async function downloadImage() {
  await task('Writing the image…', async () => {
    // Unmounted for the copy, so the image is clean (no journal to replay),
    // then mounted again as it was.
    const { kernel } = state;
    const { device, fstype } = state.mounted;
    await kernel.umount(MOUNT_POINT);
    let blob;
    try {
      blob = await kernel.exportDisk(state.disk, {
        onProgress: ({ bytes, size }) => showProgress(`Writing the image: ${formatSize(bytes)} of ${formatSize(size)}…`),
      });
    } finally {
      await kernel.mount(device, MOUNT_POINT, fstype, state.writable ? 0 : MS_RDONLY);
    }
    save(blob, (state.image?.name ?? 'image.img').replace(/(\.[^.]*)?$/, '-changed$1'));
  });
}

// ---------------------------------------------------------------- downloads

function save(blob, name) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}

async function downloadFile() {
  const { path } = state.selected;
  await task(`Reading ${path}…`, async () => {
    const blob = await state.kernel.fileBlob(inImage(path), {
      onProgress: ({ bytes }) => showProgress(`Reading ${path}: ${formatSize(bytes)}…`),
    });
    save(blob, path.split('/').pop());
  });
}

async function downloadDir() {
  const { dir } = state;
  const name = dir === '/' ? (state.image?.name ?? 'image').replace(/\.[^.]*$/, '') : dir.split('/').pop();
  await task(`Packing ${dir}…`, async () => {
    const blob = await state.kernel.tar(inImage(dir), {
      onProgress: ({ entries, bytes }) => showProgress(`Packing ${dir}: ${entries} entries, ${formatSize(bytes)}…`),
    });
    save(blob, `${name}.tar`);
  });
}

// ---------------------------------------------------------------- formats

function formatSize(bytes) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

function formatTime(date, nsec) {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) return '';
  const text = date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
  return nsec === undefined ? `${text} UTC` : `${text}.${String(nsec).padStart(9, '0')} UTC`;
}

function modeString(mode) {
  const type = { 0o040000: 'd', 0o120000: 'l', 0o020000: 'c', 0o060000: 'b', 0o010000: 'p', 0o140000: 's' }[mode & 0o170000] ?? '-';
  const bit = (mask, char) => (mode & mask ? char : '-');
  const special = (exec, set, lower, upper) => (mode & set ? (mode & exec ? lower : upper) : bit(exec, 'x'));
  return type
    + bit(0o400, 'r') + bit(0o200, 'w') + special(0o100, 0o4000, 's', 'S')
    + bit(0o40, 'r') + bit(0o20, 'w') + special(0o10, 0o2000, 's', 'S')
    + bit(0o4, 'r') + bit(0o2, 'w') + special(0o1, 0o1000, 't', 'T');
}

function fileType(stats) {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'directory';
  if (stats.isSymbolicLink()) return 'symbolic link';
  if (stats.isBlockDevice()) return 'block device';
  if (stats.isCharacterDevice()) return 'character device';
  if (stats.isFIFO()) return 'FIFO';
  return 'socket';
}

function showPanels({ disk, browser, details }) {
  if (disk !== undefined) $('disk').hidden = !disk;
  if (browser !== undefined) $('browser-panel').hidden = !browser;
  if (details !== undefined) $('details-panel').hidden = !details;
}

// ---------------------------------------------------------------- wiring

$('file').onchange = (event) => {
  const [file] = event.target.files;
  if (file) openImage(file);
};
const drop = $('drop');
document.addEventListener('dragover', (event) => {
  event.preventDefault();
  drop.classList.add('over');
});
document.addEventListener('dragleave', () => drop.classList.remove('over'));
document.addEventListener('drop', (event) => {
  event.preventDefault();
  drop.classList.remove('over');
  const [file] = event.dataTransfer.files;
  if (file) openImage(file);
});
// Buttons and what they do.
const ACTIONS = {
  'open-sample': () => openSample(),
  more: () => showMoreRows(),
  'download-file': () => downloadFile(),
  'download-dir': () => downloadDir(),
  restart: () => restartKernel(),
  'make-writable': () => makeWritable(),
  'upload-button': () => $('upload').click(),
  'new-folder': () => newFolder(),
  'rename-dir': () => renameFolder(),
  'delete-dir': () => deleteFolder(),
  rename: () => renameSelected(),
  delete: () => deleteSelected(),
  'download-image': () => downloadImage(),
  'error-close': () => hideError(),
};
for (const [id, action] of Object.entries(ACTIONS)) $(id).onclick = action;
$('upload').onchange = (event) => {
  const files = [...event.target.files];
  event.target.value = '';
  if (files.length > 0) upload(files);
};

async function openSample() {
  const response = await fetch('sample.img');
  if (!response.ok) {
    showError(new Error(`HTTP ${response.status}`), 'Loading the sample image');
    return;
  }
  await openImage(new File([await response.blob()], 'sample.img'));
}

if (!crossOriginIsolated) {
  setStatus('not cross-origin isolated', 'dead');
  $('error-text').textContent = 'This page must be served with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp (build-scripts/serve does), or the kernel cannot share memory between its threads.';
  $('error').hidden = false;
} else {
  startKernel().catch(() => {});
  // The first visit opens the sample image (?sample=0 never does).
  const first = !localStorage.getItem('lkl-wasm-visited');
  localStorage.setItem('lkl-wasm-visited', '1');
  if (first && new URLSearchParams(location.search).get('sample') !== '0') openSample();
}

// For scripts and tests: the page's state and kernel.
window.lklPage = { state, openImage, restartKernel };
