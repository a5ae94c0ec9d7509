/**
 * `environment=KEY=val,KEY2="v, w"` as Supervisor 4.2.x parses it (reference §1.7): Python's shlex
 * in NON-POSIX mode with `/.+-():` added to the word characters. Its traps are reproduced on
 * purpose: quotes stripped from both ends without escapes, an unquoted `#` swallows the rest of the
 * line, any single token is accepted as the pair separator.
 */
import { ConfigValueError } from './datatypes.js';

const WORD_CHARS = new Set('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_/.+-():');
const WHITESPACE = new Set(' \t\r\n');
const QUOTES = new Set('\'"');

/** shlex.shlex(text) in non-posix mode, iterated to the end (an empty token ends it). */
export function shlexNonPosixTokens(text: string): string[] {
  const chars = Array.from(text);
  let pos = 0;
  const read = (): string => (pos < chars.length ? chars[pos++]! : '');
  const skipLine = (): void => {
    while (pos < chars.length && chars[pos] !== '\n') pos++;
    if (pos < chars.length) pos++;
  };
  const tokens: string[] = [];
  const pushback: string[] = [];
  for (;;) {
    if (pushback.length > 0) {
      tokens.push(pushback.shift()!);
      continue;
    }
    let state: string | null = ' ';
    let token = '';
    for (;;) {
      const ch = read();
      if (state === ' ') {
        if (!ch) {
          state = null;
          break;
        } else if (WHITESPACE.has(ch)) {
          if (token) break;
        } else if (ch === '#') {
          skipLine();
        } else if (WORD_CHARS.has(ch)) {
          token = ch;
          state = 'a';
        } else if (QUOTES.has(ch)) {
          token = ch;
          state = ch;
        } else {
          token = ch;
          break;
        }
      } else if (state === 'a') {
        if (!ch) {
          state = null;
          break;
        } else if (WHITESPACE.has(ch)) {
          if (token) break;
          state = ' ';
        } else if (ch === '#') {
          // non-posix shlex drops the rest of the line but keeps building the same token
          skipLine();
        } else if (WORD_CHARS.has(ch) || QUOTES.has(ch)) {
          token += ch;
        } else {
          pushback.push(ch);
          break;
        }
      } else {
        if (!ch) throw new ConfigValueError('No closing quotation', 'a value with matching quotes');
        token += ch;
        if (ch === state) break;
      }
    }
    if (token === '') break;
    tokens.push(token);
  }
  return tokens;
}

function stripQuotes(value: string): string {
  return value.replace(/^['"]+/, '').replace(/['"]+$/, '');
}

/** Supervisor's dict_of_key_value_pairs. Insertion-ordered, last key wins. */
export function dictOfKeyValuePairs(text: string): Map<string, string> {
  const tokens = shlexNonPosixTokens(text);
  const pairs = new Map<string, string>();
  for (let i = 0; i < tokens.length; i += 4) {
    if (i + 3 > tokens.length || tokens[i + 1] !== '=') {
      throw new ConfigValueError(
        `Unexpected end of key/value pairs in value '${text}'`,
        'KEY=value pairs separated by commas; quote values with spaces or symbols: KEY="a b",OTHER="x:y"',
      );
    }
    pairs.set(tokens[i]!, stripQuotes(tokens[i + 2]!));
  }
  return pairs;
}
