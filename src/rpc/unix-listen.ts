/**
 * Listen on a `[unix_http_server]` socket the way Supervisor does (reference §3.10), which is
 * race-free between two daemons: bind to `<file>.<pid>`, chmod it, then hard-link it to `<file>`.
 * If the link fails because `<file>` exists, connect to it: a live listener means "address in
 * use" (we name its pid when /proc tells us); a dead one is a stale file, removed and retried.
 */
import type { Server } from 'node:http';
import { connect } from 'node:net';
import { chmod, chown, link, lstat, unlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../errors.js';
import type { UnixHttpServerConfig } from '../config/types.js';
import { readAccountsSync, resolveOwner } from '../system/users.js';
import { describeOwner, findUnixSocketOwner } from './port-owner.js';
import type { RpcLog } from './http-handler.js';

const STALE_RETRY_MS = 300;
/** Supervisor retries forever; we give up with an explanation instead (issue #6.2 of the reference). */
const MAX_STALE_RETRIES = 20;
const PROBE_TIMEOUT_MS = 2000;

export interface UnixListener {
  /** Unlink the socket file if it is still the one we created. */
  removeSocketFile(): Promise<void>;
}

/** True when something accepts connections on the socket file. */
export function probeUnixSocket(file: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(file);
    const finish = (live: boolean) => {
      socket.destroy();
      resolve(live);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => finish(true));
    socket.once('connect', () => {
      socket.write('GET / HTTP/1.0\r\n\r\n');
      finish(true);
    });
    socket.once('error', () => finish(false));
  });
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(path, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

function cannotOpen(config: UnixHttpServerConfig, error: NodeJS.ErrnoException): UserError {
  return new UserError(
    `Cannot open an HTTP server: socket.error reported errno.${error.code ?? 'UNKNOWN'} ` +
      `([${config.section}] file=${config.file}: ${error.message})`,
    { exitCode: 2, cause: error },
  );
}

async function alreadyListening(config: UnixHttpServerConfig): Promise<UserError> {
  const owner = await findUnixSocketOwner(config.file);
  return new UserError(
    `Another program is already listening on a port that one of our HTTP servers is configured to use: ` +
      `[${config.section}] file=${config.file} is answered by ${describeOwner(owner)}. ` +
      'Shut this program down first before starting supervisord.',
    { exitCode: 2 },
  );
}

async function chownSocket(config: UnixHttpServerConfig): Promise<void> {
  if (!config.chown) return;
  const { uid, gid } = resolveOwner(readAccountsSync('/'), config.chown);
  try {
    await chown(config.file, uid, gid);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM') throw error;
    const me = process.getuid?.() ?? -1;
    throw new UserError(
      `Not permitted to chown ${config.file} to uid/gid (${uid}, ${gid}); adjust "chown" in [${config.section}] ` +
        `to values that the current user (uid ${me}) can successfully chown`,
      { exitCode: 2 },
    );
  }
}

export async function listenOnUnixSocket(server: Server, config: UnixHttpServerConfig, log: RpcLog): Promise<UnixListener> {
  const tempName = `${config.file}.${process.pid}`;
  await unlink(tempName).catch(() => undefined);
  for (let attempt = 0; ; attempt += 1) {
    try {
      await listen(server, tempName);
    } catch (error) {
      throw cannotOpen(config, error as NodeJS.ErrnoException);
    }
    try {
      await chmod(tempName, config.chmod);
      try {
        await link(tempName, config.file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw cannotOpen(config, error as NodeJS.ErrnoException);
      }
      if (await probeUnixSocket(config.file)) {
        await closeServer(server);
        throw await alreadyListening(config);
      }
      log('warn', `Unlinking stale socket ${config.file}`);
      try {
        await unlink(config.file);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' && attempt >= MAX_STALE_RETRIES) {
          await closeServer(server);
          throw new UserError(
            `Cannot remove the stale socket ${config.file} ([${config.section}]): ${(error as Error).message}. ` +
              'Remove it by hand (or fix the permissions of its directory) and start again.',
            { exitCode: 2 },
          );
        }
      }
      await closeServer(server);
      await sleep(STALE_RETRY_MS);
    } finally {
      await unlink(tempName).catch(() => undefined);
    }
  }
  await chownSocket(config).catch(async (error: unknown) => {
    await closeServer(server);
    await unlink(config.file).catch(() => undefined);
    throw error;
  });
  const inode = (await lstat(config.file)).ino;
  return {
    async removeSocketFile() {
      const current = await lstat(config.file).catch(() => undefined);
      if (current?.ino === inode) await unlink(config.file).catch(() => undefined);
    },
  };
}
