import { InputError } from '../../errors';

/**
 * Reads delimited text one row at a time, without a string per field: each field is a pair of
 * offsets into the text (`starts[i]`, `ends[i]`); quoted fields point inside their quotes.
 * Handles LF, CRLF and CR line ends, quoted fields with `""` escapes and embedded line breaks,
 * and blank lines (skipped). `line` is the 1-based physical line on which the current row starts.
 */
const CODE_QUOTE = 34;
const CODE_LF = 10;
const CODE_CR = 13;
const CODE_SPACE = 32;

/** Field was quoted. */
const QUOTED = 1;
/** Field was quoted and holds `""` escapes that `field()` must undo. */
const ESCAPED = 2;

export class CsvRowReader {
  starts = new Int32Array(32);
  ends = new Int32Array(32);
  private flags = new Uint8Array(32);
  /** Fields in the current row. */
  count = 0;
  /** 1-based physical line where the current row starts. */
  line = 0;
  private pos: number;
  private nextLine = 1;
  private readonly delimiter: number;

  constructor(
    readonly text: string,
    delimiter: string,
    readonly fileName: string,
    start = 0,
  ) {
    this.delimiter = delimiter.charCodeAt(0);
    this.pos = start;
  }

  /** Advances to the next non-blank row; false at the end of the text. */
  next(): boolean {
    const text = this.text;
    const length = text.length;
    const delimiter = this.delimiter;
    for (;;) {
      if (this.pos >= length) return false;
      this.line = this.nextLine;
      let count = 0;
      let pos = this.pos;
      let fieldStart = pos;
      let flags = 0;
      let quotedEnd = 0;
      for (;;) {
        const code = pos < length ? text.charCodeAt(pos) : CODE_LF;
        if (code === CODE_QUOTE && pos === fieldStart) {
          pos = this.readQuoted(pos);
          flags = this.lastQuotedFlags;
          quotedEnd = pos - 1;
          while (pos < length && text.charCodeAt(pos) === CODE_SPACE) pos++;
          const after = pos < length ? text.charCodeAt(pos) : CODE_LF;
          if (after !== delimiter && after !== CODE_LF && after !== CODE_CR) {
            throw new InputError(
              `unexpected text after a closing quote in field ${count + 1}. A quoted field must end at a delimiter or the line's end; check for a stray " in this line.`,
              { file: this.fileName, line: this.nextLine },
            );
          }
          continue;
        }
        if (code === delimiter || code === CODE_LF || code === CODE_CR) {
          if (count === this.starts.length) this.grow();
          if (flags !== 0) {
            this.starts[count] = fieldStart + 1;
            this.ends[count] = quotedEnd;
          } else {
            this.starts[count] = fieldStart;
            this.ends[count] = pos;
          }
          this.flags[count] = flags;
          count++;
          flags = 0;
          if (code === delimiter) {
            pos++;
            fieldStart = pos;
            continue;
          }
          if (pos < length) {
            pos++;
            if (code === CODE_CR && pos < length && text.charCodeAt(pos) === CODE_LF) pos++;
            this.nextLine++;
          }
          break;
        }
        pos++;
      }
      this.pos = pos;
      this.count = count;
      if (count === 1 && this.starts[0] === this.ends[0] && this.flags[0] === 0) continue;
      return true;
    }
  }

  private lastQuotedFlags = 0;

  /** From an opening quote at `pos`, returns the position just after the closing quote. */
  private readQuoted(pos: number): number {
    const text = this.text;
    const length = text.length;
    const startLine = this.nextLine;
    let flags = QUOTED;
    pos++;
    for (;;) {
      if (pos >= length) {
        throw new InputError('a quoted field is never closed: the file ends inside quotes. Check for a missing " on this line.', { file: this.fileName, line: startLine });
      }
      const code = text.charCodeAt(pos);
      if (code === CODE_QUOTE) {
        if (pos + 1 < length && text.charCodeAt(pos + 1) === CODE_QUOTE) {
          flags = ESCAPED;
          pos += 2;
          continue;
        }
        this.lastQuotedFlags = flags;
        return pos + 1;
      }
      if (code === CODE_LF || (code === CODE_CR && text.charCodeAt(pos + 1) !== CODE_LF)) this.nextLine++;
      pos++;
    }
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const starts = new Int32Array(size);
    starts.set(this.starts);
    const ends = new Int32Array(size);
    ends.set(this.ends);
    const flags = new Uint8Array(size);
    flags.set(this.flags);
    this.starts = starts;
    this.ends = ends;
    this.flags = flags;
  }

  /** The text of field `index` of the current row, unquoted, trimmed of spaces. */
  field(index: number): string {
    if (index >= this.count) return '';
    const raw = this.text.slice(this.starts[index]!, this.ends[index]!);
    return (this.flags[index] === ESCAPED ? raw.replace(/""/g, '"') : raw).trim();
  }

  /** True when every field of the current row is empty (a row of bare delimiters). */
  isEmptyRow(): boolean {
    for (let i = 0; i < this.count; i++) {
      for (let p = this.starts[i]!; p < this.ends[i]!; p++) if (this.text.charCodeAt(p) !== 32) return false;
    }
    return true;
  }
}

const CANDIDATE_DELIMITERS = [',', '\t', ';', '|'];

/**
 * The delimiter of a file, from its first line: the candidate appearing most often outside quotes
 * (a comma when none appears, as in a one-column file).
 */
export function detectDelimiter(firstLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const candidate of CANDIDATE_DELIMITERS) {
    let count = 0;
    let inQuotes = false;
    for (let i = 0; i < firstLine.length; i++) {
      const ch = firstLine[i];
      if (ch === '"') inQuotes = !inQuotes;
      else if (!inQuotes && ch === candidate) count++;
    }
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/** The first non-blank line of the text (after `start`), for sniffing. */
export function firstLineOf(text: string, start = 0): string {
  let pos = start;
  while (pos < text.length) {
    let end = pos;
    while (end < text.length && text.charCodeAt(end) !== CODE_LF && text.charCodeAt(end) !== CODE_CR) end++;
    const line = text.slice(pos, end);
    if (line.trim() !== '') return line;
    pos = end + 1;
  }
  return '';
}
