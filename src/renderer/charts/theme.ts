import type { RegimeName } from '../../shared/domain/regime';

/** Chart colours, one place (the CSS variables mirror them for the DOM). */
export const chartTheme = {
  background: '#0f1115',
  grid: 'rgba(255,255,255,0.06)',
  axis: '#8b93a7',
  up: '#26a69a',
  down: '#ef5350',
  line: '#5a8cff',
  upVolume: 'rgba(38,166,154,0.55)',
  downVolume: 'rgba(239,83,80,0.55)',
  crosshair: 'rgba(200,205,220,0.45)',
  selection: 'rgba(90,140,255,0.15)',
  font: '11px system-ui, -apple-system, "Segoe UI", sans-serif',
  /** Regime band marks: label changes, and bars that were due but missing (their probabilities are a prediction). */
  transition: 'rgba(235,238,245,0.95)',
  transitionFaint: 'rgba(235,238,245,0.28)',
  missingHatch: 'rgba(15,17,21,0.75)',
} as const;

/**
 * One colour per regime, in REGIMES order (Okabe–Ito based: each pair stays apart under
 * protanopia, deuteranopia and tritanopia, and every colour stands out on the dark background).
 * Bull green and bear vermillion echo up and down; calm low vol is sky blue, high vol orange,
 * crisis purple, sideways a neutral grey. Panels take them as a `--regime-color` style.
 */
export const regimeColors = {
  bull: '#009E73',
  bear: '#D55E00',
  sideways: '#C8C8C8',
  high_vol: '#E69F00',
  low_vol: '#56B4E9',
  crisis: '#CC79A7',
} as const satisfies Record<RegimeName, string>;
