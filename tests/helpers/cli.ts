import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/main/cli/index';

/** Temporary data folders, removed by `removeTempDirs` (call it in afterAll). */
const dirs: string[] = [];

export function tempDir(prefix = 'sextant-cli-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Runs the CLI in this process with stdout and stderr captured. */
export async function runCliCaptured(args: string[]): Promise<{ code: number; out: string; errors: string }> {
  let out = '';
  const errors: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => {
    errors.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await runCli(args, { stdout: (text) => (out += text) });
    return { code, out, errors: errors.join('') };
  } finally {
    process.stderr.write = write;
  }
}
