/**
 * Plan steps that act on a running supervisor (restart a program, apply config changes). They are
 * `exec` steps running svwiz's own small RPC tool, so they work the same against svwizd and Python
 * supervisord and show up in the plan like any other command.
 */
import { packageLayout } from '../process/package-layout.js';
import type { PlanOperation } from '../plan/types.js';
import type { DoctorContext } from './types.js';

export type SupervisorAction = 'restart' | 'update' | 'start';

/** An exec step, or nothing when no supervisor answers (the change then applies at its next start). */
export function supervisorActionStep(ctx: DoctorContext, action: SupervisorAction, name: string, reason: string): PlanOperation[] {
  if (!ctx.supervisor.rpc || !ctx.configFile) return [];
  return [{ kind: 'exec', argv: [process.execPath, packageLayout().script('rpc-action'), ctx.hostPath(ctx.configFile), action, name], reason }];
}
