/** The one table of [program:x] keys, checked against Supervisor 4.2.5 itself. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { boolean, byteSize, integer } from '../../../src/config/datatypes.js';
import { SAMPLE_SUPERVISORD_CONF, sampleProgramKeys } from '../../../src/config/sample-config.js';
import { PROCESS_LIMIT_KEYS } from '../../../src/config/process-limits.js';
import { DEPENDS_ON_KEYS } from '../../../src/config/depends-on.js';
import { LIVENESS_CHECK_KEYS } from '../../../src/config/liveness-check-keys.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';
import {
  COMPARED_FIELDS,
  JSON_FIELDS,
  PROGRAM_SCHEMA,
  PROGRAM_KEYS,
  PROGRAM_KEY_NAMES,
  REREAD_FIELDS,
  SVWIZ_PROGRAM_KEY_NAMES as SVWIZ_PROGRAM_KEYS,
  programKeyDefault,
  programKeysOfKind,
} from '../../../src/config/program-keys.js';
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
  assert.deepEqual(KNOWN_KEYS.program, [...PROGRAM_KEY_NAMES, ...SVWIZ_PROGRAM_KEYS], "validation reads the same table, plus svwizd's own keys");
});

test('value kinds the config-values check tests', () => {
  // in the order Supervisor evaluates them
  assert.deepEqual(programKeysOfKind('boolean'), ['autostart', 'stopasgroup', 'killasgroup', 'redirect_stderr', 'stdout_events_enabled', 'stderr_events_enabled', 'stdout_syslog', 'stderr_syslog']);
  assert.deepEqual(programKeysOfKind('integer'), ['priority', 'startsecs', 'startretries', 'stopwaitsecs', 'numprocs', 'numprocs_start', 'stdout_logfile_backups', 'stderr_logfile_backups']);
  assert.deepEqual(programKeysOfKind('autorestart'), ['autorestart']);
  assert.equal(PROGRAM_KEYS.find((k) => k.key === 'user')?.reread, 'uid');
});

test("the table's defaults are what Supervisor 4.2.5 gives a program that sets nothing", () => {
  const dir = makeTempDir('pkd');
  try {
    const conf = path.join(dir, 'supervisord.conf');
    writeFileSync(conf, `[supervisord]\nlogfile=${dir}/s.log\npidfile=${dir}/s.pid\n\n[program:x]\ncommand=/bin/true\n`);
    const converters: Partial<Record<string, (value: string) => unknown>> = { integer, boolean, 'byte-size': byteSize };
    const compared = PROGRAM_KEYS.filter((k) => k.owner === 'supervisor' && k.reread && k.default !== null && converters[k.kind]);
    const fields = compared.map((k) => k.reread!);
    const values = python(
      [
        'from supervisor.options import ServerOptions',
        'o = ServerOptions()',
        `o.realize(args=['-c', ${JSON.stringify(conf)}])`,
        'p = o.process_group_configs[0].process_configs[0]',
        `print(json.dumps([getattr(p, f) for f in ${JSON.stringify(fields)}] + [p.exitcodes, p.stopsignal, p.name]))`,
      ].join('\n'),
    ) as unknown[];
    assert.ok(compared.length >= 18, `${compared.length} keys compared`);
    assert.deepEqual(values.slice(0, compared.length), compared.map((k) => converters[k.kind]!(k.default!)));
    assert.deepEqual(values.slice(compared.length), [[Number(programKeyDefault('exitcodes'))], 15, 'x']);
    assert.equal(programKeyDefault('stopsignal'), 'TERM');
    assert.equal(programKeyDefault('process_name'), '%(program_name)s');
  } finally {
    removeTempDir(dir);
  }
});

test('the sample config shows the default of every [program:x] key it lists with one', () => {
  const block = SAMPLE_SUPERVISORD_CONF.slice(SAMPLE_SUPERVISORD_CONF.indexOf(';[program:'), SAMPLE_SUPERVISORD_CONF.indexOf(';[eventlistener:'));
  const shown = [...block.matchAll(/^;([a-z_]+)=(\S+)/gm)].map(([, key, value]) => [key!, value!] as const);
  assert.ok(shown.length >= 25, `${shown.length} keys in the sample block`);
  const withDefault = shown.filter(([key]) => programKeyDefault(key));
  assert.ok(withDefault.length >= 20, `${withDefault.length} keys with a default`);
  assert.deepEqual(withDefault.map(([key, value]) => [key, value]), withDefault.map(([key]) => [key, programKeyDefault(key)]));
  assert.throws(() => programKeyDefault('nosuchkey'), /nosuchkey is not a \[program:x\] key/);
});

test("the sample's [program:x] block is made from the table: each key with a sample line once, its comment from the entry", () => {
  const block = SAMPLE_SUPERVISORD_CONF.slice(SAMPLE_SUPERVISORD_CONF.indexOf(';[program:'), SAMPLE_SUPERVISORD_CONF.indexOf(';[eventlistener:'));
  const lines = block.split('\n').filter((line) => /^;[a-z_]+=/.test(line));
  const keys = sampleProgramKeys();
  assert.deepEqual(lines.map((line) => line.slice(1, line.indexOf('='))), keys.map((k) => k.key));
  assert.equal(keys[0]!.key, 'command', 'the command comes first');
  for (const [i, k] of keys.entries()) {
    if (k.sample!.comment) assert.ok(lines[i]!.endsWith(` ; ${k.sample!.comment}`), lines[i]);
    else assert.ok(!lines[i]!.includes(' ;'), lines[i]);
  }
  assert.deepEqual(PROGRAM_KEYS.filter((k) => k.sample).map((k) => k.key).sort(), keys.map((k) => k.key).sort());
});

test("svwizd's own entries follow Supervisor's (so Supervisor's error comes first) and reread compares their fields", () => {
  const owners = PROGRAM_SCHEMA.map((e) => e.owner);
  assert.equal(owners.indexOf('svwizd'), owners.lastIndexOf('supervisor') + 1);
  assert.deepEqual(SVWIZ_PROGRAM_KEYS, [...PROCESS_LIMIT_KEYS, ...DEPENDS_ON_KEYS, ...LIVENESS_CHECK_KEYS]);
  assert.deepEqual(COMPARED_FIELDS, [...REREAD_FIELDS, 'limits', 'dependsOn', 'liveness']);
  assert.deepEqual(JSON_FIELDS.filter((f) => !REREAD_FIELDS.includes(f)), ['user'], 'the contract prints user=, reread compares its uid');
  assert.deepEqual([...KNOWN_KEYS.eventlistener!].slice(-3), ['events', 'buffer_size', 'result_handler']);
});
