/** liveness_check_* (issue 17) in the config model: ochinchina's names and defaults, errors naming file:line and key. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadSupervisorConfigSync } from '../../../src/config/load.js';
import { parseLivenessProbe } from '../../../src/config/liveness-check-keys.js';
import { ConfigValueError } from '../../../src/config/datatypes.js';
import { assertConfigErrorAt } from '../../helpers/config-errors.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

const dir = makeTempDir('svwlive');
after(() => removeTempDir(dir));
let counter = 0;
const load = (text: string) => {
  const file = path.join(dir, `c${counter++}.conf`);
  writeFileSync(file, `[supervisord]\nlogfile=${dir}/l\npidfile=${dir}/p\n[program:a]\ncommand=/bin/true\n${text}`);
  return { file, model: () => loadSupervisorConfigSync(file, { env: { PATH: '/usr/bin:/bin' }, hostname: 'h' }) };
};

test('no liveness key: no liveness field', () => {
  assert.equal(load('').model().processes[0]!.liveness, undefined);
});

test("only the script: ochinchina's defaults, no warnings", () => {
  const model = load('liveness_check_script=http://127.0.0.1:8080/health\n').model();
  assert.deepEqual(model.processes[0]!.liveness, {
    probe: { kind: 'http', url: 'http://127.0.0.1:8080/health' },
    initialDelaySeconds: 60,
    periodSeconds: 60,
    timeoutSeconds: 30,
    failureThreshold: 3,
    successThreshold: 1,
    failureAction: 'restart',
    successAction: null,
  });
  assert.deepEqual(model.warnings, []);
});

test('every key read, the action keywords case-insensitive as in ochinchina', () => {
  const model = load(
    'liveness_check_script=tcp://127.0.0.1:6379\nliveness_check_initial_delay=0\nliveness_check_period=5\nliveness_check_timeout=2\nliveness_check_failure_threshold=4\nliveness_check_success_threshold=2\nliveness_check_failure_action=STOP\nliveness_check_success_action=logger ok\n',
  ).model();
  assert.deepEqual(model.processes[0]!.liveness, {
    probe: { kind: 'tcp', host: '127.0.0.1', port: 6379 },
    initialDelaySeconds: 0,
    periodSeconds: 5,
    timeoutSeconds: 2,
    failureThreshold: 4,
    successThreshold: 2,
    failureAction: 'stop',
    successAction: 'logger ok',
  });
  assert.deepEqual(model.warnings, []);
  assert.equal(load('liveness_check_script=true\nliveness_check_failure_action=/usr/local/bin/page-me web\n').model().processes[0]!.liveness?.failureAction, '/usr/local/bin/page-me web');
});

test('%(process_num)d gives each process of a numprocs program its own port', () => {
  const model = load('process_name=%(program_name)s_%(process_num)d\nnumprocs=2\nliveness_check_script=http://127.0.0.1:80%(process_num)02d/health\n').model();
  assert.deepEqual(
    model.processes.map((process) => [process.name, process.liveness?.probe]),
    [
      ['a_0', { kind: 'http', url: 'http://127.0.0.1:8000/health' }],
      ['a_1', { kind: 'http', url: 'http://127.0.0.1:8001/health' }],
    ],
  );
});

const probes: [string, unknown][] = [
  ['https://example.test/healthz', { kind: 'http', url: 'https://example.test/healthz' }],
  ['HTTP://127.0.0.1:1/', { kind: 'http', url: 'http://127.0.0.1:1/' }],
  ['tcp://[::1]:80', { kind: 'tcp', host: '::1', port: 80 }],
  ['tcp://localhost:65535/', { kind: 'tcp', host: 'localhost', port: 65535 }],
  ['/usr/local/bin/check.sh --quick', { kind: 'command', command: '/usr/local/bin/check.sh --quick' }],
  ['script:///opt/check.sh', { kind: 'command', command: '/opt/check.sh' }],
  ['  pgrep -x web  ', { kind: 'command', command: 'pgrep -x web' }],
];
for (const [text, probe] of probes) {
  test(`liveness_check_script ${JSON.stringify(text)} is ${JSON.stringify(probe)}`, () => assert.deepEqual(parseLivenessProbe(text), probe));
}
for (const bad of ['', 'tcp://127.0.0.1', 'tcp://127.0.0.1:0', 'tcp://host:99999', 'http://127.0.0.1:8080/ -H "X: y"', 'http://[bad']) {
  test(`liveness_check_script ${JSON.stringify(bad)} is refused`, () => assert.throws(() => parseLivenessProbe(bad), ConfigValueError));
}

const cases: [string, string, RegExp][] = [
  ['liveness_check_script=tcp://127.0.0.1\n', 'liveness_check_script', /valid: tcp:\/\/host:port/],
  ['liveness_check_script=http://127.0.0.1/ -d x\n', 'liveness_check_script', /words after the URL \(valid: a bare URL/],
  ['liveness_check_script=true\nliveness_check_period=0\n', 'liveness_check_period', /0 is below 1 \(valid: a whole number of seconds, 1 or more\)/],
  ['liveness_check_script=true\nliveness_check_initial_delay=-1\n', 'liveness_check_initial_delay', /valid: a whole number of seconds, 0 or more/],
  ['liveness_check_script=true\nliveness_check_timeout=soon\n', 'liveness_check_timeout', /valid: a whole number/],
  ['liveness_check_script=true\nliveness_check_failure_threshold=0\n', 'liveness_check_failure_threshold', /valid: a whole number of checks, 1 or more/],
  ['liveness_check_script=true\nliveness_check_success_threshold=x\n', 'liveness_check_success_threshold', /valid: a whole number/],
  ['liveness_check_period=10\n', 'liveness_check_period', /set without liveness_check_script \(valid: also set liveness_check_script/],
];
for (const [text, key, message] of cases) {
  test(`bad ${key} (${text.trim().split('\n').pop()}) is a config error naming the file, line and key`, () => {
    const { file, model } = load(text);
    assertConfigErrorAt(model, file, key, message, 5);
  });
}
