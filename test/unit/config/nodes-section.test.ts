/** `[node:x]` sections in the config model: absent by default, read when set, bad values named by file:line and key. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/errors.js';
import { tempConfigLoader } from '../../helpers/config-files.js';

const { dir, load } = tempConfigLoader('svwnode');

test('a config without [node:x] has no nodes', () => {
  assert.equal(load('[program:a]\ncommand=/bin/true\n').model().nodes, undefined);
});

test('[node:x] sections are read in file order, with the default timeout, and are known sections', () => {
  const model = load(
    '[node:kitchen]\nserverurl=http://192.0.2.7:9001\nusername=admin\npassword=pw\n[node:local-py]\nserverurl=unix:///run/supervisor.sock\ntimeout=1.5\n',
  ).model();
  assert.deepEqual(model.nodes, [
    { name: 'kitchen', serverUrl: 'http://192.0.2.7:9001', auth: { username: 'admin', password: 'pw' }, timeoutSeconds: 3 },
    { name: 'local-py', serverUrl: 'unix:///run/supervisor.sock', timeoutSeconds: 1.5 },
  ]);
  assert.deepEqual(model.warnings, []);
});

test('an unknown key in [node:x] is a warning naming it, as for any section', () => {
  const model = load('[node:a]\nserverurl=http://127.0.0.1:9001\nhost=127.0.0.1\n').model();
  assert.equal(model.warnings.length, 1);
  assert.match(model.warnings[0]!.message, /host/);
});

const cases: [string, string | undefined, RegExp][] = [
  ['[node:a]\nusername=x\npassword=y\n', undefined, /\[node:a\] has no serverurl \(valid: serverurl = unix:\/\/\/path/],
  ['[node:a]\nserverurl=https://example.org:9001\n', 'serverurl', /https: is not a protocol supervisors serve XML-RPC on/],
  ['[node:a]\nserverurl=kitchen:9001\n', 'serverurl', /is not a protocol|is not a URL/],
  ['[node:a]\nserverurl=http://admin:pw@127.0.0.1:9001\n', 'serverurl', /credentials belong in username= and password=/],
  ['[node:a]\nserverurl=http://127.0.0.1:9001\nusername=admin\n', 'username', /sets username without password \(valid: both, or neither\)/],
  ['[node:a]\nserverurl=http://127.0.0.1:9001\ntimeout=0\n', 'timeout', /valid: seconds above 0, at most 60/],
  ['[node:a]\nserverurl=http://127.0.0.1:9001\ntimeout=soon\n', 'timeout', /valid: seconds above 0/],
  ['[node:]\nserverurl=http://127.0.0.1:9001\n', undefined, /needs a name without spaces or slashes/],
];
for (const [text, key, message] of cases) {
  test(`bad [node:x] (${message.source.slice(0, 40)}) is a config error naming the file, line and key`, () => {
    const { file, model } = load(text);
    assert.throws(model, (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.key, key);
      assert.equal(error.position?.file, file);
      assert.ok((error.position?.line ?? 0) > 3, `line ${error.position?.line}`);
      assert.match(error.message, message);
      return true;
    });
  });
}
