import fs from 'node:fs';
import path from 'node:path';
import { barColumnsFromBars, type BarColumns } from '../../src/shared/domain/bar';

/** SPY daily bars from tests/fixtures (MIT, pandas-ta), as columns. */
export function loadSpyDaily(): BarColumns {
  const file = path.resolve(__dirname, '../fixtures/SPY_pandas-ta_1d.csv');
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n').slice(1);
  return barColumnsFromBars(lines.map((line) => {
    const [date, o, h, l, c, v] = line.split(',');
    return { t: Date.parse(`${date!}T00:00:00Z`), o: Number(o), h: Number(h), l: Number(l), c: Number(c), v: Number(v) };
  }));
}
