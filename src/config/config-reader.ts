/**
 * Reading typed values out of the merged INI store the way Supervisor's `saneget` does: look the
 * key up (falling back to [DEFAULT]), %-expand it with the names available at that place, convert
 * it, and turn any failure into a ConfigError that names file, line, section and key.
 */
import type { SourcePosition } from '../errors.js';
import { ConfigError } from '../errors.js';
import type { IniStore } from './ini-dialect.js';
import { ConfigValueError, type ValueContext } from './datatypes.js';
import { checkNoNulByte } from './exec-limits.js';
import { PyFormatError, PyKeyError, pyFormat, pyRepr, type PyMapping } from './py-format.js';
import { compareCodePoints } from './python-glob.js';
import type { ConfigWarning } from './types.js';

/** Supervisor's `expand(s, expansions, name)`: Python %-formatting with its two error messages. */
export function expandValue(value: string, expansions: PyMapping, name: string): string {
  try {
    return pyFormat(value, expansions);
  } catch (error) {
    if (error instanceof PyKeyError) {
      const available = [...expansions.keys()].sort(compareCodePoints).join(', ');
      throw new ConfigValueError(
        `Format string ${pyRepr(value)} for ${pyRepr(name)} contains names (${pyRepr(error.key)}) which cannot be expanded. Available names: ${available}`,
        `one of the available names, or write a literal % as %%`,
      );
    }
    if (error instanceof PyFormatError) {
      throw new ConfigValueError(
        `Format string ${pyRepr(value)} for ${pyRepr(name)} is badly formatted: ${error.message}`,
        'write a literal % as %%; names look like %(here)s or %(process_num)02d',
      );
    }
    throw error;
  }
}

/** Python `dict(a.items() + b.items())`: b's keys update a's in place or append. */
export function mergeMappings(...maps: PyMapping[]): PyMapping {
  const out: PyMapping = new Map();
  for (const m of maps) for (const [k, v] of m) out.set(k, v);
  return out;
}

export interface ReadValue {
  value: string;
  /** Where it was written; undefined when the default was used. */
  position: SourcePosition | undefined;
}

export class ConfigReader {
  /** Supervisor's `environ_expansions` (ENV_x of the daemon's environment, later + [supervisord] environment). */
  readonly environExpansions: PyMapping;
  readonly warnings: ConfigWarning[] = [];

  constructor(
    readonly store: IniStore,
    readonly ctx: ValueContext,
    readonly mainFile: string,
    readonly here: string,
    readonly hostname: string,
  ) {
    this.environExpansions = new Map();
    for (const [k, v] of Object.entries(ctx.env)) if (v !== undefined) this.environExpansions.set(`ENV_${k}`, v);
  }

  /** Something Supervisor logs as a warning (or accepts silently) but does not reject. */
  warn(message: string, section?: string, key?: string, suggestion?: string): void {
    const position = section ? (key ? this.position(section, key) : undefined) ?? this.sectionPosition(section) : undefined;
    this.warnings.push({ message, position, section, key, suggestion });
  }

  position(section: string, key: string): SourcePosition | undefined {
    return this.store.get(section, key)?.position;
  }

  sectionPosition(section: string): SourcePosition | undefined {
    return this.store.sections.get(section)?.position;
  }

  /**
   * saneget(section, key, default, expansions): the stored value (or the default, a string default
   * being expanded too), %-expanded with ENV_x plus `expansions` unless `expand` is false.
   * Returns null when absent and the default is null.
   */
  get(section: string, key: string, fallback: string | null, expansions: PyMapping = new Map(), expand = true): ReadValue | null {
    const stored = this.store.get(section, key);
    const raw = stored ? stored.value : fallback;
    if (raw === null) return null;
    if (stored) this.guard(section, key, () => checkNoNulByte(raw));
    if (!expand) return { value: raw, position: stored?.position };
    const value = this.guard(section, key, () => expandValue(raw, mergeMappings(this.environExpansions, expansions), `${section}.${key}`));
    return { value, position: stored?.position };
  }

  /** Run a conversion; a ConfigValueError becomes a ConfigError at the key's position. */
  guard<T>(section: string, key: string | undefined, convert: () => T, position?: SourcePosition): T {
    try {
      return convert();
    } catch (error) {
      if (error instanceof ConfigValueError) throw this.error(error, section, key, position);
      throw error;
    }
  }

  error(problem: ConfigValueError | string, section: string, key: string | undefined, position?: SourcePosition): ConfigError {
    const message = typeof problem === 'string' ? problem : problem.message + (problem.valid ? ` (valid: ${problem.valid})` : '');
    const where = position ?? (key ? this.position(section, key) : undefined) ?? this.sectionPosition(section) ?? { file: this.mainFile, line: 1 };
    return new ConfigError(message, { position: where, section, key });
  }
}
