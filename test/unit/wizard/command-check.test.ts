import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { firstWord, inspectCommand, scriptArgument } from '../../../src/wizard/command-check.js';
import { shellQuote, wrapInShell } from '../../../src/shell/quote.js';
import { detectShellSyntax } from '../../../src/shell/shell-syntax.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

test('shell syntax that Supervisor would pass literally is found; quoted text is not', () => {
  const cases: [string, string[]][] = [
    ['/usr/bin/python3 app.py --arg', []],
    ['cat log | grep x', ['|']],
    ['cd /opt && ./run', ['&&']],
    ['./run > out.log 2>&1', ['>']],
    ['a || b', ['||']],
    ['a; b', [';']],
    ['echo $HOME', ['$VAR']],
    ['echo "$(date)"', ['$(']],
    ["echo 'a | b && c > d'", []],
    ['echo "a | b"', []],
    ['echo a\\|b', []],
    ['~/bin/app', ['~']],
    ['run *.txt', ['*']],
    ['server &', ['&']],
  ];
  for (const [command, tokens] of cases) {
    assert.deepEqual(detectShellSyntax(command).map((f) => f.token), tokens, command);
  }
});

test('wrapping in sh -c quotes so that shlex gives back the command', () => {
  assert.equal(wrapInShell('a | b'), "/bin/sh -c 'a | b'");
  assert.equal(wrapInShell("echo 'x' && y"), `/bin/sh -c 'echo '\\''x'\\'' && y'`);
  assert.equal(shellQuote('/plain/path'), '/plain/path');
});

test('first word and script argument', () => {
  assert.equal(firstWord('  "/opt/my app/run" --x'), '/opt/my app/run');
  assert.equal(firstWord("'/a b' c"), '/a b');
  assert.equal(scriptArgument('/usr/bin/python3 -u /opt/x/app.py --flag'), '/opt/x/app.py');
  assert.equal(scriptArgument('/opt/x/run --flag'), null);
  assert.equal(scriptArgument("/bin/sh -c 'tail -F x | grep y'"), null);
  assert.equal(scriptArgument('python3 -m http.server 8000'), null);
});

test('inspectCommand resolves with which and checks the #! interpreter', () => {
  const dir = makeTempDir('wzc');
  try {
    const ok = path.join(dir, 'ok.sh');
    writeFileSync(ok, '#!/bin/sh\necho hi\n');
    chmodSync(ok, 0o755);
    const bad = path.join(dir, 'bad.py');
    writeFileSync(bad, '#!/usr/bin/env python9\n');
    chmodSync(bad, 0o755);
    const noexec = path.join(dir, 'noexec.sh');
    writeFileSync(noexec, '#!/bin/sh\n');

    const good = inspectCommand(`${ok} --x`, '/usr/bin:/bin');
    assert.deepEqual(good.problems, []);
    assert.deepEqual(good.interpreter, { name: '/bin/sh', resolved: '/bin/sh' });

    const missingInterpreter = inspectCommand(bad, '/usr/bin:/bin');
    assert.equal(missingInterpreter.interpreter?.resolved, null);
    assert.match(missingInterpreter.problems[0], /python9/);

    assert.match(inspectCommand(noexec, '/usr/bin').problems[0], /not executable/);
    assert.match(inspectCommand('no-such-tool-xyz', '/usr/bin:/bin').problems[0], /not on the supervisor's PATH/);
    assert.equal(inspectCommand('sh -c true', '/usr/bin:/bin').resolved, '/usr/bin/sh');
    assert.match(inspectCommand(`/bin/sh ${dir}/missing.sh`, '/usr/bin').problems[0], /cannot be read/);
  } finally {
    removeTempDir(dir);
  }
});
