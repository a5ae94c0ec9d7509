/** Signal names and numbers as Supervisor's `signal_number` and `signame` treat them. */
import { constants } from 'node:os';

const SIGNALS = constants.signals as Record<string, number>;

/** `"HUP"`, `"sighup"`, `"1"` → 1; undefined when it is no signal of this system. */
export function signalNumber(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 && value < 65 ? value : undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const num = Number(text);
    return num > 0 && num < 65 ? num : undefined;
  }
  let name = text.toUpperCase();
  if (!name.startsWith('SIG')) name = `SIG${name}`;
  return SIGNALS[name];
}

/** 15 → "SIGTERM" (Supervisor's `signame`); unknown numbers read `signal N`. */
export function signalName(num: number): string {
  for (const [name, value] of Object.entries(SIGNALS)) {
    if (value === num && name !== 'SIGIOT' && name !== 'SIGPOLL' && name !== 'SIGUNUSED') return name;
  }
  return `signal ${num}`;
}

/** Node's name for a signal number, for `process.kill`. */
export function nodeSignal(num: number): NodeJS.Signals {
  return signalName(num) as NodeJS.Signals;
}

/**
 * The (exitstatus, message) pair Supervisor derives from a wait status: `exit status N`, or
 * `terminated by SIGTERM` with exitstatus -1 after a signal death.
 */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): { exitstatus: number; message: string } {
  if (signal) return { exitstatus: -1, message: `terminated by ${signal}` };
  if (code !== null) return { exitstatus: code, message: `exit status ${code}` };
  return { exitstatus: -1, message: 'unknown termination cause 0x0000' };
}
