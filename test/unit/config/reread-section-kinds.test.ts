/**
 * reread of [eventlistener:x] and [fcgi-program:x] groups: each pair of configs is loaded by our
 * loader and by Python Supervisor 4.2.5, and our diff must call the group changed exactly when
 * Supervisor's `new != old` does (SECTION_KIND_KEYS in program-keys.ts names what is compared).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadSupervisorConfigSync } from '../../../src/config/load.js';
import { diffGroups, groupsOfModel } from '../../../src/daemon/config-diff.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

const dir = makeTempDir('rrk');
after(() => removeTempDir(dir));
const base = `[supervisord]\nlogfile=${dir}/l\npidfile=${dir}/p\n\n`;
const fcgi = (extra: string) => `[fcgi-program:f]\ncommand=/bin/cat\nsocket=tcp://127.0.0.1:9000\n${extra}`;
const pool = (extra: string) => `[eventlistener:f]\ncommand=/bin/cat\nevents=TICK_5\n${extra}`;

const PAIRS: [string, string, string][] = [
  ['same fcgi-program', fcgi(''), fcgi('')],
  ['socket moved', fcgi(''), fcgi('').replace(':9000', ':9001')],
  ['socket_backlog (not part of socket equality)', fcgi(''), fcgi('socket_backlog=5\n')],
  ['socket_mode on a unix socket', '[fcgi-program:f]\ncommand=/bin/cat\nsocket=unix:///tmp/f.sock\n', '[fcgi-program:f]\ncommand=/bin/cat\nsocket=unix:///tmp/f.sock\nsocket_mode=0700\n'],
  ['program became fcgi-program', '[program:f]\ncommand=/bin/cat\n', fcgi('')],
  ['fcgi-program became program', fcgi(''), '[program:f]\ncommand=/bin/cat\n'],
  ['same pool', pool(''), pool('')],
  ['default result_handler written out', pool(''), pool('result_handler=supervisor.dispatchers:default_handler\n')],
  ['default result_handler with spaces', pool(''), pool('result_handler=supervisor.dispatchers : default_handler\n')],
  ['another result_handler', pool(''), pool('result_handler=json:dumps\n')],
  ['events', pool(''), pool('').replace('TICK_5', 'TICK_60')],
  ['buffer_size', pool(''), pool('buffer_size=20\n')],
];

function write(name: string, section: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, base + section);
  return file;
}

test('reread of pools and fcgi groups agrees with Python Supervisor 4.2.5', () => {
  const files = PAIRS.map(([, before, afterwards], i) => [write(`${i}-old.conf`, before), write(`${i}-new.conf`, afterwards)] as const);
  const python = JSON.parse(
    execFileSync('/usr/bin/python3', ['-c', [
      'import json, sys',
      'from supervisor.options import ServerOptions',
      'def group(f):',
      '    o = ServerOptions(); o.realize(args=["-c", f]); return o.process_group_configs[0]',
      'print(json.dumps([group(new) != group(old) for old, new in json.loads(sys.argv[1])]))',
    ].join('\n'), JSON.stringify(files)], { encoding: 'utf8' }),
  ) as boolean[];
  assert.deepEqual(python.filter(Boolean).length, 6, 'the table holds both outcomes');
  const ours = files.map(([old, next]) => {
    const load = (file: string) => groupsOfModel(loadSupervisorConfigSync(file, { env: {} }));
    return diffGroups(load(old), load(next)).changed.length > 0;
  });
  assert.deepEqual(Object.fromEntries(PAIRS.map(([label], i) => [label, ours[i]])), Object.fromEntries(PAIRS.map(([label], i) => [label, python[i]])));
});
