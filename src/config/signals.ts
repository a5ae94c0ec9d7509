/**
 * Signals as Supervisor names them: Python's signal module table (Linux), its
 * datatypes.signal_number and options.signame. One table; the config's `stopsignal=TERM` form,
 * the daemon's `SIGTERM` log form and its RPC `signalProcess` lookup are all answers from it.
 */
import { pyInt } from './py-int.js';
import { pyStrip } from './py-format.js';

/** Python's signal module names (Linux) as Supervisor's signal_number sees them, without SIG. */
const SIGNAL_NUMBERS: Record<string, number> = {
  HUP: 1, INT: 2, QUIT: 3, ILL: 4, TRAP: 5, ABRT: 6, IOT: 6, BUS: 7, FPE: 8, KILL: 9, USR1: 10,
  SEGV: 11, USR2: 12, PIPE: 13, ALRM: 14, TERM: 15, STKFLT: 16, CHLD: 17, CLD: 17, CONT: 18,
  STOP: 19, TSTP: 20, TTIN: 21, TTOU: 22, URG: 23, XCPU: 24, XFSZ: 25, VTALRM: 26, PROF: 27,
  WINCH: 28, IO: 29, POLL: 29, PWR: 30, SYS: 31, RTMIN: 34, RTMAX: 64,
  _BLOCK: 0, _DFL: 0, _IGN: 1, _SETMASK: 2, _UNBLOCK: 1,
};
const VALID_SIGNAL_NUMBERS = new Set(Object.values(SIGNAL_NUMBERS));
/** The name Supervisor prints for a number (its signame table: the last alias in module order wins). */
const SIGNAL_NAMES = new Map<number, string>(
  Object.entries(SIGNAL_NUMBERS)
    .filter(([name]) => !name.startsWith('_') && !['IOT', 'CLD', 'IO'].includes(name))
    .map(([name, num]) => [num, name]),
);

/** `TERM`, `sigterm`, `15` → 15; otherwise why Supervisor's signal_number rejects it. */
export function lookupSignal(value: string): number | 'invalid-name' | 'invalid-number' {
  let num: number;
  try {
    num = pyInt(value);
  } catch {
    let name = pyStrip(value).toUpperCase();
    if (!name.startsWith('SIG')) name = 'SIG' + name;
    const found = Object.hasOwn(SIGNAL_NUMBERS, name.slice(3)) ? SIGNAL_NUMBERS[name.slice(3)] : undefined;
    if (found === undefined) return 'invalid-name';
    num = found;
  }
  return VALID_SIGNAL_NUMBERS.has(num) ? num : 'invalid-number';
}

/** 15 → "TERM" (the config form); a number Python has no name for reads as itself. */
export function signalShortName(num: number): string {
  return SIGNAL_NAMES.get(num) ?? String(num);
}

/** 15 → "SIGTERM" (Supervisor's signame, in its log lines); unknown numbers read `signal N`. */
export function signame(num: number): string {
  const name = SIGNAL_NAMES.get(num);
  return name ? `SIG${name}` : `signal ${num}`;
}
