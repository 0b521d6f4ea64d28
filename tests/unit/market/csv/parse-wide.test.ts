import { describe, expect, it } from 'vitest';
import { parseWideClosesCsv } from '../../../../src/shared/market/csv/index';
import { dates, expectInputError, fixture } from './helpers';

describe('parseWideClosesCsv', () => {
  it('gives one close-only series per symbol column, skipping empty cells', () => {
    const series = parseWideClosesCsv(fixture('wide-closes.csv'), 'wide-closes.csv');
    expect(series.map((s) => s.symbol)).toEqual(['AAA', 'BBB', 'CCC']);
    const [aaa, bbb, ccc] = series as [typeof series[0], typeof series[0], typeof series[0]];
    expect(dates(aaa.bars.t)).toEqual(['2020-03-02', '2020-03-03', '2020-03-04', '2020-03-05', '2020-03-06']);
    expect(Array.from(aaa.bars.c)).toEqual([10.5, 10.75, 10.5, 10.25, 10]);
    expect(Array.from(aaa.bars.o)).toEqual(Array.from(aaa.bars.c));
    expect(Array.from(aaa.bars.h)).toEqual(Array.from(aaa.bars.c));
    expect(Array.from(aaa.bars.v)).toEqual([0, 0, 0, 0, 0]);
    expect(aaa.warnings).toEqual([]);
    expect(dates(bbb.bars.t)).toEqual(['2020-03-03', '2020-03-04', '2020-03-05', '2020-03-06']);
    expect(bbb.warnings.map((w) => w.message)).toEqual(['BBB has no close on 1 row (line 2): no bar there']);
    expect(Array.from(ccc.lines)).toEqual([2, 3, 4, 6]);
    expect(ccc.warnings.map((w) => w.kind)).toEqual(['missing_value', 'gap']);
    for (const s of series) expect(s.warnings.some((w) => w.kind === 'zero_volume')).toBe(false);
  });

  it('refuses a bad cell naming its symbol column', () => {
    expectInputError(() => parseWideClosesCsv('date,AAA,BBB\n2020-01-02,1,2\n2020-01-03,1,-2\n', 'w.csv'), { line: 3, column: 'BBB' }, /close -2 is not positive/);
    expectInputError(() => parseWideClosesCsv('date,AAA,BBB\n2020-01-02,1,2\n2020-01-03,1,x\n', 'w.csv'), { line: 3, column: 'BBB' }, /"x" is not a number/);
    expectInputError(() => parseWideClosesCsv('date,AAA,BBB\n2020-01-02,1,\n2020-01-03,1,\n', 'w.csv'), { column: 'BBB' }, /column "BBB" has no values/);
    expectInputError(() => parseWideClosesCsv('date,AAA,A A\n2020-01-02,1,2\n', 'w.csv'), { column: 'A A' }, /is not a symbol/);
  });
});
