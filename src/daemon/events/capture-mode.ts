/**
 * Capture mode of one output channel (`stdout_capture_maxbytes` / `stderr_capture_maxbytes`):
 * text between `<!--XSUPERVISOR:BEGIN-->` and `<!--XSUPERVISOR:END-->` is kept in a bounded
 * buffer instead of the log and handed out as one PROCESS_COMMUNICATION event at the END token.
 * Same splitting as Supervisor's output dispatcher, quirks included: nothing is decided until more
 * than a token's length is buffered (a short tail waits for more output), and the bounded buffer
 * drops as many old bytes as a new write brings when it would overflow. Pure: no IO.
 */
export const BEGIN_TOKEN = Buffer.from('<!--XSUPERVISOR:BEGIN-->');
export const END_TOKEN = Buffer.from('<!--XSUPERVISOR:END-->');

export type CaptureEffect =
  /** Output to log (captured=false) or that went into the capture buffer (captured=true). */
  | { kind: 'output'; data: Buffer; captured: boolean }
  /** An END token closed a capture: the captured text. */
  | { kind: 'communication'; data: Buffer };

/** How many bytes at the end of `haystack` are a proper prefix of `needle` (asynchat's find_prefix_at_end). */
export function prefixAtEnd(haystack: Buffer, needle: Buffer): number {
  for (let length = needle.length - 1; length > 0; length--) {
    if (haystack.length >= length && haystack.subarray(haystack.length - length).equals(needle.subarray(0, length))) return length;
  }
  return 0;
}

export class CaptureSplitter {
  private capturing = false;
  private pending: Buffer = Buffer.alloc(0);
  private captured: Buffer = Buffer.alloc(0);

  constructor(
    private readonly maxBytes: number,
    /** Applied to each piece before it is logged or captured (strip_ansi). */
    private readonly transform: (data: Buffer) => Buffer = (data) => data,
  ) {}

  feed(chunk: Buffer): CaptureEffect[] {
    const effects: CaptureEffect[] = [];
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    for (;;) {
      const token = this.capturing ? END_TOKEN : BEGIN_TOKEN;
      if (this.pending.length <= token.length) break;
      const data = this.pending;
      this.pending = Buffer.alloc(0);
      const at = data.indexOf(token);
      if (at < 0) {
        const keep = prefixAtEnd(data, token);
        this.pending = data.subarray(data.length - keep);
        this.emit(keep ? data.subarray(0, data.length - keep) : data, effects);
        break;
      }
      this.emit(data.subarray(0, at), effects);
      this.toggle(effects);
      this.pending = data.subarray(at + token.length);
      if (this.pending.length === 0) break;
    }
    return effects;
  }

  private emit(raw: Buffer, effects: CaptureEffect[]): void {
    if (raw.length === 0) return;
    const data = this.transform(raw);
    if (data.length === 0) return;
    if (this.capturing) this.store(data);
    effects.push({ kind: 'output', data, captured: this.capturing });
  }

  private store(data: Buffer): void {
    const kept = this.captured.length + data.length > this.maxBytes ? this.captured.subarray(data.length) : this.captured;
    this.captured = Buffer.concat([kept, data]);
  }

  private toggle(effects: CaptureEffect[]): void {
    this.capturing = !this.capturing;
    if (!this.capturing) {
      effects.push({ kind: 'communication', data: this.captured });
      this.captured = Buffer.alloc(0);
    }
  }
}
