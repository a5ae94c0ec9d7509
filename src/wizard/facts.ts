import { totalmem } from 'node:os';
/** Gathers every fact the wizard needs, once, up front (IO); planners then stay pure. */
import { existsSync } from 'node:fs';
import net from 'node:net';
import { UserError } from '../errors.js';
import os from 'node:os';
import { detectInitSystem } from '../system/init-system.js';
import { detectInstalls } from '../system/installs.js';
import { detectPlatform } from '../system/platform.js';
import { readAccountsSync, findUser } from '../system/users.js';
import { setupRecordCandidates } from './layout.js';
import type { SystemFacts } from './types.js';

/** True when nothing listens on HOST:PORT (we can bind it ourselves). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The first free port from `start`, Supervisor's customary 9001 by default. */
export async function findFreePort(start = 9001, host = '127.0.0.1', tries = 50): Promise<number> {
  for (let port = start; port < start + tries; port++) if (await isPortFree(port, host)) return port;
  return 0;
}

/** `versions: false` skips asking binaries their versions (commands that show no summary). */
export async function gatherFacts(options: { root?: string; env?: NodeJS.ProcessEnv; versions?: boolean } = {}): Promise<SystemFacts> {
  const root = options.root ?? '/';
  if (!existsSync(root)) throw new UserError(`--root ${root} does not exist; create it (or unpack the image there) first`);
  const env = options.env ?? process.env;
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  const info = os.userInfo();
  let home = env.HOME || info.homedir;
  let name = info.username;
  try {
    const entry = findUser(readAccountsSync('/'), uid);
    if (entry) {
      name = entry.name;
      home = env.HOME || entry.home;
    }
  } catch {
    /* os.userInfo is enough */
  }
  const PATH = env.PATH ?? '/usr/local/bin:/usr/bin:/bin';
  const [platform, installs, freePort] = await Promise.all([
    detectPlatform(root),
    detectInstalls({ root, PATH, setupRecordFiles: setupRecordCandidates(home), versions: options.versions }),
    findFreePort(),
  ]);
  return {
    root,
    platform,
    initSystem: detectInitSystem(root),
    isRoot: uid === 0,
    user: { name, uid, gid, home },
    installs,
    freePort,
    runtimeDir: env.XDG_RUNTIME_DIR || null,
    PATH,
    totalMemoryBytes: totalmem(),
  };
}
