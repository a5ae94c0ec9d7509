/**
 * Plain `svwiz doctor` (no -c) while an unrelated Python supervisord runs on a /tmp config: the
 * doctor checks the machine's own setup, says which one and why, and names the other daemon
 * instead of checking it in silence (#13).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';
import { startPythonSupervisord, type RunningSupervisord } from '../../helpers/python-supervisord.js';
import { SVWIZ } from '../../helpers/wizard-cli.js';
import { daemonConfigText } from '../../helpers/daemon-config.js';

const dir = makeTempDir('svw-unrel');
const daemons: RunningSupervisord[] = [];
after(async () => {
  for (const daemon of daemons) await daemon.stop();
  removeTempDir(dir);
});

test('an unrelated daemon on a /tmp config is listed, not checked', async () => {
  const socket = path.join(dir, 's.sock');
  const daemon = await startPythonSupervisord(dir, daemonConfigText(dir, ''), socket);
  daemons.push(daemon);
  const cwd = path.join(dir, 'elsewhere');
  mkdirSync(cwd);
  const home = path.join(dir, 'home');
  mkdirSync(home);
  const env = { ...process.env, HOME: home, NO_COLOR: '1' };
  const json = spawnSync(process.execPath, [SVWIZ, 'doctor', '--json'], { cwd, env, encoding: 'utf8', timeout: 120_000 });
  const report = JSON.parse(json.stdout) as { configFile?: string; configSource?: string; otherSupervisors: { pid: number; configFile?: string }[] };
  assert.notEqual(report.configFile, daemon.configPath, 'the unrelated config is not the one checked');
  assert.ok(report.otherSupervisors.some((other) => other.pid === daemon.child.pid && other.configFile === daemon.configPath), JSON.stringify(report.otherSupervisors));
  const text = spawnSync(process.execPath, [SVWIZ, 'doctor'], { cwd, env, encoding: 'utf8', timeout: 120_000 });
  assert.match(text.stdout, new RegExp(`also running, not checked: pid ${daemon.child.pid} supervisord on ${daemon.configPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(svwiz doctor -c `));
  if (report.configFile) assert.match(text.stdout, new RegExp(`checked: ${report.configFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(`));
});
