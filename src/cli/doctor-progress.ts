/**
 * Progress of the standalone doctor, on stderr only (stdout may be the --json document): nothing
 * when the checks finish within about a second, else one step naming the checks still running.
 */
import { startStep, type Step } from '../wizard/progress.js';

export const SLOW_DOCTOR_MS = 1000;

export interface DoctorProgress {
  checkDone(id: string): void;
  finish(): void;
}

export function doctorProgress(checkIds: readonly string[], stream: NodeJS.WriteStream = process.stderr, delayMs = SLOW_DOCTOR_MS): DoctorProgress {
  const pending = new Set(checkIds);
  let step: Step | undefined;
  const describe = () =>
    pending.size === checkIds.length
      ? `running ${checkIds.length} check${checkIds.length === 1 ? '' : 's'}`
      : `running checks: waiting for ${[...pending].join(', ')} (${checkIds.length - pending.size}/${checkIds.length} done)`;
  const timer = setTimeout(() => {
    step = startStep(describe(), stream);
  }, delayMs);
  timer.unref();
  return {
    checkDone(id) {
      pending.delete(id);
      step?.update(describe());
    },
    finish() {
      clearTimeout(timer);
      step?.succeed(`ran ${checkIds.length} check${checkIds.length === 1 ? '' : 's'}`);
      step = undefined;
    },
  };
}
