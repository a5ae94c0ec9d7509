/** The one PATH walk (shell `which` and Supervisor's command search) and the one #! reader. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readShebangLine, shebangInterpreter } from '../../../src/system/shebang.js';
import { firstAlongPath, supervisorCommandSearch, which, whichAll } from '../../../src/system/which.js';
import { resolveCommand } from '../../../src/daemon/command-resolve.js';
import { inspectCommand } from '../../../src/wizard/command-check.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

const dirs: string[] = [];
after(() => dirs.forEach(removeTempDir));

/** PATH a:b where a/tool exists but is not executable and b/tool is. */
function shadowedTool() {
  const base = makeTempDir('svwiz-which-');
  dirs.push(base);
  const a = path.join(base, 'a');
  const b = path.join(base, 'b');
  mkdirSync(a);
  mkdirSync(b);
  writeFileSync(path.join(a, 'tool'), '#!/bin/sh\n');
  chmodSync(path.join(a, 'tool'), 0o644);
  writeFileSync(path.join(b, 'tool'), '#!/bin/sh\n');
  chmodSync(path.join(b, 'tool'), 0o755);
  return { base, a, b, PATH: `${a}:${b}` };
}

test('which skips a non-executable file; Supervisor stops at it', () => {
  const { a, b, PATH } = shadowedTool();
  assert.equal(which('tool', PATH), path.join(b, 'tool'));
  assert.deepEqual(whichAll('tool', PATH), [path.join(b, 'tool')]);
  assert.equal(supervisorCommandSearch('tool', PATH.split(':')), path.join(a, 'tool'));
  assert.equal(supervisorCommandSearch('svwiz-no-such-tool', PATH.split(':')), undefined);
});

test('the daemon and the wizard give the answer Supervisor gives for a shadowed command', () => {
  const { a, PATH } = shadowedTool();
  assert.throws(() => resolveCommand('tool --x', PATH.split(':')), new RegExp(`command at '${a}/tool' is not executable`));
  const inspection = inspectCommand('tool --x', PATH);
  assert.equal(inspection.resolved, null);
  assert.match(inspection.problems[0]!, new RegExp(`^${a}/tool, the first 'tool' on the supervisor's PATH, is not executable`));
});

test('firstAlongPath keeps an empty PATH entry as the bare name (os.path.join), in order', () => {
  const seen: string[] = [];
  assert.equal(firstAlongPath('x', ['', '/a', '/b'], (c) => (seen.push(c), c === '/b/x' ? 1 : undefined))?.file, '/b/x');
  assert.deepEqual(seen, ['x', '/a/x', '/b/x']);
});

test('shebang lines: the one reader and the one interpreter rule', () => {
  const base = makeTempDir('svwiz-shebang-');
  dirs.push(base);
  const script = path.join(base, 'run');
  writeFileSync(script, '#!/usr/bin/env -S node --x\nconsole.log(1)\n');
  assert.equal(readShebangLine(script), '#!/usr/bin/env -S node --x');
  assert.equal(shebangInterpreter(readShebangLine(script)), 'node');
  writeFileSync(script, 'echo no shebang\n');
  assert.equal(readShebangLine(script), '');
  assert.equal(readShebangLine(path.join(base, 'missing')), '');
  writeFileSync(script, `#!${'x'.repeat(300)}`);
  assert.equal(readShebangLine(script).length, 256, 'only the first 256 bytes are read');
  const table: [string, string | null][] = [
    ['#!/bin/sh', '/bin/sh'],
    ['#! /usr/bin/python3 -u', '/usr/bin/python3'],
    ['#!/usr/bin/env python3', 'python3'],
    ['#!/usr/bin/env', null],
    ['#!', null],
    ['echo', null],
  ];
  for (const [line, expected] of table) assert.equal(shebangInterpreter(line), expected, line);
});
