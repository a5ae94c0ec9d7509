/** TimeoutStopSec from the config: one group after another, each its largest stopwaitsecs. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadSupervisorConfigSync } from '../../../src/config/load.js';
import { DEFAULT_STOP_TIMEOUT_SECS, STOP_MARGIN_SECS, stopTimeoutForConfig, stopTimeoutSecs } from '../../../src/service/stop-timeout.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

const dir = makeTempDir('stopto');
after(() => removeTempDir(dir));

function configWith(name: string, body: string): string {
  const file = path.join(dir, `${name}.conf`);
  writeFileSync(file, `[supervisord]\nlogfile=${dir}/s.log\npidfile=${dir}/s.pid\n${body}`);
  return file;
}

test('the sum over groups of each group\'s largest stopwaitsecs, plus the margin, never under 90 s', () => {
  const cases: [string, string, number][] = [
    ['no programs', '', DEFAULT_STOP_TIMEOUT_SECS],
    ['defaults stay at the floor', '[program:a]\ncommand=/bin/true\n[program:b]\ncommand=/bin/true\n', DEFAULT_STOP_TIMEOUT_SECS],
    // Three groups stopped one after another: 60 + 30 + 10 (default) + margin.
    ['separate programs add up', '[program:a]\ncommand=/bin/true\nstopwaitsecs=60\n[program:b]\ncommand=/bin/true\nstopwaitsecs=30\n[program:c]\ncommand=/bin/true\n', 60 + 30 + 10 + STOP_MARGIN_SECS],
    // Processes of one group stop together: only the largest counts (numprocs and [group:x]).
    ['numprocs count once', '[program:w]\ncommand=/bin/sleep 1\nprocess_name=%(program_name)s_%(process_num)s\nnumprocs=5\nstopwaitsecs=100\n', 100 + STOP_MARGIN_SECS],
    ['a [group:x] counts its largest', '[program:a]\ncommand=/bin/true\nstopwaitsecs=120\n[program:b]\ncommand=/bin/true\nstopwaitsecs=5\n[group:g]\nprograms=a,b\n', 120 + STOP_MARGIN_SECS],
  ];
  for (const [label, body, expected] of cases) {
    const file = configWith(label.replace(/\W+/g, '-'), body);
    assert.equal(stopTimeoutSecs(loadSupervisorConfigSync(file, { cwd: dir })), expected, label);
    assert.deepEqual(stopTimeoutForConfig(file, '/'), { secs: expected }, label);
  }
});

test('a config that is missing or under --root gives the default, one that does not load says why', () => {
  assert.deepEqual(stopTimeoutForConfig(path.join(dir, 'absent.conf'), '/'), { secs: DEFAULT_STOP_TIMEOUT_SECS });
  const big = configWith('big', '[program:a]\ncommand=/bin/true\nstopwaitsecs=500\n');
  assert.deepEqual(stopTimeoutForConfig(big, dir), { secs: DEFAULT_STOP_TIMEOUT_SECS });
  const broken = configWith('broken', '[program:a]\ncommand=/bin/true\nstopwaitsecs=soon\n');
  const result = stopTimeoutForConfig(broken, '/');
  assert.equal(result.secs, DEFAULT_STOP_TIMEOUT_SECS);
  assert.match(result.note ?? '', /broken\.conf does not load .*stopwaitsecs/);
});
