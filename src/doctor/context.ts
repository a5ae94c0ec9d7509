/**
 * Gather every fact the checks need, once: the config (raw text, raw INI and the validated model),
 * accounts, the daemon's user, running supervisors and, when one answers, its process list over
 * XML-RPC. Checks then stay pure functions of this context.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../errors.js';
import { findSupervisordConfig } from '../config/discover.js';
import { parseIniDialect } from '../config/ini-dialect.js';
import { includeExpansions, includeMatches, includePatterns } from '../config/include-files.js';
import type { SupervisorConfigModel } from '../config/types.js';
import { isShaPassword } from '../protocol/sha-password.js';
import type { XmlRpcValue } from '../protocol/types.js';
import { mapToRoot } from '../system/paths.js';
import { findTcpListeners, findUnixListeners } from '../system/ports.js';
import { classifySupervisorArgv, findSupervisorProcesses, readProcess, type SupervisorProcess } from '../system/processes.js';
import { findUser, groupIdsOf, readAccounts, type PasswdEntry } from '../system/users.js';
import { discoverConfig } from './discover-config.js';
import { recordedSetups } from '../system/setup-record-files.js';
import { parseEnviron } from './program-facts.js';
import { targetFiles } from './target-files.js';
import { callSupervisor } from './supervisor-rpc.js';
import type { DoctorContext, RawConfigFile, ServiceDirs, SupervisorFacts } from './types.js';

export interface ContextOptions {
  configFile?: string;
  root?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Per RPC call; a supervisor that accepts but does not answer counts as not answering. */
  rpcTimeoutMs?: number;
  /**
   * The doctor runs inside a serving svwizd (the web UI's health panel): that daemon is one of the
   * running supervisors and the port it listens on is its own. Unset, the doctor's own process
   * never counts as a supervisor: svwizd also runs the checks as a preflight while failing to start.
   */
  insideServingDaemon?: boolean;
  /** Where boot services live (default /etc/init.d, /etc/rcN.d and the systemd unit dirs, under root). */
  serviceDirs?: { [K in keyof ServiceDirs]?: ServiceDirs[K] | undefined };
}

export async function gatherContext(options: ContextOptions = {}): Promise<DoctorContext> {
  const root = path.resolve(options.root ?? '/');
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const hostPath = (target: string) => mapToRoot(root, target);
  // Never ourselves unless we serve: svwizd runs these checks as a preflight while it is failing to start.
  const allSupervisors = root === '/' ? findSupervisorProcesses(findSupervisordConfig).filter((p) => options.insideServingDaemon || p.pid !== process.pid) : [];
  const recorded = recordedSetups(root, env.HOME ?? '/root');
  const discovered = discoverConfig({ configFile: options.configFile, root, cwd, running: allSupervisors, recorded: recorded.map((setup) => setup.configFile) });
  const accounts = await readAccounts(root);

  const supervisors = allSupervisors.filter((p) => sameConfig(p, discovered.file, hostPath));
  // The others are named in the report, never checked silently in its place.
  const otherSupervisors = allSupervisors.filter((p) => !supervisors.includes(p)).map((p) => ({ pid: p.pid, backend: p.backend, configFile: p.configFile }));
  // %(ENV_X)s means the running daemon's environment, not the shell the doctor was started from.
  const loadEnv = (supervisors[0] && readEnviron(supervisors[0].pid)) ?? env;
  const rawFiles = discovered.file ? readRawFiles(discovered.file, root, loadEnv) : [];
  let config: SupervisorConfigModel | undefined;
  let configError: DoctorContext['configError'];
  let configLoadCrash: string | undefined;
  if (discovered.file && rawFiles[0] && !rawFiles[0].parseError) {
    try {
      const { loadSupervisorConfig } = await import('../config/load.js');
      config = await loadSupervisorConfig(hostPath(discovered.file), { env: loadEnv, cwd });
    } catch (error) {
      const e = error as { message: string; position?: { file: string; line: number }; section?: string; key?: string };
      // Only what Supervisor would reject is a config error; a loader bug must not pass for one.
      if (error instanceof UserError) configError = { message: e.message, file: e.position?.file, line: e.position?.line, section: e.section, key: e.key };
      else configLoadCrash = error instanceof Error ? error.message : String(error);
    }
  }

  const daemonUser = resolveDaemonUser(config, supervisors, accounts);
  const supervisor = await probeSupervisor(config, supervisors, options.rpcTimeoutMs ?? 3000);

  return {
    root,
    hostPath,
    files: targetFiles(root),
    configFile: discovered.file,
    configSource: discovered.source,
    otherSupervisors,
    recordedSetup: recorded.find((setup) => setup.configFile === discovered.file),
    searchedPaths: discovered.searched,
    config,
    configError,
    configLoadCrash,
    rawFiles,
    accounts,
    daemonUser,
    daemonIdentity: { uid: daemonUser.uid, gids: groupIdsOf(accounts, daemonUser) },
    supervisor,
    serviceDirs: {
      initd: options.serviceDirs?.initd ?? '/etc/init.d',
      rcBase: options.serviceDirs?.rcBase ?? '/etc',
      systemd: options.serviceDirs?.systemd ?? ['/etc/systemd/system', '/lib/systemd/system', '/usr/lib/systemd/system'],
    },
    env,
    exec: runWithTimeout,
  };
}

function readEnviron(pid: number): NodeJS.ProcessEnv | undefined {
  try {
    return parseEnviron(readFileSync(`/proc/${pid}/environ`, 'utf8'));
  } catch {
    return undefined;
  }
}

