/**
 * Ansible's community.general.supervisorctl module (Debian's `ansible` package) drives svwizd
 * unchanged: one playbook of every state the module knows (stopped, started, restarted, a group,
 * signalled, absent, present with a conf.d file Ansible writes, an unknown name, all, check mode)
 * runs against a real Python supervisord and against svwizd — through the real supervisorctl on
 * the unix socket, and through svwizctl as the module's `supervisorctl_path` over HTTP with
 * credentials. Every task's outcome must equal supervisord's and Supervisor's known answer.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';
import { rpcCall } from '../../helpers/daemon-rpc.js';
import { startSvwizd, type RunningSvwizd } from '../../helpers/svwizd-daemon.js';
import { startPythonSupervisord, type RunningSupervisord } from '../../helpers/python-supervisord.js';
import { freePort } from '../../helpers/svwizd-daemon.js';
import { testBin } from '../../helpers/bins.js';

const ANSIBLE_PLAYBOOK = '/usr/bin/ansible-playbook';
const MODULE = 'community.general.supervisorctl';
const USER = 'ops';
const PASSWORD = 'ansible-pw';

function configText(dir: string, port: number): string {
  return `[unix_http_server]
file=${dir}/s.sock

[inet_http_server]
port=127.0.0.1:${port}
username=${USER}
password=${PASSWORD}

[supervisord]
logfile=${dir}/main.log
pidfile=${dir}/d.pid
childlogdir=${dir}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://${dir}/s.sock

[include]
files = ${dir}/conf.d/*.conf

[program:web]
command=sleep 1000
startsecs=0

[program:idle]
command=sleep 1000
autostart=false
startsecs=0

[group:pool]
programs=idle
`;
}

/** How the module reaches the daemon: its own module arguments. */
type Connection = Record<string, string>;

interface Expected {
  changed: boolean;
  failed?: true;
  affected?: string[];
  msg?: RegExp;
}

interface Step {
  name: string;
  args?: Record<string, string>;
  /** A task of another module (the conf.d file Ansible writes or deletes). */
  other?: Record<string, unknown>;
  checkMode?: true;
  expect: Expected;
}

function steps(dir: string): Step[] {
  const extraConf = path.join(dir, 'conf.d/extra.conf');
  return [
    { name: 'stop web', args: { name: 'web', state: 'stopped' }, expect: { changed: true, affected: ['web'] } },
    { name: 'stop web again', args: { name: 'web', state: 'stopped' }, expect: { changed: false } },
    { name: 'start web', args: { name: 'web', state: 'started' }, expect: { changed: true, affected: ['web'] } },
    { name: 'restart web', args: { name: 'web', state: 'restarted' }, expect: { changed: true, affected: ['web'] } },
    { name: 'start group pool', args: { name: 'pool:', state: 'started' }, expect: { changed: true, affected: ['pool:idle'] } },
    { name: 'HUP web', args: { name: 'web', state: 'signalled', signal: 'HUP' }, expect: { changed: true, affected: ['web'] } },
    { name: 'remove web while it runs', args: { name: 'web', state: 'absent' }, expect: { changed: false, failed: true, msg: /still running: web/ } },
    {
      name: 'write conf.d/extra.conf',
      other: { 'ansible.builtin.copy': { dest: extraConf, content: '[program:extra]\ncommand=sleep 1000\nautostart=false\n' } },
      expect: { changed: true },
    },
    { name: 'extra present', args: { name: 'extra', state: 'present' }, expect: { changed: true } },
    { name: 'extra present again', args: { name: 'extra', state: 'present' }, expect: { changed: false } },
    { name: 'delete conf.d/extra.conf', other: { 'ansible.builtin.file': { path: extraConf, state: 'absent' } }, expect: { changed: true } },
    { name: 'extra absent', args: { name: 'extra', state: 'absent' }, expect: { changed: true } },
    { name: 'start an unknown name', args: { name: 'nosuch', state: 'started' }, expect: { changed: false, failed: true, msg: /^ERROR \(no such process\)$/ } },
    { name: 'stop all', args: { name: 'all', state: 'stopped' }, expect: { changed: true, affected: ['pool:idle', 'web'] } },
    { name: 'start web in check mode', args: { name: 'web', state: 'started' }, checkMode: true, expect: { changed: true } },
  ];
}

/** The playbook as JSON, which is YAML too. Failures are expected outcomes here: ignore_errors. */
function playbook(dir: string, connection: Connection): string {
  const tasks = steps(dir).map((step) => ({
    name: step.name,
    ...(step.other ?? { [MODULE]: { ...step.args, ...connection } }),
    ...(step.checkMode ? { check_mode: true } : {}),
    ignore_errors: true,
  }));
  return JSON.stringify([{ hosts: 'localhost', connection: 'local', gather_facts: false, tasks }], null, 1);
}

interface Outcome {
  changed: boolean;
  failed?: true;
  affected?: string[];
  msg?: string;
}

