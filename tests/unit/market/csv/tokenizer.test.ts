import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/shared/errors';
import { CsvRowReader, detectDelimiter, firstLineOf } from '../../../../src/shared/market/csv/tokenizer';

function rows(text: string, delimiter = ','): Array<{ line: number; fields: string[] }> {
  const reader = new CsvRowReader(text, delimiter, 'test.csv');
  const out: Array<{ line: number; fields: string[] }> = [];
  while (reader.next()) out.push({ line: reader.line, fields: Array.from({ length: reader.count }, (_, i) => reader.field(i)) });
  return out;
}

describe('CsvRowReader', () => {
  it('splits rows and fields with LF, CRLF and CR line ends and no final newline', () => {
    expect(rows('a,b\n1,2\r\n3,4\r5,6')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['3', '4'] },
      { line: 4, fields: ['5', '6'] },
    ]);
  });

  it('skips blank lines but counts them in line numbers', () => {
    expect(rows('a,b\n\n1,2\n\n\n3,4\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['1', '2'] },
      { line: 6, fields: ['3', '4'] },
    ]);
  });

  it('reads quoted fields with delimiters, escaped quotes and line breaks inside', () => {
    expect(rows('name,note\n"Smith, J","said ""hi"""\n"multi\nline",x\nlast,"" \n')).toEqual([
      { line: 1, fields: ['name', 'note'] },
      { line: 2, fields: ['Smith, J', 'said "hi"'] },
      { line: 3, fields: ['multi\nline', 'x'] },
      { line: 5, fields: ['last', ''] },
    ]);
  });

  it('keeps empty fields, including trailing ones', () => {
    expect(rows('a,,c,\n')).toEqual([{ line: 1, fields: ['a', '', 'c', ''] }]);
  });

  it('refuses an unclosed quote, naming the line where it opened', () => {
    const read = () => rows('a,b\n1,"2\n3,4\n');
    expect(read).toThrow(InputError);
    expect(read).toThrow(/test\.csv, line 2: a quoted field is never closed/);
  });

  it('refuses text after a closing quote', () => {
    expect(() => rows('a,b\n"1"x,2\n')).toThrow(/line 2: unexpected text after a closing quote in field 1/);
  });
});

describe('detectDelimiter', () => {
  it('picks the most frequent candidate outside quotes', () => {
    expect(detectDelimiter('Date,Open,High,Low,Close')).toBe(',');
    expect(detectDelimiter('Date\tOpen\tHigh')).toBe('\t');
    expect(detectDelimiter('Date;Open;High;Low')).toBe(';');
    expect(detectDelimiter('"a;b;c",d,e')).toBe(',');
    expect(detectDelimiter('close')).toBe(',');
  });

  it('finds the first non-blank line', () => {
    expect(firstLineOf('\n\r\n  \nDate,Close\n1,2')).toBe('Date,Close');
    expect(firstLineOf('\n\n')).toBe('');
  });
});
