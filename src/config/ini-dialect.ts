/**
 * The INI dialect Supervisor 4.2 reads: Python 3's RawConfigParser with `inline_comment_prefixes=(';','#')`
 * and `strict=False` (reference §1.2). Hand-written because no npm INI reader is faithful to it (the
 * `ini` package has no `:` delimiter, no continuation lines, cuts values at `;`/`#` without leading
 * whitespace, splits dotted section names and keeps no line numbers).
 *
 * Pure: text in, sections with a file:line on every header and value out.
 */
import type { SourcePosition } from '../errors.js';
import { ConfigError } from '../errors.js';
import { isPySpace, pyRepr, pyRstrip, pyStrip } from './py-format.js';

export interface RawEntry {
  /** Lower-cased, as configparser's optionxform does. */
  key: string;
  /** Continuation lines joined with "\n", trailing whitespace removed. */
  value: string;
  position: SourcePosition;
}

export interface RawSection {
  /** Exactly as written between the brackets (case-sensitive, not trimmed). */
  name: string;
  position: SourcePosition;
  entries: RawEntry[];
}

export interface ParsedIni {
  /** Every section header in file order; a repeated header is a separate occurrence. */
  sections: RawSection[];
}

export const DEFAULT_SECTION = 'DEFAULT';

/** Python's universal newlines: \r\n, \r and \n end a line; the terminator stays on the line. */
export function splitPythonLines(text: string): string[] {
  const lines: string[] = [];
  const re = /\r\n|\r|\n/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    lines.push(text.slice(start, m.index) + '\n');
    start = m.index + m[0].length;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/**
 * Where the inline comment of a line starts, exactly as configparser finds it: it advances each
 * prefix to its next occurrence in rounds and stops at the first round that finds one preceded by
 * whitespace, so `a=x;y ;z #w` keeps `x;y ;z` (a known configparser quirk we must reproduce).
 */
export function inlineCommentStart(line: string): number | null {
  let commentStart = Infinity;
  let prefixes = new Map<string, number>([
    [';', -1],
    ['#', -1],
  ]);
  while (commentStart === Infinity && prefixes.size > 0) {
    const next = new Map<string, number>();
    for (const [prefix, from] of prefixes) {
      const index = line.indexOf(prefix, from + 1);
      if (index === -1) continue;
      next.set(prefix, index);
      if (index === 0 || isPySpace(line[index - 1]!)) commentStart = Math.min(commentStart, index);
    }
    prefixes = next;
  }
  return commentStart === Infinity ? null : commentStart;
}

function firstNonSpace(line: string): number {
  for (let i = 0; i < line.length; i++) if (!isPySpace(line[i]!)) return i;
  return 0;
}

const SECTION_RE = /^\[(.+)\]/su;
/** `(?P<option>.*?)\s*(?P<vi>=|:)\s*(?P<value>.*)$` with Python's \s. */
function matchOption(value: string): { key: string; value: string } | null {
  const eq = value.indexOf('=');
  const colon = value.indexOf(':');
  const at = eq === -1 ? colon : colon === -1 ? eq : Math.min(eq, colon);
  if (at === -1) return null;
  return { key: pyRstrip(value.slice(0, at)), value: pyStrip(value.slice(at + 1)) };
}

/** Parse one file's text. Throws ConfigError with Supervisor's message and the first bad line. */
export function parseIniDialect(text: string, file: string): ParsedIni {
  const sections: RawSection[] = [];
  let current: RawSection | null = null;
  let pending: { entry: RawEntry; pieces: string[] } | null = null;
  let indentLevel = 0;
  const badLines: { line: number; text: string }[] = [];
  const finish = (): void => {
    if (pending) pending.entry.value = pyRstrip(pending.pieces.join('\n'));
  };

  const lines = splitPythonLines(text);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const lineno = index + 1;
    let commentStart = inlineCommentStart(line);
    const stripped = pyStrip(line);
    if (stripped.startsWith('#') || stripped.startsWith(';')) commentStart = 0;
    const value = pyStrip(commentStart === null ? line : line.slice(0, commentStart));
    if (!value) {
      // Blank lines inside a value are kept (empty_lines_in_values); comment lines are not.
      if (commentStart === null && current && pending) pending.pieces.push('');
      continue;
    }
    const indent = firstNonSpace(line);
    if (current && pending && indent > indentLevel) {
      pending.pieces.push(value);
      continue;
    }
    indentLevel = indent;
    const header = SECTION_RE.exec(value);
    if (header) {
      finish();
      pending = null;
      current = { name: header[1]!, position: { file, line: lineno }, entries: [] };
      sections.push(current);
      continue;
    }
    if (!current) {
      throw new ConfigError(
        `File contains no section headers.\nfile: ${pyRepr(file)}, line: ${lineno}\n${pyRepr(line)}` +
          ' (a config file must start with a [section] header, e.g. [supervisord])',
        { position: { file, line: lineno } },
      );
    }
    const option = matchOption(value);
    if (!option || !option.key) badLines.push({ line: lineno, text: line });
    if (!option) continue;
    finish();
    const entry: RawEntry = { key: option.key.toLowerCase(), value: option.value, position: { file, line: lineno } };
    current.entries.push(entry);
    pending = { entry, pieces: [option.value] };
  }
  finish();
  if (badLines.length > 0) {
    const listed = badLines.map((b) => `\n\t[line ${String(b.line).padStart(2)}]: ${pyRepr(b.text)}`).join('');
    throw new ConfigError(
      `Source contains parsing errors: ${pyRepr(file)}${listed}\n(every line must be a [section] header, a key = value (or key: value) line, an indented continuation, or a ;/# comment)`,
      { position: { file, line: badLines[0]!.line } },
    );
  }
  return { sections };
}

