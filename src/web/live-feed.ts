/**
 * GET /api/events: what the page shows, pushed as server-sent events instead of polled.
 *
 *   event: processes   the process list (getAllProcessInfo, plus restarts and last exit), on
 *                      every state change (coalesced) and on connect
 *   event: usage       CPU % and memory per process tree, every few seconds
 *   event: host        the host panel's facts and warnings, every 15 seconds
 *
 * The daemon works for the feed only while at least one page is connected: subscriptions to the
 * processes' state changes and the sampling timers exist from the first connection to the last
 * disconnection, so an idle daemon with the page closed keeps no timer and reads no /proc.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { XmlRpcValue } from '../protocol/types.js';
import { hostWarnings, readHostFacts, type HostFacts, type HostWarning } from '../system/host-facts.js';
import { applySecurityHeaders, NO_STORE } from './security-headers.js';
import { createUsageSampler, type UsageSampler } from './usage-sampler.js';

/** What the feed reads of a supervised process (SupervisedProcess satisfies it). */
export interface FeedProcess {
  readonly name: string;
  readonly groupName: string;
  readonly pid: number;
  readonly spawnCount: number;
  readonly lastExit: { code: number | null; signal: string | null; at: number; expected: boolean } | undefined;
  onChange(listener: () => void): () => void;
}

/** What the feed reads of the running supervisor (Supervisor satisfies it). */
export interface FeedSupervisor {
  readonly groups: ReadonlyMap<string, { readonly processes: ReadonlyMap<string, FeedProcess> }>;
  readonly groupsVersion: number;
  readonly log: { readonly path: string | undefined };
  readonly config: { readonly supervisord: { readonly childlogdir: string } };
  onMoodChange(listener: () => void): () => void;
}

export type FeedCall = (method: string, params: XmlRpcValue[]) => Promise<XmlRpcValue>;

export interface LiveFeedOptions {
  usageMs?: number;
  hostMs?: number;
  /** Coalescing window for bursts of state changes (a group start). */
  changeDelayMs?: number;
  sampler?: UsageSampler;
  readHost?: (logDir: string) => Promise<HostFacts>;
  /** A client more than this far behind (bytes queued) is dropped; it reconnects and starts fresh. */
  maxQueuedBytes?: number;
}

export interface HostReport extends HostFacts {
  at: number;
  warnings: HostWarning[];
}

export interface LiveFeed {
  /** The supervisor of the daemon's current life (a restart brings a new one). */
  attach(supervisor: FeedSupervisor): void;
  /** Serve one page's event stream until it disconnects. */
  serve(req: IncomingMessage, res: ServerResponse, call: FeedCall): void;
  /** Pages connected now. */
  readonly clientCount: number;
  /** True while the feed holds any timer or subscription (tests check the idle daemon keeps none). */
  readonly active: boolean;
}

function namespecOf(group: string, name: string): string {
  return group === name ? name : `${group}:${name}`;
}

