// Headless Chromium (Debian's, driven by playwright-core) on the built page
// (build/www), served by build-scripts/serve.mjs with COOP/COEP.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Serves build/www on a free port: { url, close() }. */
export async function servePage() {
  const server = spawn(process.execPath, [`${root}/build-scripts/serve.mjs`, `${root}/build/www`, '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /at (http:\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    server.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
  });
  return { url, close: () => server.kill() };
}

/** Debian's Chromium, headless, as root in a sandbox without a network. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
    ],
  });
}

/** Resident memory (bytes) of a process and all its descendants. */
export function treeRss(pid) {
  const children = (p) => {
    try {
      return readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  let total = 0;
  for (const stack = [pid]; stack.length > 0;) {
    const p = stack.pop();
    try {
      const kib = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1];
      total += Number(kib ?? 0) * 1024;
    } catch { /* gone */ }
    stack.push(...children(p));
  }
  return total;
}
