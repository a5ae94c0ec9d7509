/** `metrics_auth` (issue 17): absent by default, read as a boolean per server section, bad values named by file:line and key. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/errors.js';
import { tempConfigLoader } from '../../helpers/config-files.js';

const { dir, load } = tempConfigLoader('svwmetk');

test('absent: no field in the model (a config without the key reads as before)', () => {
  const model = load(`[unix_http_server]\nfile=${dir}/s.sock\n[inet_http_server]\nport=127.0.0.1:9001\n`).model();
  assert.equal('metricsAuth' in model.unixHttpServers[0]!, false);
  assert.equal('metricsAuth' in model.inetHttpServers[0]!, false);
});

test('read per section as a boolean, and known (no unknown-key warning)', () => {
  const model = load(`[unix_http_server]\nfile=${dir}/s.sock\nmetrics_auth=no\n[inet_http_server]\nport=127.0.0.1:9001\nmetrics_auth=true\n`).model();
  assert.equal(model.unixHttpServers[0]!.metricsAuth, false);
  assert.equal(model.inetHttpServers[0]!.metricsAuth, true);
  assert.deepEqual(model.warnings, []);
});

test('a bad value names file, line, key and what is valid', () => {
  const { file, model } = load('[inet_http_server]\nport=127.0.0.1:9001\nmetrics_auth=open\n');
  assert.throws(model, (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:6: \\[inet_http_server\\] metrics_auth: not a valid boolean value: 'open' \\(valid: true/false`));
    return true;
  });
});
