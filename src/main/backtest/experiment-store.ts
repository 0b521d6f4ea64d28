import type { OpenPosition } from '../../shared/backtest/run-backtest';
import type {
  DataRef, EquityCurveWire, ExperimentComparison, ExperimentDetail, ExperimentKind, ExperimentListQuery, ExperimentPage, ExperimentSummary,
  MetricRow, MonteCarloResult, OptimizationResult, TradeWire, WalkForwardResult,
} from '../../shared/ipc/services/backtest';
import { alignCurves, thinCurve } from '../../shared/lab/curves';
import { METRIC_ROWS } from '../../shared/lab/metric-rows';
import type { MetricsSummary } from '../../shared/lab/metrics-summary';
import type { Objective } from '../../shared/lab/objectives';
import type { PerformanceMetrics } from '../../shared/metrics/performance';
import type { Trade } from '../../shared/portfolio/trade-ledger';
import type { Db } from '../storage/database';

/** A run to store (the store gives it its id). */
export interface NewExperiment {
  readonly kind: ExperimentKind;
  readonly name: string | null;
  readonly tags: readonly string[];
  readonly notes: string;
  readonly strategy: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly symbols: readonly string[];
  readonly timeframe: string;
  readonly data: readonly DataRef[];
  /** The spec as validated (to run it again). */
  readonly spec: unknown;
  readonly sizing: string;
  readonly fillModel: object;
  readonly riskLimits: object;
  readonly initialCash: number;
  readonly finalEquity: number | null;
  readonly bars: number;
  readonly objective: Objective | null;
  readonly summary: MetricsSummary | null;
  readonly metrics: PerformanceMetrics | null;
  readonly result: OptimizationResult | WalkForwardResult | MonteCarloResult | null;
  readonly equity: { readonly t: Float64Array; readonly equity: Float64Array } | null;
  readonly trades: readonly Trade[];
  readonly openPositions: readonly OpenPosition[];
  readonly runNotes: readonly string[];
  readonly createdAt: number;
  readonly durationMs: number;
}

/** A parent and the runs stored under it, written in one transaction. */
export interface ExperimentTree {
  readonly root: NewExperiment;
  /** An existing run the root belongs to or derives from (a Monte Carlo's source). */
  readonly parentId?: number | null;
  readonly children?: readonly NewExperiment[];
  /** Puts the children's ids into the root's result (the optimisation's best run, each window's test). */
  readonly link?: (childIds: readonly number[], result: NewExperiment['result']) => NewExperiment['result'];
}

/** What a Monte Carlo run resamples of a stored backtest. */
export interface StoredRun {
  readonly summary: ExperimentSummary;
  readonly spec: unknown;
  readonly sizing: string;
  readonly fillModel: object;
  readonly riskLimits: object;
  readonly t: Float64Array;
  readonly equity: Float64Array;
  readonly trades: Trade[];
}

interface SummaryRow {
  id: number;
  kind: ExperimentKind;
  parent_id: number | null;
  child_count: number;
  name: string | null;
  tags: string;
  notes: string;
  created_at: number;
  duration_ms: number;
  strategy: string;
  params: string;
  symbols: string;
  timeframe: string;
  data: string;
  initial_cash: number;
  summary: string | null;
  objective: Objective | null;
  bars: number;
}

interface DetailRow extends SummaryRow {
  spec: string;
  sizing: string;
  fill_model: string;
  risk_limits: string;
  metrics: string | null;
  result: string | null;
  equity: Uint8Array | null;
  trades: string;
  open_positions: string;
  run_notes: string;
}

const SUMMARY_COLUMNS = `e.id, e.kind, e.parent_id, (SELECT COUNT(*) FROM experiments c WHERE c.parent_id = e.id) AS child_count,
  e.name, e.tags, e.notes, e.created_at, e.duration_ms, e.strategy, e.params, e.symbols, e.timeframe, e.data, e.initial_cash,
  e.summary, e.objective, e.bars`;

function json<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    // A damaged column must not hide the rest of the run.
    return fallback;
  }
}

function toSummary(row: SummaryRow): ExperimentSummary {
  return {
    id: row.id,
    kind: row.kind,
    parentId: row.parent_id,
    childCount: row.child_count,
    name: row.name,
    tags: json<string[]>(row.tags, []),
    notes: row.notes,
    createdAt: row.created_at,
    durationMs: row.duration_ms,
    strategy: row.strategy,
    params: json(row.params, {}),
    symbols: json<string[]>(row.symbols, []),
    timeframe: row.timeframe,
    data: json<DataRef[]>(row.data, []),
    initialCash: row.initial_cash,
    summary: json<MetricsSummary | null>(row.summary, null),
    objective: row.objective,
    bars: row.bars,
  };
}

/** n times then n equities, as float64. */
function encodeCurve(curve: { t: Float64Array; equity: Float64Array }): Buffer {
  const n = curve.t.length;
  const packed = new Float64Array(2 * n);
  packed.set(curve.t, 0);
  packed.set(curve.equity, n);
  return Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
}

