/**
 * Rendering new INI text for Supervisor: a section with `key=value` lines. Values are literal
 * text; a `%` that Supervisor's %-expansion would misread is doubled, while `%(name)s`-style
 * references and existing `%%` are kept (reference §1.4: a literal % must be written %%).
 */
import { renderSectionLines } from './ini-editor.js';

const EXPANSION = /%\([^)]*\)[-+ #0]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|%%/y;

/** Double every `%` that does not start a `%(name)s`-style reference or a `%%`. */
export function escapePercent(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '%') {
      out += value[i];
      continue;
    }
    EXPANSION.lastIndex = i;
    const m = EXPANSION.exec(value);
    if (m) {
      out += m[0];
      i += m[0].length - 1;
    } else out += '%%';
  }
  return out;
}

/** `[section]` followed by `key=value` lines (multi-line values as indented continuation lines). */
export function renderIniSection(section: string, entries: [string, string][]): string {
  return renderSectionLines(section, entries.map(([k, v]) => [k, escapePercent(v)]));
}
