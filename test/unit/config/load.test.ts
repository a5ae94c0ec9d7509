import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadSupervisorConfigSync } from '../../../src/config/load.js';
import { loadSupervisorctlConfigSync } from '../../../src/config/ctl-config.js';
import { defaultSearchPaths, findSupervisordConfig } from '../../../src/config/discover.js';
import { ConfigError } from '../../../src/errors.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

const dir = makeTempDir('svwload');
after(() => removeTempDir(dir));
const env = { HOME: '/root', PATH: '/usr/bin:/bin', GREETING: 'hi' };

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

test('model: processes carry sources, uid, kind and the merged environment', () => {
  const file = write('m/supervisord.conf', '[supervisord]\nlogfile=%(here)s/l\npidfile=%(here)s/p\nenvironment=G="1"\n\n[program:w]\ncommand=/bin/echo %(ENV_GREETING)s\nuser=nobody\nnumprocs=2\nprocess_name=w%(process_num)d\nenvironment=L="2"\n');
  const model = loadSupervisorConfigSync(file, { env, hostname: 'h' });
  assert.deepEqual(model.processes.map((p) => [p.name, p.group, p.kind, p.section, p.command]), [
    ['w0', 'w', 'program', 'program:w', '/bin/echo hi'],
    ['w1', 'w', 'program', 'program:w', '/bin/echo hi'],
  ]);
  assert.equal(model.processes[0]!.user, 'nobody');
  assert.equal(typeof model.processes[0]!.uid, 'number');
  assert.deepEqual(model.processes[0]!.environment, { G: '1', L: '2' });
  assert.deepEqual(model.processes[0]!.sources?.keys.command, { file, line: 7 });
  assert.deepEqual(model.groups.map((g) => [g.name, g.origin, g.processes]), [['w', 'program', ['w0', 'w1']]]);
  assert.deepEqual(model.files, [file]);
});

test('relative logfile and pidfile resolve against the given cwd', () => {
  const file = write('rel/supervisord.conf', '[supervisord]\nlogfile=x.log\n');
  const model = loadSupervisorConfigSync(file, { env, cwd: dir });
  assert.equal(model.supervisord.logfile, path.join(dir, 'x.log'));
  assert.equal(model.supervisord.pidfile, path.join(dir, 'supervisord.pid'));
});

test('host_node_name comes from the hostname option', () => {
  const file = write('host/supervisord.conf', '[supervisord]\n[program:a]\ncommand=/bin/echo %(host_node_name)s\n');
  assert.equal(loadSupervisorConfigSync(file, { env, hostname: 'pi4' }).processes[0]!.command, '/bin/echo pi4');
});

test('errors are ConfigErrors with position, section and key', () => {
  const file = write('err/supervisord.conf', '[supervisord]\n[program:a]\ncommand=/bin/true\nstopsignal=NOPE\n');
  assert.throws(() => loadSupervisorConfigSync(file, { env }), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.deepEqual([e.position, e.section, e.key], [{ file, line: 4 }, 'program:a', 'stopsignal']);
    assert.match(e.message, /value 'NOPE' is not a valid signal name \(valid: a signal name such as TERM/);
    return true;
  });
});

test('a value error inside an included file names that file', () => {
  write('incerr/conf.d/x.ini', '[program:x]\ncommand=/bin/true\nautostart=perhaps\n');
  const file = write('incerr/supervisord.conf', '[supervisord]\n[include]\nfiles=conf.d/*.ini\n');
  assert.throws(() => loadSupervisorConfigSync(file, { env }), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.deepEqual(e.position, { file: path.join(dir, 'incerr/conf.d/x.ini'), line: 3 });
    return true;
  });
});

test('supervisorctl config: only [supervisorctl] is read, serverurl unix path normalised', () => {
  const file = write('ctl/ctl.conf', '[supervisorctl]\nserverurl=unix://%(here)s/../x.sock\nusername=u\npassword=p\nprompt=mine\n');
  assert.deepEqual(loadSupervisorctlConfigSync(file, { env }), {
    serverurl: `unix://${path.join(dir, 'x.sock')}`,
    username: 'u',
    password: 'p',
    prompt: 'mine',
    history_file: null,
  });
  const noSection = write('ctl/none.conf', '[supervisord]\n');
  assert.throws(() => loadSupervisorctlConfigSync(noSection, { env }), /does not include supervisorctl section/);
  const defaults = write('ctl/defaults.conf', '[supervisorctl]\n');
  assert.equal(loadSupervisorctlConfigSync(defaults, { env }).serverurl, 'http://localhost:9001');
});

test('discovery follows Supervisor\'s search order', () => {
  assert.deepEqual(defaultSearchPaths('/usr/bin/supervisord', '/'), [
    '/usr/etc/supervisord.conf',
    '/usr/supervisord.conf',
    'supervisord.conf',
    'etc/supervisord.conf',
    '/etc/supervisord.conf',
    '/etc/supervisor/supervisord.conf',
  ]);
  const cwd = path.join(dir, 'disc');
  write('disc/etc/supervisord.conf', '[supervisord]\n');
  assert.equal(findSupervisordConfig('/nonexistent/bin/x', cwd), path.join(cwd, 'etc/supervisord.conf'));
  write('disc/supervisord.conf', '[supervisord]\n');
  assert.equal(findSupervisordConfig('/nonexistent/bin/x', cwd), path.join(cwd, 'supervisord.conf'));
});
