/**
 * The interactive flows through a real terminal (tmux): `svwiz init` answered with Enter all the
 * way gives the recommended setup; Ctrl-C at a prompt leaves the system as it was.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';
import { answerUntilExit, openTerminal } from '../../helpers/wizard-tmux.js';
import { snapshotTree, SVWIZ } from '../../helpers/wizard-cli.js';

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function targetRoot(): string {
  const root = makeTempDir('wze');
  cleanups.push(() => removeTempDir(root));
  mkdirSync(path.join(root, 'etc/init.d'), { recursive: true });
  copyFileSync('/etc/passwd', path.join(root, 'etc/passwd'));
  copyFileSync('/etc/group', path.join(root, 'etc/group'));
  return root;
}

const ENTER = { keys: ['Enter'] };

test('init in a terminal: Enter at every question gives the recommended setup', async () => {
  const root = targetRoot();
  const term = openTerminal(`${process.execPath} ${SVWIZ} init --root ${root}`, { cwd: root, env: { SVWIZ_BACKUP_DIR: path.join(root, 'bk') } });
  cleanups.push(() => term.close());
  const { seen, code } = await answerUntilExit(term, [
    { prompt: /whole system or just for you/, ...ENTER },
    { prompt: /Which supervisor/, ...ENTER },
    { prompt: /Config file|Directory for program files|Include patterns|Control socket|Log directory|Owner of the log/, ...ENTER },
    { prompt: /Enable the web UI|Web UI address|Web UI port|Web UI user name|Web UI password/, ...ENTER },
    { prompt: /Start at boot with|Low-memory mode/, ...ENTER },
    { prompt: /Apply this setup/, ...ENTER },
  ]);
  const screen = term.screen();
  assert.equal(code, 0, screen);
  assert.equal(seen.length, 16, seen.join('\n'));
  assert.match(screen, /Init system: sysv/);
  assert.match(screen, /password: \S{12,}/);
  assert.match(screen, /Next:/);
  const conf = readFileSync(path.join(root, 'etc/supervisord.conf'), 'utf8');
  assert.match(conf, /^file=\/run\/svwiz\.sock$/m);
  assert.match(conf, /^files=\/etc\/svwiz\/conf\.d\/\*\.ini \/etc\/svwiz\/conf\.d\/\*\.conf$/m);
  assert.match(conf, /^port=127\.0\.0\.1:\d+$/m);
  assert.match(readFileSync(path.join(root, 'etc/init.d/svwiz'), 'utf8'), /^### BEGIN INIT INFO$/m);
});

test('Ctrl-C at a prompt in a terminal leaves every file as it was', async () => {
  const root = targetRoot();
  const before = snapshotTree(root);
  const term = openTerminal(`${process.execPath} ${SVWIZ} init --root ${root}`, { cwd: root });
  cleanups.push(() => term.close());
  const { code } = await answerUntilExit(term, [
    { prompt: /whole system|Which supervisor|Config file/, ...ENTER },
    { prompt: /Directory for program files/, keys: ['C-c'] },
  ]);
  assert.equal(code, 1, term.screen());
  assert.match(term.screen(), /Cancelled at a prompt: nothing was changed/);
  assert.deepEqual(snapshotTree(root), before);
});
