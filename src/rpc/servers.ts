/**
 * Starts one HTTP server per `[unix_http_server]` and `[inet_http_server]` section, each serving
 * XML-RPC, the log-tail streams and the optional web UI with the section's own credentials.
 */
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { UserError } from '../errors.js';
import type { InetHttpServerConfig, UnixHttpServerConfig } from '../config/types.js';
import type { DaemonHttpHooks, SupervisorNamespace } from '../protocol/types.js';
import type { XmlRpcLimits } from '../protocol/xmlrpc-codec.js';
import type { ServerCredentials } from './basic-auth.js';
import { createDispatcher } from './dispatch.js';
import { createRequestHandler, type RpcLog } from './http-handler.js';
import { describeOwner, findTcpPortOwner } from './port-owner.js';
import { reachableHosts } from './reachable-hosts.js';
import { LARGE_BODY_PERMITS, LARGE_BODY_QUEUE, PermitPool } from './request-limits.js';
import { listenOnUnixSocket, type UnixListener } from './unix-listen.js';
import { METRICS_PATH, type WebRequestHandler } from './web-hook.js';

export interface RpcServers {
  close(): Promise<void>;
  /** One per server, in config order: `unix:///path` or `http://host:port` (the real port when 0 was asked). */
  urls: string[];
}

export interface StartRpcServersOptions {
  unix: UnixHttpServerConfig[];
  inet: InetHttpServerConfig[];
  namespace: SupervisorNamespace;
  hooks: DaemonHttpHooks;
  log: RpcLog;
  web?: WebRequestHandler;
  /** Request parsing limits; defaults suit every real client. */
  limits?: Partial<XmlRpcLimits>;
}

/** supervisorctl keeps one connection for a whole interactive session; Medusa never timed them out sooner. */
const KEEP_ALIVE_MS = 30 * 60 * 1000;

interface RunningServer {
  server: Server;
  sockets: Set<Socket>;
  unixListener?: UnixListener;
}

function credentialsOf(config: { username: string | null; password: string | null }): ServerCredentials | null {
  return config.username ? { username: config.username, password: config.password ?? '' } : null;
}

function makeServer(handler: ReturnType<typeof createRequestHandler>): RunningServer {
  const server = createServer({ requireHostHeader: false, keepAliveTimeout: KEEP_ALIVE_MS }, handler);
  server.headersTimeout = 60_000;
  // Deferred calls (start/stop with wait) and log-tail streams may legitimately last long.
  server.requestTimeout = 0;
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return { server, sockets };
}

function listenInet(server: Server, config: InetHttpServerConfig): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    // Supervisor binds '' to every IPv4 interface.
    server.listen({ host: config.host === '' ? '0.0.0.0' : config.host, port: config.portNumber }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

async function inetListenError(config: InetHttpServerConfig, error: NodeJS.ErrnoException): Promise<UserError> {
  if (error.code === 'EADDRINUSE') {
    const owner = await findTcpPortOwner(config.portNumber);
    return new UserError(
      'Another program is already listening on a port that one of our HTTP servers is configured to use: ' +
        `[${config.section}] port=${config.port} is held by ${describeOwner(owner)}. ` +
        'Shut this program down first before starting supervisord.',
      { exitCode: 2, cause: error },
    );
  }
  return new UserError(
    `Cannot open an HTTP server: socket.error reported errno.${error.code ?? 'UNKNOWN'} ([${config.section}] port=${config.port}: ${error.message})`,
    { exitCode: 2, cause: error },
  );
}

async function closeRunning(running: RunningServer): Promise<void> {
  const closed = new Promise<void>((resolve) => running.server.close(() => resolve()));
  running.server.closeAllConnections();
  for (const socket of running.sockets) socket.destroy();
  await closed;
  await running.unixListener?.removeSocketFile();
}

export async function startRpcServers(options: StartRpcServersOptions): Promise<RpcServers> {
  const dispatcher = createDispatcher(options.namespace);
  // One pool for every server: the memory it protects is the daemon's, not a socket's.
  const largeBodies = new PermitPool(LARGE_BODY_PERMITS, LARGE_BODY_QUEUE);
  const started: RunningServer[] = [];
  const urls: string[] = [];
  let closing = false;
  const handlerFor = (credentials: ServerCredentials | null, serverUrl: () => string, section: { metricsAuth?: boolean }, inet?: InetHttpServerConfig) =>
    createRequestHandler({
      credentials,
      openPaths: section.metricsAuth === false ? new Set([METRICS_PATH]) : undefined,
      largeBodies,
      // A browser cannot reach a unix socket, and supervisorctl sends `Host: localhost` there.
      hosts: inet && {
        section: inet.section,
        ...reachableHosts({ boundHost: inet.host, configured: inet.allowedHosts ?? [] }),
      },
      dispatcher,
      hooks: options.hooks,
      log: options.log,
      web: options.web,
      get serverUrl() {
        return serverUrl();
      },
      limits: options.limits,
      closing: () => closing,
    });

  const warnNoAuth = (section: string, credentials: ServerCredentials | null) => {
    if (!credentials) options.log('crit', `Server '${section}' running without any HTTP authentication checking`);
  };

  try {
    for (const config of options.unix) {
      const url = `unix://${config.file}`;
      const credentials = credentialsOf(config);
      const running = makeServer(handlerFor(credentials, () => url, config));
      running.unixListener = await listenOnUnixSocket(running.server, config, options.log);
      started.push(running);
      urls.push(url);
      warnNoAuth(config.section, credentials);
    }
    for (const config of options.inet) {
      const credentials = credentialsOf(config);
      let url = '';
      const running = makeServer(handlerFor(credentials, () => url, config, config));
      try {
        await listenInet(running.server, config);
      } catch (error) {
        throw await inetListenError(config, error as NodeJS.ErrnoException);
      }
      const address = running.server.address();
      const port = typeof address === 'object' && address ? address.port : config.portNumber;
      url = `http://${config.host === '' ? 'localhost' : config.host}:${port}`;
      started.push(running);
      urls.push(url);
      warnNoAuth(config.section, credentials);
    }
  } catch (error) {
    closing = true;
    await Promise.all(started.map(closeRunning));
    throw error;
  }

  return {
    urls,
    async close() {
      closing = true;
      await Promise.all(started.map(closeRunning));
    },
  };
}
