import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../log';

export interface FileWatch {
  close(): void;
}

export interface FileWatchOptions {
  /** Quiet time after the last event before `onChange` runs: one call per save, not per write. */
  readonly debounceMs?: number;
  readonly log?: Logger;
  /** Interval of the polling fallback where the folder cannot be watched. */
  readonly pollMs?: number;
}

/**
 * Calls `onChange` after `file` may have changed. The folder is watched rather than the file,
 * because editors that save by writing a new file and renaming it over the old one would leave a
 * watch on the old inode deaf. Events are only hints: the caller compares contents (a hash), so a
 * spurious call costs one read. Falls back to polling where fs.watch is not available.
 */
export function watchFile(file: string, onChange: () => void, options: FileWatchOptions = {}): FileWatch {
  const debounceMs = options.debounceMs ?? 200;
  const name = path.basename(file);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  let watcher: fs.FSWatcher | null = null;
  let polling = false;

  const schedule = (): void => {
    if (closed) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (!closed) onChange();
    }, debounceMs);
    timer.unref?.();
  };

  const poll = (): void => {
    if (polling || closed) return;
    polling = true;
    fs.watchFile(file, { interval: options.pollMs ?? 1000, persistent: false }, schedule);
  };

  try {
    watcher = fs.watch(path.dirname(file), { persistent: false }, (_event, changed) => {
      // Some platforms give no name; then any change in the folder may be ours.
      if (changed === null || changed === name || changed.toString() === name) schedule();
    });
    watcher.on('error', (error) => {
      options.log?.warn('trading-config', `watching ${file} failed (${error.message}); polling it instead`);
      watcher?.close();
      watcher = null;
      poll();
    });
  } catch (error) {
    options.log?.warn('trading-config', `cannot watch ${path.dirname(file)} (${(error as Error).message}); polling ${name} instead`);
    poll();
  }

  return {
    close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      watcher?.close();
      if (polling) fs.unwatchFile(file, schedule);
    },
  };
}
