import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ListenerProtocol, type ListenerEffect } from '../../../../src/daemon/events/listener-protocol.js';

/** Feed chunks; `busy` marks an event sent before the chunk at that index. */
function run(chunks: string[], busyBefore: number[] = []): { effects: string[]; state: string } {
  const protocol = new ListenerProtocol();
  const effects: string[] = [];
  const show = (effect: ListenerEffect): string =>
    effect.kind === 'state' ? `${effect.from}->${effect.to}` : effect.kind === 'result' ? (effect.accepted ? 'OK' : 'FAIL') : `bad:${effect.line}`;
  chunks.forEach((chunk, i) => {
    if (busyBefore.includes(i)) protocol.markBusy();
    effects.push(...protocol.feed(Buffer.from(chunk)).map(show));
  });
  return { effects, state: protocol.state };
}

test('listener protocol: states and results as Supervisor reads them', () => {
  const table: [string, string[], number[], string[], string][] = [
    ['READY in one piece', ['READY\n'], [], ['ACKNOWLEDGED->READY'], 'READY'],
    ['READY split', ['REA', 'DY\n'], [], ['ACKNOWLEDGED->READY'], 'READY'],
    ['anything else first', ['HELLO!\n'], [], ['ACKNOWLEDGED->UNKNOWN'], 'UNKNOWN'],
    ['output while READY', ['READY\n', 'x'], [], ['ACKNOWLEDGED->READY', 'READY->UNKNOWN'], 'UNKNOWN'],
    ['OK then READY in one chunk', ['READY\n', 'RESULT 2\nOKREADY\n'], [1], ['ACKNOWLEDGED->READY', 'OK', 'BUSY->ACKNOWLEDGED', 'ACKNOWLEDGED->READY'], 'READY'],
    ['FAIL', ['READY\n', 'RESULT 4\nFAIL'], [1], ['ACKNOWLEDGED->READY', 'FAIL', 'BUSY->ACKNOWLEDGED'], 'ACKNOWLEDGED'],
    ['result split over chunks', ['READY\n', 'RESULT', ' 2\nO', 'K'], [1], ['ACKNOWLEDGED->READY', 'OK', 'BUSY->ACKNOWLEDGED'], 'ACKNOWLEDGED'],
    ['any other result is a rejection', ['READY\n', 'RESULT 3\nok!'], [1], ['ACKNOWLEDGED->READY', 'FAIL', 'BUSY->ACKNOWLEDGED'], 'ACKNOWLEDGED'],
    ['the prefix is not checked', ['READY\n', 'XXXXXX 2\nOK'], [1], ['ACKNOWLEDGED->READY', 'OK', 'BUSY->ACKNOWLEDGED'], 'ACKNOWLEDGED'],
    ['bad length', ['READY\n', 'RESULT x\n'], [1], ['ACKNOWLEDGED->READY', 'bad:RESULT x', 'BUSY->UNKNOWN'], 'UNKNOWN'],
    ['negative length', ['READY\n', 'RESULT -1\n'], [1], ['ACKNOWLEDGED->READY', 'bad:RESULT -1', 'BUSY->UNKNOWN'], 'UNKNOWN'],
    ['RESULT 0 waits for more output', ['READY\n', 'RESULT 0\n'], [1], ['ACKNOWLEDGED->READY'], 'BUSY'],
    ['RESULT 0 then READY', ['READY\n', 'RESULT 0\n', 'READY\n'], [1], ['ACKNOWLEDGED->READY', 'FAIL', 'BUSY->ACKNOWLEDGED', 'ACKNOWLEDGED->READY'], 'READY'],
    ['UNKNOWN ignores everything', ['junk!!\n', 'READY\n'], [], ['ACKNOWLEDGED->UNKNOWN'], 'UNKNOWN'],
  ];
  for (const [what, chunks, busy, effects, state] of table) {
    const result = run(chunks, busy);
    assert.deepEqual(result.effects, effects, what);
    assert.equal(result.state, state, what);
  }
});
