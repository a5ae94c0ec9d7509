/**
 * The numbered-line format of the log scenario (S4), shared by the writer and the checker:
 * a 12-digit zero-padded line number, a space, filler, a newline; every line `lineBytes` long.
 */

export const NUMBER_DIGITS = 12;
const FILLER = 0x2e; // '.'
const NEWLINE = 0x0a;

export function lineCount(totalBytes: number, lineBytes: number): number {
  return Math.floor(totalBytes / lineBytes);
}

/** Writes `count` lines starting at number `first` into `target` (reused between chunks); returns the bytes used. */
export function fillLines(target: Buffer, first: number, count: number, lineBytes: number): number {
  let offset = 0;
  for (let index = 0; index < count; index += 1) {
    // Digits by hand: a string per line would cost the writer more CPU than the daemon under test.
    let number = first + index;
    for (let digit = NUMBER_DIGITS - 1; digit >= 0; digit -= 1) {
      target[offset + digit] = 0x30 + (number % 10);
      number = Math.floor(number / 10);
    }
    target[offset + NUMBER_DIGITS] = 0x20;
    target.fill(FILLER, offset + NUMBER_DIGITS + 1, offset + lineBytes - 1);
    target[offset + lineBytes - 1] = NEWLINE;
    offset += lineBytes;
  }
  return offset;
}

export interface LineCheck {
  /** Lines read in order that matched the next expected number. */
  good: number;
  /** Expected lines that never appeared, plus lines that were malformed or out of order. */
  bad: number;
  firstProblem?: string;
}

/**
 * Streaming checker: feed it the captured bytes in order (across rotated files); it checks each
 * line's number is exactly the next one and its length is right.
 */
export class NumberedLineChecker {
  private expected = 0;
  private pending: Buffer = Buffer.alloc(0);
  private good = 0;
  private bad = 0;
  private firstProblem: string | undefined;

  constructor(private readonly lineBytes: number) {}

  feed(chunk: Buffer): void {
    const data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let start = 0;
    for (;;) {
      const end = data.indexOf(NEWLINE, start);
      if (end < 0) break;
      this.checkLine(data, start, end);
      start = end + 1;
    }
    this.pending = Buffer.from(data.subarray(start));
  }

  private checkLine(data: Buffer, start: number, end: number): void {
    const length = end - start + 1;
    const number = length === this.lineBytes ? Number(data.toString('latin1', start, start + NUMBER_DIGITS)) : Number.NaN;
    if (number === this.expected) {
      this.good += 1;
      this.expected += 1;
      return;
    }
    if (Number.isInteger(number) && number > this.expected) {
      // A gap: the lines in between were lost.
      this.problem(`line ${number} follows line ${this.expected - 1}`);
      this.bad += number - this.expected;
      this.good += 1;
      this.expected = number + 1;
      return;
    }
    this.problem(`bad or repeated line at expected number ${this.expected}: ${JSON.stringify(data.toString('latin1', start, Math.min(end, start + 40)))}`);
    this.bad += 1;
  }

  private problem(text: string): void {
    this.firstProblem ??= text;
  }

  /** Result once every byte was fed; `totalLines` is how many the writer wrote. */
  finish(totalLines: number): LineCheck {
    if (this.pending.length > 0) {
      this.problem(`trailing partial line of ${this.pending.length} bytes`);
      this.bad += 1;
    }
    if (this.expected < totalLines) {
      this.problem(`${totalLines - this.expected} lines missing at the end (last seen ${this.expected - 1})`);
      this.bad += totalLines - this.expected;
    }
    return { good: this.good, bad: this.bad, firstProblem: this.firstProblem };
  }
}
