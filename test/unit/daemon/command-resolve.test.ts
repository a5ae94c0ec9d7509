import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CommandProblem, resolveCommand, searchPath } from '../../../src/daemon/command-resolve.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

const dir = makeTempDir('svw-cmd');
after(() => removeTempDir(dir));

function problem(command: string, dirs: string[]): CommandProblem {
  try {
    resolveCommand(command, dirs);
  } catch (error) {
    if (error instanceof CommandProblem) return error;
    throw error;
  }
  throw new Error(`no problem for ${command}`);
}

test('resolveCommand searches PATH in order and keeps argv[0] as written', () => {
  mkdirSync(path.join(dir, 'bin1'));
  mkdirSync(path.join(dir, 'bin2'));
  writeFileSync(path.join(dir, 'bin2', 'tool'), '#!/bin/sh\n');
  chmodSync(path.join(dir, 'bin2', 'tool'), 0o755);
  const resolved = resolveCommand('tool --flag "a b"', [path.join(dir, 'bin1'), path.join(dir, 'bin2')]);
  assert.equal(resolved.filename, path.join(dir, 'bin2', 'tool'));
  assert.deepEqual(resolved.argv, ['tool', '--flag', 'a b']);
});

test('resolveCommand gives Supervisor spawnerr texts and fault kinds', () => {
  writeFileSync(path.join(dir, 'plain'), 'x');
  chmodSync(path.join(dir, 'plain'), 0o644);
  const cases: [string, string, string][] = [
    ['nosuchprogram-xyz', `can't find command 'nosuchprogram-xyz'`, 'NO_FILE'],
    [`${dir}/missing`, `can't find command '${dir}/missing'`, 'NO_FILE'],
    [dir, `command at '${dir}' is a directory`, 'NOT_EXECUTABLE'],
    [`${dir}/plain`, `command at '${dir}/plain' is not executable`, 'NOT_EXECUTABLE'],
    ['', 'command is empty', 'NOT_EXECUTABLE'],
    ['echo "x', `can't parse command 'echo "x': No closing quotation`, 'NOT_EXECUTABLE'],
  ];
  for (const [command, message, kind] of cases) {
    const error = problem(command, ['/nonexistent-dir']);
    assert.equal(error.message, message);
    assert.equal(error.kind, kind);
  }
});

test('searchPath prefers the program environment PATH, then the daemon PATH, then a default', () => {
  assert.deepEqual(searchPath({ PATH: '/a:/b' }, { PATH: '/c' }), ['/a', '/b']);
  assert.deepEqual(searchPath({ OTHER: '1' }, { PATH: '/c:/d' }), ['/c', '/d']);
  assert.deepEqual(searchPath(null, {}), ['/bin', '/usr/bin', '/usr/local/bin']);
});
