/**
 * Python's `str % mapping` formatting, as Supervisor applies it to config values (reference §1.4).
 * We reproduce it exactly, including its traps: a lone `%s` prints the repr of the whole mapping,
 * and errors carry CPython's own messages so `config check` reads like supervisord.
 */

export type PyValue = string | number;
/** An insertion-ordered mapping, like a Python dict (the order shows in `%s` reprs). */
export type PyMapping = Map<string, PyValue>;

/** Thrown for a missing name (Python KeyError). */
export class PyKeyError extends Error {
  constructor(readonly key: string) {
    super(pyRepr(key));
  }
}

/** Thrown for a malformed format (Python ValueError/TypeError), with CPython's message. */
export class PyFormatError extends Error {}

const PY_WHITESPACE = '\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

/** Python's str.isspace() for one character. */
export function isPySpace(ch: string): boolean {
  return ch.length > 0 && PY_WHITESPACE.includes(ch);
}

/** Python's str.strip() with no argument. */
export function pyStrip(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isPySpace(s[start]!)) start++;
  while (end > start && isPySpace(s[end - 1]!)) end--;
  return s.slice(start, end);
}

export function pyRstrip(s: string): string {
  let end = s.length;
  while (end > 0 && isPySpace(s[end - 1]!)) end--;
  return s.slice(0, end);
}

const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** Python's repr() of a str. */
export function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp < 0x7f) out += ch;
    else if (ch !== ' ' && NON_PRINTABLE.test(ch)) {
      if (cp < 0x100) out += '\\x' + cp.toString(16).padStart(2, '0');
      else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
      else out += '\\U' + cp.toString(16).padStart(8, '0');
    } else out += ch;
  }
  return out + quote;
}

function reprValue(v: PyValue): string {
  return typeof v === 'number' ? String(v) : pyRepr(v);
}

/** Python's repr() of a dict of str → str|int. */
export function pyDictRepr(mapping: PyMapping): string {
  const parts: string[] = [];
  for (const [k, v] of mapping) parts.push(`${pyRepr(k)}: ${reprValue(v)}`);
  return `{${parts.join(', ')}}`;
}

interface Spec {
  flags: string;
  width: number | null;
  precision: number | null;
  type: string;
}

/** `template % mapping` with CPython's semantics and error messages. */
export function pyFormat(template: string, mapping: PyMapping): string {
  const chars = Array.from(template); // CPython indexes by code point
  let out = '';
  // CPython's "next positional argument" counter for a mapping argument: the mapping itself can be
  // consumed once by an unnamed spec, and never after a named one.
  let wholeMappingAvailable = true;
  let i = 0;
  while (i < chars.length) {
    const ch = chars[i]!;
    if (ch !== '%') {
      out += ch;
      i++;
      continue;
    }
    i++;
    const specStart = i;
    if (i >= chars.length) throw new PyFormatError('incomplete format');
    let key: string | null = null;
    if (chars[i] === '(') {
      let depth = 1;
      const start = ++i;
      while (i < chars.length && depth > 0) {
        if (chars[i] === '(') depth++;
        else if (chars[i] === ')') depth--;
        i++;
      }
      if (depth > 0) throw new PyFormatError('incomplete format key');
      key = chars.slice(start, i - 1).join('');
    }
    let flags = '';
    while (i < chars.length && '-+ #0'.includes(chars[i]!)) flags += chars[i++];
    let width: number | null = null;
    if (chars[i] === '*') {
      if (key !== null || !wholeMappingAvailable) throw new PyFormatError('not enough arguments for format string');
      throw new PyFormatError('* wants int');
    }
    while (i < chars.length && /[0-9]/.test(chars[i]!)) width = (width ?? 0) * 10 + Number(chars[i++]);
    let precision: number | null = null;
    if (chars[i] === '.') {
      i++;
      if (chars[i] === '*') {
        if (key !== null || !wholeMappingAvailable) throw new PyFormatError('not enough arguments for format string');
        throw new PyFormatError('* wants int');
      }
      precision = 0;
      while (i < chars.length && /[0-9]/.test(chars[i]!)) precision = precision * 10 + Number(chars[i++]);
    }
    while (i < chars.length && 'hlL'.includes(chars[i]!)) i++;
    if (i >= chars.length) throw new PyFormatError('incomplete format');
    const type = chars[i]!;
    const typeIndex = i;
    i++;
    if (type === '%' && typeIndex === specStart) {
      out += '%';
      continue;
    }
    let value: PyValue | PyMapping;
    if (key !== null) {
      if (!mapping.has(key)) throw new PyKeyError(key);
      value = mapping.get(key)!;
      wholeMappingAvailable = false;
    } else {
      if (!wholeMappingAvailable) throw new PyFormatError('not enough arguments for format string');
      wholeMappingAvailable = false;
      value = mapping;
    }
    // CPython fetches the argument before it looks at the conversion character
    if (!'diouxXeEfFgGcrsa'.includes(type)) {
      const cp = type.codePointAt(0)!;
      const shown = cp < 0x7f && cp >= 0x20 ? type : '?';
      throw new PyFormatError(`unsupported format character '${shown}' (0x${cp.toString(16)}) at index ${typeIndex}`);
    }
    out += formatOne(value, { flags, width, precision, type });
  }
  return out;
}