function sameConfig(proc: SupervisorProcess, configFile: string | undefined, hostPath: (p: string) => string): boolean {
  if (!configFile) return true;
  // A daemon started without -c found its file by the search path; count it when that is our file too.
  return proc.configFile === undefined || path.resolve(proc.configFile) === hostPath(configFile);
}

/** The main file and every file its `[include]` names (Supervisor reads only the main file's include). */
export function readRawFiles(mainFile: string, root: string, env: NodeJS.ProcessEnv): RawConfigFile[] {
  const files: RawConfigFile[] = [readRawFile(mainFile, root)];
  const include = files[0]!.ini?.sections.filter((s) => s.name === 'include').flatMap((s) => s.entries.filter((e) => e.key === 'files'));
  const filesValue = include?.at(-1)?.value;
  if (!filesValue) return files;
  for (const pattern of targetIncludePatterns(filesValue, mainFile, env)) {
    for (const match of includeMatches(pattern, (p) => mapToRoot(root, p))) {
      const target = root === '/' ? match : '/' + path.relative(root, match);
      if (!files.some((f) => f.file === target)) files.push(readRawFile(target, root));
    }
  }
  return files;
}

/**
 * The include's glob patterns as target paths, read by the loader's own rules. A value the loader
 * rejects (an unknown %(name)s) has no patterns here: config-values reports the rejection.
 */
export function targetIncludePatterns(value: string, mainFile: string, env: NodeJS.ProcessEnv): string[] {
  try {
    return includePatterns(value, mainFile, includeExpansions(mainFile, os.hostname(), env)).map((p) => path.resolve(p));
  } catch {
    return [];
  }
}

function readRawFile(file: string, root: string): RawConfigFile {
  let text: string;
  try {
    text = readFileSync(mapToRoot(root, file), 'utf8');
  } catch (error) {
    return { file, text: '', parseError: { message: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` } };
  }
  try {
    return { file, text, ini: parseIniDialect(text, file) };
  } catch (error) {
    const e = error as { message: string; position?: { line: number } };
    return { file, text, parseError: { message: e.message, line: e.position?.line } };
  }
}

function resolveDaemonUser(config: SupervisorConfigModel | undefined, running: SupervisorProcess[], accounts: Awaited<ReturnType<typeof readAccounts>>): PasswdEntry {
  const configured = config?.supervisord.user ? findUser(accounts, config.supervisord.user) : undefined;
  if (configured) return configured;
  const uid = running[0]?.uid ?? process.getuid?.() ?? 0;
  return findUser(accounts, uid) ?? { name: String(uid), uid, gid: uid, home: '/', shell: '/bin/sh' };
}

/** The server the doctor talks to and its credentials ([supervisorctl] first; a {SHA} password cannot be sent). */
export function pickServer(config: SupervisorConfigModel): Pick<SupervisorFacts, 'serverUrl' | 'auth'> {
  const unix = config.unixHttpServers[0];
  const inet = config.inetHttpServers[0];
  const serverUrl = unix ? `unix://${unix.file}` : inet ? `http://${!inet.host || inet.host === '*' ? 'localhost' : inet.host}:${inet.portNumber}` : undefined;
  const server = unix ?? inet;
  const ctl = config.supervisorctl;
  let auth: SupervisorFacts['auth'];
  if (ctl?.username && ctl.password) auth = { username: ctl.username, password: ctl.password };
  else if (server?.username && server.password && !isShaPassword(server.password)) auth = { username: server.username, password: server.password };
  return { serverUrl, auth };
}

async function probeSupervisor(config: SupervisorConfigModel | undefined, running: SupervisorProcess[], timeoutMs: number): Promise<SupervisorFacts> {
  const facts: SupervisorFacts = { processes: running, backend: running[0]?.backend ?? 'unknown' };
  if (!config) return facts;
  Object.assign(facts, pickServer(config));
  const listenerBackend = identifyListener(config);
  if (listenerBackend) facts.backend = listenerBackend;
  if (!facts.serverUrl) return facts;
  try {
    const { createRpcClient } = await import('../protocol/transport.js');
    // A fresh connection per call: the doctor makes few calls and must leave nothing open.
    const call = async (method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue> => {
      const client = createRpcClient(facts.serverUrl!, facts.auth);
      try {
        return await withTimeout(client.call(method, ...params), timeoutMs, method);
      } finally {
        client.close();
      }
    };
    facts.processInfo = await callSupervisor({ call }, 'getAllProcessInfo');
    facts.rpc = { call };
  } catch (error) {
    const e = error as { code?: string; faultCode?: number; message?: string };
    facts.rpcError = { code: e.code ?? (e.faultCode !== undefined ? `FAULT_${e.faultCode}` : 'ERROR'), message: e.message ?? String(error) };
  }
  return facts;
}

/** Which kind of daemon holds our socket or port, from the listener's argv. */
function identifyListener(config: SupervisorConfigModel): SupervisorFacts['backend'] | undefined {
  const listeners = [
    ...config.unixHttpServers.flatMap((s) => findUnixListeners(s.file)),
    ...config.inetHttpServers.flatMap((s) => findTcpListeners(s.portNumber)),
  ];
  for (const listener of listeners) {
    const argv = listener.argv ?? (listener.pid ? readProcess(listener.pid)?.argv : undefined);
    const kind = argv ? classifySupervisorArgv(argv) : undefined;
    if (kind) return kind.backend;
  }
  return undefined;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error(`no answer to ${what} within ${ms} ms`), { code: 'TIMEOUT' })), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Run a command, never throwing for a non-zero exit (checks look at the code). */
export function runWithTimeout(argv: string[], options: { timeoutMs?: number; input?: string } = {}): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 10000);
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ stdout, stderr: stderr + String(error), code: 127 });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code: code ?? (signal ? 128 : 1) });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}
