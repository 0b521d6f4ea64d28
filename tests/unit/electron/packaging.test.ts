import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';

const root = path.resolve(__dirname, '../../..');

describe('packaging configuration', () => {
  const config = YAML.parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

  it('targets AppImage and deb, dmg and nsis', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.mac.target).toContain('dmg');
    expect(config.win.target).toContain('nsis');
  });

  it('unpacks native addons from the asar and never rebuilds them for Electron at install', () => {
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.npmRebuild).toBe(false);
    expect(JSON.stringify(pkg.scripts)).not.toMatch(/electron-rebuild|install-app-deps/);
    expect(pkg.scripts.postinstall).toBeUndefined();
  });

  it('starts the desktop app from the bundled Electron entry', () => {
    expect(pkg.main).toBe('dist/main/electron-main.cjs');
    expect(pkg.scripts.start).toMatch(/electron \.$/);
    expect(pkg.bin.sextant).toBe('bin/sextant.mjs');
  });
});
