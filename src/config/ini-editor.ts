/**
 * In-place edits of a Supervisor INI file that keep every other byte: comments, blank lines,
 * spacing, key spelling and line endings. Each edit is checked by re-reading the result with our
 * Supervisor-dialect reader, so we never write a value Supervisor would read differently (a value
 * with " ;" in it, for instance, would be cut as an inline comment). The `ini` package is not used
 * here: its writer re-serialises the whole file and escapes values in ways Supervisor reads literally.
 */
import { UserError } from '../errors.js';
import { inlineCommentStart, parseIniDialect, splitPythonLines, type ParsedIni } from './ini-dialect.js';
import { isPySpace, pyStrip } from './py-format.js';

interface LineSpan {
  start: number;
  /** Exclusive. */
  end: number;
}

interface ScannedEntry extends LineSpan {
  key: string;
}

interface ScannedSection extends LineSpan {
  name: string;
  entries: ScannedEntry[];
}

/** Physical lines with their terminators, so joining them gives back the text byte for byte. */
function physicalLines(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

function isCommentOrBlank(line: string): boolean {
  const s = pyStrip(line);
  return !s || s.startsWith('#') || s.startsWith(';');
}

function indentOf(line: string): number {
  for (let i = 0; i < line.length; i++) if (!isPySpace(line[i]!)) return i;
  return 0;
}

/** Where sections and keys sit, by the same rules as the reader (continuations by indentation). */
function scan(lines: string[]): ScannedSection[] {
  const sections: ScannedSection[] = [];
  let current: ScannedSection | null = null;
  let entry: ScannedEntry | null = null;
  let indentLevel = 0;
  lines.forEach((line, index) => {
    if (isCommentOrBlank(line)) return;
    const indent = indentOf(line);
    if (current && entry && indent > indentLevel) {
      entry.end = index + 1;
      return;
    }
    indentLevel = indent;
    const stripped = pyStrip(line);
    const header = /^\[(.+)\]/su.exec(stripped);
    if (header) {
      if (current) current.end = index;
      current = { name: header[1]!, start: index, end: lines.length, entries: [] };
      sections.push(current);
      entry = null;
      return;
    }
    if (!current) return;
    const at = stripped.search(/[=:]/);
    if (at <= 0) return;
    entry = { key: stripped.slice(0, at).trimEnd().toLowerCase(), start: index, end: index + 1 };
    current.entries.push(entry);
  });
  if (current) (current as ScannedSection).end = lines.length;
  return sections;
}

function eolOf(text: string): string {
  return /\r\n/.test(text) ? '\r\n' : '\n';
}

function valueOf(parsed: ParsedIni, section: string, key: string): string | undefined {
  let found: string | undefined;
  for (const s of parsed.sections) if (s.name === section) for (const e of s.entries) if (e.key === key) found = e.value;
  return found;
}

/** Lines for `key=value` (continuation lines for a multi-line value), in the file's style. */
function entryLines(prefix: string, value: string, eol: string): string[] {
  const [first, ...rest] = value.split('\n');
  return [`${prefix}${first}${eol}`, ...rest.map((piece) => `${piece ? '    ' + piece : ''}${eol}`)];
}

function assertReadsBack(text: string, section: string, key: string, value: string): string {
  const parsed = parseIniDialect(text, '<edit>');
  const got = valueOf(parsed, section, key);
  if (got !== value) {
    throw new UserError(
      `cannot write ${key}=${JSON.stringify(value)} in [${section}]: Supervisor would read it as ${JSON.stringify(got)} ` +
        '(a ";" or "#" after whitespace starts a comment; leading/trailing spaces are dropped)',
    );
  }
  return text;
}

/** Set `key` in `[section]` (the occurrence Supervisor uses: the last), adding the key or section if missing. */
export function setIniKey(text: string, section: string, key: string, value: string): string {
  const lines = physicalLines(text);
  const eol = eolOf(text);
  const lowerKey = key.toLowerCase();
  const occurrences = scan(lines).filter((s) => s.name === section);
  if (occurrences.length === 0) return addIniSection(text, section, [[key, value]]);
  const existing = occurrences.flatMap((s) => s.entries).filter((e) => e.key === lowerKey).at(-1);
  let replacement: string[];
  let span: LineSpan;
  if (existing) {
    const line = lines[existing.start]!;
    const delimiter = line.search(/[=:]/);
    const afterDelimiter = line.slice(delimiter + 1);
    const gap = afterDelimiter.slice(0, afterDelimiter.length - afterDelimiter.trimStart().length).replace(/[\r\n]/g, '');
    const prefix = line.slice(0, delimiter + 1) + (value.startsWith(';') || value.startsWith('#') ? '' : gap);
    replacement = entryLines(prefix, value, eol);
    // keep a trailing comment of a one-line entry (`autostart=true ; on boot`)
    const comment = existing.end - existing.start === 1 && !value.includes('\n') ? inlineCommentStart(line) : null;
    if (comment !== null && comment > delimiter) {
      const lineEnd = line.match(/(\r\n|\r|\n)$/)?.[0] ?? '';
      const body = line.slice(0, line.length - lineEnd.length);
      let gapStart = comment;
      while (gapStart > delimiter + 1 && isPySpace(body[gapStart - 1]!)) gapStart--;
      replacement = [`${prefix}${value}${body.slice(gapStart)}${lineEnd || eol}`];
    }
    span = existing;
  } else {
    const last = occurrences.at(-1)!;
    const after = last.entries.length > 0 ? last.entries.at(-1)!.end : last.start + 1;
    const style = last.entries.length > 0 ? lines[last.entries.at(-1)!.start]! : '';
    const spaced = /^\s*[^=:]*?\s[=:]\s/.test(style);
    replacement = entryLines(spaced ? `${key} = ` : `${key}=`, value, eol);
    span = { start: after, end: after };
    // the line we insert after may be the file's last one, without a terminator
    if (after > 0 && !/[\r\n]$/.test(lines[after - 1]!)) lines[after - 1] += eol;
  }
  lines.splice(span.start, span.end - span.start, ...replacement);
  return assertReadsBack(lines.join(''), section, lowerKey, value);
}

/** Remove every `key` line (and its continuation lines) from every occurrence of `[section]`. */
export function removeIniKey(text: string, section: string, key: string): string {
  const lines = physicalLines(text);
  const lowerKey = key.toLowerCase();
  const spans = scan(lines)
    .filter((s) => s.name === section)
    .flatMap((s) => s.entries)
    .filter((e) => e.key === lowerKey);
  for (const span of spans.reverse()) lines.splice(span.start, span.end - span.start);
  return lines.join('');
}

/** Append a new `[section]` with entries at the end (or set the keys if the section exists). */
export function addIniSection(text: string, section: string, entries: [string, string][]): string {
  const lines = physicalLines(text);
  if (scan(lines).some((s) => s.name === section)) {
    return entries.reduce((acc, [k, v]) => setIniKey(acc, section, k, v), text);
  }
  const eol = eolOf(text);
  let out = text;
  if (out && !/[\r\n]$/.test(out)) out += eol;
  if (out && !/(\r\n|\r|\n)[ \t]*(\r\n|\r|\n)$/.test(out) && out !== eol) out += eol;
  out += renderSectionLines(section, entries, eol);
  for (const [k, v] of entries) assertReadsBack(out, section, k.toLowerCase(), v);
  return out;
}

/**
 * Remove every occurrence of `[section]`: its header, entries, commented-out lines and blank
 * lines. A comment block that directly precedes the next header after a blank line is kept: it
 * introduces the next section.
 */
export function removeIniSection(text: string, section: string): string {
  const lines = physicalLines(text);
  const sections = scan(lines).filter((s) => s.name === section);
  for (const s of sections.reverse()) {
    const bodyEnd = s.entries.length > 0 ? s.entries.at(-1)!.end : s.start + 1;
    let end = s.end;
    if (s.end < lines.length) {
      let j = s.end;
      while (j > bodyEnd && pyStrip(lines[j - 1]!) !== '' && isCommentOrBlank(lines[j - 1]!)) j--;
      if (j < s.end && j > bodyEnd && pyStrip(lines[j - 1]!) === '') end = j;
    }
    lines.splice(s.start, end - s.start);
  }
  return lines.join('');
}

export function renderSectionLines(section: string, entries: [string, string][], eol = '\n'): string {
  return [`[${section}]${eol}`, ...entries.flatMap(([k, v]) => entryLines(`${k}=`, v, eol))].join('');
}

/** The lines of a parsed file, for callers that need line-accurate views (e.g. diffs). */
export { splitPythonLines };
