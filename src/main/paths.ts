import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_NAME = 'Sextant';
export const DATA_DIR_ENV = 'SEXTANT_DATA_DIR';

/**
 * The user's data folder, the same one Electron's `app.getPath('userData')` gives for this app,
 * so the desktop app, the web host and the CLI share one database.
 */
export function defaultDataDir(): string {
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', APP_NAME);
    default:
      return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
  }
}

/** `--data-dir` wins, then `SEXTANT_DATA_DIR`, then the platform's user data folder. */
export function resolveDataDir(flag?: string | null, fallback: () => string = defaultDataDir): string {
  if (flag) return path.resolve(flag);
  const env = process.env[DATA_DIR_ENV];
  if (env) return path.resolve(env);
  return fallback();
}

let cachedRoot: string | null = null;

/**
 * The folder holding package.json: the repository when run from source, the app.asar root when
 * packaged. Found by walking up from this module, so it works from src/ (tsx) and dist/ (bundled).
 */
export function appRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      try {
        const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string };
        if (pkg.name === 'sextant') return (cachedRoot = dir);
      } catch {
        // not ours; keep walking up
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Sextant could not find its own package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export function resourcesDir(): string {
  return path.join(appRoot(), 'resources');
}

export function rendererDir(): string {
  return path.join(appRoot(), 'dist', 'renderer');
}

/** True when this code runs from the esbuild bundles in dist/ rather than from TypeScript sources. */
export function isBundled(): boolean {
  return !fileURLToPath(import.meta.url).endsWith('.ts');
}
