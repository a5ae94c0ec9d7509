/**
 * What the user's terminal can show: colour, and Unicode marks (✓ ! ✗, a spinner). The one
 * answer for svwiz, svwizctl and the doctor, so the three never disagree.
 *
 * Colour, first rule that applies wins:
 * 1. --no-color (a flag beats the environment);
 * 2. FORCE_COLOR: "0"/"false" turns colour off, any other value (also empty) on, even without a
 *    TTY (Node's own rule: FORCE_COLOR takes precedence over NO_COLOR);
 * 3. NO_COLOR set to a non-empty value turns it off (no-color.org: an empty NO_COLOR is unset);
 * 4. TERM=dumb turns it off;
 * 5. otherwise colour exactly when the stream is a TTY.
 *
 * Unicode: plain ASCII marks and no spinner for TERM=dumb, and for a locale whose charset is not
 * UTF-8 (LC_ALL, else LC_CTYPE, else LANG: "C", "POSIX", "en_GB.ISO-8859-1"). With no locale
 * variable at all we keep Unicode: Node writes UTF-8 regardless, and a service or a bare
 * `env -i` would otherwise lose the marks for no reason a user could see.
 */

export interface TerminalStyle {
  colour: boolean;
  unicode: boolean;
}

export function colourWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, noColorFlag = false): boolean {
  if (noColorFlag) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR) return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

export function unicodeWanted(env: NodeJS.ProcessEnv): boolean {
  if (env.TERM === 'dumb') return false;
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG;
  if (!locale) return true;
  return /utf-?8/i.test(locale);
}

export function terminalStyle(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env, noColorFlag = false): TerminalStyle {
  return { colour: colourWanted(stream, env, noColorFlag), unicode: unicodeWanted(env) };
}

export interface Marks {
  ok: string;
  warn: string;
  error: string;
  skipped: string;
  /** Before a step that is still running, in line-by-line progress. */
  pending: string;
  arrow: string;
  /** Between a heading and what it is about. */
  dash: string;
}

const UNICODE_MARKS: Marks = { ok: '✓', warn: '!', error: '✗', skipped: '-', pending: '…', arrow: '→', dash: '—' };
const ASCII_MARKS: Marks = { ok: 'OK', warn: '!', error: 'X', skipped: '-', pending: '...', arrow: '->', dash: '-' };

/** The marks this environment can show (process.env unless given). */
export function marksFor(env: NodeJS.ProcessEnv = process.env): Marks {
  return unicodeWanted(env) ? UNICODE_MARKS : ASCII_MARKS;
}
