/**
 * The same configs under Debian's Python supervisord 4.2.5 and under svwizd: same states and
 * descriptions reached, same child log file names and contents, same main-log lines for a
 * process's life (pids and times normalised). Fails when Python supervisord is missing.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';
import { startPythonSupervisord, type RunningSupervisord } from '../../helpers/python-supervisord.js';
import { rpcCall } from '../../helpers/daemon-rpc.js';
import { startSvwizd, type RunningSvwizd } from '../../helpers/svwizd-daemon.js';
import { daemonConfigText } from '../../helpers/daemon-config.js';
import type { ProcessInfo } from '../../../src/protocol/types.js';

const root = makeTempDir('svw-py');
const stoppers: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const stop of stoppers) await stop();
  removeTempDir(root);
});

function config(dir: string): string {
  return `[unix_http_server]
file=${dir}/s.sock

[supervisord]
logfile=${dir}/main.log
pidfile=${dir}/d.pid
childlogdir=${dir}/auto
loglevel=info

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[program:talker]
command=sh -c "echo out-line; echo err-line >&2; exec sleep 60"
stdout_logfile=${dir}/talker.out
stderr_logfile=${dir}/talker.err
startsecs=1

[program:merged]
command=sh -c "echo one; echo two >&2; exec sleep 60"
stdout_logfile=${dir}/merged.out
redirect_stderr=true

[program:crash]
command=sh -c "echo boom; exit 3"
stdout_logfile=${dir}/crash.out
startretries=1
startsecs=3

[program:ghost]
command=no-such-command-svw
startretries=0

[program:auto]
command=sh -c "echo auto-out; exec sleep 60"
process_name=%(program_name)s_%(process_num)02d
numprocs=2

[program:done]
command=sh -c "sleep 1.5; exit 0"
autorestart=unexpected
`;
}

interface Observed {
  states: Record<string, string>;
  descriptions: Record<string, string>;
  files: Record<string, string>;
  autoNames: string[];
  crashLog: string[];
}

async function observe(dir: string): Promise<Observed> {
  const url = `unix://${dir}/s.sock`;
  const settled = (all: ProcessInfo[]) =>
    all.length === 7 && all.every((p) => ['RUNNING', 'FATAL', 'EXITED'].includes(p.statename)) && all.find((p) => p.name === 'done')!.statename === 'EXITED';
  const all = await waitFor('states settle', async () => {
    const infos = (await rpcCall(url, 'supervisor.getAllProcessInfo')) as unknown as ProcessInfo[];
    return settled(infos) ? infos : undefined;
  }, { timeoutMs: 30000, intervalMs: 200 });
  const states: Record<string, string> = {};
  const descriptions: Record<string, string> = {};
  for (const p of all) {
    const key = `${p.group}:${p.name}`;
    states[key] = p.statename;
    if (p.statename !== 'RUNNING') descriptions[key] = p.statename === 'EXITED' ? `exit ${p.exitstatus}` : p.description;
  }
  const files: Record<string, string> = {};
  for (const name of ['talker.out', 'talker.err', 'merged.out', 'crash.out']) {
    files[name] = readFileSync(path.join(dir, name), 'utf8').split('\n').sort().join('\n');
  }
  const autoNames = readdirSync(path.join(dir, 'auto')).map((name) => name.replace(/-[a-z0-9_]{8}\.log$/, '-XXXXXXXX.log')).sort();
  for (const name of readdirSync(path.join(dir, 'auto')).filter((n) => n.includes('stdout'))) {
    files[`auto:${name.split('-')[0]}`] = readFileSync(path.join(dir, 'auto', name), 'utf8');
  }
  const crashLog = readFileSync(path.join(dir, 'main.log'), 'utf8')
    .split('\n')
    .map((line) => line.slice(24))
    .filter((line) => /'?crash'?[ :(]/.test(line))
    .map((line) => line.replace(/pid \d+/, 'pid N'));
  return { states, descriptions, files, autoNames, crashLog };
}

test('same states, descriptions, log files and main-log wording as Python supervisord', async () => {
  const pyDir = path.join(root, 'py');
  const tsDir = path.join(root, 'ts');
  for (const dir of [pyDir, tsDir]) mkdirSync(path.join(dir, 'auto'), { recursive: true });
  const python: RunningSupervisord = await startPythonSupervisord(pyDir, config(pyDir), `${pyDir}/s.sock`);
  stoppers.push(python.stop);
  const ours: RunningSvwizd = await startSvwizd(tsDir, config(tsDir));
  stoppers.push(ours.stop);
  const [expected, actual] = await Promise.all([observe(pyDir), observe(tsDir)]);
  // The reference really produced what we compare against.
  assert.ok(expected.crashLog.includes('INFO gave up: crash entered FATAL state, too many start retries too quickly'), expected.crashLog.join('\n'));
  assert.equal(expected.autoNames.length, 9, expected.autoNames.join(' '));
  assert.equal(expected.files['crash.out'], '\nboom\nboom');
  assert.deepEqual(actual.states, expected.states);
  assert.deepEqual(actual.descriptions, expected.descriptions);
  assert.deepEqual(actual.files, expected.files);
  assert.deepEqual(actual.autoNames, expected.autoNames);
  assert.deepEqual(actual.crashLog, expected.crashLog);
});

function stopConfig(dir: string): string {
  return daemonConfigText(
    dir,
    `[program:stubborn]
command=sh -c "trap '' TERM; exec sleep 60"
stopwaitsecs=1
startsecs=1

[program:pool]
command=sleep 60
process_name=%(program_name)s_%(process_num)d
numprocs=2
startsecs=1
`,
  );
}

async function stopSequence(dir: string): Promise<{ results: unknown; stubbornLog: string[]; faults: string[] }> {
  const url = `unix://${dir}/s.sock`;
  await waitFor('all running', async () => {
    const infos = (await rpcCall(url, 'supervisor.getAllProcessInfo')) as unknown as ProcessInfo[];
    return infos.length === 3 && infos.every((p) => p.statename === 'RUNNING');
  }, { timeoutMs: 20000, intervalMs: 200 });
  const results = ((await rpcCall(url, 'supervisor.stopProcessGroup', 'pool', true)) as { name: string }[]).sort((a, b) => (a.name < b.name ? -1 : 1));
  await rpcCall(url, 'supervisor.stopProcess', 'stubborn', true);
  const faults: string[] = [];
  for (const [method, ...params] of [['supervisor.stopProcess', 'stubborn'], ['supervisor.startProcess', 'pool'], ['supervisor.signalProcess', 'pool:pool_0', 'HUP']] as const) {
    await rpcCall(url, method, ...params).then(
      () => faults.push('ok'),
      (error: { faultString?: string }) => faults.push(error.faultString ?? String(error)),
    );
  }
  const stubbornLog = readFileSync(path.join(dir, 'main.log'), 'utf8')
    .split('\n')
    .map((line) => line.slice(24))
    .filter((line) => line.includes('stubborn') && !line.startsWith('INFO waiting for'))
    .map((line) => line.replace(/\d{2,}/g, 'N'));
  return { results, stubbornLog, faults };
}

test('stop escalation, group stop results and faults match Python supervisord', async () => {
  const pyDir = path.join(root, 'py-stop');
  const tsDir = path.join(root, 'ts-stop');
  for (const dir of [pyDir, tsDir]) mkdirSync(dir);
  const python = await startPythonSupervisord(pyDir, stopConfig(pyDir), `${pyDir}/s.sock`);
  stoppers.push(python.stop);
  const ours = await startSvwizd(tsDir, stopConfig(tsDir));
  stoppers.push(ours.stop);
  const [expected, actual] = await Promise.all([stopSequence(pyDir), stopSequence(tsDir)]);
  assert.ok(expected.stubbornLog.some((line) => line.includes('with SIGKILL')), expected.stubbornLog.join('\n'));
  assert.deepEqual(actual.results, expected.results);
  assert.deepEqual(actual.stubbornLog, expected.stubbornLog);
  assert.deepEqual(actual.faults, expected.faults);
});