async function runPlaybook(dir: string, connection: Connection): Promise<Map<string, Outcome>> {
  if (!existsSync(ANSIBLE_PLAYBOOK)) throw new Error(`${ANSIBLE_PLAYBOOK} is missing: install Debian's ansible package as .ci/run does`);
  const file = path.join(dir, `playbook-${Object.keys(connection).join('-')}.json`);
  writeFileSync(file, playbook(dir, connection));
  const home = path.join(dir, 'ansible-home');
  const { stdout } = await promisify(execFile)(ANSIBLE_PLAYBOOK, ['-i', 'localhost,', file], {
    encoding: 'utf8',
    timeout: 180_000,
    maxBuffer: 16 * 1024 * 1024,
    env: {
      ...process.env,
      ANSIBLE_STDOUT_CALLBACK: 'json',
      ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3',
      ANSIBLE_HOME: home,
      ANSIBLE_LOCAL_TEMP: path.join(home, 'tmp'),
      ANSIBLE_REMOTE_TEMP: path.join(home, 'tmp'),
      ANSIBLE_LOCALHOST_WARNING: 'false',
      ANSIBLE_INVENTORY_UNPARSED_WARNING: 'false',
      ANSIBLE_NOCOLOR: '1',
    },
  });
  const report = JSON.parse(stdout) as { plays: { tasks: { task: { name: string }; hosts: { localhost: Record<string, unknown> } }[] }[] };
  return new Map(
    report.plays[0].tasks.map(({ task, hosts: { localhost: result } }) => {
      const outcome: Outcome = { changed: result.changed === true };
      if (result.failed === true) outcome.failed = true;
      if (Array.isArray(result.affected)) outcome.affected = result.affected as string[];
      if (typeof result.msg === 'string' && result.failed === true) outcome.msg = result.msg.trim();
      return [task.name, outcome];
    }),
  );
}

/** svwizctl as the module's `supervisorctl_path`: the module wants one executable file. */
function svwizctlWrapper(dir: string): string {
  const file = path.join(dir, 'svwizctl');
  writeFileSync(file, `#!/bin/sh\nexec '${process.execPath}' '${testBin('svwizctl')}' "$@"\n`);
  chmodSync(file, 0o755);
  return file;
}

interface Target {
  dir: string;
  port: number;
  stop: () => Promise<unknown>;
}

async function startTarget(kind: 'python' | 'svwizd'): Promise<Target> {
  const dir = makeTempDir(`ans-${kind === 'python' ? 'py' : 'sv'}`);
  mkdirSync(path.join(dir, 'conf.d'));
  const port = await freePort();
  const text = configText(dir, port);
  const socket = path.join(dir, 's.sock');
  const daemon: RunningSupervisord | RunningSvwizd = kind === 'python' ? await startPythonSupervisord(dir, text, socket) : await startSvwizd(dir, text);
  return { dir, port, stop: () => daemon.stop() };
}

let python: Target;
let svwizd: Target;
let svwizdOverHttp: Target;
before(async () => {
  [python, svwizd, svwizdOverHttp] = await Promise.all([startTarget('python'), startTarget('svwizd'), startTarget('svwizd')]);
});
after(async () => {
  for (const target of [python, svwizd, svwizdOverHttp]) {
    if (!target) continue;
    await target.stop();
    removeTempDir(target.dir);
  }
});

function assertMatchesSupervisor(dir: string, label: string, ours: Map<string, Outcome>, theirs: Map<string, Outcome>): void {
  for (const step of steps(dir)) {
    const got = ours.get(step.name);
    const reference = theirs.get(step.name);
    assert.ok(got && reference, `${label}: task '${step.name}' ran on both daemons`);
    assert.deepEqual(got, reference, `${label}: task '${step.name}' as on supervisord`);
    const { msg, ...rest } = step.expect;
    assert.deepEqual({ ...got, msg: undefined }, { ...rest, msg: undefined }, `${label}: task '${step.name}'`);
    if (msg) assert.match(got.msg ?? '', msg, `${label}: task '${step.name}' message`);
  }
}

async function assertAllStopped(target: Target): Promise<void> {
  const infos = (await rpcCall(`unix://${target.dir}/s.sock`, 'supervisor.getAllProcessInfo')) as { name: string; statename: string }[];
  assert.deepEqual(
    infos.map(({ name, statename }) => `${name} ${statename}`).sort(),
    ['idle STOPPED', 'web STOPPED'],
    'after the playbook: extra removed, all stopped, and check mode started nothing',
  );
}

/** supervisord's outcomes, from one run of the playbook on a fresh daemon, for both tests. */
let reference: Promise<Map<string, Outcome>> | undefined;
function supervisordOutcomes(): Promise<Map<string, Outcome>> {
  reference ??= runPlaybook(python.dir, { config: `${python.dir}/supervisord.conf` });
  return reference;
}

test('the Ansible supervisorctl module drives svwizd through supervisorctl as it drives supervisord', { timeout: 300_000 }, async () => {
  const [theirs, ours] = await Promise.all([supervisordOutcomes(), runPlaybook(svwizd.dir, { config: `${svwizd.dir}/supervisord.conf` })]);
  assertMatchesSupervisor(svwizd.dir, 'supervisorctl → svwizd', ours, theirs);
  await assertAllStopped(python);
  await assertAllStopped(svwizd);
  // Ansible wrote and deleted the include file in each daemon's own conf.d.
  assert.equal(existsSync(path.join(svwizd.dir, 'conf.d/extra.conf')), false);
  assert.match(readFileSync(`${svwizd.dir}/main.log`, 'utf8'), /extra/);
});

test('svwizctl as the module\'s supervisorctl_path, over HTTP with credentials, gives the same outcomes', { timeout: 300_000 }, async () => {
  const theirs = await supervisordOutcomes();
  const ours = await runPlaybook(svwizdOverHttp.dir, {
    supervisorctl_path: svwizctlWrapper(svwizdOverHttp.dir),
    server_url: `http://127.0.0.1:${svwizdOverHttp.port}`,
    username: USER,
    password: PASSWORD,
  });
  assertMatchesSupervisor(svwizdOverHttp.dir, 'svwizctl → svwizd over HTTP', ours, theirs);
  await assertAllStopped(svwizdOverHttp);
});
