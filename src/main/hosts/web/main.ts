import { startSextant } from '../../app';
import { CliUsageError, numberOption, parseArgs, stringOption, booleanOption } from '../../cli/args';
import { createLogger } from '../../log';
import { rendererDir, resolveDataDir } from '../../paths';
import { startWebHost } from './server';

const USAGE = 'Usage: npm run web -- [--port N] [--data-dir DIR]';

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2), {
      port: { type: 'number' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean' },
    });
  } catch (error) {
    process.stderr.write(`${(error as CliUsageError).message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (booleanOption(args, 'help')) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const port = numberOption(args, 'port') ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be an integer from 0 to 65535, got ${port}\n`);
    process.exitCode = 2;
    return;
  }
  const log = createLogger({ level: process.env.SEXTANT_LOG_LEVEL === 'debug' ? 'debug' : 'info' });
  const dataDir = resolveDataDir(stringOption(args, 'data-dir'));
  const sextant = await startSextant({
    dataDir,
    host: 'web',
    log,
    hostHandlers: {
      // A browser opens the popped-out panel in a new tab of the same origin (see the renderer).
      'layout.popOut': ({ panel }) => ({ windowId: `w-${panel.id}-${Date.now().toString(36)}` }),
    },
  });
  const host = await startWebHost({ sextant, rendererDir: rendererDir(), port });
  process.stdout.write(`Sextant web host: ${host.url}\n`);
  log.info('web', `data folder ${dataDir}`);

  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    log.info('web', `${signal}: shutting down`);
    void host
      .close()
      .then(() => sextant.close())
      .then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Sextant web host failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
