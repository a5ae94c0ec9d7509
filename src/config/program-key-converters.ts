/**
 * How each [program:x] value is converted: one converter per value kind for plain keys, and the
 * converters of the keys with semantics of their own, each referenced from its entry in
 * program-keys.ts. Messages and expansion points are Supervisor 4.2.5's (reference §1.4, §1.5).
 */
import type { ConfigReader } from './config-reader.js';
import type { PyMapping } from './py-format.js';
import type { AutorestartMode, ProcessConfig } from './types.js';
import { expandValue } from './config-reader.js';
import {
  autorestart,
  boolean,
  byteSize,
  exitCodes,
  integer,
  logfileName,
  nameToUid,
  octal,
  processOrGroupName,
  signalName,
  signalNumber,
  type LogfileValue,
} from './datatypes.js';
import { dictOfKeyValuePairs } from './environment-pairs.js';

export type ProgramKeyKind = 'text' | 'boolean' | 'integer' | 'autorestart' | 'byte-size' | 'octal' | 'signal' | 'exit-codes' | 'environment';

/** The value each kind converts to (what the ProcessConfig field of a plain key must hold). */
export interface KindValue {
  text: string;
  boolean: boolean;
  integer: number;
  autorestart: AutorestartMode;
  'byte-size': number;
  octal: number;
  /** The name without SIG, e.g. "TERM". */
  signal: string;
  'exit-codes': number[];
  environment: Record<string, string> | null;
}

type Field = keyof ProcessConfig;

/** What a converter sees of the key it reads (program-sections.ts provides it). */
export interface KeyStep {
  readonly reader: ConfigReader;
  readonly section: string;
  readonly key: string;
  /** The names %-expansion knows at this point; `environment` adds its ENV_x here. */
  readonly expansions: PyMapping;
  /** Supervisor's saneget of this key: stored value or `fallback` (the entry's default), expanded unless `expand` is false. */
  raw(fallback?: string | null, expand?: boolean): string | null;
  /** Runs a conversion; a ConfigValueError becomes a ConfigError at this key. */
  convert<T>(fn: () => T): T;
  /** The value an earlier key of the table was read as (its converter's result). */
  earlier(key: string): unknown;
  /** Sets a second field (user= also gives uid). */
  also<F extends Field>(field: F, value: ProcessConfig[F]): void;
}

/** Written text → the value of a plain key of each kind. */
export const KIND_CONVERTERS: { [K in ProgramKeyKind]: (value: string) => KindValue[K] } = {
  text: (value) => value,
  boolean,
  integer,
  autorestart,
  'byte-size': byteSize,
  octal,
  signal: (value) => signalName(signalNumber(value)),
  'exit-codes': exitCodes,
  environment: () => {
    throw new Error('environment has a converter of its own');
  },
};

/** killasgroup defaults to stopasgroup's value when that is true, as Supervisor does. */
export function readKillasgroup(step: KeyStep): boolean {
  return step.convert(() => boolean(step.raw(step.earlier('stopasgroup') ? 'true' : undefined)!));
}

/** Anything but a URL (absent, empty, `auto` in any case) means the daemon's own URL. */
export function readServerurl(step: KeyStep): string {
  const raw = step.raw();
  return raw && raw.trim().toUpperCase() !== 'AUTO' ? raw : 'AUTO';
}

/** The name as written; the uid it names is resolved now, as Supervisor does (reread compares the uid). */
export function readUser(step: KeyStep): string | null {
  const user = step.raw();
  step.also('uid', user === null ? null : step.convert(() => nameToUid(user, step.reader.ctx)));
  return user;
}

/** Read once, unexpanded: each process expands it with its own process_num (readEnvironment). */
export function readEnvironmentText(step: KeyStep): string {
  return step.raw(undefined, false)!;
}

/** KEY="value" pairs, expanded per process; each becomes an ENV_x name for the keys read after it. */
export function readEnvironment(step: KeyStep, text: string): Record<string, string> | null {
  const environment = step.convert(() => dictOfKeyValuePairs(expandValue(text, step.expansions, 'environment')));
  for (const [k, v] of environment) step.expansions.set(`ENV_${k}`, v);
  return environment.size > 0 ? Object.fromEntries(environment) : null;
}

/** The unexpanded template, checked as a name once per section (numprocs > 1 needs %(process_num)). */
export function readProcessNameTemplate(step: KeyStep): string {
  return step.convert(() => processOrGroupName(step.raw(undefined, false)!));
}

/** Each process's name: the template expanded with its process_num. */
export function readProcessName(step: KeyStep, template: string): string {
  return step.convert(() => expandValue(template, step.expansions, 'process_name'));
}

/** 4.2.5 expands a log file value twice (once by the getter, once explicitly). Absent: AUTO. */
export function readLogfile(step: KeyStep): LogfileValue {
  const once = step.raw();
  return once === null ? { kind: 'auto' } : step.convert(() => logfileName(expandValue(once, step.expansions, step.key), step.reader.ctx));
}

export function logfileToModel(value: LogfileValue): string | null {
  if (value.kind === 'auto') return 'AUTO';
  if (value.kind === 'path') return value.path;
  return null;
}

/** Required: the message names the section (there is no key line to point at). */
export function readCommand(step: KeyStep): string {
  const command = step.raw();
  if (command === null) {
    throw step.reader.error(`program section ${step.section} does not specify a command (valid: command=/path/to/program --args)`, step.section, undefined);
  }
  return command;
}
