// Bundles the main-process entries, the preload and the worker entries with esbuild.
// Runtime dependencies (package.json "dependencies") stay external: electron-builder ships them
// in app.asar, and better-sqlite3 is a native addon that must not be bundled.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const runtimeDependencies = Object.keys(pkg.dependencies ?? {});

// CommonJS bundles have no import.meta; give them the file URL of the bundle itself.
const importMetaShim = {
  banner: { js: 'const __sextant_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
  define: { 'import.meta.url': '__sextant_import_meta_url' },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  ...importMetaShim,
};

const mainEntries = {
  'electron-main': 'src/main/hosts/electron/main.ts',
  'web-host': 'src/main/hosts/web/main.ts',
  cli: 'src/main/cli/index.ts',
};

function workerEntries() {
  const dir = path.join(root, 'src/workers');
  if (!fs.existsSync(dir)) return {};
  const entries = {};
  for (const file of fs.readdirSync(dir)) {
    const match = /^(.*)\.worker\.ts$/.exec(file);
    if (match) entries[match[1]] = path.join('src/workers', file);
  }
  return entries;
}

const started = Date.now();
await Promise.all([
  build({ ...common, entryPoints: mainEntries, outdir: 'dist/main', outExtension: { '.js': '.cjs' }, external: ['electron', ...runtimeDependencies] }),
  // The sandboxed preload may only require 'electron': everything else is bundled in.
  // No import.meta shim either: it would require node:url, which a sandboxed preload cannot load.
  build({ ...common, banner: undefined, define: undefined, entryPoints: { preload: 'src/main/hosts/electron/preload.ts' }, outdir: 'dist/main', outExtension: { '.js': '.cjs' }, external: ['electron'] }),
  // Workers are self-contained (they may be unpacked from the asar), except the native database they never touch.
  build({ ...common, entryPoints: workerEntries(), outdir: 'dist/workers', outExtension: { '.js': '.cjs' }, external: ['better-sqlite3', 'electron'] }),
]);
process.stderr.write(`build-main: bundled in ${Date.now() - started} ms\n`);
