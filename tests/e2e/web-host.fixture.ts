import { test as base } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RunningWebHost {
  /** The address the host printed, with its token. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly dataDir: string;
  readonly process: ChildProcess;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bundle = path.join(root, 'dist/main/web-host.cjs');

/**
 * Starts `dist/main/web-host.cjs` on a free port with a fresh data folder and reads the line it
 * prints. `extraEnv` is added to its environment (a test's Alpaca emulator and keys).
 */
export async function startWebHost(dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-e2e-')), extraEnv: Record<string, string> = {}): Promise<RunningWebHost> {
  if (!fs.existsSync(bundle)) throw new Error('dist/main/web-host.cjs is missing: run `npm run build` before the end-to-end tests.');
  // Hermetic: Alpaca keys and endpoints of the machine running the tests must not leak into the app under test.
  const env = { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('APCA_') && !name.startsWith('SEXTANT_ALPACA_'))), ...extraEnv };
  const child = spawn(process.execPath, [bundle, '--data-dir', dataDir], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  // The host's log goes to a file beside the test results, to read when a test fails.
  fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
  const logFile = fs.createWriteStream(path.join(root, 'test-results', `web-host-${path.basename(dataDir)}.log`));
  child.stderr!.pipe(logFile);
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`web host did not print its address in 30 s.\nstderr:\n${stderr}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^Sextant web host: (http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)$/m.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited with ${code}.\nstderr:\n${stderr}`));
    });
  });
  const parsed = new URL(url);
  return { url, origin: parsed.origin, token: parsed.searchParams.get('token')!, dataDir, process: child };
}

export async function stopWebHost(host: RunningWebHost): Promise<void> {
  if (host.process.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    host.process.once('exit', () => resolve());
    host.process.kill('SIGTERM');
    setTimeout(() => host.process.kill('SIGKILL'), 5_000).unref();
  });
}

export const test = base.extend<{ pageErrors: string[] }, { webHost: RunningWebHost }>({
  webHost: [
    async ({}, use) => {
      const host = await startWebHost();
      await use(host);
      await stopWebHost(host);
    },
    { scope: 'worker' },
  ],
  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await use(errors);
  },
});

export { expect } from '@playwright/test';
