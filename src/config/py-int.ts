/**
 * Python's int(text) and int(text, 8) acceptance rules (surrounding whitespace, sign, `_` between
 * digits, `0o` prefix in base 8), because Supervisor's integer, byte-size and octal types are int().
 */
import { pyRepr, pyStrip } from './py-format.js';

export class PyIntError extends Error {}

function digitsPattern(base: 8 | 10): RegExp {
  const d = base === 8 ? '[0-7]' : '[0-9]';
  const prefix = base === 8 ? '(?:0[oO]_?)?' : '';
  return new RegExp(`^([+-]?)${prefix}(${d}(?:_?${d})*)$`);
}

const DECIMAL = digitsPattern(10);
const OCTAL = digitsPattern(8);

/** int(text) or int(text, 8); throws PyIntError with CPython's message. */
export function pyInt(text: string, base: 8 | 10 = 10): number {
  const m = (base === 8 ? OCTAL : DECIMAL).exec(pyStrip(text));
  if (!m) throw new PyIntError(`invalid literal for int() with base ${base}: ${Array.from(pyRepr(text)).slice(0, 200).join('')}`);
  const magnitude = BigInt(`${base === 8 ? '0o' : ''}${m[2]!.replace(/_/g, '')}`);
  const value = Number(magnitude);
  return m[1] === '-' ? -value : value;
}
