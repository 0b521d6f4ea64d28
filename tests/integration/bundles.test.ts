import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');

// The shipped app runs esbuild bundles, not the TypeScript the other tests import: bundle them
// here so a construct that only breaks in CommonJS output fails this test, not a user's start.
describe('main-process bundles', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(root, 'scripts/build-main.mjs')], { cwd: root, stdio: 'pipe' });
  }, 120_000);

  it('bundles every entry and worker', () => {
    for (const file of ['dist/main/electron-main.cjs', 'dist/main/preload.cjs', 'dist/main/web-host.cjs', 'dist/main/cli.cjs', 'dist/workers/regime.cjs', 'dist/workers/backtest.cjs']) {
      expect(fs.existsSync(path.join(root, file)), file).toBe(true);
    }
  });

  it('the bundled CLI runs a command and prints only its result (no benchmark starts on import)', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-bundle-'));
    const run = spawnSync(process.execPath, [path.join(root, 'dist/main/cli.cjs'), 'datasets', '--json', '--data-dir', dataDir], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([]);
  });

  it('the bundled CLI refuses an unknown command with exit code 2', () => {
    const run = spawnSync(process.execPath, [path.join(root, 'dist/main/cli.cjs'), 'no-such-command'], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown command');
  });

  it('the preload bundle requires nothing but electron (a sandboxed preload can load nothing else)', () => {
    const text = fs.readFileSync(path.join(root, 'dist/main/preload.cjs'), 'utf8');
    const required = [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
  });
});
