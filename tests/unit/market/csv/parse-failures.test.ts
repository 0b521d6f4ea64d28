import { describe, expect, it } from 'vitest';
import { parseBarsCsv } from '../../../../src/shared/market/csv/index';
import { expectInputError } from './helpers';

const HEADER = 'Date,Open,High,Low,Close,Volume';
const GOOD = '2020-01-02,10,11,9,10.5,1000';
const file = (...rows: string[]): string => [HEADER, GOOD, ...rows].join('\n') + '\n';
const parse = (text: string) => () => parseBarsCsv(text, 'bad.csv');

describe('parseBarsCsv: one bad row refuses the file, naming file, line and column', () => {
  it('a negative price', () => {
    expectInputError(parse(file('2020-01-03,10,11,-9,10.5,1000')), { file: 'bad.csv', line: 3, column: 'Low' }, /low -9 is not positive: prices must be above zero\. Fix or delete this row/);
  });

  it('a zero price', () => {
    expectInputError(parse(file('2020-01-03,0,11,9,10.5,1000')), { line: 3, column: 'Open' }, /open 0 is not positive/);
  });

  it('NaN among present prices (a missing value in an otherwise full row)', () => {
    expectInputError(parse(file('2020-01-03,10,NaN,9,10.5,1000')), { line: 3, column: 'High' }, /high is missing \("NaN"\) while other values on this row are present\. .*--skip-bad-rows/);
  });

  it('text that is not a number', () => {
    expectInputError(parse(file('2020-01-03,10,11,9,ten,1000')), { line: 3, column: 'Close' }, /"ten" is not a number/);
  });

  it('an infinite price', () => {
    expectInputError(parse(file('2020-01-03,10,11,9,1e999,1000')), { line: 3, column: 'Close' }, /close is not a finite number/);
  });

  it('high below low', () => {
    expectInputError(parse(file('2020-01-03,10,9,11,10.5,1000')), { line: 3, column: 'High' }, /high 9 is below low 11/);
  });

  it('open above high, close below low', () => {
    expectInputError(parse(file('2020-01-03,12,11,9,10.5,1000')), { line: 3, column: 'High' }, /high 11 is below open 12/);
    expectInputError(parse(file('2020-01-03,10,11,9,8.5,1000')), { line: 3, column: 'Low' }, /low 9 is above close 8.5/);
  });

  it('a negative volume', () => {
    expectInputError(parse(file('2020-01-03,10,11,9,10.5,-5')), { line: 3, column: 'Volume' }, /volume -5 is negative/);
  });

  it('a duplicate timestamp, naming both lines', () => {
    expectInputError(parse(file('2020-01-03,10,11,9,10.5,1000', '2020-01-02,10,11,9,10.5,1000')), { line: 4, column: 'Date' }, /2020-01-02 appears twice \(lines 2 and 4\): each bar needs its own time/);
  });

  it('a naive time repeated when daylight saving ends, with a hint', () => {
    const text = 'datetime,close\n2021-11-07 00:30,1\n2021-11-07 01:30,2\n2021-11-07 01:30,3\n2021-11-07 02:30,4\n';
    expectInputError(() => parseBarsCsv(text, 'dst.csv'), { line: 4 }, /appears twice \(lines 3 and 4\).*daylight saving time ends in America\/New_York, export the times with their UTC offset/);
  });

  it('several intraday bars per day imported as daily', () => {
    const text = 'datetime,open,high,low,close,volume\n2021-03-15 09:30,1,2,1,2,10\n2021-03-15 09:31,1,2,1,2,10\n';
    expectInputError(() => parseBarsCsv(text, 'min.csv', { timeframe: '1Day' }), { line: 3 }, /2021-03-15 appears twice \(lines 2 and 3\): the file has several bars per day/);
  });

  it('dates-only data imported as intraday', () => {
    expectInputError(() => parseBarsCsv(file(), 'bad.csv', { timeframe: '1Hour' }), { line: 2, column: 'Date' }, /dates without times .* Import it as 1Day/);
  });

  it('an unparseable date', () => {
    expectInputError(parse(file('2020-02-30,10,11,9,10.5,1000')), { line: 3, column: 'Date' }, /cannot read "2020-02-30" as a date or time: 2020-02 has no day 30\. The file's first row has "2020-01-02"/);
    expectInputError(parse(file('Jan 3 2020,10,11,9,10.5,1000')), { line: 3, column: 'Date' }, /cannot read "Jan 3 2020"/);
  });

  it('a missing date', () => {
    expectInputError(parse(file(',10,11,9,10.5,1000')), { line: 3, column: 'Date' }, /the date is missing/);
  });

  it('a first date in no known format', () => {
    expectInputError(() => parseBarsCsv(`${HEADER}\nsometime,10,11,9,10.5,1000\n`, 'bad.csv'), { line: 2, column: 'Date' }, /cannot recognise "sometime" as a date or time/);
  });

  it('too few and too many fields', () => {
    expectInputError(parse(file('2020-01-03,10,11,9,10.5')), { line: 3, column: 'Volume' }, /the row has 5 fields but the header has 6: this column is missing/);
    expectInputError(parse(file('2020-01-03,10,11,9,10.5,1000,7')), { line: 3, column: '(extra field 7)' }, /the row has 7 fields but the header has 6/);
  });

  it('tolerates trailing empty fields (a trailing delimiter)', () => {
    expect(parseBarsCsv(file('2020-01-03,10,11,9,10.5,1000,'), 'ok.csv').bars.t.length).toBe(2);
  });

  it('some prices missing (the KO/PEP/XOM/CVX 2017-07-31 case)', () => {
    expectInputError(parse(file('2020-01-03,-,110.00,-,109.19,7561205')), { line: 3, column: 'Open' }, /open is missing \("-"\) while other values on this row are present/);
  });

  it('a price row with the volume missing', () => {
    expectInputError(parse(file('2020-01-03,10,11,9,10.5,')), { line: 3, column: 'Volume' }, /volume is missing/);
  });

  it('counts physical lines through blank lines and quoted line breaks', () => {
    const text = 'Date,Open,High,Low,Close,Volume,Note\n\n2020-01-02,10,11,9,10.5,1000,x\n"2020-01-03",10,11,9,10.5,1000,"two\nlines"\n\n2020-01-06,10,11,-1,10.5,1000,y\n';
    expectInputError(parse(text), { line: 7, column: 'Low' }, /low -1 is not positive/);
  });

  it('an empty file, a blank file, a header only', () => {
    expectInputError(() => parseBarsCsv('', 'empty.csv'), { file: 'empty.csv', line: 1 }, /the file is empty/);
    expectInputError(() => parseBarsCsv('\n \n\r\n', 'blank.csv'), { file: 'blank.csv', line: 1 }, /the file is empty/);
    expectInputError(() => parseBarsCsv('\uFEFF', 'bom.csv'), { line: 1 }, /the file is empty/);
    expectInputError(() => parseBarsCsv(`${HEADER}\n`, 'header.csv'), { file: 'header.csv', line: 1 }, /has a header but no data rows/);
  });

  it('every row without prices', () => {
    expectInputError(() => parseBarsCsv(`${HEADER}\n2020-01-02,-,-,-,-,-\n`, 'dash.csv'), { line: 1 }, /every row has its prices missing/);
  });

  it('no date column, no close column', () => {
    expectInputError(() => parseBarsCsv('Open,Close\n1,2\n', 'nodate.csv'), { line: 1 }, /no date or time column found among columns "Open", "Close"/);
    expectInputError(() => parseBarsCsv('Date,Volume\n2020-01-02,2\n', 'noclose.csv'), { line: 1 }, /no close column found/);
  });

  it('a bad option', () => {
    expectInputError(() => parseBarsCsv(file(), 'ok.csv', { timeZone: 'Mars/Base' }), {}, /unknown time zone "Mars\/Base"/);
    expectInputError(() => parseBarsCsv(file(), 'ok.csv', { timeframe: '2Days' }), {}, /"2Days" is not a bar size/);
    expectInputError(() => parseBarsCsv(file(), 'ok.csv', { adjusted: true }), { line: 1 }, /--adjusted needs an adjusted close column/);
  });

  it('an unclosed quote', () => {
    expectInputError(parse(file('"2020-01-03,10,11,9,10.5,1000')), { line: 3 }, /a quoted field is never closed/);
  });
});
