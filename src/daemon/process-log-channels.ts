/**
 * The stdout/stderr log files of one process ("dispatchers" in Supervisor): opened by the daemon
 * before the child starts (so an unwritable file is a spawn error, as in Supervisor), fed with
 * raw chunks straight from the child's pipes, kept open while any run of the process still has
 * output in flight, and cleared in place whether or not the process runs.
 */
import type { ProcessConfig } from '../config/types.js';
import type { ChildOutput } from './child-output.js';
import { CaptureSplitter } from './events/capture-mode.js';
import { decodeOutput, pythonBytesRepr, pythonRepr } from '../protocol/python-repr.js';
import type { MainLog } from './main-log.js';
import { stripAnsiEscapes } from './strip-ansi.js';
import { RotatingLogFile, truncateLogFile, type LogWriteFailure, type RotationPolicy } from './rotating-log-file.js';

export type Channel = 'stdout' | 'stderr';

export interface ChannelSpec {
  /** Resolved file (AUTO already replaced), or null for NONE / redirected stderr. */
  path: string | null;
  policy: RotationPolicy;
}

/**
 * Output that feeds events: PROCESS_LOG_* per chunk (`*_events_enabled`) and capture mode
 * (`*_capture_maxbytes`). Absent for a process that has neither, which keeps its path as before.
 */
export interface OutputEventOptions {
  logEvents: Record<Channel, boolean>;
  captureMaxBytes: Record<Channel, number>;
  /** An event listener's stdout (its protocol channel): supervisord mirrors it as bytes, `b'READY\n'`. */
  listenerStdout: boolean;
  emit(kind: 'log' | 'communication', channel: Channel, pid: number, data: Buffer): void;
}

/**
 * The output events of a process, or undefined when it is no event listener and asks for neither
 * events nor capture mode. A listener's stdout is the protocol channel: logged, never captured or
 * turned into events (as in Supervisor).
 */
export function outputEventOptionsFor(config: ProcessConfig, emit: OutputEventOptions['emit']): OutputEventOptions | undefined {
  const isListener = config.kind === 'eventlistener';
  const logEvents = { stdout: config.stdout_events_enabled && !isListener, stderr: config.stderr_events_enabled };
  const captureMaxBytes = { stdout: isListener ? 0 : config.stdout_capture_maxbytes, stderr: config.stderr_capture_maxbytes };
  if (!isListener && !logEvents.stdout && !logEvents.stderr && captureMaxBytes.stdout <= 0 && captureMaxBytes.stderr <= 0) return undefined;
  return { logEvents, captureMaxBytes, listenerStdout: isListener, emit };
}

export class ProcessLogChannels {
  private readonly writers: Partial<Record<Channel, RotatingLogFile>> = {};
  private openStreams = 0;
  private lastFailureLog = 0;
  private droppedSinceLastLog = 0;

  constructor(
    private readonly processName: string,
    private readonly specs: Record<Channel, ChannelSpec>,
    private readonly log: MainLog,
    /** `[supervisord] strip_ansi`. */
    private readonly stripAnsi = false,
    private readonly outputEvents?: OutputEventOptions,
  ) {}

  path(channel: Channel): string | null {
    return this.specs[channel].path;
  }

  /** Open both files; throws the fs error (EACCES, EISDIR, ENOENT, EMFILE…) for the spawn error text. */
  open(): void {
    for (const channel of ['stdout', 'stderr'] as const) {
      const spec = this.specs[channel];
      if (!spec.path || this.writers[channel]?.isOpen) continue;
      this.writers[channel] = new RotatingLogFile(
        spec.path,
        spec.policy,
        (failure) => this.reportFailure(failure),
        (file, totalDropped) => this.reportResume(file, totalDropped),
      );
    }
  }

  /**
   * Feed a child's pipe into a channel; no per-line work, each chunk is one synchronous write, so
   * the lent read buffer (child-output.ts) is never copied on this path.
   */
  attach(output: ChildOutput | null, channel: Channel, pid = 0): void {
    if (!output) return;
    this.openStreams++;
    const writer = this.writers[channel];
    const mirror = this.log.enabled('debug');
    const events = this.outputEvents;
    if (events && (events.logEvents[channel] || events.captureMaxBytes[channel] > 0 || (events.listenerStdout && channel === 'stdout'))) {
      this.attachWithEvents(output, channel, pid, events, mirror);
    } else {
      output.onChunk((raw) => {
        const chunk = this.stripAnsi ? stripAnsiEscapes(raw) : raw;
        (this.writers[channel] ?? writer)?.write(chunk);
        if (mirror) this.mirror(channel, chunk);
      });
    }
    output.onClose(() => {
      this.openStreams--;
      this.maybeClose();
    });
  }

