/**
 * A typed call into the supervisor's `supervisor.*` namespace: the method's parameters and result
 * are SupervisorNamespace's (src/protocol/types.ts, the wire contract both daemons implement), so
 * a check names a method and gets its result type, with the one cast from the untyped transport here.
 */
import type { SupervisorNamespace, XmlRpcValue } from '../protocol/types.js';
import type { SupervisorFacts } from './types.js';

export type SupervisorRpc = NonNullable<SupervisorFacts['rpc']>;

export async function callSupervisor<M extends keyof SupervisorNamespace>(
  rpc: SupervisorRpc,
  method: M,
  ...params: Parameters<SupervisorNamespace[M]>
): Promise<ReturnType<SupervisorNamespace[M]>> {
  return (await rpc.call(`supervisor.${method}`, ...(params as XmlRpcValue[]))) as unknown as ReturnType<SupervisorNamespace[M]>;
}
