import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Where a worker entry lives and how to start it, in one place:
 * - from TypeScript sources (tsx, vitest): `src/workers/<name>.worker.ts`, started with tsx's
 *   loader (`--import tsx`, which works for worker threads on Node ≥ 22; toolchain.md section 4);
 * - bundled (scripts/build-main.mjs writes every `*.worker.ts` to `dist/workers/<name>.cjs`):
 *   `<name>.cjs` next to the calling bundle, else in `dist/workers`; inside a packaged app the
 *   copy unpacked beside app.asar, since a worker thread cannot start from inside the archive.
 */
export interface WorkerEntry {
  readonly file: string;
  readonly execArgv: string[];
}

// The bundler turns `import.meta` into `{}` in CommonJS output; `__filename` exists there instead.
declare const __filename: string | undefined;

function thisFile(): string {
  const url = (import.meta as { url?: string }).url;
  if (url) return fileURLToPath(url);
  if (typeof __filename === 'string') return __filename;
  throw new Error('cannot tell where the worker spawner runs from (neither import.meta.url nor __filename)');
}

/** tsx's ESM loader as a file URL, so the worker finds it whatever the working directory. */
function tsxLoader(from: string): string {
  try {
    return pathToFileURL(createRequire(from).resolve('tsx')).href;
  } catch {
    return 'tsx';
  }
}

export function resolveWorkerEntry(name: string, override?: string): WorkerEntry {
  const file = override ?? (() => {
    const here = thisFile();
    const dir = path.dirname(here);
    if (here.endsWith('.ts')) return path.join(dir, `${name}.worker.ts`);
    const candidates = [path.join(dir, `${name}.cjs`), path.join(dir, '..', 'workers', `${name}.cjs`), path.join(dir, 'workers', `${name}.cjs`)].flatMap((file) => {
      const unpacked = file.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
      return unpacked === file ? [file] : [unpacked, file];
    });
    const found = candidates.find((candidate) => fs.existsSync(candidate));
    if (!found) throw new Error(`worker "${name}" is not built: looked for ${candidates.join(', ')} (npm run build bundles src/workers/${name}.worker.ts there)`);
    return found;
  })();
  const execArgv = /\.[mc]?ts$/.test(file) ? ['--import', tsxLoader(file)] : [];
  return { file, execArgv };
}

export function spawnWorker(name: string, options: Omit<WorkerOptions, 'execArgv'> & { file?: string } = {}): Worker {
  const { file, ...workerOptions } = options;
  const entry = resolveWorkerEntry(name, file);
  return new Worker(entry.file, { ...workerOptions, execArgv: entry.execArgv });
}
