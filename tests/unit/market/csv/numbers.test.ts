import { describe, expect, it } from 'vitest';
import { CODE_COMMA, CODE_DOT, isMissingCell, parseDecimal } from '../../../../src/shared/market/csv/numbers';

const read = (text: string, mark = CODE_DOT): number => parseDecimal(text, 0, text.length, mark);

/** A small deterministic generator, so the property test is reproducible. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('parseDecimal', () => {
  it('gives exactly the double Number() gives, for 200k random decimals of every length', () => {
    const random = lcg(42);
    for (let i = 0; i < 200_000; i++) {
      const digits = 1 + Math.floor(random() * 17);
      let text = '';
      for (let d = 0; d < digits; d++) text += Math.floor(random() * 10);
      const point = Math.floor(random() * (digits + 1));
      if (point < digits) text = `${text.slice(0, point)}.${text.slice(point)}`;
      if (random() < 0.1) text = `-${text}`;
      if (read(text) !== Number(text)) expect.fail(`${text}: ${read(text)} vs ${Number(text)}`);
    }
  });

  it('reads the forms vendors write', () => {
    expect(read('136.5')).toBe(136.5);
    expect(read('4006500.0')).toBe(4006500);
    expect(read(' 12.25 ')).toBe(12.25);
    expect(read('+3')).toBe(3);
    expect(read('.5')).toBe(0.5);
    expect(read('5.')).toBe(5);
    expect(read('$1,234.50')).toBe(1234.5);
    expect(read('1.5e3')).toBe(1500);
    expect(read('49.27333450317383')).toBe(49.27333450317383);
    expect(read('123456789012345678901')).toBe(123456789012345678901);
    expect(read('10,5', CODE_COMMA)).toBe(10.5);
    expect(read('1.234,5', CODE_COMMA)).toBe(1234.5);
  });

  it('returns NaN for what is not a number', () => {
    for (const text of ['', ' ', '-', 'abc', '1.2.3', '0x10', 'Infinity', '12abc', '1,5']) expect(read(text), text).toBeNaN();
  });
});

describe('isMissingCell', () => {
  it('knows the vendors\' spellings of "no value"', () => {
    for (const text of ['', ' ', '-', 'null', 'NULL', 'NaN', 'nan', 'NA', 'N/A', '#N/A', 'None']) expect(isMissingCell(text, 0, text.length), text).toBe(true);
    for (const text of ['0', 'abc', '-1', 'nothing']) expect(isMissingCell(text, 0, text.length), text).toBe(false);
  });
});
