/**
 * intArgument is Python's int() of an XML-RPC argument (Supervisor's readLog and read/tail*Log):
 * every accepted and refused case checked against Debian's /usr/bin/python3 itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { intArgument } from '../../../src/daemon/int-argument.js';
import { RpcFault } from '../../../src/protocol/faults.js';
import type { XmlRpcValue } from '../../../src/protocol/types.js';
import { DEBIAN_PYTHON } from '../../helpers/python-supervisord.js';

const CASES: XmlRpcValue[] = [
  '0', '5', ' 7 ', '\t-3\n', '+12', '1_000', '007', '-0', '1.5', '', ' ', '1__0', '_1', '1_', '0x10', 'abc', '1e3',
  0, 42, -7, 2.9, -2.9, true, false, Number.NaN, Number.POSITIVE_INFINITY, [1], { a: 1 },
];

/** Python's own answer for each case: ['ok', n] or ['error', message]. */
function pythonAnswers(): ([ 'ok', number ] | ['error', string])[] {
  const script = String.raw`
import json, sys
out = []
for value in json.loads(sys.stdin.read()):
    if isinstance(value, dict) and '__float__' in value:
        value = float(value['__float__'])
    try:
        out.append(['ok', int(value)])
    except (ValueError, TypeError, OverflowError) as error:
        out.append(['error', str(error)])
print(json.dumps(out))
`;
  const encoded = CASES.map((value) => (typeof value === 'number' && !Number.isFinite(value) ? { __float__: String(value).replace('Infinity', 'inf') } : value));
  return JSON.parse(execFileSync(DEBIAN_PYTHON, ['-c', script], { input: JSON.stringify(encoded), encoding: 'utf8' })) as ([ 'ok', number ] | ['error', string])[];
}

test("intArgument accepts and refuses exactly what Python's int() does", () => {
  const answers = pythonAnswers();
  assert.equal(answers.length, CASES.length);
  CASES.forEach((value, index) => {
    const expected = answers[index];
    if (expected[0] === 'ok') {
      assert.equal(intArgument('offset', value), expected[1], JSON.stringify(value));
    } else {
      assert.throws(
        () => intArgument('offset', value),
        (error: unknown) => error instanceof RpcFault && error.faultCode === 2 && error.faultString === `INCORRECT_PARAMETERS: offset: ${expected[1]}`,
        `${JSON.stringify(value)} → ${expected[1]}`,
      );
    }
  });
});
