/**
 * Python supervisord 4.2.5 reads a config using every key and section of issue 17 (memory_limit,
 * restart_limit, liveness_check_*, depends_on, exit_on_fatal, [alerts] with smtp_url) and runs its programs, ignoring them; svwizd loads the
 * same text without a warning. A second, small file has the other mail way ([alerts] sendmail_path;
 * the two cannot be in one file).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import { loadSupervisorConfigSync } from '../../../src/config/load.js';
import { daemonConfigText } from '../../helpers/daemon-config.js';
import { rpcCall } from '../../helpers/daemon-rpc.js';
import { startPythonSupervisord, type RunningSupervisord } from '../../helpers/python-supervisord.js';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';

const dir = makeTempDir('svw-limpy');
const sendmailDir = makeTempDir('svw-limpy-sm');
let daemon: RunningSupervisord | undefined;
let sendmailDaemon: RunningSupervisord | undefined;
after(async () => {
  await daemon?.stop();
  await sendmailDaemon?.stop();
  removeTempDir(dir);
  removeTempDir(sendmailDir);
});

const configText = daemonConfigText(
  dir,
  `[program:limited]
command=/bin/sleep 1000
memory_limit=200MB
memory_limit_check_period=5
restart_limit=5
restart_limit_window=60
liveness_check_script=tcp://127.0.0.1:9
liveness_check_initial_delay=60
liveness_check_period=60
liveness_check_timeout=30
liveness_check_failure_threshold=3
liveness_check_success_threshold=1
liveness_check_failure_action=stop
liveness_check_success_action=/bin/true

[program:dependent]
command=/bin/sleep 1000
depends_on=limited
depends_on_timeout=30

[alerts]
webhook_url=http://127.0.0.1:9/hook
smtp_url=smtps://alerts%%40example.com:pa%%3Ass@127.0.0.1:9
mail_to=ops@example.com
mail_from=svwiz@example.com
alert_throttle=300
`,
  'exit_on_fatal=true\nexit_on_fatal_code=3',
);

const sendmailConfigText = daemonConfigText(
  sendmailDir,
  `[program:mailed]
command=/bin/sleep 1000

[alerts]
sendmail_path=/usr/sbin/sendmail
mail_to=ops@example.com
`,
);

test('Python supervisord 4.2.5 starts with every issue-17 key and runs the program', async () => {
  daemon = await startPythonSupervisord(dir, configText, path.join(dir, 's.sock'));
  const url = `unix://${dir}/s.sock`;
  const info = await waitFor('limited RUNNING under Python supervisord', async () => {
    const now = (await rpcCall(url, 'supervisor.getProcessInfo', 'limited')) as unknown as { statename: string; pid: number };
    return now.statename === 'RUNNING' && now;
  });
  assert.ok(info.pid > 0);
  // Supervisor ignores depends_on: the dependent runs too (ordered by priority alone there).
  await waitFor('dependent RUNNING under Python supervisord', async () => {
    const now = (await rpcCall(url, 'supervisor.getProcessInfo', 'dependent')) as unknown as { statename: string };
    return now.statename === 'RUNNING';
  });
  assert.equal(((await rpcCall(url, 'supervisor.getState')) as unknown as { statename: string }).statename, 'RUNNING');
  assert.doesNotMatch(daemon.output(), /Error|Traceback/);
});

test('svwizd reads the same file into its model without warnings', () => {
  const model = loadSupervisorConfigSync(path.join(dir, 'supervisord.conf'), { env: { PATH: '/usr/bin:/bin' }, hostname: 'h' });
  assert.deepEqual(model.warnings, []);
  assert.equal(model.processes.find((process) => process.name === 'limited')!.limits?.restartLimit, 5);
  assert.deepEqual(model.processes.find((process) => process.name === 'limited')!.liveness?.probe, { kind: 'tcp', host: '127.0.0.1', port: 9 });
  assert.equal(model.processes.find((process) => process.name === 'limited')!.liveness?.failureAction, 'stop');
  assert.deepEqual(model.processes.find((process) => process.name === 'dependent')!.dependsOn, { names: ['limited'], timeoutSeconds: 30, section: 'program:dependent' });
  assert.deepEqual(model.supervisord.fatalExit, { code: 3 });
  assert.equal(model.alerts?.mailFrom, 'svwiz@example.com');
  assert.equal(model.alerts?.smtpUrl, 'smtps://alerts%40example.com:pa%3Ass@127.0.0.1:9');
  assert.equal(model.alerts?.sendmailPath, null);
});

test('Python supervisord 4.2.5 starts with [alerts] sendmail_path too, and svwizd reads it without warnings', async () => {
  sendmailDaemon = await startPythonSupervisord(sendmailDir, sendmailConfigText, path.join(sendmailDir, 's.sock'));
  await waitFor('mailed RUNNING under Python supervisord', async () => {
    const now = (await rpcCall(`unix://${sendmailDir}/s.sock`, 'supervisor.getProcessInfo', 'mailed')) as unknown as { statename: string };
    return now.statename === 'RUNNING';
  });
  assert.doesNotMatch(sendmailDaemon.output(), /Error|Traceback/);
  const model = loadSupervisorConfigSync(path.join(sendmailDir, 'supervisord.conf'), { env: { PATH: '/usr/bin:/bin' }, hostname: 'h' });
  assert.deepEqual(model.warnings, []);
  assert.equal(model.alerts?.sendmailPath, '/usr/sbin/sendmail');
  assert.equal(model.alerts?.smtpUrl, null);
});
