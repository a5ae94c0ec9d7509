import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planInit, setupRecordOf } from '../../../src/wizard/plan-init.js';
import { planAddProgram, planRemoveProgram, validateProgramName } from '../../../src/wizard/plan-program.js';
import { renderEnvironment, renderProgramIni, renderSupervisordConf } from '../../../src/wizard/render-config.js';
import { shaPassword } from '../../../src/protocol/sha-password.js';
import { defaultIncludePatterns, defaultLayout } from '../../../src/wizard/layout.js';
import { defaultServiceKind } from '../../../src/wizard/init-questions.js';
import { defaultDirectory, parseEnvFlag } from '../../../src/wizard/program-questions.js';
import type { InitAnswers, ProgramAnswers } from '../../../src/wizard/types.js';

const systemAnswers: InitAnswers = {
  mode: 'system',
  backend: 'svwizd',
  configFile: '/etc/supervisord.conf',
  includeDir: '/etc/svwiz/conf.d',
  includePatterns: defaultIncludePatterns('/etc/svwiz/conf.d'),
  socketFile: '/run/svwiz.sock',
  logDir: '/var/log/svwiz',
  logOwner: 'root',
  pidFile: '/run/svwiz.pid',
  web: true,
  webHost: '127.0.0.1',
  webPort: 9001,
  webUser: 'admin',
  webPasswordStored: shaPassword('test'),
  webPasswordPlain: 'test',
  service: 'systemd',
  serviceName: 'svwiz',
};

test('planInit: include dir, log dir owned by the supervisor user, config, record', () => {
  const table: [string, InitAnswers, [string, string][]][] = [
    [
      'system mode with web',
      systemAnswers,
      [
        ['mkdir', '/etc/svwiz/conf.d'],
        ['mkdir', '/var/log/svwiz'],
        ['write', '/etc/supervisord.conf'],
        ['write', '/etc/svwiz/setup.json'],
      ],
    ],
    [
      'user mode: socket dir is created private',
      {
        ...systemAnswers,
        mode: 'user',
        configFile: '/home/pi/.config/svwiz/supervisord.conf',
        includeDir: '/home/pi/.config/svwiz/conf.d',
        socketFile: '/home/pi/.config/svwiz/run/svwiz.sock',
        pidFile: '/home/pi/.config/svwiz/run/svwiz.pid',
        logDir: '/home/pi/.config/svwiz/log',
        logOwner: 'pi',
        web: false,
      },
      [
        ['mkdir', '/home/pi/.config/svwiz/conf.d'],
        ['mkdir', '/home/pi/.config/svwiz/log'],
        ['mkdir', '/home/pi/.config/svwiz/run'],
        ['write', '/home/pi/.config/svwiz/supervisord.conf'],
        ['write', '/home/pi/.config/svwiz/setup.json'],
      ],
    ],
  ];
  for (const [name, answers, expected] of table) {
    const plan = planInit(answers);
    assert.deepEqual(plan.operations.map((op) => [op.kind, 'path' in op ? op.path : '']), expected, name);
  }
  const plan = planInit(systemAnswers);
  const logDir = plan.operations[1] as { owner?: string; mode?: number };
  assert.equal(logDir.owner, 'root');
  assert.equal(logDir.mode, 0o755);
  const config = plan.operations.find((op) => op.kind === 'write' && op.path === '/etc/supervisord.conf') as { mode: number; content: string };
  assert.equal(config.mode, 0o600, 'a config holding a password hash is private');
  assert.equal(planInit({ ...systemAnswers, web: false }).operations.find((op) => op.kind === 'write' && op.path.endsWith('.conf'))!.kind, 'write');
  assert.deepEqual(setupRecordOf(systemAnswers).serverUrl, 'unix:///run/svwiz.sock');
});

test('the main config: socket in /run, both include patterns, {SHA} password, user=root only in system mode', () => {
  const text = renderSupervisordConf(systemAnswers);
  assert.match(text, /^\[unix_http_server\]\nfile=\/run\/svwiz\.sock\nchmod=0700$/m);
  assert.match(text, /^files=\/etc\/svwiz\/conf\.d\/\*\.ini \/etc\/svwiz\/conf\.d\/\*\.conf$/m);
  assert.match(text, /^password=\{SHA\}a94a8fe5ccb19ba61c4c0873d391e987982fbbd3$/m);
  assert.match(text, /^port=127\.0\.0\.1:9001$/m);
  assert.match(text, /^user=root$/m);
  assert.match(text, /^serverurl=unix:\/\/\/run\/svwiz\.sock$/m);
  assert.match(text, /^supervisor\.rpcinterface_factory=supervisor\.rpcinterface:make_main_rpcinterface$/m);
  assert.doesNotMatch(renderSupervisordConf({ ...systemAnswers, mode: 'user' }), /^user=/m);
  assert.doesNotMatch(renderSupervisordConf({ ...systemAnswers, web: false }), /inet_http_server/);
  assert.match(renderSupervisordConf({ ...systemAnswers, webHost: '::1' }), /^port=\[::1\]:9001$/m);
});