export function createLiveFeed(options: LiveFeedOptions = {}): LiveFeed {
  const usageMs = options.usageMs ?? 3000;
  const hostMs = options.hostMs ?? 15000;
  const changeDelayMs = options.changeDelayMs ?? 50;
  const maxQueued = options.maxQueuedBytes ?? 1024 * 1024;
  const sampler = options.sampler ?? createUsageSampler();
  const readHost = options.readHost ?? ((logDir: string) => readHostFacts({ logDir }));
  const clients = new Set<ServerResponse>();
  let supervisor: FeedSupervisor | undefined;
  let call: FeedCall | undefined;
  let unsubscribe: (() => void)[] = [];
  let subscribedVersion = -1;
  let usageTimer: NodeJS.Timeout | undefined;
  let hostTimer: NodeJS.Timeout | undefined;
  let changeTimer: NodeJS.Timeout | undefined;
  let lastHost: HostReport | undefined;
  let lastUsage: { at: number; processes: Record<string, unknown> } | undefined;

  function send(targets: Iterable<ServerResponse>, event: string, data: unknown): void {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const res of targets) {
      if (res.writableLength > maxQueued) {
        res.destroy();
        continue;
      }
      res.write(frame);
    }
  }

  function processes(): FeedProcess[] {
    if (!supervisor) return [];
    return [...supervisor.groups.values()].flatMap((group) => [...group.processes.values()]);
  }

  function subscribe(): void {
    for (const stop of unsubscribe) stop();
    unsubscribe = [];
    if (!supervisor || clients.size === 0) return;
    subscribedVersion = supervisor.groupsVersion;
    for (const process of processes()) unsubscribe.push(process.onChange(changed));
    unsubscribe.push(supervisor.onMoodChange(changed));
  }

  function changed(): void {
    if (changeTimer || clients.size === 0) return;
    changeTimer = setTimeout(() => {
      changeTimer = undefined;
      void pushProcesses(clients);
    }, changeDelayMs);
  }

  async function snapshot(): Promise<unknown> {
    if (!call) return undefined;
    const [state, infos] = await Promise.all([call('supervisor.getState', []).catch(() => undefined), call('supervisor.getAllProcessInfo', []).catch(() => [])]);
    const extras = new Map(
      processes().map((process) => [
        namespecOf(process.groupName, process.name),
        { restarts: Math.max(0, process.spawnCount - 1), lastExit: process.lastExit ?? null },
      ]),
    );
    const list = (infos as { name: string; group: string }[]).map((info) => ({ ...info, ...(extras.get(namespecOf(info.group, info.name)) ?? {}) }));
    return { state: state ?? null, processes: list };
  }

  async function pushProcesses(targets: Iterable<ServerResponse>): Promise<void> {
    // A group added or removed (update, reloadConfig) brings process objects we do not follow yet.
    if (supervisor && supervisor.groupsVersion !== subscribedVersion) subscribe();
    const data = await snapshot();
    if (data !== undefined) send(targets, 'processes', data);
  }

  function roots(): Map<string, number> {
    return new Map(processes().map((process) => [namespecOf(process.groupName, process.name), process.pid]));
  }

  function sampleUsage(): void {
    if (supervisor && supervisor.groupsVersion !== subscribedVersion) void pushProcesses(clients);
    const now = sampler.sample(roots());
    lastUsage = { at: Date.now(), processes: Object.fromEntries(now) };
    send(clients, 'usage', lastUsage);
  }

  function logDir(): string {
    const mainLog = supervisor?.log.path;
    return mainLog ? path.dirname(mainLog) : (supervisor?.config.supervisord.childlogdir ?? process.cwd());
  }

  async function sampleHost(targets: Iterable<ServerResponse>): Promise<void> {
    const facts = await readHost(logDir());
    lastHost = { ...facts, at: Date.now(), warnings: hostWarnings(facts) };
    send(targets, 'host', lastHost);
  }

  function start(): void {
    subscribe();
    // Unref'd: a connected page must never keep a daemon that is shutting down alive.
    usageTimer = setInterval(sampleUsage, usageMs).unref();
    hostTimer = setInterval(() => void sampleHost(clients), hostMs).unref();
  }

  function stop(): void {
    clearInterval(usageTimer);
    clearInterval(hostTimer);
    clearTimeout(changeTimer);
    usageTimer = hostTimer = changeTimer = undefined;
    for (const unsub of unsubscribe) unsub();
    unsubscribe = [];
    subscribedVersion = -1;
  }

  return {
    attach(next) {
      supervisor = next;
      subscribedVersion = -1;
      if (clients.size > 0) subscribe();
    },
    serve(req, res, nextCall) {
      call = nextCall;
      applySecurityHeaders(res);
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': NO_STORE,
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      // The browser reconnects by itself after a lost connection (a daemon restart) in 2 s.
      res.write('retry: 2000\n\n');
      res.socket?.setNoDelay(true);
      clients.add(res);
      const first = clients.size === 1;
      if (first) start();
      const drop = () => {
        if (!clients.delete(res)) return;
        if (clients.size === 0) stop();
      };
      req.on('close', drop);
      res.on('close', drop);
      res.on('error', drop);
      const self = [res];
      void pushProcesses(self).then(() => {
        if (!clients.has(res)) return;
        send(self, 'history', sampler.history());
        if (first) sampleUsage();
        else if (lastUsage) send(self, 'usage', lastUsage);
        if (lastHost && Date.now() - lastHost.at < hostMs) send(self, 'host', lastHost);
        else void sampleHost(first ? clients : self);
      });
    },
    get clientCount() {
      return clients.size;
    },
    get active() {
      return usageTimer !== undefined || hostTimer !== undefined || changeTimer !== undefined || unsubscribe.length > 0;
    },
  };
}
