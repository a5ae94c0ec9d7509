import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCtlArgs } from '../../../src/ctl/argv.js';
import { UsageError } from '../../../src/errors.js';

const cases: [string[], Partial<ReturnType<typeof parseCtlArgs>>][] = [
  [[], { command: [], interactive: false }],
  [['status'], { command: ['status'] }],
  [['-c', 'f.conf', 'status', 'cat'], { configFile: 'f.conf', command: ['status', 'cat'] }],
  [['-cf.conf', 'status'], { configFile: 'f.conf', command: ['status'] }],
  [['-ic', 'f.conf'], { interactive: true, configFile: 'f.conf', command: [] }],
  [['--configuration=f.conf', 'pid'], { configFile: 'f.conf', command: ['pid'] }],
  [['--serv', 'unix:///x.sock', 'status'], { serverUrl: 'unix:///x.sock', command: ['status'] }],
  [['-s', 'http://localhost:9001', '-u', 'me', '-p', 'pw', 'version'], { serverUrl: 'http://localhost:9001', username: 'me', password: 'pw', command: ['version'] }],
  [['-r', 'hist'], { historyFile: 'hist' }],
  [['--history_file=h', 'status'], { historyFile: 'h', command: ['status'] }],
  // Options stop at the first action word: the rest belongs to the action.
  [['tail', '-f', 'cat'], { command: ['tail', '-f', 'cat'] }],
  [['--', '-x'], { command: ['-x'] }],
  [['--json', 'status'], { json: true, command: ['status'] }],
  [['--no-color', 'status'], { noColor: true }],
  [['-h'], { help: true }],
  [['-?'], { help: true }],
  [['--help'], { help: true }],
];

for (const [argv, expected] of cases) {
  test(`parseCtlArgs ${JSON.stringify(argv)}`, () => {
    const parsed = parseCtlArgs(argv);
    for (const [key, value] of Object.entries(expected)) assert.deepEqual(parsed[key as keyof typeof parsed], value, key);
  });
}

const errors: [string[], string][] = [
  [['-x'], 'option -x not recognized'],
  [['-c'], 'option -c requires argument'],
  [['--serverurl'], 'option --serverurl requires argument'],
  [['--interactive=1'], 'option --interactive must not have an argument'],
  [['--bogus'], 'option --bogus not recognized'],
  [['-c', 'a', '-c', 'b'], "conflicting command line option '-c'"],
  [['-s', 'nourl'], "invalid value for -s 'nourl': value 'nourl' is not a URL"],
];

for (const [argv, message] of errors) {
  test(`parseCtlArgs rejects ${JSON.stringify(argv)}`, () => {
    assert.throws(() => parseCtlArgs(argv), (error: unknown) => error instanceof UsageError && error.message === message && error.exitCode === 2);
  });
}
