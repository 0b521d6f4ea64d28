import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// Electron's binary cannot be fetched here, so the real bundled main process runs under Node with
// a recording stand-in for the `electron` module: this catches bundling and start-up faults on the
// `npm start` path (what main opens, with which preferences, and that its IPC answers).
test('the bundled Electron main process starts, opens a secure window on the built renderer and serves the contract', () => {
  const bundle = path.join(root, 'dist/main/electron-main.cjs');
  expect(fs.existsSync(bundle), 'run npm run build first').toBe(true);
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-electron-'));
  const run = spawnSync(process.execPath, [path.join(root, 'tests/support/fake-electron/run-main.cjs'), bundle], {
    env: { ...process.env, FAKE_ELECTRON_USER_DATA: userData, APCA_API_KEY_ID: '', APCA_API_SECRET_KEY: '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.status, run.stderr).toBe(0);
  // Main logs its start-up; nothing in it may be an error (a missing worker bundle, a failed migration...).
  expect(run.stderr.split('\n').filter((line) => / ERROR /.test(line))).toEqual([]);
  const report = JSON.parse(run.stdout.trim().split('\n').pop()!);
  expect(report.windows).toHaveLength(1);
  const [win] = report.windows;
  expect(win.url).toBe('file://' + path.join(root, 'dist/renderer/index.html'));
  expect(fs.existsSync(path.join(root, 'dist/renderer/index.html'))).toBe(true);
  expect(win.webPreferences).toMatchObject({ contextIsolation: true, nodeIntegration: false, sandbox: true });
  expect(fs.existsSync(win.webPreferences.preload)).toBe(true);
  expect(report.info).toMatchObject({ ok: true, value: { host: 'electron', mode: 'paper', dataDir: userData } });
  expect(report.datasets).toBe(24);
  expect(report.refused).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  expect(report.navigationBlocked).toBe(true);
  expect(report.windowOpen).toEqual({ action: 'deny' });
  expect(String(report.csp)).toContain("script-src 'self'");
  expect(fs.existsSync(path.join(userData, 'sextant.db'))).toBe(true);
});
