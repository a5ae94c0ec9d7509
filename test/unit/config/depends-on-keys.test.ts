/** depends_on / depends_on_timeout in the config model (issue 17): names, defaults, unknown names and cycles at file:line:key. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dependencyEdges } from '../../../src/config/depends-on.js';
import { ConfigError } from '../../../src/errors.js';
import { sameProcessConfig } from '../../../src/daemon/config-diff.js';
import { processConfig } from '../../helpers/daemon-config.js';
import { tempConfigLoader } from '../../helpers/config-files.js';

const { load } = tempConfigLoader('svwdep');

test('without the keys there is no dependsOn; with them, names and the 60 s default timeout', () => {
  assert.equal(load('[program:a]\ncommand=/bin/true\n').model().processes[0]!.dependsOn, undefined);
  const model = load('[program:a]\ncommand=/bin/true\n[program:b]\ncommand=/bin/true\ndepends_on = a ,\n').model();
  const b = model.processes.find((process) => process.name === 'b')!;
  assert.deepEqual(b.dependsOn, { names: ['a'], timeoutSeconds: 60, section: 'program:b' });
  assert.equal(model.warnings.filter((warning) => /depends_on/.test(warning.message)).length, 0);
});

test('names: a group (all its processes), group:process, and a unique process name', () => {
  const model = load(
    [
      '[program:w]\ncommand=/bin/true\nnumprocs=2\nprocess_name=%(program_name)s_%(process_num)d',
      '[program:db]\ncommand=/bin/true',
      '[group:g]\nprograms=db',
      '[program:app]\ncommand=/bin/true\ndepends_on=w, g:db\ndepends_on_timeout=5',
      '[program:ui]\ncommand=/bin/true\ndepends_on=db',
      '',
    ].join('\n'),
  ).model();
  const edges = dependencyEdges(model.processes, model.groups);
  assert.deepEqual(edges.get('app:app'), ['w:w_0', 'w:w_1', 'g:db']);
  assert.deepEqual(edges.get('ui:ui'), ['g:db']);
  assert.equal(model.processes.find((process) => process.name === 'app')!.dependsOn!.timeoutSeconds, 5);
});

test('errors name file, line, section and key', () => {
  const cases: [string, RegExp][] = [
    ['[program:a]\ncommand=/bin/true\ndepends_on=b\n[program:b]\ncommand=/bin/true\ndepends_on=a\n', /:6: \[program:a\] depends_on: dependency cycle: a:a → b:b → a:a/],
    ['[program:a]\ncommand=/bin/true\ndepends_on=nope\n', /:6: \[program:a\] depends_on: unknown dependency 'nope' \(valid: /],
    ['[program:a]\ncommand=/bin/true\ndepends_on=a\n', /:6: \[program:a\] depends_on: 'a' is this program itself/],
    ['[program:a]\ncommand=/bin/true\ndepends_on_timeout=0\n', /:6: \[program:a\] depends_on_timeout: 0 is not greater than 0 \(valid: a whole number of seconds above 0\)/],
  ];
  for (const [text, pattern] of cases) {
    const { file, model } = load(text);
    assert.throws(model, (error: unknown) => error instanceof ConfigError && pattern.test(error.message) && error.message.startsWith(file), text);
  }
});

test('reread sees a changed depends_on or timeout as a changed program', () => {
  const dependsOn = { names: ['a'], timeoutSeconds: 60, section: 'program:b' };
  const same = (left: object, right: object) => sameProcessConfig(processConfig('b', '/bin/true', left), processConfig('b', '/bin/true', right));
  assert.equal(same({ dependsOn }, { dependsOn: { ...dependsOn } }), true);
  assert.equal(same({ dependsOn }, {}), false);
  assert.equal(same({ dependsOn }, { dependsOn: { ...dependsOn, names: ['a', 'c'] } }), false);
  assert.equal(same({ dependsOn }, { dependsOn: { ...dependsOn, timeoutSeconds: 5 } }), false);
});
