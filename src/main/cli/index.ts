#!/usr/bin/env node
import { InputError } from '../../shared/errors';
import { createLogger, type Logger } from '../log';
import { resolveDataDir } from '../paths';
import { openDatabase, type Db } from '../storage/database';
import { CliUsageError, parseArgs, stringOption, booleanOption } from './args';
import { COMMON_OPTIONS, EXIT_BAD_INPUT, EXIT_FAILURE, type CliCommand, type CliContext, type Progress } from './command';
import { commands } from './commands/index';

function usage(): string {
  const lines = ['Usage: sextant <command> [options]   (every command takes --data-dir DIR and --json)', '', 'Commands:'];
  for (const command of commands) lines.push(`  ${command.name.padEnd(12)} ${command.summary}`);
  lines.push('', 'Run `sextant <command> --help` for its options.');
  return lines.join('\n');
}

function commandHelp(command: CliCommand): string {
  const lines = [`Usage: sextant ${command.usage}`, '', command.summary, '', 'Options:'];
  for (const [name, spec] of Object.entries({ ...command.options, ...COMMON_OPTIONS })) {
    const value = spec.type === 'boolean' ? '' : ` <${spec.type}>`;
    lines.push(`  --${(name + value).padEnd(22)} ${spec.description ?? ''}${spec.multiple ? ' (repeatable)' : ''}`);
  }
  return lines.join('\n');
}

function stderrProgress(label: string, enabled: boolean): Progress {
  let last = -1;
  const interactive = enabled && process.stderr.isTTY === true;
  return {
    update(done, total) {
      if (!enabled) return;
      const pct = total > 0 ? Math.floor((done / total) * 100) : 0;
      if (pct === last) return;
      last = pct;
      if (interactive) {
        const width = 30;
        const filled = Math.round((pct / 100) * width);
        process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}% (${done}/${total})`);
      } else if (pct % 10 === 0) {
        process.stderr.write(`${label}: ${pct}% (${done}/${total})\n`);
      }
    },
    done() {
      if (interactive && last >= 0) process.stderr.write('\n');
    },
  };
}

export async function runCli(argv: readonly string[], io: { stdout?: (text: string) => void; log?: Logger } = {}): Promise<number> {
  const stdout = io.stdout ?? ((text: string) => process.stdout.write(text));
  const log = io.log ?? createLogger({ level: process.env.SEXTANT_LOG_LEVEL === 'debug' ? 'debug' : 'warn' });
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === 'help') {
    stdout(usage() + '\n');
    return name ? 0 : EXIT_BAD_INPUT;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`sextant: unknown command "${name}".\n\n${usage()}\n`);
    return EXIT_BAD_INPUT;
  }
  let db: Db | null = null;
  try {
    const args = parseArgs(rest, { ...command.options, ...COMMON_OPTIONS });
    if (booleanOption(args, 'help')) {
      stdout(commandHelp(command) + '\n');
      return 0;
    }
    const json = booleanOption(args, 'json');
    const dataDir = resolveDataDir(stringOption(args, 'data-dir'));
    const ctx: CliContext = {
      args,
      json,
      dataDir,
      log,
      db: () => (db ??= openDatabase(dataDir)),
      output(result, text) {
        if (json || !text) stdout(JSON.stringify(result, null, json ? 0 : 2) + '\n');
        else stdout(text(result) + '\n');
      },
      progress: (label) => stderrProgress(label, true),
    };
    return await command.run(ctx);
  } catch (error) {
    if (error instanceof CliUsageError || error instanceof InputError) {
      process.stderr.write(`sextant ${name}: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`sextant ${name}: ${log.redact(message)}\n`);
    if (process.env.SEXTANT_LOG_LEVEL === 'debug' && error instanceof Error && error.stack) process.stderr.write(log.redact(error.stack) + '\n');
    return EXIT_FAILURE;
  } finally {
    (db as Db | null)?.close();
  }
}

const isEntry = (() => {
  const entry = process.argv[1] ?? '';
  return /(?:^|[\\/])(?:cli[\\/]index\.ts|cli\.cjs|sextant(?:\.mjs)?)$/.test(entry);
})();

if (isEntry) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`sextant: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
