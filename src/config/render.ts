/**
 * Rendering new INI text for Supervisor: a section with `key=value` lines. Values are literal
 * text, so every `%` is doubled (reference §1.4: a literal % must be written %%).
 */
import { renderSectionLines } from './ini-editor.js';

/**
 * Write literal text as a value Supervisor reads back unchanged: every `%` doubled, since its
 * %-expansion reads `%%` as `%` and any other `%` as the start of a reference. A `%(here)s` in the
 * text stays literal too; svwiz never writes a reference it did not mean.
 */
export function escapePercent(value: string): string {
  return value.replace(/%/g, '%%');
}

/** `[section]` followed by `key=value` lines (multi-line values as indented continuation lines). */
export function renderIniSection(section: string, entries: [string, string][]): string {
  return renderSectionLines(section, entries.map(([k, v]) => [k, escapePercent(v)]));
}
