/**
 * What an svwizctl command sees of the controller that runs it. Commands depend on this
 * interface, the controller on the commands (it lazy-loads them): no import runs both ways.
 */
import type { XmlRpcValue } from '../protocol/types.js';

export interface CtlSettings {
  serverUrl: string;
  username: string | null;
  password: string | null;
  prompt: string;
  historyFile: string | null;
  /** supervisorctl's `interactive` option: asks before reload/shutdown and for credentials on 401. */
  interactive: boolean;
}

/** Everything a command may do to the outside world (tests give fakes or real streams). */
export interface CtlTerminal {
  write(text: string): void;
  writeError(text: string): void;
  /** Show `prompt`, resolve with the next input line (without newline), or null at end of input or abort. */
  readLine(prompt: string, signal?: AbortSignal): Promise<string | null>;
  readSecret(prompt: string): Promise<string | null>;
  /** A signal that Ctrl-C aborts while a long-running command (tail -f, fg) is in progress. */
  interruptScope(): { signal: AbortSignal; release(): void };
}

export interface CtlPaint {
  state(padded: string, state: string): string;
  error(text: string): string;
}


export const LSB = { SUCCESS: 0, GENERIC: 1, INVALID_ARGS: 2, UNIMPLEMENTED_FEATURE: 3, INSUFFICIENT_PRIVILEGES: 4, NOT_INSTALLED: 5, NOT_RUNNING: 7 } as const;
export const STATUS_NOT_RUNNING = 3;
export const STATUS_UNKNOWN = 4;

export interface CommandContext {
  readonly settings: CtlSettings;
  readonly terminal: CtlTerminal;
  readonly paint?: CtlPaint;
  exitStatus: number;
  /** True while the current line runs with --json. */
  json: boolean;
  output(line: string): void;
  outputResult(line: string): void;
  outputLines(lines: readonly string[]): void;
  emitJson(document: unknown): void;
  fail(status: number): void;
  call(method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue>;
  reconnect(): void;
  upcheck(): Promise<boolean>;
  completionProcesses(): Promise<{ name: string; group: string }[]>;
  runLine(rawLine: string): Promise<boolean>;
}

export type CommandHandler = (ctl: CommandContext, arg: string) => Promise<boolean | void>;
