/** One signal table: the config's short names, the daemon's SIG names and RPC lookups agree with Python. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lookupSignal, signalShortName, signame } from '../../../src/config/signals.js';
import { signalName as configSignalName, signalNumber as configSignalNumber } from '../../../src/config/datatypes.js';
import { describeExit, signalName as daemonSignalName, signalNumber as daemonSignalNumber } from '../../../src/daemon/signal-names.js';

const values = ['1', 'HUP', 'sigterm', ' term ', 'IOT', 'CLD', 'POLL', 'IO', 'rtmin', 'RTMAX', '0', '_DFL', '32', '40', 'NOPE'];

/** Supervisor 4.2.5's own answers (Debian's python3 holds the module). */
function pythonAnswers(): Record<string, string> {
  const script = `
import json, sys
from supervisor.datatypes import signal_number
from supervisor.options import signame
out = {}
for v in json.loads(sys.argv[1]):
    try: out[v] = str(signal_number(v))
    except ValueError as e: out[v] = 'name' if 'name' in str(e) else 'number'
for n in range(0, 70): out['#' + str(n)] = signame(n)
print(json.dumps(out))`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, JSON.stringify(values)], { encoding: 'utf8' }));
}

test("lookups and names are Supervisor's, number for number", () => {
  const python = pythonAnswers();
  for (const value of values) {
    const ours = lookupSignal(value);
    assert.equal(typeof ours === 'number' ? String(ours) : ours.replace('invalid-', ''), python[value], value);
  }
  for (let n = 0; n < 70; n++) assert.equal(signame(n), python[`#${n}`], `signame(${n})`);
});

test('both output forms come from the one table', () => {
  for (const n of [1, 6, 9, 15, 17, 29, 34, 64]) {
    assert.equal(signame(n), `SIG${signalShortName(n)}`);
    assert.equal(daemonSignalName(n), signame(n));
    assert.equal(configSignalName(n), signalShortName(n));
  }
  assert.equal(configSignalName(15), 'TERM');
  assert.equal(daemonSignalName(15), 'SIGTERM');
  assert.equal(daemonSignalName(29), 'SIGPOLL', 'the daemon used to say SIGIO; Supervisor says SIGPOLL');
  assert.equal(describeExit(null, 'SIGIO').message, 'terminated by SIGPOLL');
  assert.equal(describeExit(null, 'SIGTERM').message, 'terminated by SIGTERM');
});

test('the config and the RPC accept and reject the same values', () => {
  for (const value of values) {
    let config: number | undefined;
    try {
      config = configSignalNumber(value);
    } catch {
      config = undefined;
    }
    assert.equal(daemonSignalNumber(value), config, value);
  }
  assert.equal(daemonSignalNumber(40), undefined, 'Supervisor refuses 40 (BAD_SIGNAL); the daemon used to accept 1-64');
  assert.throws(() => configSignalNumber('NOPE'), /not a valid signal name/);
  assert.throws(() => configSignalNumber('40'), /not a valid signal number/);
});
