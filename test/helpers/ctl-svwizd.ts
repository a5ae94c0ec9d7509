/** Starts the built svwizd (`-n -c`) on a config of the test's own, for the svwizctl parity tests. */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from './temp.js';
import { isAlive } from './processes.js';
import { SVWIZD_JS } from './ctl-parity.js';
import type { StartDaemon } from './ctl-pair.js';

export const startSvwizd: StartDaemon = async (dir, configText) => {
  if (!existsSync(SVWIZD_JS)) throw new Error(`svwizd is not built (${SVWIZD_JS} missing): run npx tsc -p .`);
  const configPath = path.join(dir, 'supervisord.conf');
  writeFileSync(configPath, configText);
  const child = spawn(process.execPath, [SVWIZD_JS, '-n', '-c', configPath], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = (): boolean => child.exitCode !== null || child.signalCode !== null;
  await waitFor(`svwizd socket in ${dir}`, () => {
    if (exited()) throw new Error(`svwizd exited ${child.exitCode}: ${output}`);
    return existsSync(path.join(dir, 's.sock'));
  }, { timeoutMs: 30000 });
  return {
    exited,
    stop: async () => {
      if (child.pid && !exited() && isAlive(child.pid)) {
        child.kill('SIGTERM');
        await waitFor('svwizd exit', () => exited() || !isAlive(child.pid!), { timeoutMs: 60000 });
      }
    },
  };
};
