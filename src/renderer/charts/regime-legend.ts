import { REGIME_COUNT, REGIMES } from '../../shared/domain/regime';
import { formatProbability, regimeTitle } from '../format/regime';
import type { AlignedRegime } from './regime-align';
import { regimeColors } from './theme';

/** What the band's legend says about one bar: all six probabilities, the label, the bar's date. */
export interface BandLegendRow {
  readonly index: number;
  readonly when: string;
  /** −1 when the bank has no row for the bar. */
  readonly label: number;
  readonly observed: boolean;
  readonly p: readonly number[];
}

/** The row for bar `index` (the last bar when the cursor is off the chart). */
export function bandLegendRow(regime: AlignedRegime, index: number | null | undefined, when: (i: number) => string): BandLegendRow | null {
  const n = regime.length;
  if (n === 0) return null;
  const i = index === null || index === undefined || index < 0 || index >= n ? n - 1 : index;
  const p: number[] = [];
  for (let k = 0; k < REGIME_COUNT; k++) p.push(regime.p[k * n + i]!);
  return { index: i, when: when(i), label: regime.label[i]!, observed: regime.observed[i] === 1, p };
}

/** The legend's markup: fixed names and numbers only, nothing from outside is interpolated. */
export function bandLegendHtml(row: BandLegendRow): string {
  const head = `<span class="band-title">Regime</span> <span class="muted">${row.when}</span>`;
  const labelName = REGIMES[row.label];
  if (!labelName) return `${head} <span class="muted">no regime for this bar yet</span>`;
  const label = `<b class="band-label" style="--regime-color:${regimeColors[labelName]}">${regimeTitle(labelName)}</b>`;
  const missing = row.observed ? '' : ' <span class="warn" title="The bar was due but did not arrive: these are the bank\'s predictions">no bar · predicted</span>';
  const items = REGIMES.map(
    (name, k) =>
      `<span class="band-item${k === row.label ? ' is-label' : ''}" data-regime="${name}" data-p="${row.p[k]}" style="--regime-color:${regimeColors[name]}">` +
      `<i class="swatch"></i>${regimeTitle(name)} <b>${formatProbability(row.p[k]!)}</b></span>`,
  ).join('');
  return `${head} ${label}${missing} <span class="band-items">${items}</span>`;
}
