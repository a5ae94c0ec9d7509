import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { resolveLogtailTarget } from '../../../src/rpc/logtail.js';
import { pythonStr, signalText } from '../../../src/rpc/python-str.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

const dir = makeTempDir('svw-ltt');
after(() => removeTempDir(dir));
const files: Record<string, string> = {
  'web:stdout': path.join(dir, 'web.out'),
  'web:stderr': path.join(dir, 'web.err'),
  'g:w 1:stdout': path.join(dir, 'gw1.out'),
};
for (const file of Object.values(files)) writeFileSync(file, 'x');
const hooks = {
  processLogPath: (name: string, channel: 'stdout' | 'stderr') => files[`${name}:${channel}`],
  mainLogPath: () => path.join(dir, 'missing-main.log'),
};

test('which file a log-tail URL names', () => {
  const cases: [string, string | undefined, boolean?][] = [
    ['/logtail/web', files['web:stdout'], true],
    ['/logtail/web/stdout', files['web:stdout'], true],
    ['/logtail/web/stderr', files['web:stderr'], true],
    ['//logtail/web/stderr?x=1', files['web:stderr'], true],
    ['/logtail/g%3Aw%201/stdout', files['g:w 1:stdout'], true],
    ['/logtail/web/other', undefined],
    ['/logtail/web/stderr/extra', undefined],
    ['/logtail/nope', undefined],
    ['/logtail', undefined],
    ['/logtail/%zz', undefined],
    ['/mainlogtail', undefined], // configured but not on disk yet: 404, as Supervisor
  ];
  for (const [url, expected, accel] of cases) {
    const target = resolveLogtailTarget(url, hooks);
    if (expected === undefined) assert.equal(target.kind, 'not-found', url);
    else assert.deepEqual(target, { kind: 'found', path: expected, accelHeader: accel }, url);
  }
});

test('python str() of decoded values, and signal arguments', () => {
  assert.equal(pythonStr(5), '5');
  assert.equal(pythonStr(true), 'True');
  assert.equal(pythonStr(2.5), '2.5');
  assert.equal(pythonStr([1, 'a']), "[1, 'a']");
  assert.equal(pythonStr({ a: 'b' }), "{'a': 'b'}");
  // Python: str(["it's", 'a\nb', {"k'": 'v'}])
  assert.equal(pythonStr(["it's", 'a\nb', { "k'": 'v' }]), `["it's", 'a\\nb', {"k'": 'v'}]`);
  assert.equal(signalText(9), '9');
  assert.equal(signalText(9.7), '9');
  assert.equal(signalText('HUP'), 'HUP');
  assert.throws(() => signalText([]), TypeError);
});
