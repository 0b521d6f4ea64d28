/**
 * The emulator's market-data stream in a worker thread, so the benchmark's client measures its
 * own decode + dispatch and not the server's encoding on the same event loop.
 */
import { parentPort } from 'node:worker_threads';
import { startAlpacaEmulator, type DataMessage } from '../tests/support/alpaca-emulator';

interface BlastCommand {
  readonly kind: 'blast';
  readonly total: number;
  readonly batchSize: number;
  readonly symbols: readonly string[];
  /** `mixed`: trades and quotes alternating (default); `trades`: trade prints only. */
  readonly mix?: 'mixed' | 'trades';
}

const port = parentPort!;
const emulator = await startAlpacaEmulator();
port.postMessage({ kind: 'ready', url: emulator.urls.dataStream('sip'), keys: emulator.keys });

function batch(symbols: readonly string[], size: number, offset: number, tradesOnly: boolean): DataMessage[] {
  const out: DataMessage[] = [];
  const t0 = Date.parse('2024-07-01T13:30:00Z');
  for (let i = 0; i < size; i++) {
    const n = offset + i;
    const S = symbols[n % symbols.length]!;
    out.push(
      tradesOnly || n % 2 === 0
        ? { T: 't', S, t: t0 + n, p: 100 + (n % 100) / 100, s: 100, i: n, x: 'V', z: 'C' }
        : { T: 'q', S, t: t0 + n, bp: 99.99, bs: 2, ap: 100.01, as: 3, bx: 'V', ax: 'Q' },
    );
  }
  return out;
}

port.on('message', async (command: BlastCommand | { kind: 'close' }) => {
  if (command.kind === 'close') {
    await emulator.close();
    port.postMessage({ kind: 'closed' });
    return;
  }
  let sent = 0;
  let frames = 0;
  const started = performance.now();
  for (let offset = 0; offset < command.total; offset += command.batchSize) {
    const size = Math.min(command.batchSize, command.total - offset);
    sent += emulator.dataStream.publishUnfiltered(batch(command.symbols, size, offset, command.mix === 'trades'));
    frames++;
    if (frames % 16 === 0) await emulator.dataStream.drained();
  }
  await emulator.dataStream.drained();
  port.postMessage({ kind: 'sent', sent, frames, serverSeconds: (performance.now() - started) / 1000 });
});
