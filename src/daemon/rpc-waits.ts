/**
 * The waiting half of start/stop with wait=true, as Promises driven by state-change events
 * instead of Supervisor's 50 ms re-polled deferreds. Nothing blocks: other calls run meanwhile.
 */
import { RpcFault } from '../protocol/faults.js';
import { STOPPED_STATES } from '../protocol/states.js';
import type { ProcessResult } from '../protocol/types.js';
import type { SupervisedProcess } from './supervised-process.js';

/** Until RUNNING; SPAWN_ERROR if a spawn error appears, ABNORMAL_TERMINATION if it leaves STARTING otherwise. */
export function waitUntilRunning(process: SupervisedProcess, name: string): Promise<true> {
  return new Promise((resolve, reject) => {
    let off = (): void => {};
    const check = (): boolean => {
      if (process.spawnerr) reject(new RpcFault('SPAWN_ERROR', name));
      else if (process.state === 'RUNNING') resolve(true);
      else if (process.state !== 'STARTING') reject(new RpcFault('ABNORMAL_TERMINATION', name));
      else return false;
      off();
      return true;
    };
    if (!check()) off = process.onChange(() => void check());
  });
}

/** Until a stopped state, logging "waiting for x to stop" every 2 s meanwhile. */
export function waitUntilStopped(process: SupervisedProcess): Promise<true> {
  return new Promise((resolve) => {
    if (STOPPED_STATES.includes(process.state)) {
      resolve(true);
      return;
    }
    const report = setInterval(() => process.stopReport(), 1000);
    process.stopReport();
    const off = process.onChange(() => {
      if (!STOPPED_STATES.includes(process.state)) return;
      clearInterval(report);
      off();
      resolve(true);
    });
  });
}

export interface BatchTarget {
  process: SupervisedProcess;
  group: string;
  namespec: string;
}

/**
 * Supervisor's make_allfunc: issue every request first (so all processes start or stop
 * together), then collect. Immediate outcomes come first in request order, waited ones in the
 * order they finish.
 */
export async function runBatch(
  targets: BatchTarget[],
  act: (namespec: string) => Promise<unknown> | unknown,
): Promise<ProcessResult[]> {
  const results: ProcessResult[] = [];
  const pending: Promise<void>[] = [];
  const record = (target: BatchTarget, error?: unknown): void => {
    if (error === undefined) {
      results.push({ name: target.process.name, group: target.group, status: 80, description: 'OK' });
    } else if (error instanceof RpcFault) {
      results.push({ name: target.process.name, group: target.group, status: error.faultCode, description: error.faultString });
    } else {
      throw error;
    }
  };
  for (const target of targets) {
    let outcome: unknown;
    try {
      outcome = act(target.namespec);
    } catch (error) {
      record(target, error);
      continue;
    }
    if (outcome instanceof Promise) {
      pending.push(outcome.then(() => record(target), (error: unknown) => record(target, error)));
    } else {
      record(target);
    }
  }
  await Promise.all(pending);
  return results;
}
