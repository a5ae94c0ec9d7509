/**
 * The Nodes view's server side (issue 17): the other supervisors of `[node:x]` sections, asked
 * over their XML-RPC by this daemon — the browser could reach neither a unix socket nor another
 * origin, and the nodes' passwords never leave the server. Every node is asked in parallel with
 * its own timeout, so a node that hangs delays only its own row, never the page.
 */
import { createRpcClient, RpcConnectionError } from '../protocol/transport.js';
import { RpcFault } from '../protocol/faults.js';
import type { XmlRpcValue } from '../protocol/types.js';
import type { NodeConfig } from '../config/types.js';
import { connectionReason } from '../ctl/connection-message.js';

export interface NodeProcess {
  name: string;
  group: string;
  statename: string;
  description: string;
}

export interface NodeStatus {
  name: string;
  /** Where it is reached (never the credentials). */
  serverUrl: string;
  reachable: boolean;
  /** Why it is not reachable, in plain words. */
  problem?: string;
  identification?: string;
  supervisorVersion?: string;
  state?: string;
  processes: NodeProcess[];
}

/** What the view asks each node for, in one multicall. */
const OVERVIEW_CALLS = ['supervisor.getIdentification', 'supervisor.getSupervisorVersion', 'supervisor.getState', 'supervisor.getAllProcessInfo'];

export interface NodesView {
  readonly names: readonly string[];
  overview(): Promise<NodeStatus[]>;
  /** One XML-RPC call on node NAME; an unknown name is a BAD_NAME fault. */
  call(name: string, method: string, params: XmlRpcValue[]): Promise<XmlRpcValue>;
}

export function createNodesView(nodes: readonly NodeConfig[]): NodesView {
  const byName = new Map(nodes.map((node) => [node.name, node]));
  const callOn = async (node: NodeConfig, method: string, params: XmlRpcValue[]): Promise<XmlRpcValue> => {
    const client = createRpcClient(node.serverUrl, node.auth, { timeoutMs: node.timeoutSeconds * 1000 });
    try {
      return await client.call(method, ...params);
    } finally {
      client.close();
    }
  };
  return {
    names: nodes.map((node) => node.name),
    overview: () =>
      Promise.all(
        nodes.map(async (node) => {
          try {
            const results = await callOn(node, 'system.multicall', [OVERVIEW_CALLS.map((methodName) => ({ methodName, params: [] }))]);
            return nodeStatus(node, results);
          } catch (error) {
            return unreachable(node, error);
          }
        }),
      ),
    call: (name, method, params) => {
      const node = byName.get(name);
      if (!node) return Promise.reject(new RpcFault('BAD_NAME', `no node named ${name}`));
      return callOn(node, method, params).catch((error: unknown) => {
        if (error instanceof RpcConnectionError) throw new Error(`node ${name}: ${problemOf(node, error)}`);
        throw error;
      });
    },
  };
}

/**
 * A node's row from its multicall answer (pure: tested without sockets). Supervisor's
 * system.multicall puts each result in the list as it is — not wrapped in a one-item array as
 * the multicall spec says — and a failed call as a {faultCode, faultString} struct.
 */
export function nodeStatus(node: NodeConfig, results: XmlRpcValue): NodeStatus {
  const [identification, version, state, infos] = Array.isArray(results) ? results : [];
  const text = (value: XmlRpcValue | undefined) => (typeof value === 'string' ? value : undefined);
  const stateName = state !== null && typeof state === 'object' && !Array.isArray(state) ? (state as Record<string, XmlRpcValue>).statename : undefined;
  return {
    name: node.name,
    serverUrl: node.serverUrl,
    reachable: true,
    identification: text(identification),
    supervisorVersion: text(version),
    state: typeof stateName === 'string' ? stateName : undefined,
    processes: Array.isArray(infos) ? infos.map(nodeProcess) : [],
  };
}

function nodeProcess(value: XmlRpcValue): NodeProcess {
  const info = (value ?? {}) as Record<string, XmlRpcValue>;
  const str = (key: string) => (typeof info[key] === 'string' ? (info[key] as string) : '');
  return { name: str('name'), group: str('group'), statename: str('statename'), description: str('description') };
}

export function unreachable(node: NodeConfig, error: unknown): NodeStatus {
  return { name: node.name, serverUrl: node.serverUrl, reachable: false, problem: problemOf(node, error), processes: [] };
}

function problemOf(node: NodeConfig, error: unknown): string {
  if (error instanceof RpcConnectionError) {
    if (error.code === 'HTTP_401') return 'wrong username or password (HTTP 401): check username= and password= of its [node:x] section';
    if (error.code === 'ETIMEDOUT') return `no answer within ${node.timeoutSeconds} s`;
    return connectionReason(error.code);
  }
  if (error instanceof RpcFault) return `answered with fault ${error.faultCode}: ${error.faultString}`;
  return (error as Error)?.message ?? String(error);
}
