/** The one table of [program:x] keys, checked against Supervisor 4.2.5 itself. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { PROGRAM_KEYS, PROGRAM_KEY_NAMES, REREAD_FIELDS, programKeysOfKind } from '../../../src/config/program-keys.js';
import { KNOWN_KEYS } from '../../../src/config/validate.js';

const python = (code: string): string[] => JSON.parse(execFileSync('/usr/bin/python3', ['-c', `import json\n${code}`], { encoding: 'utf8' }));

test("reread compares exactly Supervisor's ProcessConfig fields", () => {
  const fields = python('from supervisor.options import ProcessConfig\nprint(json.dumps(ProcessConfig.req_param_names + ProcessConfig.optional_param_names))');
  assert.deepEqual([...REREAD_FIELDS].sort(), [...fields].sort());
});

test('every key Supervisor reads in [program:x] is in the table, and nothing else', () => {
  // The keys _processes_from_section asks get() for, read from its source: literal names, and the
  // `'%s_logfile' % k` family it builds for stdout and stderr.
  const keys = python(
    [
      'import inspect, re',
      'from supervisor.options import ServerOptions',
      'src = inspect.getsource(ServerOptions._processes_from_section)',
      "literal = re.findall(r\"get\\(section, *'([a-z_]+)'\", src)",
      "built = [k + '_' + s for s in re.findall(r\"'%s_([a-z_]+)' % k\", src) for k in ('stdout', 'stderr')]",
      'print(json.dumps(sorted(set(literal + built))))',
    ].join('\n'),
  );
  assert.ok(keys.length > 25, `read ${keys.length} keys from Supervisor's source`);
  assert.deepEqual([...PROGRAM_KEY_NAMES].sort(), keys);
  assert.equal(new Set(PROGRAM_KEY_NAMES).size, PROGRAM_KEY_NAMES.length);
  assert.deepEqual(KNOWN_KEYS.program, PROGRAM_KEY_NAMES, 'validation reads the same table');
});

test('value kinds the config-values check tests', () => {
  assert.deepEqual(programKeysOfKind('boolean'), ['autostart', 'stopasgroup', 'killasgroup', 'redirect_stderr', 'stdout_events_enabled', 'stdout_syslog', 'stderr_events_enabled', 'stderr_syslog']);
  assert.deepEqual(programKeysOfKind('integer'), ['numprocs', 'numprocs_start', 'priority', 'startsecs', 'startretries', 'stopwaitsecs', 'stdout_logfile_backups', 'stderr_logfile_backups']);
  assert.deepEqual(programKeysOfKind('autorestart'), ['autorestart']);
  assert.equal(PROGRAM_KEYS.find((k) => k.key === 'user')?.reread, 'uid');
});
