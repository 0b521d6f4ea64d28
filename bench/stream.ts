/**
 * Market-data messages per second from a loopback Alpaca data stream (the emulator, in a worker
 * thread so its encoding does not share our event loop), with a sent = delivered check. Two paths:
 *
 * - `client`: WebSocket frames → decode → validate → dispatch to subscribers (the adapter alone);
 * - `hub` (end to end): the same, then main's market-data router → the EventHub → the batches a
 *   renderer receives, each batch serialised to JSON as the web host sends it. Every message is a
 *   trade print (`market.trades` keeps every item), so every one sent must arrive in a batch.
 *
 *   npx tsx bench/stream.ts [--messages 500000] [--batch 500] [--codec msgpack|json|both] [--path client|hub|both]
 *   (or: sextant bench stream --json)
 */
import { Worker } from 'node:worker_threads';
import { AlpacaMarketDataStream } from '../src/main/broker/alpaca/stream/market-data-stream';
import type { StreamCodec } from '../src/main/broker/alpaca/stream/codec';
import { EventHub } from '../src/main/ipc/event-hub';
import { silentLogger } from '../src/main/log';
import { MarketDataRouter } from '../src/main/trading/market-data-router';

export type StreamPath = 'client' | 'hub';

export interface StreamBenchOptions {
  readonly messages?: number;
  readonly batch?: number;
  readonly codecs?: readonly StreamCodec[];
  readonly paths?: readonly StreamPath[];
}

export interface StreamRunResult {
  readonly path: StreamPath;
  readonly codec: StreamCodec;
  readonly messages: number;
  readonly sent: number;
  readonly delivered: number;
  readonly dropped: number;
  readonly skipped: number;
  readonly frames: number;
  /** Hub path: batches the renderer got and the JSON bytes they made. */
  readonly batches: number | null;
  readonly batchMegabytes: number | null;
  readonly seconds: number;
  readonly messagesPerSecond: number;
  readonly clientCpuSeconds: number;
}

export interface StreamBenchResult {
  readonly benchmark: string;
  readonly node: string;
  readonly target: number;
  readonly pass: boolean;
  readonly results: readonly StreamRunResult[];
}

interface WorkerReply {
  kind: string;
  url?: string;
  keys?: { keyId: string; secret: string };
  sent?: number;
}

const TARGET = 50_000;
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

async function waitUntil(check: () => boolean, limitMs: number): Promise<void> {
  const deadline = performance.now() + limitMs;
  while (!check() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
}

export async function runStreamBench(options: StreamBenchOptions = {}): Promise<StreamBenchResult> {
  const total = options.messages ?? 500_000;
  const batchSize = options.batch ?? 500;
  const codecs = options.codecs ?? ['msgpack', 'json'];
  const paths = options.paths ?? ['client', 'hub'];
  const symbols = Array.from({ length: 50 }, (_, i) => `SYM${i}`);
  const worker = new Worker(new URL('./stream-emulator-worker.ts', import.meta.url), { execArgv: ['--import', 'tsx'] });
  const replies: WorkerReply[] = [];
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  worker.on('message', (reply: WorkerReply) => {
    replies.push(reply);
    wake?.();
  });
  worker.on('error', (error) => {
    failure = error;
    wake?.();
  });
  const reply = async (kind: string): Promise<WorkerReply> => {
    for (;;) {
      if (failure) throw failure;
      const index = replies.findIndex((r) => r.kind === kind);
      if (index >= 0) return replies.splice(index, 1)[0]!;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  const results: StreamRunResult[] = [];
  try {
    const ready = await reply('ready');
    for (const path of paths) {
      for (const codec of codecs) {
        const stream = new AlpacaMarketDataStream({ url: ready.url!, keys: ready.keys!, log: silentLogger(), codec, stallTimeoutMs: 60_000 });
        let delivered = 0;
        let lastAt = 0;
        let batches: number | null = null;
        let bytes: number | null = null;
        let stopRouter: (() => void) | null = null;
        const count = (n: number): void => {
          delivered += n;
          if (delivered >= total && lastAt === 0) lastAt = performance.now();
        };
        if (path === 'client') {
          stream.subscribe({ trades: symbols, quotes: symbols }, { trade: () => count(1), quote: () => count(1) });
        } else {
          const hub = new EventHub();
          batches = 0;
          bytes = 0;
          const connection = hub.connect((message) => {
            const items = message.batches['market.trades']?.length ?? 0;
            bytes! += JSON.stringify(message).length;
            batches!++;
            count(items);
          });
          connection.subscribe('market.trades');
          const router = new MarketDataRouter({ stream, publisher: hub });
          router.watch(symbols);
          stopRouter = () => {
            router.close();
            hub.disconnect(connection);
          };
        }
        stream.start();
        await waitUntil(() => stream.status.state === 'connected', 10_000);
        const cpuBefore = process.cpuUsage();
        const startedAt = performance.now();
        worker.postMessage({ kind: 'blast', total, batchSize, symbols, mix: path === 'hub' ? 'trades' : 'mixed' });
        const sent = await reply('sent');
        await waitUntil(() => delivered >= total, 120_000);
        const cpu = process.cpuUsage(cpuBefore);
        const seconds = ((lastAt || performance.now()) - startedAt) / 1000;
        results.push({
          path,
          codec,
          messages: total,
          sent: sent.sent ?? 0,
          delivered,
          dropped: (sent.sent ?? 0) - delivered,
          skipped: stream.messageStats.skipped,
          frames: stream.socketStats.framesIn,
          batches,
          batchMegabytes: bytes === null ? null : Math.round((bytes / 1e6) * 10) / 10,
          seconds: round3(seconds),
          messagesPerSecond: Math.round(total / seconds),
          clientCpuSeconds: round3((cpu.user + cpu.system) / 1e6),
        });
        stopRouter?.();
        stream.stop();
      }
    }
    worker.postMessage({ kind: 'close' });
    await reply('closed');
  } finally {
    await worker.terminate();
  }
  return {
    benchmark: 'alpaca market-data stream (emulator) → client decode + dispatch, and end to end into the EventHub batches a renderer receives',
    node: process.version,
    target: TARGET,
    pass: results.every((r) => r.dropped === 0 && r.skipped === 0 && r.messagesPerSecond >= TARGET),
    results,
  };
}

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
}

// Run directly (`npx tsx bench/stream.ts`); the CLI imports the function instead. The test is on the
// file name, not import.meta.url, which the CommonJS bundle maps to the CLI bundle itself.
if (/bench[\\/]stream\.ts$/.test(process.argv[1] ?? '')) {
  const codec = argument('codec', 'both');
  const path = argument('path', 'both');
  runStreamBench({
    messages: Number(argument('messages', '500000')),
    batch: Number(argument('batch', '500')),
    codecs: codec === 'both' ? ['msgpack', 'json'] : [codec as StreamCodec],
    paths: path === 'both' ? ['client', 'hub'] : [path as StreamPath],
  }).then(
    (result) => process.stdout.write(JSON.stringify(result, null, 2) + '\n'),
    (error: unknown) => {
      process.stderr.write(`bench stream: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