function formatOne(value: PyValue | PyMapping, spec: Spec): string {
  const { type } = spec;
  let body: string;
  let numeric = false;
  let sign = '';
  if (type === 's' || type === 'r' || type === 'a') {
    if (value instanceof Map) body = pyDictRepr(value);
    else if (typeof value === 'number') body = String(value);
    else body = type === 's' ? value : pyRepr(value);
    if (type === 'a') body = body.replace(/[^\x00-\x7f]/gu, (c) => asciiEscape(c));
    if (spec.precision !== null) body = Array.from(body).slice(0, spec.precision).join('');
  } else if (type === 'c') {
    if (typeof value === 'number') body = String.fromCodePoint(value);
    else if (typeof value === 'string' && Array.from(value).length === 1) body = value;
    else throw new PyFormatError('%c requires int or char');
  } else {
    if (typeof value !== 'number') {
      const tname = value instanceof Map ? 'dict' : 'str';
      if ('diu'.includes(type)) throw new PyFormatError(`%${type} format: a real number is required, not ${tname}`);
      if ('oxX'.includes(type)) throw new PyFormatError(`%${type} format: an integer is required, not ${tname}`);
      throw new PyFormatError(`must be real number, not ${tname}`);
    }
    numeric = true;
    const abs = Math.abs(value);
    sign = value < 0 ? '-' : spec.flags.includes('+') ? '+' : spec.flags.includes(' ') ? ' ' : '';
    if ('diu'.includes(type)) body = String(Math.trunc(abs));
    else if (type === 'o') body = (spec.flags.includes('#') ? '0o' : '') + abs.toString(8);
    else if (type === 'x') body = (spec.flags.includes('#') ? '0x' : '') + abs.toString(16);
    else if (type === 'X') body = (spec.flags.includes('#') ? '0X' : '') + abs.toString(16).toUpperCase();
    else body = formatFloat(abs, type, spec.precision ?? 6, spec.flags.includes('#'));
    if ('diuoxX'.includes(type) && spec.precision !== null) {
      const prefix = body.match(/^0[oxX]/)?.[0] ?? '';
      body = prefix + body.slice(prefix.length).padStart(spec.precision, '0');
    }
  }
  const width = spec.width ?? 0;
  const len = Array.from(sign + body).length;
  if (len >= width) return sign + body;
  if (spec.flags.includes('-')) return sign + body + ' '.repeat(width - len);
  if (numeric && spec.flags.includes('0')) {
    const prefix = body.match(/^0[oxX]/)?.[0] ?? '';
    return sign + prefix + '0'.repeat(width - len) + body.slice(prefix.length);
  }
  return ' '.repeat(width - len) + sign + body;
}

function formatFloat(abs: number, type: string, precision: number, alternate: boolean): string {
  const lower = type.toLowerCase();
  let s: string;
  if (lower === 'f') s = abs.toFixed(precision);
  else if (lower === 'e') s = pyExponent(abs.toExponential(precision));
  else {
    const p = precision === 0 ? 1 : precision;
    const exp = abs === 0 ? 0 : Math.floor(Math.log10(abs));
    if (exp < -4 || exp >= p) s = pyExponent(abs.toExponential(p - 1));
    else s = abs.toFixed(Math.max(0, p - 1 - exp));
    if (!alternate && s.includes('.')) s = s.replace(/\.?0+(?=e|$)/, '');
  }
  return type === type.toUpperCase() ? s.toUpperCase() : s;
}

/** JS writes 1e+0; Python writes 1e+00. */
function pyExponent(s: string): string {
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

function asciiEscape(c: string): string {
  const cp = c.codePointAt(0)!;
  if (cp < 0x100) return '\\x' + cp.toString(16).padStart(2, '0');
  if (cp < 0x10000) return '\\u' + cp.toString(16).padStart(4, '0');
  return '\\U' + cp.toString(16).padStart(8, '0');
}

/** Python's str.split() with no separator: split on runs of whitespace, no empty pieces. */
export function pySplit(s: string): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const ch of s) {
    if (isPySpace(ch)) {
      if (current) pieces.push(current);
      current = '';
    } else current += ch;
  }
  if (current) pieces.push(current);
  return pieces;
}