  /**
   * The event-feeding variant of attach (one capture state per run, as Supervisor's dispatchers).
   * Events and the capture buffer keep the bytes, so each lent chunk is copied first.
   */
  private attachWithEvents(output: ChildOutput, channel: Channel, pid: number, events: OutputEventOptions, mirror: boolean): void {
    const strip = (data: Buffer): Buffer => (this.stripAnsi ? stripAnsiEscapes(data) : data);
    const logged = (chunk: Buffer, toFile: boolean): void => {
      if (toFile) this.writers[channel]?.write(chunk);
      if (mirror) this.mirror(channel, chunk, events.listenerStdout && channel === 'stdout');
      if (events.logEvents[channel]) events.emit('log', channel, pid, chunk);
    };
    const maxBytes = events.captureMaxBytes[channel];
    if (maxBytes <= 0) {
      output.onChunk((lent) => logged(strip(Buffer.from(lent)), true));
      return;
    }
    const splitter = new CaptureSplitter(maxBytes, strip);
    output.onChunk((lent) => {
      for (const effect of splitter.feed(Buffer.from(lent))) {
        if (effect.kind === 'output') logged(effect.data, !effect.captured);
        else {
          events.emit('communication', channel, pid, effect.data);
          this.log.debug(`'${this.processName}' ${channel} emitted a comm event`);
        }
      }
    });
  }

  /**
   * Supervisor's debug copy of child output in the main log: `'x' stdout output:` and the text, or
   * `Undecodable: b'…'`; a listener's protocol channel always as bytes (PEventListenerDispatcher).
   */
  private mirror(channel: Channel, chunk: Buffer, asBytes = false): void {
    this.log.debug(`${pythonRepr(this.processName)} ${channel} output:\n${asBytes ? pythonBytesRepr(chunk) : decodeOutput(chunk)}`);
  }

  /** Called when the process has no live run: close files once no pipe is left. */
  maybeClose(running = false): void {
    if (running || this.openStreams > 0) return;
    for (const channel of ['stdout', 'stderr'] as const) {
      this.writers[channel]?.close();
      delete this.writers[channel];
    }
  }

  /** Clear both files: truncate the open ones in place, and the configured files of a stopped process (we fix #804/#1228). */
  clear(): void {
    for (const channel of ['stdout', 'stderr'] as const) {
      const writer = this.writers[channel];
      if (writer) writer.clear();
      else if (this.specs[channel].path) truncateLogFile(this.specs[channel].path!);
    }
  }

  reopen(): void {
    for (const writer of Object.values(this.writers)) writer?.reopen();
  }

  droppedBytes(): number {
    return Object.values(this.writers).reduce((sum, writer) => sum + (writer?.droppedBytes ?? 0), 0);
  }

  /** ENOSPC and friends: log it (at most every 10 s per process) with the bytes dropped, keep supervising. */
  private reportFailure(failure: LogWriteFailure): void {
    this.droppedSinceLastLog += failure.dropped;
    const now = Date.now();
    if (now - this.lastFailureLog < 10_000) return;
    this.lastFailureLog = now;
    this.log.error(
      `cannot write log ${failure.file} of '${this.processName}': ${failure.error.code ?? failure.error.message}; ` +
        `dropped ${this.droppedSinceLastLog} bytes (${failure.totalDropped} since the file was opened)`,
    );
    this.droppedSinceLastLog = 0;
  }

  /**
   * The disk has room again: say so with what the throttled failure lines did not count, so the
   * `dropped N bytes` of all lines add up to every byte lost. One line per outage.
   */
  private reportResume(file: string, totalDropped: number): void {
    this.log.warn(
      `writing log ${file} of '${this.processName}' again; dropped ${this.droppedSinceLastLog} bytes (${totalDropped} since the file was opened)`,
    );
    this.droppedSinceLastLog = 0;
  }
}
