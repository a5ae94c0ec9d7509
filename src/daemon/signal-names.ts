/** Signal names and numbers in the daemon: Supervisor's forms from config/signals, Node's for process.kill. */
import { constants } from 'node:os';
import { lookupSignal, signame } from '../config/signals.js';

const SIGNALS = constants.signals as Record<string, number>;

/** `"HUP"`, `"sighup"`, `"1"` → 1; undefined when Supervisor's signal_number rejects it (config/signals owns the table). */
export function signalNumber(value: string | number): number | undefined {
  const num = lookupSignal(String(value));
  return typeof num === 'number' ? num : undefined;
}

/** 15 → "SIGTERM" (Supervisor's `signame`); unknown numbers read `signal N`. */
export function signalName(num: number): string {
  return signame(num);
}

/** What `process.kill` takes for a signal number: Node's name where it has one, else the number. */
export function nodeSignal(num: number): NodeJS.Signals | number {
  for (const [name, value] of Object.entries(SIGNALS)) {
    if (value === num && name !== 'SIGIOT' && name !== 'SIGUNUSED') return name as NodeJS.Signals;
  }
  return num;
}

/**
 * The (exitstatus, message) pair Supervisor derives from a wait status: `exit status N`, or
 * `terminated by SIGTERM` with exitstatus -1 after a signal death.
 */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): { exitstatus: number; message: string } {
  // Supervisor's signame, not Node's name: 29 reads SIGPOLL, as in Python.
  if (signal) return { exitstatus: -1, message: `terminated by ${SIGNALS[signal] !== undefined ? signame(SIGNALS[signal]) : signal}` };
  if (code !== null) return { exitstatus: code, message: `exit status ${code}` };
  return { exitstatus: -1, message: 'unknown termination cause 0x0000' };
}
