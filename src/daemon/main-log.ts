/**
 * The daemon's main log: Supervisor's line format `YYYY-MM-DD HH:MM:SS,mmm LEVL message`,
 * its level names and threshold, size rotation, and a copy on stdout when running in the
 * foreground without `silent`. Failing to write it never throws (counted in droppedBytes).
 */
import { RotatingLogFile, type LogWriteFailure } from './rotating-log-file.js';

export type LogLevelName = 'critical' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'blather';

const LEVELS: Record<LogLevelName, { value: number; tag: string }> = {
  critical: { value: 50, tag: 'CRIT' },
  error: { value: 40, tag: 'ERRO' },
  warn: { value: 30, tag: 'WARN' },
  info: { value: 20, tag: 'INFO' },
  debug: { value: 10, tag: 'DEBG' },
  trace: { value: 5, tag: 'TRAC' },
  blather: { value: 3, tag: 'BLAT' },
};

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** Local time as Python's logging asctime with Supervisor's comma before milliseconds. */
export function formatLogTime(date: Date): string {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())},${pad(date.getMilliseconds(), 3)}`
  );
}

export function formatLogLine(level: LogLevelName, message: string, date = new Date()): string {
  return `${formatLogTime(date)} ${LEVELS[level].tag} ${message}\n`;
}

export interface MainLogOptions {
  /** null = no file (syslog or nothing). */
  file: string | null;
  maxBytes: number;
  backups: number;
  level: LogLevelName;
  /** Copy every line to stdout (nodaemon and not silent). */
  mirrorToStdout: boolean;
}

export class MainLog {
  private readonly threshold: number;
  private file: RotatingLogFile | undefined;
  private lastFailureReport = 0;

  constructor(private readonly options: MainLogOptions) {
    this.threshold = LEVELS[options.level].value;
    // `svwizd -n | head` must not kill the daemon when the reader goes away (EPIPE arrives as an event).
    if (options.mirrorToStdout && process.stdout.listenerCount('error') === 0) process.stdout.on('error', () => {});
  }

  /** Opens the file; throws when it cannot be opened (start-up must refuse, as Supervisor does). */
  open(): void {
    if (this.options.file && !this.file) {
      this.file = new RotatingLogFile(this.options.file, { maxBytes: this.options.maxBytes, backups: this.options.backups }, (failure) =>
        this.reportOwnFailure(failure),
      );
    }
  }

  get path(): string | undefined {
    return this.options.file ?? undefined;
  }

  get droppedBytes(): number {
    return this.file?.droppedBytes ?? 0;
  }

  enabled(level: LogLevelName): boolean {
    return LEVELS[level].value >= this.threshold;
  }

  log(level: LogLevelName, message: string): void {
    if (!this.enabled(level)) return;
    const line = formatLogLine(level, message);
    this.file?.write(line);
    if (this.options.mirrorToStdout) {
      try {
        process.stdout.write(line);
      } catch {
        // stdout closed: the file still has it
      }
    }
  }

  critical(message: string): void {
    this.log('critical', message);
  }
  error(message: string): void {
    this.log('error', message);
  }
  warn(message: string): void {
    this.log('warn', message);
  }
  info(message: string): void {
    this.log('info', message);
  }
  debug(message: string): void {
    this.log('debug', message);
  }
  blather(message: string): void {
    this.log('blather', message);
  }

  reopen(): void {
    this.file?.reopen();
  }

  clear(): void {
    this.file?.clear();
  }

  close(): void {
    this.file?.close();
    this.file = undefined;
  }

  /** The main log cannot log its own failure to itself: say it on stderr, at most once a minute. */
  private reportOwnFailure(failure: LogWriteFailure): void {
    const now = Date.now();
    if (now - this.lastFailureReport < 60_000) return;
    this.lastFailureReport = now;
    try {
      process.stderr.write(
        `svwizd: cannot write main log ${failure.file}: ${failure.error.code ?? failure.error.message}; ${failure.totalDropped} bytes dropped so far\n`,
      );
    } catch {
      // nothing left to tell
    }
  }
}
