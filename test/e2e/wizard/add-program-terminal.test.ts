/** `svwiz add-program` through a real terminal (tmux), question by question, ending RUNNING. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';
import { answerUntilExit, openTerminal } from '../../helpers/wizard-tmux.js';
import { runSvwiz, stopByPidfile, SVWIZ, SVWIZCTL } from '../../helpers/wizard-cli.js';

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const ENTER = { keys: ['Enter'] };

test('add-program in a terminal: shell syntax wrapped with consent, then RUNNING', async () => {
  const dir = makeTempDir('wzt');
  chmodSync(dir, 0o755);
  cleanups.push(() => removeTempDir(dir));
  const pidFile = path.join(dir, 'svwiz.pid');
  cleanups.push(() => stopByPidfile(pidFile));
  const config = path.join(dir, 'supervisord.conf');
  const env = { SVWIZ_BACKUP_DIR: path.join(dir, 'bk') };
  const init = await runSvwiz(
    ['init', '--yes', '--service', 'none', '--no-web', '--no-doctor', '--config', config, '--include-dir', path.join(dir, 'conf.d'),
      '--socket', path.join(dir, 's.sock'), '--pidfile', pidFile, '--log-dir', path.join(dir, 'log')],
    { env },
  );
  assert.equal(init.code, 0, init.stdout + init.stderr);

  const term = openTerminal(`${process.execPath} ${SVWIZ} add-program -c ${config}`, { cwd: dir, env });
  cleanups.push(() => term.close());
  const { seen, code } = await answerUntilExit(
    term,
    [
      { prompt: /Program name/, keys: ['text:ticker', 'Enter'] },
      { prompt: /Command to run/, keys: ['text:/bin/sleep 1000 | /bin/cat', 'Enter'] },
      { prompt: /Run it as: \/bin\/sh -c/, ...ENTER },
      { prompt: /Working directory|Run as user|Start it when|Restart it when|Seconds it must|Start attempts|Priority/, ...ENTER },
      { prompt: /Output log file|Error log file|Rotate logs at|Rotated logs to keep/, ...ENTER },
      { prompt: /login shell/, ...ENTER },
    ],
    { timeoutMs: 90000 },
  );
  const screen = term.screen();
  assert.equal(code, 0, screen);
  assert.ok(seen.some((p) => /Run it as/.test(p)), seen.join('\n'));
  assert.match(screen, /pipe \(\|\)/);
  assert.match(screen, /ticker is RUNNING/);
  assert.match(readFileSync(path.join(dir, 'conf.d/ticker.ini'), 'utf8'), /^command=\/bin\/sh -c '\/bin\/sleep 1000 \| \/bin\/cat'$/m);
  const status = spawnSync(process.execPath, [SVWIZCTL, '-c', config, 'status', 'ticker'], { encoding: 'utf8' });
  assert.match(status.stdout, /ticker\s+RUNNING/);
});
