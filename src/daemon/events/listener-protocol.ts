/**
 * The listener side of the event protocol, read from a listener's stdout (Supervisor's
 * PEventListenerDispatcher): ACKNOWLEDGED until `READY\n`, BUSY once an event was sent, then
 * `RESULT <len>\n` and <len> bytes of result. Pure: bytes in, effects out, in the order
 * Supervisor applies them (its quirks included: a result line is not checked to start with
 * `RESULT `, a `RESULT 0\n` is only acted on when more output follows).
 */
import { pyInt } from '../../config/py-int.js';
import { decodeOutput } from '../../protocol/python-repr.js';

export type ListenerState = 'READY' | 'BUSY' | 'ACKNOWLEDGED' | 'UNKNOWN';

export type ListenerEffect =
  | { kind: 'state'; from: ListenerState; to: ListenerState }
  /** The result of the event in flight, `OK` or anything else (the default result handler rejects all but OK). */
  | { kind: 'result'; accepted: boolean }
  | { kind: 'bad-result-line'; line: string };

const READY_TOKEN = Buffer.from('READY\n');
const RESULT_PREFIX_LENGTH = 'RESULT '.length;
const OK = Buffer.from('OK');

export class ListenerProtocol {
  state: ListenerState = 'ACKNOWLEDGED';
  private buffer: Buffer = Buffer.alloc(0);
  private resultLength: number | undefined;
  private result: Buffer = Buffer.alloc(0);

  /** An event was written to the listener. */
  markBusy(): void {
    this.state = 'BUSY';
  }

  feed(data: Buffer): ListenerEffect[] {
    const effects: ListenerEffect[] = [];
    if (data.length > 0) this.buffer = this.buffer.length ? Buffer.concat([this.buffer, data]) : data;
    while (this.buffer.length > 0 && this.step(effects));
    return effects;
  }

  private change(to: ListenerState, effects: ListenerEffect[]): void {
    effects.push({ kind: 'state', from: this.state, to });
    this.state = to;
  }

  /** One decision on the buffered output; false when more output is needed (or none is wanted). */
  private step(effects: ListenerEffect[]): boolean {
    const data = this.buffer;
    switch (this.state) {
      case 'UNKNOWN':
        this.buffer = Buffer.alloc(0);
        return false;
      case 'ACKNOWLEDGED':
        if (data.length < READY_TOKEN.length) return false;
        if (data.subarray(0, READY_TOKEN.length).equals(READY_TOKEN)) {
          this.change('READY', effects);
          this.buffer = data.subarray(READY_TOKEN.length);
        } else {
          this.change('UNKNOWN', effects);
          this.buffer = Buffer.alloc(0);
        }
        return true;
      case 'READY':
        // Output while no event is in flight breaks the protocol.
        this.change('UNKNOWN', effects);
        this.buffer = Buffer.alloc(0);
        return false;
      case 'BUSY':
        return this.stepBusy(effects);
    }
  }

  private stepBusy(effects: ListenerEffect[]): boolean {
    if (this.resultLength === undefined) {
      const newline = this.buffer.indexOf(0x0a);
      if (newline < 0) return false;
      const line = this.buffer.subarray(0, newline);
      this.buffer = this.buffer.subarray(newline + 1);
      const length = parseResultLength(line.subarray(RESULT_PREFIX_LENGTH));
      if (length === undefined) {
        effects.push({ kind: 'bad-result-line', line: decodeOutput(line) });
        this.change('UNKNOWN', effects);
        this.buffer = Buffer.alloc(0);
        return false;
      }
      this.resultLength = length;
      return true;
    }
    let needed = this.resultLength - this.result.length;
    if (needed > 0) {
      this.result = Buffer.concat([this.result, this.buffer.subarray(0, needed)]);
      this.buffer = this.buffer.subarray(needed);
      needed = this.resultLength - this.result.length;
    }
    if (needed === 0) {
      const accepted = this.result.equals(OK);
      effects.push({ kind: 'result', accepted });
      this.change('ACKNOWLEDGED', effects);
      this.result = Buffer.alloc(0);
      this.resultLength = undefined;
    }
    return true;
  }
}

/**
 * Python's int() of the text after `RESULT `. A negative length sends Supervisor into endless
 * recursion until the channel is closed; we treat it as the bad result line it is.
 */
function parseResultLength(text: Buffer): number | undefined {
  try {
    const value = pyInt(text.toString('latin1'));
    return value >= 0 ? value : undefined;
  } catch {
    return undefined;
  }
}
