import { describe, expect, it } from 'vitest';
import { detectTimeFormat, isClockCell, TimeReader } from '../../../../src/shared/market/csv/dates';
import { ZoneClock } from '../../../../src/shared/market/zone-clock';

function readAll(cells: string[], zone = 'America/New_York'): { values: number[]; reader: TimeReader } {
  const format = detectTimeFormat(cells[0]!);
  if (!format) throw new Error(`no format for ${cells[0]}`);
  const reader = new TimeReader(format, new ZoneClock(zone));
  return { values: cells.map((cell) => reader.read(cell, 0, cell.length)), reader };
}

const iso = (t: number): string => new Date(t).toISOString();

describe('time formats', () => {
  it('detects each supported format from one cell', () => {
    const kinds = ['2020-01-02', '2020-01-02T09:30:00Z', '2020-01-02 09:30', '2020/01/02', '20200102', '20200102 09:30:00', '23-Feb-18', '23 Feb 2018', '02/23/2018', '1577923200', '1577923200000']
      .map((cell) => detectTimeFormat(cell)?.kind);
    expect(kinds).toEqual(['iso', 'iso', 'iso', 'iso', 'compact', 'compact', 'day-month-name', 'day-month-name', 'slash', 'epoch', 'epoch']);
    for (const cell of ['hello', '0', '2020-13-45', '12345', '']) expect(detectTimeFormat(cell), cell).toBeNull();
  });

  it('reads ISO dates as UTC midnight of the date', () => {
    const { values, reader } = readAll(['2020-01-02', '2020-02-29', '1999-12-31']);
    expect(values.map(iso)).toEqual(['2020-01-02T00:00:00.000Z', '2020-02-29T00:00:00.000Z', '1999-12-31T00:00:00.000Z']);
    expect(reader.sawTime).toBe(false);
  });

  it('reads ISO date-times with Z, offsets, fractions, and naive ones in the zone (across DST)', () => {
    const { values, reader } = readAll(['2021-03-15T13:30:00Z', '2021-03-15T09:30:00-04:00', '2021-03-15T14:30:00.250+0100', '2021-03-12 09:30', '2021-03-15 09:30:00', '2021-03-15T09:30:00 UTC']);
    expect(values.map(iso)).toEqual([
      '2021-03-15T13:30:00.000Z',
      '2021-03-15T13:30:00.000Z',
      '2021-03-15T13:30:00.250Z',
      '2021-03-12T14:30:00.000Z',
      '2021-03-15T13:30:00.000Z',
      '2021-03-15T09:30:00.000Z',
    ]);
    expect(reader.sawTime).toBe(true);
    expect(reader.sawUtcDesignator).toBe(true);
    expect(reader.sawOffset).toBe(true);
  });

  it('reads yyyymmdd with and without a time', () => {
    expect(readAll(['20200102', '19991231']).values.map(iso)).toEqual(['2020-01-02T00:00:00.000Z', '1999-12-31T00:00:00.000Z']);
    expect(readAll(['20210315 09:30:00', '20210315 093100'], 'UTC').values.map(iso)).toEqual(['2021-03-15T09:30:00.000Z', '2021-03-15T09:31:00.000Z']);
  });

  it('reads 23-Feb-18 dates with the POSIX two-digit-year pivot', () => {
    expect(readAll(['23-Feb-18', '8-Apr-02', '1-Jan-69', '31-Dec-68', '5-September-2001']).values.map(iso)).toEqual([
      '2018-02-23T00:00:00.000Z', '2002-04-08T00:00:00.000Z', '1969-01-01T00:00:00.000Z', '2068-12-31T00:00:00.000Z', '2001-09-05T00:00:00.000Z',
    ]);
  });

  it('reads US slash dates, with a 12-hour clock too, and notes day-first evidence', () => {
    const { values, reader } = readAll(['02/23/2018', '1/2/2020', '03/15/2021 9:30 AM', '03/15/2021 4:00 PM', '03/15/2021 12:15 AM'], 'UTC');
    expect(values.map(iso)).toEqual(['2018-02-23T00:00:00.000Z', '2020-01-02T00:00:00.000Z', '2021-03-15T09:30:00.000Z', '2021-03-15T16:00:00.000Z', '2021-03-15T00:15:00.000Z']);
    expect(reader.monthFirstEvidence).toBe(true);
    const failing = readAll(['01/02/2020']);
    expect(failing.reader.read('23/02/2018', 0, 10)).toBeNaN();
    expect(failing.reader.dayFirstEvidence).toBe(true);
  });

  it('tells epoch seconds, milliseconds, microseconds and nanoseconds apart by magnitude', () => {
    const { values } = readAll(['1615815000', '1615815000000', '1615815000000000', '1615815000000000000', '1615815000.5']);
    expect(values.map(iso)).toEqual(['2021-03-15T13:30:00.000Z', '2021-03-15T13:30:00.000Z', '2021-03-15T13:30:00.000Z', '2021-03-15T13:30:00.000Z', '2021-03-15T13:30:00.500Z']);
  });

  it('refuses impossible dates and says why', () => {
    const { reader } = readAll(['2020-01-02']);
    expect(reader.read('2021-02-29', 0, 10)).toBeNaN();
    expect(reader.failure).toBe('2021-02 has no day 29');
    expect(reader.read('2021-13-01', 0, 10)).toBeNaN();
    expect(reader.failure).toBe('month 13 does not exist');
    expect(reader.read('2021-01-01 25:00', 0, 16)).toBeNaN();
    expect(reader.read('2021-01-0x', 0, 10)).toBeNaN();
  });

  it('reads a date and a separate time of day', () => {
    const format = detectTimeFormat('2006-01-02')!;
    const reader = new TimeReader(format, new ZoneClock('Europe/Berlin'));
    const text = '2006-01-02,09:01:00';
    expect(iso(reader.readSplit(text, 0, 10, 11, 19))).toBe('2006-01-02T08:01:00.000Z');
    expect(isClockCell('09:01:00')).toBe(true);
    expect(isClockCell('9:30')).toBe(true);
    expect(isClockCell('3602.00')).toBe(false);
  });
});
