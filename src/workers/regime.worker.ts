import * as Comlink from 'comlink';
// The CommonJS build of comlink's adapter: its default export survives both tsx (ESM) and the
// CommonJS bundles, where comlink stays an external dependency.
import nodeEndpoint from 'comlink/dist/umd/node-adapter.js';
import { parentPort } from 'node:worker_threads';
import { RegimeBank } from '../shared/regime/bank';
import { resolveRegimeConfig } from '../shared/regime/config';
import { regimeBatchBuffers, RegimeStepOutput } from '../shared/regime/output';
import type { RegimeBankSpec, RegimeBatchResult, RegimeOpenResult, RegimeWorkerApi } from './regime-protocol';

/**
 * A worker thread holding the regime banks of the symbols the pool gave it. Each push runs one
 * batch of bars through one bank and sends back the outputs and the bank's state (transferred).
 */
const banks = new Map<string, RegimeBank>();
const out = new RegimeStepOutput();

function bank(key: string): RegimeBank {
  const found = banks.get(key);
  if (!found) throw new Error(`no regime bank "${key}" in this worker; open it first`);
  return found;
}

const api: RegimeWorkerApi = {
  open(key: string, spec: RegimeBankSpec, snapshot: Uint8Array | null): RegimeOpenResult {
    const created = new RegimeBank({ config: resolveRegimeConfig(spec.config), clock: spec.clock });
    if (snapshot) created.loadState(snapshot);
    banks.set(key, created);
    return { bars: created.bars, lastT: created.lastTime };
  },

  push(key: string, packed: Float64Array): RegimeBatchResult {
    const target = bank(key);
    const count = packed.length / 2;
    if (!Number.isInteger(count)) throw new Error(`bars for "${key}" must be packed as times then closes (got ${packed.length} values)`);
    const batch = target.runBatch({ t: packed.subarray(0, count), close: packed.subarray(count) }, out);
    const snapshot = target.saveState();
    const result: RegimeBatchResult = {
      key,
      batch,
      snapshot,
      reception: target.reception(),
      labelSince: target.labelSince,
      stale: target.stale,
      bars: target.bars,
      lastT: target.lastTime,
    };
    return Comlink.transfer(result, [...regimeBatchBuffers(batch), snapshot.buffer as ArrayBuffer]);
  },

  close(key: string): void {
    banks.delete(key);
  },

  keys(): string[] {
    return [...banks.keys()];
  },
};

if (!parentPort) throw new Error('the regime worker runs as a worker thread (start it with spawnWorker)');
Comlink.expose(api, nodeEndpoint(parentPort));