/** A value as the merged parser holds it. */
export interface StoredValue {
  value: string;
  position: SourcePosition;
}

export interface StoredSection {
  name: string;
  /** Header position of the first occurrence. */
  position: SourcePosition;
  /** File that first created the section (Supervisor's section_to_file). */
  file: string;
  keys: Map<string, StoredValue>;
}

/**
 * The merged view of the main file and its includes, as configparser holds it with strict=False:
 * repeated sections merge, the last value of a key wins, [DEFAULT] keys apply to every section.
 */
export class IniStore {
  readonly defaults = new Map<string, StoredValue>();
  readonly sections = new Map<string, StoredSection>();
  defaultsPosition: SourcePosition | undefined;

  merge(parsed: ParsedIni): void {
    for (const occurrence of parsed.sections) {
      let keys: Map<string, StoredValue>;
      if (this.sections.has(occurrence.name)) keys = this.sections.get(occurrence.name)!.keys;
      else if (occurrence.name === DEFAULT_SECTION) {
        keys = this.defaults;
        this.defaultsPosition ??= occurrence.position;
      } else {
        keys = new Map();
        this.sections.set(occurrence.name, {
          name: occurrence.name,
          position: occurrence.position,
          file: occurrence.position.file,
          keys,
        });
      }
      for (const entry of occurrence.entries) keys.set(entry.key, { value: entry.value, position: entry.position });
    }
  }

  sectionNames(): string[] {
    return [...this.sections.keys()];
  }

  has(section: string): boolean {
    return this.sections.has(section);
  }

  /** A key of a section, falling back to [DEFAULT] as configparser does. */
  get(section: string, key: string): StoredValue | undefined {
    return this.sections.get(section)?.keys.get(key) ?? this.defaults.get(key);
  }

  /** Keys of a section including [DEFAULT] ones (configparser's options()). */
  keysOf(section: string): string[] {
    const own = this.sections.get(section)?.keys ?? new Map();
    return [...new Set([...own.keys(), ...this.defaults.keys()])];
  }

  /** Supervisor's expand_here: bake `%(here)s` into every section's values (incl. inherited defaults). */
  expandHere(here: string): void {
    for (const section of this.sections.values()) {
      for (const key of this.keysOf(section.name)) {
        const stored = this.get(section.name, key)!;
        if (stored.value.includes('%(here)s')) {
          section.keys.set(key, { value: stored.value.split('%(here)s').join(here), position: stored.position });
        }
      }
    }
  }
}
