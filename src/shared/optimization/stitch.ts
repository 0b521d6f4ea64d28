import { InputError } from '../errors';

export interface EquitySegment {
  readonly t: Float64Array;
  readonly equity: Float64Array;
}

export interface StitchedCurve {
  readonly t: Float64Array;
  readonly equity: Float64Array;
  /** Index in the stitched curve where each segment begins. */
  readonly segmentStarts: Int32Array;
}

/**
 * Joins out-of-sample equity segments into one curve. Each segment is rescaled so that its first
 * point equals the previous segment's last point: a segment's returns are kept and compound on
 * what came before, as if one account had traded through. The first segment is scaled to start at
 * `startEquity` when given. Segments must be in time order and must not overlap.
 */
export function stitchEquitySegments(segments: readonly EquitySegment[], startEquity?: number): StitchedCurve {
  if (startEquity !== undefined && !(Number.isFinite(startEquity) && startEquity > 0)) {
    throw new InputError(`stitch: start equity must be a number above 0, got ${String(startEquity)}`);
  }
  let total = 0;
  segments.forEach((segment, k) => {
    if (segment.t.length !== segment.equity.length) throw new InputError(`stitch: segment ${k} has ${segment.t.length} times but ${segment.equity.length} equity points`);
    if (segment.equity.length > 0 && !(segment.equity[0]! > 0)) throw new InputError(`stitch: segment ${k} starts at equity ${segment.equity[0]}; each segment must start above 0`);
    total += segment.t.length;
  });
  const t = new Float64Array(total);
  const equity = new Float64Array(total);
  const segmentStarts = new Int32Array(segments.length);
  let at = 0;
  let level = startEquity ?? NaN;
  segments.forEach((segment, k) => {
    segmentStarts[k] = at;
    const n = segment.t.length;
    if (n === 0) return;
    if (at > 0 && !(segment.t[0]! > t[at - 1]!)) {
      throw new InputError(`stitch: segment ${k} starts at ${segment.t[0]}, not after the previous segment's end ${t[at - 1]}; segments must be in time order without overlap`);
    }
    const scale = Number.isNaN(level) ? 1 : level / segment.equity[0]!;
    for (let i = 0; i < n; i++) {
      t[at + i] = segment.t[i]!;
      equity[at + i] = segment.equity[i]! * scale;
    }
    // Exactly the level it continues from (level / e0 × e0 can be off in the last bit).
    if (!Number.isNaN(level)) equity[at] = level;
    at += n;
    level = equity[at - 1]!;
  });
  return { t, equity, segmentStarts };
}
