/**
 * A command's flags as one table of data: each entry is the flag's commander syntax, its help
 * line, its parser, choices and default, keyed by the name commander gives its value. From that
 * one declaration come the commander options (src/cli/flag-options.ts), the typed flags a flow
 * reads (`FlagValues<typeof TABLE>`), the keys a handler passes on (`pickFlags`) and the label a
 * question names when it fails (`label`). The compiler holds each key to its flag's spelling, so
 * `webPort: integer('--web-port <port>', …)` compiles and `port: integer('--web-port <port>', …)` does not.
 * Pure data: commander itself is only imported by src/cli.
 */

/** One flag. `V` is its value's type, `F` its commander syntax (e.g. `-y, --yes`, `--web-port <port>`, `--no-start`). */
export interface Flag<V, F extends string = string> {
  flags: F;
  description: string;
  /** The help line of the `--no-X` counterpart, for a flag that may be turned off (`--web` / `--no-web`). */
  negate?: string;
  /** Text → value (commander's argParser); throws a FlagValueError saying what is valid. */
  parse?(text: string, previous: V | undefined): V;
  choices?: readonly string[];
  /** commander's default (help shows it). Question flags have none: their default comes from the facts. */
  default?: string;
  /** Other spellings of the same flag, accepted and not listed in help (`--configuration FILE`). */
  aliases?: readonly string[];
  /** How a question names the flag in an error: `--backend`, `--web / --no-web`. */
  label: string;
  /** Type-level only: carries V. */
  readonly value?: V;
}

/** A flag's text that does not fit: commander reports it as "option '--x <y>' argument 'z' is invalid. MESSAGE". */
export class FlagValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlagValueError';
  }
}

type LongFlag<F extends string> = F extends `${string}, ${infer L}` ? LongFlag<L> : F extends `${infer L} ${string}` ? L : F;
type FlagWord<L extends string> = L extends `--no-${infer N}` ? N : L extends `--${infer N}` ? N : never;
type CamelCase<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S;
/** The key commander stores a flag's value under: `--web-port <port>` → `webPort`, `--no-start` → `start`. */
export type AttributeOf<F extends string> = CamelCase<FlagWord<LongFlag<F>>>;

/** A table whose every key is the attribute of its flag (else the entry's type names the key it should have). */
export type FlagTable<T> = {
  [K in keyof T]: T[K] extends Flag<unknown, infer F> ? (AttributeOf<F> extends K ? T[K] : `key must be '${AttributeOf<F>}'`) : never;
};

/** The typed values of a table, as commander hands them over (absent = not given). */
export type FlagValues<T> = { [K in keyof T]?: T[K] extends Flag<infer V, string> ? V : never };

/** Checks a table's keys against its flags (at compile time) and returns it unchanged. */
export function flagTable<T extends Record<string, Flag<unknown, string>>>(table: T & FlagTable<T>): T {
  return table;
}

function longFlag(flags: string): string {
  return flags.split(/[ ,|]+/).find((word) => word.startsWith('--'))!;
}

function labelOf(flags: string, negate: string | undefined): string {
  const long = longFlag(flags);
  return negate ? `${long} / --no-${long.slice(2)}` : long;
}

/** An on/off flag; with `negate`, also its `--no-X` (absent when neither is given). */
export function boolean<F extends string>(flags: F, description: string, options: { negate?: string } = {}): Flag<boolean, F> {
  return { flags, description, ...(options.negate ? { negate: options.negate } : {}), label: labelOf(flags, options.negate) };
}

export function text<F extends string>(flags: F, description: string, options: { default?: string; aliases?: readonly string[] } = {}): Flag<string, F> {
  return { flags, description, ...options, label: labelOf(flags, undefined) };
}

/** One of CHOICES (commander rejects the rest, listing them). */
export function choice<F extends string, const C extends readonly string[]>(flags: F, description: string, choices: C): Flag<C[number], F> {
  return { flags, description, choices, label: labelOf(flags, undefined) };
}

export function parseInteger(value: string): number {
  if (!/^-?\d+$/.test(value)) throw new FlagValueError(`'${value}' is not a whole number`);
  return Number(value);
}

/** A whole number; ranges that depend on the question (ports, counts) are its validator's job. */
export function integer<F extends string>(flags: F, description: string): Flag<number, F> {
  return { flags, description, parse: parseInteger, label: labelOf(flags, undefined) };
}

/** Repeatable: every occurrence is kept, in order. */
export function list<F extends string>(flags: F, description: string): Flag<string[], F> {
  return { flags, description, parse: (value, previous = []) => [...previous, value], label: labelOf(flags, undefined) };
}

/** The values of TABLE's flags out of commander's options (which also hold other tables' flags), given ones only. */
export function pickFlags<T extends Record<string, Flag<unknown, string>>>(options: object, table: T): FlagValues<T> {
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(table)) {
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined) picked[key] = value;
  }
  return picked as FlagValues<T>;
}

/**
 * The one config-file flag of every svwiz command: `-c, --config FILE`, with supervisorctl's
 * `--configuration FILE` accepted as the same flag (both spellings were in use across commands).
 */
export function configFlag(description: string): Flag<string, '-c, --config <file>'> {
  return text('-c, --config <file>', `${description}; --configuration FILE is the same`, { aliases: ['--configuration <file>'] });
}

/** configFlag as a one-entry table, to spread into a command's table. */
export function configFlagTable(description: string) {
  return flagTable({ config: configFlag(description) });
}