const program: ProgramAnswers = {
  name: 'ngrok_py',
  command: '/usr/bin/python3 /opt/bin/ngrok/ngrok.py --arg',
  directory: '/opt/bin/ngrok',
  user: 'pi',
  autostart: true,
  autorestart: 'true',
  startsecs: 5,
  startretries: 3,
  priority: 1,
  stdoutLogfile: '/var/log/svwiz/ngrok_py.out.log',
  stderrLogfile: '/var/log/svwiz/ngrok_py.err.log',
  redirectStderr: false,
  logMaxbytes: '1MB',
  logBackups: 10,
  environment: [['PYTHONPATH', '/home/pi/ie/python3.5/'], ['LD_LIBRARY_PATH', '/home/pi/ie/lib:/x']],
  stopAsGroup: false,
};

test('planAddProgram writes INCLUDE_DIR/NAME.ini (the seed program, without typing a key)', () => {
  const plan = planAddProgram(program, '/etc/svwiz/conf.d');
  assert.deepEqual(plan.operations.map((op) => [op.kind, 'path' in op ? op.path : '']), [
    ['mkdir', '/var/log/svwiz'],
    ['write', '/etc/svwiz/conf.d/ngrok_py.ini'],
  ]);
  const text = renderProgramIni(program);
  for (const line of [
    '[program:ngrok_py]',
    'command=/usr/bin/python3 /opt/bin/ngrok/ngrok.py --arg',
    'directory=/opt/bin/ngrok',
    'user=pi',
    'startsecs=5',
    'stdout_logfile_maxbytes=1MB',
    'stderr_logfile=/var/log/svwiz/ngrok_py.err.log',
    'environment=PYTHONPATH="/home/pi/ie/python3.5/",LD_LIBRARY_PATH="/home/pi/ie/lib:/x"',
  ]) {
    assert.ok(text.split('\n').includes(line), line);
  }
  const redirected = renderProgramIni({ ...program, redirectStderr: true, environment: [], stopAsGroup: true, command: "/bin/sh -c 'a | b'" });
  assert.doesNotMatch(redirected, /stderr_logfile/);
  assert.doesNotMatch(redirected, /environment/);
  assert.match(redirected, /^stopasgroup=true$/m);
  assert.match(redirected, /^killasgroup=true$/m);
  assert.match(renderProgramIni({ ...program, command: 'printf 100%' }), /^command=printf 100%%$/m);
});

test('environment= values are quoted the way 4.2 reads them back', () => {
  const cases: [[string, string][], string | RegExp][] = [
    [[['A', '1']], 'A="1"'],
    [[['A', 'x y'], ['B', '']], 'A="x y",B=""'],
    [[['Q', 'say "hi"']], `Q='say "hi"'`],
    [[['BAD', `it's "x"`]], /cannot express/],
    [[['1BAD', 'x']], /cannot be written/],
  ];
  for (const [pairs, expected] of cases) {
    if (typeof expected === 'string') assert.equal(renderEnvironment(pairs), expected);
    else assert.throws(() => renderEnvironment(pairs), expected);
  }
});

test('planRemoveProgram unlinks exactly the files given', () => {
  assert.deepEqual(planRemoveProgram('web', ['/etc/svwiz/conf.d/web.ini']).operations, [
    { kind: 'unlink', path: '/etc/svwiz/conf.d/web.ini', reason: 'program web' },
  ]);
});

test('program names, env flags and default directories', () => {
  const names: [string, boolean][] = [['web', true], ['my app', false], ['a:b', false], ['a/b', false], ['', false], ['-x', false], ['ngrok_py', true]];
  for (const [name, ok] of names) assert.equal(validateProgramName(name) === true, ok, name);
  assert.deepEqual(parseEnvFlag(['A=1', 'B=x=y']), [['A', '1'], ['B', 'x=y']]);
  assert.throws(() => parseEnvFlag(['nope']), /KEY=VALUE/);
  assert.equal(defaultDirectory('/usr/bin/python3 /opt/app/main.py'), '/opt/app');
  assert.equal(defaultDirectory('/usr/local/bin/node-red'), null);
  assert.equal(defaultDirectory('/opt/app/run --x'), '/opt/app');
  assert.equal(defaultDirectory('python3 main.py'), null);
});

test('defaults: layout per mode and the service that fits PID 1', () => {
  assert.equal(defaultLayout('system', '/root', null).socketFile, '/run/svwiz.sock');
  assert.equal(defaultLayout('user', '/home/pi', '/run/user/1000').socketFile, '/run/user/1000/svwiz.sock');
  assert.equal(defaultLayout('user', '/home/pi', null).configFile, '/home/pi/.config/svwiz/supervisord.conf');
  const init = (kind: 'systemd' | 'sysv' | 'none' | 'openrc') => ({ initSystem: { kind, pid1: null, container: null, evidence: [] } });
  const table: [ReturnType<typeof init>, 'system' | 'user', string][] = [
    [init('systemd'), 'system', 'systemd'],
    [init('systemd'), 'user', 'systemd-user'],
    [init('sysv'), 'system', 'sysv'],
    [init('sysv'), 'user', 'none'],
    [init('none'), 'system', 'none'],
    [init('openrc'), 'system', 'none'],
  ];
  for (const [facts, mode, expected] of table) assert.equal(defaultServiceKind(facts, mode), expected);
});
