/**
 * How the regime reads on screen: names, percentages, bars held, reception; and the six colours,
 * which must stay apart for the common colour-vision deficiencies and stand out on the dark theme.
 */
import { describe, expect, it } from 'vitest';
import { REGIMES } from '../../../src/shared/domain/regime';
import { chartTheme, regimeColors } from '../../../src/renderer/charts/theme';
import { confidenceLevel, formatBarsAgo, formatProbability, formatReception, formatShare, regimeAt, regimeColor, regimeTitle } from '../../../src/renderer/format/regime';

describe('regime text', () => {
  it('names regimes as a trader reads them', () => {
    expect(REGIMES.map(regimeTitle)).toEqual(['Bull', 'Bear', 'Sideways', 'High vol', 'Low vol', 'Crisis']);
    expect(regimeAt(3)).toBe('high_vol');
    expect(regimeAt(-1)).toBeUndefined();
    expect(regimeAt(6)).toBeUndefined();
    expect(regimeAt(1.5)).toBeUndefined();
  });

  it('formats probabilities with one decimal, never claiming an exact 0 or 100 the bank did not give', () => {
    expect(formatProbability(0.6792381684332317)).toBe('67.9%');
    expect(formatProbability(0.0002444677672493641)).toBe('<0.1%');
    expect(formatProbability(0.0005)).toBe('0.1%');
    expect(formatProbability(0.99996)).toBe('>99.9%');
    expect(formatProbability(1)).toBe('100.0%');
    expect(formatProbability(0)).toBe('0%');
    expect(formatProbability(NaN)).toBe('—');
  });

  it('counts the bars a label has held', () => {
    expect(formatBarsAgo(0)).toBe('this bar');
    expect(formatBarsAgo(1)).toBe('1 bar ago');
    expect(formatBarsAgo(1234)).toBe('1,234 bars ago');
    expect(formatBarsAgo(-1)).toBe('');
  });

  it('puts confidence into words on the scale of 1 − normalised entropy', () => {
    expect(confidenceLevel(0.51)).toBe('high');
    expect(confidenceLevel(0.5)).toBe('high');
    expect(confidenceLevel(0.26)).toBe('moderate');
    expect(confidenceLevel(0.1)).toBe('low');
  });

  it('gives shares near 100% the digits that tell them apart', () => {
    expect(formatShare(0.9998092695021934)).toBe('99.98%');
    expect(formatShare(0.87)).toBe('87.0%');
    expect(formatShare(1)).toBe('100.0%');
    expect(formatReception({ rate: 0.9998092695021934, low: 0.9992965315153157, high: 0.9999951702123532 })).toBe('99.98% (95%: 99.93–100.00%)');
    expect(formatReception({ rate: 0.8, low: 0.71, high: 0.87 })).toBe('80.0% (95%: 71.0–87.0%)');
  });
});

// Colour-vision simulation (Machado, Oliveira & Fernandes 2009, severity 1) on linear RGB, then CIELAB distance.
const SIMULATIONS = {
  normal: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  protanopia: [0.152286, 1.052583, -0.204868, 0.114503, 0.786281, 0.099216, -0.003882, -0.048116, 1.051998],
  deuteranopia: [0.367322, 0.860646, -0.227968, 0.280085, 0.672501, 0.047413, -0.01182, 0.04294, 0.968881],
  tritanopia: [1.255528, -0.076749, -0.178779, -0.078411, 0.930809, 0.147602, 0.004733, 0.691367, 0.3039],
} as const;

function lab(hex: string, m: readonly number[]): [number, number, number] {
  const lin = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const [r, g, b] = [0, 1, 2].map((row) => Math.min(1, Math.max(0, m[row * 3]! * lin[0] + m[row * 3 + 1]! * lin[1] + m[row * 3 + 2]! * lin[2]))) as [number, number, number];
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

const distance = (a: [number, number, number], b: [number, number, number]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

describe('regime colours', () => {
  it('are defined once, one per regime, all different', () => {
    expect(Object.keys(regimeColors)).toEqual([...REGIMES]);
    expect(new Set(Object.values(regimeColors)).size).toBe(6);
    for (const name of REGIMES) expect(regimeColor(name)).toMatch(/^#[0-9A-F]{6}$/i);
  });

  for (const [vision, matrix] of Object.entries(SIMULATIONS)) {
    it(`stay apart with ${vision} vision (ΔE ≥ 15 for every pair) and stand out on the background`, () => {
      const colors = REGIMES.map((name) => lab(regimeColors[name], matrix));
      for (let i = 0; i < colors.length; i++) {
        for (let j = i + 1; j < colors.length; j++) {
          expect(distance(colors[i]!, colors[j]!), `${REGIMES[i]} vs ${REGIMES[j]}`).toBeGreaterThanOrEqual(15);
        }
        expect(distance(colors[i]!, lab(chartTheme.background, matrix)), `${REGIMES[i]} vs the background`).toBeGreaterThanOrEqual(40);
      }
    });
  }
});
