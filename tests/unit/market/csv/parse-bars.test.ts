import { describe, expect, it } from 'vitest';
import { parseBarsCsv } from '../../../../src/shared/market/csv/index';
import { dates, fixture, isoTimes } from './helpers';

describe('parseBarsCsv: formats', () => {
  it('reads a Yahoo export', () => {
    const parsed = parseBarsCsv(fixture('yahoo-daily.csv'), 'yahoo-daily.csv');
    expect(parsed.timeframe).toBe('1Day');
    expect(parsed.timeKind).toBe('date');
    expect(dates(parsed.bars.t)).toEqual(['2020-01-14', '2020-01-15', '2020-01-16', '2020-01-17', '2020-01-21', '2020-01-22']);
    expect(Array.from(parsed.bars.c)).toEqual([101, 101.5, 102.5, 103, 103.5, 104]);
    expect(Array.from(parsed.bars.o.subarray(0, 2))).toEqual([100, 101]);
    expect(Array.from(parsed.bars.v.subarray(0, 2))).toEqual([1_000_000, 1_100_000]);
    expect(Array.from(parsed.lines)).toEqual([2, 3, 4, 5, 6, 7]);
    // 2020-01-20 was Martin Luther King Jr. Day: no gap.
    expect(parsed.warnings).toEqual([]);
  });

  it('uses the adjusted close on request, scaling the whole bar', () => {
    const parsed = parseBarsCsv(fixture('yahoo-daily.csv'), 'yahoo-daily.csv', { adjusted: true });
    expect(parsed.bars.c[0]).toBe(50.5);
    expect(parsed.bars.o[0]).toBeCloseTo(50, 12);
    expect(parsed.bars.h[0]).toBeCloseTo(50.75, 12);
    expect(parsed.bars.v[0]).toBe(1_000_000);
  });

  it('reads Alpaca daily bars stamped at midnight New York as dates', () => {
    const parsed = parseBarsCsv(fixture('alpaca-daily.csv'), 'alpaca-daily.csv');
    expect(parsed.timeframe).toBe('1Day');
    expect(parsed.timeKind).toBe('date');
    expect(dates(parsed.bars.t)).toEqual(['2021-01-04', '2021-01-05', '2021-01-06', '2021-01-07', '2021-01-08']);
    expect(parsed.bars.t[0]).toBe(Date.UTC(2021, 0, 4));
  });

  it('reads Alpaca minute bars in UTC, inferring 1Min and showing them in UTC', () => {
    const parsed = parseBarsCsv(fixture('alpaca-minute.csv'), 'alpaca-minute.csv');
    expect(parsed.timeframe).toBe('1Min');
    expect(parsed.timeKind).toBe('datetime');
    expect(parsed.timeZone).toBe('UTC');
    expect(isoTimes(parsed.bars.t)[0]).toBe('2021-03-15T13:30:00.000Z');
  });

  it('reads a pandas CSV with an unnamed index column and float volumes', () => {
    const parsed = parseBarsCsv(fixture('pandas-index.csv'), 'pandas-index.csv');
    expect(dates(parsed.bars.t)).toEqual(['1999-11-01', '1999-11-02', '1999-11-03', '1999-11-04']);
    expect(Array.from(parsed.bars.v)).toEqual([4006500, 6516900, 7222300, 7907500]);
    expect(parsed.bars.l[3]).toBe(135.765625);
  });

  it('reads a pandas CSV whose unnamed index is the date', () => {
    const parsed = parseBarsCsv(fixture('pandas-date-index.csv'), 'pandas-date-index.csv');
    expect(dates(parsed.bars.t)).toEqual(['2010-06-01', '2010-06-02', '2010-06-03']);
  });

  it('reads a Google-style file: BOM, 23-Feb-18 dates, newest first, a row of "-", zero volumes', () => {
    const parsed = parseBarsCsv(fixture('google-bom-descending.csv'), 'google-bom-descending.csv');
    expect(dates(parsed.bars.t)).toEqual(['2018-02-15', '2018-02-16', '2018-02-21', '2018-02-22', '2018-02-23']);
    expect(Array.from(parsed.lines)).toEqual([7, 6, 4, 3, 2]);
    expect(Array.from(parsed.bars.c)).toEqual([19.75, 20, 20.25, 20.5, 20.75]);
    const kinds = parsed.warnings.map((w) => [w.kind, w.line]);
    expect(kinds).toContainEqual(['missing_value', 5]);
    expect(kinds).toContainEqual(['zero_volume', 6]);
    expect(parsed.warnings.find((w) => w.kind === 'missing_value')!.message).toMatch(/1 row with no price at all skipped \(line 5\)/);
    expect(parsed.warnings.find((w) => w.kind === 'zero_volume')!.message).toMatch(/^2 bars have zero volume \(lines 6, 4\)/);
    // 2018-02-19 was Presidents' Day; 2018-02-20 is the skipped row, so one trading day is missing.
    const gaps = parsed.warnings.filter((w) => w.kind === 'gap');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.message).toMatch(/no bars for 1 US trading day between 2018-02-16 \(line 6\) and 2018-02-21 \(line 4\)/);
  });

  it('reads semicolon files with decimal commas, and tab-separated files', () => {
    const semicolon = parseBarsCsv(fixture('semicolon-decimal-comma.csv'), 'semicolon-decimal-comma.csv');
    expect(Array.from(semicolon.bars.o)).toEqual([10.5, 11]);
    expect(Array.from(semicolon.bars.h)).toEqual([11.25, 11.5]);
    const tabs = parseBarsCsv(fixture('tab-separated.tsv'), 'tab-separated.tsv');
    expect(Array.from(tabs.bars.c)).toEqual([11, 11.25]);
    expect(tabs.format.delimiter).toBe('\t');
  });

  it('reads naive date-times as New York wall clock by default, across a DST change', () => {
    const parsed = parseBarsCsv(fixture('intraday-naive-ny.csv'), 'intraday-naive-ny.csv');
    expect(parsed.timeframe).toBe('1Hour');
    expect(parsed.timeZone).toBe('America/New_York');
    expect(isoTimes(parsed.bars.t)).toEqual(['2021-03-12T20:00:00.000Z', '2021-03-15T13:00:00.000Z', '2021-03-15T14:00:00.000Z', '2021-03-15T15:00:00.000Z']);
  });

  it('reads naive date-times in the zone it is given', () => {
    const parsed = parseBarsCsv(fixture('intraday-naive-ny.csv'), 'intraday-naive-ny.csv', { timeZone: 'Europe/London' });
    expect(parsed.timeZone).toBe('Europe/London');
    expect(isoTimes(parsed.bars.t)[1]).toBe('2021-03-15T09:00:00.000Z');
  });

  it('reads files whose date and time of day are separate fields (CRLF)', () => {
    const parsed = parseBarsCsv(fixture('split-date-time.txt'), 'split-date-time.txt', { timeZone: 'Europe/Berlin' });
    expect(isoTimes(parsed.bars.t)).toEqual(['2006-01-02T08:01:00.000Z', '2006-01-02T08:02:00.000Z', '2006-01-02T08:03:00.000Z']);
    expect(Array.from(parsed.bars.v)).toEqual([5699, 894, 883]);
    expect(parsed.timeframe).toBe('1Min');
  });

  it('reads epoch seconds and epoch milliseconds', () => {
    const seconds = parseBarsCsv('time,open,high,low,close,volume\n1615815000,1,2,0.5,1.5,10\n1615815060,1.5,2,1,1.75,20\n', 's.csv');
    const millis = parseBarsCsv('time,open,high,low,close,volume\n1615815000000,1,2,0.5,1.5,10\n1615815060000,1.5,2,1,1.75,20\n', 'ms.csv');
    expect(isoTimes(seconds.bars.t)).toEqual(['2021-03-15T13:30:00.000Z', '2021-03-15T13:31:00.000Z']);
    expect(Array.from(millis.bars.t)).toEqual(Array.from(seconds.bars.t));
    expect(seconds.timeframe).toBe('1Min');
  });

  it('reads yyyymmdd, yyyymmdd hh:mm:ss and US MM/DD/YYYY dates', () => {
    expect(dates(parseBarsCsv('Date,Close\n20200102,1\n20200103,2\n', 'c.csv').bars.t)).toEqual(['2020-01-02', '2020-01-03']);
    const intraday = parseBarsCsv('Date,Close\n20200102 09:30:00,1\n20200102 09:35:00,2\n', 'c.csv', { timeZone: 'UTC' });
    expect(isoTimes(intraday.bars.t)).toEqual(['2020-01-02T09:30:00.000Z', '2020-01-02T09:35:00.000Z']);
    expect(intraday.timeframe).toBe('5Min');
    expect(dates(parseBarsCsv('Date,Close\n01/02/2020,1\n01/03/2020,2\n01/13/2020,3\n', 'us.csv').bars.t)).toEqual(['2020-01-02', '2020-01-03', '2020-01-13']);
  });

  it('reads day-first slash dates when a row proves it, and says so', () => {
    const parsed = parseBarsCsv('Date,Close\n02/01/2020,1\n03/01/2020,2\n13/01/2020,3\n', 'eu.csv');
    expect(dates(parsed.bars.t)).toEqual(['2020-01-02', '2020-01-03', '2020-01-13']);
    expect(parsed.warnings.some((w) => /read day first/.test(w.message))).toBe(true);
  });

  it('reads quoted fields and a close-only file with a mapping', () => {
    const parsed = parseBarsCsv('"Day","Price","Note"\n"2020-01-02","10.5","a, b"\n"2020-01-03","11","c"\n', 'q.csv', { map: { time: 'Day', close: 'Price' } });
    expect(Array.from(parsed.bars.c)).toEqual([10.5, 11]);
    expect(Array.from(parsed.bars.o)).toEqual([10.5, 11]);
    expect(Array.from(parsed.bars.v)).toEqual([0, 0]);
    expect(parsed.warnings.map((w) => w.message)).toContain('the file has closes only: open, high and low are set to the close');
    expect(parsed.warnings.some((w) => w.kind === 'zero_volume')).toBe(false);
  });

  it('keeps only the requested symbol of a long multi-symbol file', () => {
    const text = 'symbol,timestamp,open,high,low,close,volume\nSPY,2021-01-04,1,2,1,2,10\nQQQ,2021-01-04,3,4,3,4,10\nSPY,2021-01-05,2,3,2,3,10\n';
    const parsed = parseBarsCsv(text, 'long.csv', { symbol: 'spy' });
    expect(Array.from(parsed.bars.c)).toEqual([2, 3]);
    expect(parsed.warnings.some((w) => /1 rows of other symbols \(QQQ\) left out/.test(w.message))).toBe(true);
    expect(() => parseBarsCsv(text, 'long.csv', { symbol: 'IWM' })).toThrow(/no rows for symbol IWM: the file's symbol column has SPY, QQQ/);
  });

  it('reads a file without a header as time, open, high, low, close, volume', () => {
    const parsed = parseBarsCsv('20200102,10,11,9,10.5,100\n20200103,10.5,12,10,11.5,200\n', 'bare.csv');
    expect(dates(parsed.bars.t)).toEqual(['2020-01-02', '2020-01-03']);
    expect(Array.from(parsed.bars.h)).toEqual([11, 12]);
    expect(Array.from(parsed.lines)).toEqual([1, 2]);
    expect(parsed.warnings[0]!.message).toBe('no header line: columns read as time, open, high, low, close, volume');
  });

  it('sorts rows given out of order, with a warning', () => {
    const parsed = parseBarsCsv('Date,Close\n2020-01-03,2\n2020-01-02,1\n2020-01-06,3\n', 'mixed.csv');
    expect(dates(parsed.bars.t)).toEqual(['2020-01-02', '2020-01-03', '2020-01-06']);
    expect(Array.from(parsed.lines)).toEqual([3, 2, 4]);
    expect(parsed.warnings.map((w) => w.message)).toContain('rows were not in time order; they were sorted');
  });

  it('infers weekly and monthly bars from dates', () => {
    expect(parseBarsCsv('Date,Close\n2020-01-06,1\n2020-01-13,2\n2020-01-20,3\n', 'w.csv').timeframe).toBe('1Week');
    expect(parseBarsCsv('Date,Close\n2020-01-01,1\n2020-02-01,2\n2020-03-01,3\n', 'm.csv').timeframe).toBe('1Month');
  });

  it('turns intraday times into dates when the bar size is daily', () => {
    const parsed = parseBarsCsv('time,close\n2021-03-12 16:00,1\n2021-03-15 16:00,2\n', 'c.csv', { timeframe: '1Day' });
    expect(parsed.timeKind).toBe('date');
    expect(dates(parsed.bars.t)).toEqual(['2021-03-12', '2021-03-15']);
  });

  it('skips rows that fail a check when asked, reporting each with its line', () => {
    const text = 'Date,Open,High,Low,Close,Volume\n2020-01-02,10,11,9,10.5,100\n2020-01-03,-,11,9,10.5,100\n2020-01-06,10,9,9.5,10.5,100\n2020-01-07,10,11,9,10.5,100\n';
    const parsed = parseBarsCsv(text, 'bad.csv', { skipBadRows: true });
    expect(Array.from(parsed.lines)).toEqual([2, 5]);
    const left = parsed.warnings.filter((w) => /left out/.test(w.message));
    expect(left.map((w) => w.line)).toEqual([3, 4]);
    expect(left[0]!.message).toBe('line 3 left out: column "Open": open is missing ("-") while other values on this row are present');
    expect(left[1]!.message).toMatch(/^line 4 left out: column "High": high 9 is below low 9.5/);
  });

  it('parses 200,000 rows correctly (scale check, no timing asserted)', () => {
    const lines = ['Date,Open,High,Low,Close,Volume'];
    const start = Date.UTC(1900, 0, 1);
    for (let i = 0; i < 200_000; i++) {
      const d = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
      lines.push(`${d},10.25,11.5,9.75,10.5,${1000 + i}`);
    }
    const parsed = parseBarsCsv(lines.join('\n'), 'big.csv', { timeframe: '1Day' });
    expect(parsed.bars.t.length).toBe(200_000);
    expect(parsed.bars.v[199_999]).toBe(200_999);
    expect(new Date(parsed.bars.t[199_999]!).toISOString().slice(0, 10)).toBe(new Date(start + 199_999 * 86_400_000).toISOString().slice(0, 10));
  });
});