function decodeCurve(blob: Uint8Array): { t: Float64Array; equity: Float64Array } {
  // A copy: the blob's bytes need not be aligned for a Float64Array view.
  const packed = new Float64Array(blob.byteLength / Float64Array.BYTES_PER_ELEMENT);
  new Uint8Array(packed.buffer).set(blob);
  const n = packed.length / 2;
  return { t: packed.subarray(0, n), equity: packed.subarray(n) };
}

function tradeWire(trade: Trade): TradeWire {
  return {
    symbol: trade.symbol,
    side: trade.side,
    qty: trade.qty,
    entryTime: trade.entryTime,
    entryPrice: trade.entryPrice,
    exitTime: trade.exitTime,
    exitPrice: trade.exitPrice,
    pnl: trade.pnl,
    returnPct: trade.returnPct,
    commission: trade.commission,
  };
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/**
 * The experiment log (migration 005): every stored run of the strategy lab. Runs are written
 * whole, in one transaction with their children, or not at all.
 */
export class ExperimentStore {
  constructor(private readonly db: Db) {}

  /** Stores a run with its children; answers their ids. */
  save(tree: ExperimentTree): { rootId: number; childIds: number[] } {
    return this.db.transaction(() => {
      const rootId = this.insert(tree.root, tree.parentId ?? null);
      const childIds = (tree.children ?? []).map((child) => this.insert(child, rootId));
      if (tree.link && childIds.length > 0) {
        this.db.prepare('UPDATE experiments SET result = ? WHERE id = ?').run(JSON.stringify(tree.link(childIds, tree.root.result)), rootId);
      }
      return { rootId, childIds };
    })();
  }

  list(query: ExperimentListQuery = {}): ExperimentPage {
    const where: string[] = [];
    const values: unknown[] = [];
    if (query.kind) (where.push('e.kind = ?'), values.push(query.kind));
    if (query.strategy) (where.push('e.strategy = ?'), values.push(query.strategy));
    if (query.symbol) (where.push('EXISTS (SELECT 1 FROM json_each(e.symbols) WHERE value = ?)'), values.push(query.symbol.toUpperCase()));
    if (query.tag) (where.push('EXISTS (SELECT 1 FROM json_each(e.tags) WHERE value = ?)'), values.push(query.tag));
    if (query.parentId === null) where.push('e.parent_id IS NULL');
    else if (query.parentId !== undefined) (where.push('e.parent_id = ?'), values.push(query.parentId));
    if (query.search) {
      const pattern = `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push("(e.name LIKE ? ESCAPE '\\' OR e.notes LIKE ? ESCAPE '\\')");
      values.push(pattern, pattern);
    }
    if (query.beforeId !== undefined) (where.push('e.id < ?'), values.push(query.beforeId));
    const limit = query.limit ?? 100;
    const rows = this.db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM experiments e ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY e.id DESC LIMIT ?`)
      .all(...values, limit + 1) as SummaryRow[];
    const page = rows.slice(0, limit).map(toSummary);
    return { experiments: page, nextBeforeId: rows.length > limit ? page[page.length - 1]!.id : null };
  }

  summary(id: number): ExperimentSummary | null {
    const row = this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM experiments e WHERE e.id = ?`).get(id) as SummaryRow | undefined;
    return row ? toSummary(row) : null;
  }

  get(id: number, maxPoints = 2000): ExperimentDetail | null {
    const row = this.detailRow(id);
    if (!row) return null;
    const curve = row.equity ? decodeCurve(row.equity) : null;
    const result = json<unknown>(row.result, null);
    const children = (this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM experiments e WHERE e.parent_id = ? ORDER BY e.id`).all(id) as SummaryRow[]).map(toSummary);
    const equity: EquityCurveWire | null = curve ? thinCurve(curve.t, curve.equity, maxPoints) : null;
    return {
      ...toSummary(row),
      spec: json<Record<string, unknown>>(row.spec, {}),
      sizing: row.sizing,
      fillModel: json(row.fill_model, {}),
      riskLimits: json(row.risk_limits, {}),
      metrics: json<PerformanceMetrics | null>(row.metrics, null),
      equity,
      trades: json<TradeWire[]>(row.trades, []),
      openPositions: json(row.open_positions, []),
      runNotes: json<string[]>(row.run_notes, []),
      children,
      optimization: row.kind === 'optimization' ? (result as OptimizationResult) : null,
      walkForward: row.kind === 'walkforward' ? (result as WalkForwardResult) : null,
      monteCarlo: row.kind === 'montecarlo' ? (result as MonteCarloResult) : null,
    };
  }

  /** A stored run's full curve and trades (what a Monte Carlo resamples); null when there is none. */
  run(id: number): StoredRun | null {
    const row = this.detailRow(id);
    if (!row || !row.equity) return null;
    const curve = decodeCurve(row.equity);
    const trades = json<TradeWire[]>(row.trades, []).map((trade) => ({ ...trade, grossPnl: trade.pnl + trade.commission }));
    return {
      summary: toSummary(row),
      spec: json(row.spec, {}),
      sizing: row.sizing,
      fillModel: json(row.fill_model, {}),
      riskLimits: json(row.risk_limits, {}),
      t: curve.t,
      equity: curve.equity,
      trades,
    };
  }

  /** Side by side; null when one of the ids is unknown (the first unknown id is given). */
  compare(ids: readonly number[], maxPoints = 2000): ExperimentComparison | { missing: number } {
    const rows: DetailRow[] = [];
    for (const id of ids) {
      const row = this.detailRow(id);
      if (!row) return { missing: id };
      rows.push(row);
    }
    const experiments = rows.map(toSummary);
    const metrics: MetricRow[] = METRIC_ROWS.map((spec) => {
      const values = experiments.map((e) => (e.summary ? (e.summary[spec.metric] as number | null) : null));
      let bestIndex: number | null = null;
      if (spec.better !== null) {
        values.forEach((value, i) => {
          if (value === null) return;
          const current = bestIndex === null ? null : values[bestIndex]!;
          if (current === null || (spec.better === 'higher' ? value > current : value < current)) bestIndex = i;
        });
      }
      return { metric: spec.metric, label: spec.label, format: spec.format, better: spec.better, values, bestIndex };
    });
    const curves = rows.map((row) => (row.equity ? decodeCurve(row.equity) : { t: new Float64Array(0), equity: new Float64Array(0) }));
    const aligned = alignCurves(curves, maxPoints);
    return {
      experiments,
      metrics,
      curves: { t: aligned.t, series: experiments.map((e, i) => ({ id: e.id, initialCash: e.initialCash, equity: aligned.values[i]! })) },
    };
  }

  /** Renames, retags or annotates a run; null when there is none. */
  update(id: number, patch: { name?: string | null; tags?: readonly string[]; notes?: string }): ExperimentSummary | null {
    const sets: string[] = [];
    const values: unknown[] = [];
    if (patch.name !== undefined) (sets.push('name = ?'), values.push(patch.name === null || patch.name === '' ? null : patch.name));
    if (patch.tags !== undefined) (sets.push('tags = ?'), values.push(JSON.stringify([...new Set(patch.tags)])));
    if (patch.notes !== undefined) (sets.push('notes = ?'), values.push(patch.notes));
    if (sets.length > 0) this.db.prepare(`UPDATE experiments SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
    return this.summary(id);
  }

  /** Deletes runs and everything under them; answers the ids removed. */
  delete(ids: readonly number[]): number[] {
    return this.db.transaction(() => {
      const removed = new Set<number>();
      const descendants = this.db.prepare(
        'WITH RECURSIVE tree(id) AS (SELECT id FROM experiments WHERE id = ? UNION ALL SELECT e.id FROM experiments e JOIN tree ON e.parent_id = tree.id) SELECT id FROM tree',
      );
      const remove = this.db.prepare('DELETE FROM experiments WHERE id = ?');
      for (const id of ids) {
        for (const row of descendants.all(id) as Array<{ id: number }>) removed.add(row.id);
        remove.run(id);
      }
      return [...removed].sort((a, b) => a - b);
    })();
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM experiments').get() as { n: number }).n;
  }

  private detailRow(id: number): DetailRow | undefined {
    return this.db.prepare(`SELECT ${SUMMARY_COLUMNS}, e.spec, e.sizing, e.fill_model, e.risk_limits, e.metrics, e.result, e.equity, e.trades, e.open_positions, e.run_notes FROM experiments e WHERE e.id = ?`).get(id) as
      | DetailRow
      | undefined;
  }

  private insert(run: NewExperiment, parentId: number | null): number {
    const info = this.db
      .prepare(
        `INSERT INTO experiments (kind, parent_id, name, tags, notes, strategy, params, symbols, timeframe, data, spec, sizing, fill_model, risk_limits,
          initial_cash, final_equity, bars, objective, summary, metrics, result, equity, trades, open_positions, run_notes, created_at, duration_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        run.kind,
        parentId,
        run.name,
        JSON.stringify([...new Set(run.tags)]),
        run.notes,
        run.strategy,
        JSON.stringify(run.params),
        JSON.stringify(run.symbols),
        run.timeframe,
        JSON.stringify(run.data),
        JSON.stringify(run.spec ?? {}),
        run.sizing,
        JSON.stringify(run.fillModel),
        JSON.stringify(run.riskLimits),
        run.initialCash,
        run.finalEquity,
        run.bars,
        run.objective,
        run.summary ? JSON.stringify(run.summary) : null,
        run.metrics ? JSON.stringify(run.metrics) : null,
        run.result ? JSON.stringify(run.result) : null,
        run.equity ? encodeCurve(run.equity) : null,
        JSON.stringify(run.trades.map(tradeWire)),
        JSON.stringify(
          run.openPositions.map((p) => ({ symbol: p.symbol, qty: p.qty, entryTime: finiteOrNull(p.entryTime), entryPrice: p.entryPrice, lastPrice: p.lastPrice, unrealizedPnl: p.unrealizedPnl })),
        ),
        JSON.stringify(run.runNotes),
        run.createdAt,
        run.durationMs,
      );
    return Number(info.lastInsertRowid);
  }
}
