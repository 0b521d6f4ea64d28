import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/shared/errors';
import { checkBarColumns, normalizeColumnName, parseColumnMap, resolveLayout } from '../../../../src/shared/market/csv/header';

const layoutOf = (header: string[], row: string[], map = {}) => resolveLayout(header, row, map, 'f.csv');

describe('column layout', () => {
  it('normalises names the way vendors vary them', () => {
    expect(['Adj Close', 'adj_close', '<CLOSE>', ' Close ', 'Close/Last', '\uFEFFDate'].map(normalizeColumnName)).toEqual(['adjclose', 'adjclose', 'close', 'close', 'closelast', 'date']);
  });

  it('finds Yahoo, Alpaca and generic columns case-insensitively', () => {
    const yahoo = layoutOf(['Date', 'Open', 'High', 'Low', 'Close', 'Adj Close', 'Volume'], ['2020-01-02', '1', '2', '1', '2', '2', '100']);
    expect([yahoo.time, yahoo.open, yahoo.high, yahoo.low, yahoo.close, yahoo.adjClose, yahoo.volume]).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const alpaca = layoutOf(['t', 'o', 'h', 'l', 'c', 'v', 'n', 'vw'], ['2021-01-04T05:00:00Z', '1', '2', '1', '2', '10', '3', '1.5']);
    expect([alpaca.time, alpaca.open, alpaca.high, alpaca.low, alpaca.close, alpaca.volume]).toEqual([0, 1, 2, 3, 4, 5]);
    const generic = layoutOf(['symbol', 'TIMESTAMP', 'OPEN', 'HIGH', 'LOW', 'CLOSE', 'VOLUME'], ['SPY', '2021-01-04', '1', '2', '1', '2', '10']);
    expect([generic.symbol, generic.time, generic.close]).toEqual([0, 1, 5]);
  });

  it('reads zone hints from time column names', () => {
    expect(layoutOf(['datetime_et', 'close'], ['2021-01-04 09:30', '1']).zoneHint).toBe('America/New_York');
    expect(layoutOf(['timestamp_utc', 'close'], ['2021-01-04 09:30', '1']).zoneHint).toBe('UTC');
    expect(layoutOf(['Date', 'Close'], ['2021-01-04', '1']).zoneHint).toBeNull();
  });

  it('ignores a pandas integer index when a date column is named, and uses an unnamed date index otherwise', () => {
    const indexed = layoutOf(['', 'date', 'open', 'high', 'low', 'close', 'volume'], ['0', '1999-11-01', '1', '2', '1', '2', '3.0']);
    expect(indexed.time).toBe(1);
    const dateIndex = layoutOf(['', 'Open', 'High', 'Low', 'Close', 'Volume'], ['2004-08-19', '1', '2', '1', '2', '3']);
    expect(dateIndex.time).toBe(0);
    expect(dateIndex.names[0]).toBe('(unnamed index)');
  });

  it('pairs a Date column with a Time column', () => {
    const layout = layoutOf(['Date', 'Time', 'Open', 'High', 'Low', 'Close'], ['2020-01-02', '09:30', '1', '2', '1', '2']);
    expect([layout.time, layout.clock, layout.open]).toEqual([0, 1, 2]);
  });

  it('reads the unnamed time-of-day field of backtrader minute files', () => {
    const layout = layoutOf(['Date', 'Open', 'High', 'Low', 'Close', 'Volume', 'OpenInterest'], ['2006-01-02', '09:01:00', '3602.00', '3603.00', '3597.00', '3599.00', '5699', '0']);
    expect(layout.fieldCount).toBe(8);
    expect([layout.time, layout.clock, layout.open, layout.close, layout.volume]).toEqual([0, 1, 2, 5, 6]);
    expect(layout.notes[0]).toMatch(/header names 7 columns but rows have 8/);
  });

  it('lets an explicit mapping override detection', () => {
    const map = parseColumnMap(['time=Day,close=Price', 'volume=Shares']);
    expect(map).toEqual({ time: 'Day', close: 'Price', volume: 'Shares' });
    const layout = layoutOf(['Day', 'Price', 'Close', 'Shares'], ['2020-01-02', '5', '6', '7'], map);
    expect([layout.time, layout.close, layout.volume]).toEqual([0, 1, 3]);
    expect(() => parseColumnMap(['closing']) ).toThrow(/is not ROLE=COLUMN/);
    expect(() => parseColumnMap(['colour=Red'])).toThrow(/unknown role "colour"/);
    expect(() => layoutOf(['Day', 'Price'], ['2020-01-02', '5'], { close: 'Last' })).toThrow(/names column "Last" for close, but the header has columns "Day", "Price"/);
  });

  it('assumes time, open, high, low, close, volume for a file without a header', () => {
    const layout = layoutOf(['20200102', '1', '2', '0.5', '1.5', '100'], ['20200103', '1', '2', '0.5', '1.5', '100']);
    expect(layout.hasHeader).toBe(false);
    expect([layout.time, layout.open, layout.close, layout.volume]).toEqual([0, 1, 4, 5]);
    expect(layout.notes[0]).toMatch(/no header line/);
  });

  it('explains what is missing', () => {
    expect(() => layoutOf(['foo', 'bar'], ['x', 'y'])).toThrow(/no column named like a date or a price/);
    expect(() => layoutOf(['Open', 'Close'], ['1', '2'])).toThrow(/no date or time column found/);
    const partial = layoutOf(['Date', 'High', 'Low', 'Close'], ['2020-01-02', '2', '1', '1.5']);
    expect(() => checkBarColumns(partial, 'f.csv')).toThrow(/has high and low but no open column/);
    const wide = layoutOf(['date', 'SPY', 'QQQ'], ['2020-01-02', '300', '200']);
    expect(() => checkBarColumns(wide, 'f.csv')).toThrow(InputError);
    expect(() => checkBarColumns(wide, 'f.csv')).toThrow(/--wide/);
  });
});
