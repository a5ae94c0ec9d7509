/**
 * Split a `command=` value into argv the way Supervisor does (Python `shlex.split`, POSIX mode,
 * no comments): whitespace separates words, '…' is literal, "…" allows \" and \\ escapes, a
 * backslash outside quotes escapes the next character. No shell features at all.
 */

/** Thrown with Python's own ValueError text so spawnerr reads exactly like Supervisor's. */
export class ShlexError extends Error {}

const WHITESPACE = new Set([' ', '\t', '\r', '\n']);

export function shlexSplit(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (WHITESPACE.has(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
      continue;
    }
    inWord = true;
    if (ch === '\\') {
      if (i + 1 >= text.length) throw new ShlexError('No escaped character');
      word += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new ShlexError('No closing quotation');
      word += text.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (ch === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new ShlexError('No closing quotation');
        const c = text[i]!;
        if (c === '"') {
          i++;
          break;
        }
        // Inside double quotes a backslash only escapes `"` and `\` (Python's escapedquotes).
        if (c === '\\' && i + 1 < text.length && (text[i + 1] === '"' || text[i + 1] === '\\')) {
          word += text[i + 1];
          i += 2;
          continue;
        }
        if (c === '\\' && i + 1 >= text.length) throw new ShlexError('No closing quotation');
        word += c;
        i++;
      }
      continue;
    }
    word += ch;
    i++;
  }
  if (inWord) words.push(word);
  return words;
}
