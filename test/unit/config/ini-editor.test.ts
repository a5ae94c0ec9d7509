import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addIniSection, removeIniKey, removeIniSection, setIniKey } from '../../../src/config/ini-editor.js';
import { escapePercent, renderIniSection } from '../../../src/config/render.js';
import { IniStore, parseIniDialect } from '../../../src/config/ini-dialect.js';
import { pyFormat } from '../../../src/config/py-format.js';
import { UserError } from '../../../src/errors.js';

const REAL_WORLD = `; supervisor config file

[unix_http_server]
file=/var/run/supervisor.sock   ; (the path to the socket file)
chmod=0700                       ; sockef file mode (default 0700)

[supervisord]
logfile=/var/log/supervisor/supervisord.log ; (main log file;default $CWD/supervisord.log)
pidfile=/var/run/supervisord.pid ; (supervisord pidfile;default supervisord.pid)
childlogdir=/var/log/supervisor            ; ('AUTO' child log dir, default $TEMP)

; the below section must remain in the config file for RPC
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix:///var/run/supervisor.sock ; use a unix:// URL  for a unix socket

[program:sensor]
command = /usr/bin/python3 /home/pi/sensor.py
    --verbose
autostart = true
#autorestart = true

; The [include] section can just contain the "files" setting.
[include]
files = /etc/supervisor/conf.d/*.conf
`;

function changedLines(before: string, after: string): number[] {
  const a = before.split('\n');
  const b = after.split('\n');
  assert.equal(a.length, b.length, 'line count changed');
  return a.flatMap((line, i) => (line === b[i] ? [] : [i + 1]));
}

function read(text: string, section: string, key: string): string | undefined {
  const store = new IniStore();
  store.merge(parseIniDialect(text, '/t'));
  return store.get(section, key)?.value;
}

test('setting a key changes only that line and keeps its inline comment', () => {
  const after = setIniKey(REAL_WORLD, 'unix_http_server', 'chmod', '0770');
  assert.deepEqual(changedLines(REAL_WORLD, after), [5]);
  assert.equal(after.split('\n')[4], 'chmod=0770                       ; sockef file mode (default 0700)');
  assert.equal(read(after, 'unix_http_server', 'chmod'), '0770');
});

test('setting a key keeps its spacing around the delimiter', () => {
  const after = setIniKey(REAL_WORLD, 'program:sensor', 'autostart', 'false');
  assert.deepEqual(changedLines(REAL_WORLD, after), [22]);
  assert.equal(after.split('\n')[21], 'autostart = false');
});

test('setting a multi-line key replaces its continuation lines', () => {
  const after = setIniKey(REAL_WORLD, 'program:sensor', 'command', '/bin/true');
  assert.equal(read(after, 'program:sensor', 'command'), '/bin/true');
  assert.ok(!after.includes('--verbose'));
  assert.ok(after.includes('#autorestart = true'));
});

test('a new key goes after the last entry of the section, in its style', () => {
  const after = setIniKey(REAL_WORLD, 'program:sensor', 'user', 'pi');
  assert.equal(read(after, 'program:sensor', 'user'), 'pi');
  const lines = after.split('\n');
  assert.equal(lines[22], 'user = pi');
  assert.equal(lines[23], '#autorestart = true');
  assert.equal(after.replace('user = pi\n', ''), REAL_WORLD);
});

test('removing a key removes its line and continuation lines only', () => {
  const after = removeIniKey(REAL_WORLD, 'program:sensor', 'command');
  assert.equal(after, REAL_WORLD.replace('command = /usr/bin/python3 /home/pi/sensor.py\n    --verbose\n', ''));
  assert.equal(read(after, 'program:sensor', 'command'), undefined);
});

test('adding and removing a section round-trips to the original bytes', () => {
  const added = addIniSection(REAL_WORLD, 'program:web', [['command', '/usr/bin/web --port 8080'], ['autostart', 'true']]);
  assert.ok(added.startsWith(REAL_WORLD));
  assert.equal(read(added, 'program:web', 'command'), '/usr/bin/web --port 8080');
  assert.equal(removeIniSection(added, 'program:web'), REAL_WORLD + '\n');
});

test('removing a section keeps the comment that introduces the next one', () => {
  const after = removeIniSection(REAL_WORLD, 'program:sensor');
  assert.ok(!after.includes('[program:sensor]'));
  assert.ok(!after.includes('#autorestart'), 'a commented key inside the section goes with it');
  assert.ok(after.includes('; The [include] section can just contain the "files" setting.\n[include]'));
});

test('CRLF files stay CRLF', () => {
  const crlf = '[supervisord]\r\nlogfile=/tmp/a.log\r\n';
  assert.equal(setIniKey(crlf, 'supervisord', 'logfile', '/tmp/b.log'), '[supervisord]\r\nlogfile=/tmp/b.log\r\n');
  assert.equal(setIniKey(crlf, 'supervisord', 'loglevel', 'debug'), '[supervisord]\r\nlogfile=/tmp/a.log\r\nloglevel=debug\r\n');
});

test('a file without a final newline gets a key appended on its own line', () => {
  assert.equal(setIniKey('[s]\na=1', 's', 'b', '2'), '[s]\na=1\nb=2\n');
});

test('the last occurrence of a repeated key is the one edited (it is the one Supervisor uses)', () => {
  assert.equal(setIniKey('[s]\na=1\n[s]\na=2\n', 's', 'a', '3'), '[s]\na=1\n[s]\na=3\n');
});

test('values Supervisor would read differently are refused', () => {
  assert.throws(() => setIniKey('[s]\na=1\n', 's', 'a', 'x ; y'), UserError);
  assert.throws(() => setIniKey('[s]\na=1\n', 's', 'a', ' padded'), UserError);
});

test('renderIniSection escapes stray percent signs but keeps expansions', () => {
  assert.equal(escapePercent('date +%s 100% %(here)s %(process_num)02d %%'), 'date +%%s 100%% %%(here)s %%(process_num)02d %%%%');
  // The one rule round-trips through Supervisor's expansion: the value read back is the literal text.
  for (const literal of ['date +%s', '100%', '%(here)s', '%%', 'a%(x', '']) {
    assert.equal(pyFormat(escapePercent(literal), new Map([['here', '/etc']])), literal, literal);
  }
  assert.equal(renderIniSection('program:x', [['command', 'date +%s'], ['autostart', 'true']]), '[program:x]\ncommand=date +%%s\nautostart=true\n');
});
