import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|tsx|mts|cts)$/.test(entry.name)) out.push(full);
  }
  return out;
}

/** Every module specifier a file imports, re-exports or requires (type-only imports included). */
function specifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g,
    /import\s*['"]([^'"]+)['"]/g,
    /import\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /require\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.push(match[1]!);
  return found;
}

const NODE_BUILTINS = new Set(
  ['assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http', 'http2', 'https', 'inspector', 'module', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'string_decoder', 'timers', 'tls', 'tty', 'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib'],
);

function isNodeBuiltin(spec: string): boolean {
  return spec.startsWith('node:') || NODE_BUILTINS.has(spec) || NODE_BUILTINS.has(spec.split('/')[0]!);
}

function resolvesInto(file: string, spec: string, folder: string): boolean {
  if (!spec.startsWith('.')) return false;
  const target = path.resolve(path.dirname(file), spec);
  return target === folder || target.startsWith(folder + path.sep);
}

function violations(folder: string, rule: (file: string, spec: string) => string | null): string[] {
  const out: string[] = [];
  for (const file of sourceFiles(path.join(root, folder))) {
    for (const spec of specifiers(fs.readFileSync(file, 'utf8'))) {
      const why = rule(file, spec);
      if (why) out.push(`${path.relative(root, file)} imports "${spec}": ${why}`);
    }
  }
  return out;
}

describe('layering (ARCHITECTURE.md: shared is platform-free, renderer never reaches into main)', () => {
  it('src/shared imports no Node built-in, Electron, React, DOM library or other project folder', () => {
    const shared = path.join(root, 'src/shared');
    const found = violations('src/shared', (file, spec) => {
      if (isNodeBuiltin(spec)) return 'Node built-in';
      if (spec === 'electron' || spec.startsWith('electron/')) return 'Electron';
      if (spec === 'react' || spec.startsWith('react-dom') || spec.startsWith('react/')) return 'React';
      if (spec.startsWith('uplot') || spec.startsWith('zustand') || spec.startsWith('@tanstack/')) return 'a renderer library';
      if (spec.startsWith('better-sqlite3') || spec === 'ws' || spec.startsWith('@alpacahq/') || spec.startsWith('@anthropic-ai/')) return 'a main-process library';
      if (spec.startsWith('.') && !resolvesInto(file, spec, shared)) return 'a file outside src/shared';
      return null;
    });
    expect(found).toEqual([]);
  });

  it('src/shared uses no DOM or Node globals', () => {
    const found: string[] = [];
    for (const file of sourceFiles(path.join(root, 'src/shared'))) {
      const text = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const global of ['document.', 'window.', 'process.', 'Buffer.', '__dirname', 'require(']) {
        // A global, not a member of the same name (`this.window.full` is a field, not the DOM).
        const escaped = global.replace(/[.(]/g, (c) => `\\${c}`);
        if (new RegExp(`(?<![\\w$.])${escaped}`).test(text)) found.push(`${path.relative(root, file)} uses ${global}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('src/renderer imports nothing of src/main, src/workers or Node', () => {
    const main = path.join(root, 'src/main');
    const workers = path.join(root, 'src/workers');
    const found = violations('src/renderer', (file, spec) => {
      if (isNodeBuiltin(spec)) return 'Node built-in';
      if (spec === 'electron') return 'Electron (the preload is the only bridge)';
      if (resolvesInto(file, spec, main)) return 'src/main';
      if (resolvesInto(file, spec, workers)) return 'src/workers';
      return null;
    });
    expect(found).toEqual([]);
  });

  it('src/workers imports nothing of src/main, src/renderer, Electron or the database', () => {
    const main = path.join(root, 'src/main');
    const renderer = path.join(root, 'src/renderer');
    const found = violations('src/workers', (file, spec) => {
      if (spec === 'electron') return 'Electron';
      if (spec.startsWith('better-sqlite3')) return 'the database';
      if (resolvesInto(file, spec, main)) return 'src/main';
      if (resolvesInto(file, spec, renderer)) return 'src/renderer';
      return null;
    });
    expect(found).toEqual([]);
  });

  it('nothing imports src/renderer except the renderer itself', () => {
    const renderer = path.join(root, 'src/renderer');
    const found: string[] = [];
    for (const folder of ['src/main', 'src/shared', 'src/workers']) {
      found.push(...violations(folder, (file, spec) => (resolvesInto(file, spec, renderer) ? 'src/renderer' : null)));
    }
    expect(found).toEqual([]);
  });
});
