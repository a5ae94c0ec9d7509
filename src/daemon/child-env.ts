/**
 * The environment a child gets, in Supervisor's order (later wins): the daemon's own environment,
 * SUPERVISOR_* variables, `[supervisord] environment`, then the program's `environment`.
 * No login shell is involved: HOME/USER/PATH are not changed for `user=` (reference 2.9, 6.4).
 */
import type { InetHttpServerConfig, UnixHttpServerConfig } from '../config/types.js';

/** The daemon-wide fallback for SUPERVISOR_SERVER_URL: first unix server, else first inet server. */
export function daemonServerUrl(unix: UnixHttpServerConfig[], inet: InetHttpServerConfig[]): string | undefined {
  if (unix.length > 0) return `unix://${unix[0]!.file}`;
  if (inet.length > 0) return `http://${inet[0]!.host || 'localhost'}:${inet[0]!.portNumber}`;
  return undefined;
}

export interface ChildEnvInput {
  daemonEnv: NodeJS.ProcessEnv;
  processName: string;
  groupName: string;
  /** Program `serverurl` ("AUTO" or a URL). */
  programServerUrl: string;
  daemonServerUrl: string | undefined;
  supervisordEnvironment: Record<string, string> | null;
  programEnvironment: Record<string, string> | null;
}

export function buildChildEnv(input: ChildEnvInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(input.daemonEnv)) {
    if (value !== undefined) env[key] = value;
  }
  env.SUPERVISOR_ENABLED = '1';
  const serverUrl = input.programServerUrl && input.programServerUrl.toUpperCase() !== 'AUTO' ? input.programServerUrl : input.daemonServerUrl;
  if (serverUrl) env.SUPERVISOR_SERVER_URL = serverUrl;
  env.SUPERVISOR_PROCESS_NAME = input.processName;
  env.SUPERVISOR_GROUP_NAME = input.groupName;
  Object.assign(env, input.supervisordEnvironment ?? {}, input.programEnvironment ?? {});
  return env;
}

/** The environment whose PATH decides where a relative command is searched (program env merged over [supervisord]'s). */
export function programSearchEnvironment(
  supervisordEnvironment: Record<string, string> | null,
  programEnvironment: Record<string, string> | null,
): Record<string, string> | null {
  if (!supervisordEnvironment && !programEnvironment) return null;
  return { ...(supervisordEnvironment ?? {}), ...(programEnvironment ?? {}) };
}
