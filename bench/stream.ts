/**
 * Market-data messages per second carried from the emulator's data stream through Sextant's
 * client (WebSocket frames → decode → validate → dispatch to subscribers), with a count check:
 * every message sent must be delivered. The server runs in a worker thread.
 *
 *   npx tsx bench/stream.ts [--messages 500000] [--batch 500] [--codec msgpack|json|both]
 */
import { Worker } from 'node:worker_threads';
import { AlpacaMarketDataStream } from '../src/main/broker/alpaca/stream/market-data-stream';
import type { StreamCodec } from '../src/main/broker/alpaca/stream/codec';
import { silentLogger } from '../src/main/log';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
}

const total = Number(argument('messages', '500000'));
const batchSize = Number(argument('batch', '500'));
const codecs: StreamCodec[] = argument('codec', 'both') === 'both' ? ['msgpack', 'json'] : [argument('codec', 'msgpack') as StreamCodec];
const symbols = Array.from({ length: 50 }, (_, i) => `SYM${i}`);

interface WorkerReply {
  kind: string;
  url?: string;
  keys?: { keyId: string; secret: string };
  sent?: number;
  frames?: number;
  serverSeconds?: number;
}

const worker = new Worker(new URL('./stream-emulator-worker.ts', import.meta.url), { execArgv: ['--import', 'tsx'] });
const replies: WorkerReply[] = [];
let wake: (() => void) | null = null;
worker.on('message', (reply: WorkerReply) => {
  replies.push(reply);
  wake?.();
});
worker.on('error', (error) => {
  process.stderr.write(`worker failed: ${error.message}\n`);
  process.exit(1);
});

async function reply(kind: string): Promise<WorkerReply> {
  for (;;) {
    const index = replies.findIndex((r) => r.kind === kind);
    if (index >= 0) return replies.splice(index, 1)[0]!;
    await new Promise<void>((resolve) => (wake = resolve));
  }
}

async function waitUntil(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 2));
}

const ready = await reply('ready');
const results = [];
for (const codec of codecs) {
  const stream = new AlpacaMarketDataStream({ url: ready.url!, keys: ready.keys!, log: silentLogger(), codec, stallTimeoutMs: 60_000 });
  let delivered = 0;
  let firstAt = 0;
  let lastAt = 0;
  const count = (): void => {
    if (delivered === 0) firstAt = performance.now();
    delivered++;
    if (delivered === total) lastAt = performance.now();
  };
  stream.subscribe({ trades: symbols, quotes: symbols }, { trade: count, quote: count });
  stream.start();
  await waitUntil(() => stream.status.state === 'connected');
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  worker.postMessage({ kind: 'blast', total, batchSize, symbols });
  const sent = await reply('sent');
  await waitUntil(() => delivered >= total || performance.now() - startedAt > 120_000);
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = ((lastAt || performance.now()) - startedAt) / 1000;
  results.push({
    codec,
    messages: total,
    batchSize,
    sent: sent.sent,
    delivered,
    dropped: (sent.sent ?? 0) - delivered,
    skipped: stream.messageStats.skipped,
    frames: stream.socketStats.framesIn,
    megabytes: Math.round((stream.socketStats.bytesIn / 1e6) * 10) / 10,
    seconds: Math.round(seconds * 1000) / 1000,
    messagesPerSecond: Math.round(total / seconds),
    firstToLastMessagesPerSecond: Math.round(total / ((lastAt - firstAt) / 1000)),
    clientCpuSeconds: Math.round(((cpu.user + cpu.system) / 1e6) * 1000) / 1000,
    serverSeconds: Math.round((sent.serverSeconds ?? 0) * 1000) / 1000,
  });
  stream.stop();
}
worker.postMessage({ kind: 'close' });
await reply('closed');
await worker.terminate();

const target = 50_000;
process.stdout.write(
  JSON.stringify(
    {
      benchmark: 'alpaca market-data stream: emulator → client decode + dispatch',
      node: process.version,
      target,
      pass: results.every((r) => r.dropped === 0 && r.skipped === 0 && r.messagesPerSecond >= target),
      results,
    },
    null,
    2,
  ) + '\n',
);
