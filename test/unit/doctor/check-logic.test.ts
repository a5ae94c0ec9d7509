import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnoseCrashLog } from '../../../checks/missing-env.js';
import { scriptVariable, setScriptVariable } from '../../../checks/init-script.js';
import { isLoopbackHost } from '../../../src/system/loopback.js';
import { claimedElsewhere } from '../../../checks/config-values.js';
import { serviceConfigFile } from '../../../src/doctor/boot-service.js';
import { supervisordSearchPaths } from '../../../src/doctor/discover-config.js';
import { targetIncludePatterns } from '../../../src/doctor/context.js';
import { parseEnviron } from '../../../src/doctor/program-facts.js';

test('diagnoseCrashLog maps crash output to the variable that is missing', () => {
  const table: [string, string[]][] = [
    ["Traceback (most recent call last):\n  File \"/srv/app.py\", line 2\nModuleNotFoundError: No module named 'helpers'", ['PYTHONPATH']],
    ['/opt/cam/bin/cam: error while loading shared libraries: libmmal.so: cannot open shared object file', ['LD_LIBRARY_PATH']],
    ["  File \"x.py\", line 3, in <module>\n    token = os.environ['API_TOKEN']\nKeyError: 'API_TOKEN'", ['API_TOKEN']],
    ["KeyError: 'name'\n(in a dict lookup)", []],
    ["Error: Cannot find module 'express'\nRequire stack:", ['NODE_PATH']],
    ["Error: Cannot find module './local'", []],
    ['all good', []],
  ];
  for (const [log, expected] of table) assert.deepEqual(diagnoseCrashLog(log).map((d) => d.variable), expected, log);
});

test('init script variables are read and rewritten in place', () => {
  const text = '#!/bin/sh\nPATH=/sbin:/usr/sbin:/bin:/usr/bin\nDAEMON=/usr/local/bin/supervisord\nSUPERVISORCTL="/usr/local/bin/supervisorctl"  # ctl\n';
  assert.equal(scriptVariable(text, 'DAEMON'), '/usr/local/bin/supervisord');
  assert.equal(scriptVariable(text, 'SUPERVISORCTL'), '/usr/local/bin/supervisorctl');
  assert.equal(scriptVariable(text, 'NAME'), undefined);
  const fixed = setScriptVariable(setScriptVariable(text, 'DAEMON', '/usr/bin/supervisord'), 'SUPERVISORCTL', '/usr/bin/supervisorctl');
  assert.equal(fixed, '#!/bin/sh\nPATH=/sbin:/usr/sbin:/bin:/usr/bin\nDAEMON=/usr/bin/supervisord\nSUPERVISORCTL="/usr/bin/supervisorctl"  # ctl\n');
});

test('serviceConfigFile finds the config a service starts', () => {
  const table: [string, string | undefined][] = [
    ['ExecStart=/usr/bin/supervisord -n -c /etc/supervisor/supervisord.conf', '/etc/supervisor/supervisord.conf'],
    ['DAEMON_ARGS="-c /srv/sv.conf"', '/srv/sv.conf'],
    ['ExecStart=/usr/bin/svwizd --configuration=/etc/svwiz.conf', '/etc/svwiz.conf'],
    ['CONF=${SUPERVISORD_CONF:-/etc/supervisord.conf}\nDAEMON_ARGS="-c $CONF"', '/etc/supervisord.conf'],
    ['DAEMON=/usr/bin/supervisord\n$DAEMON $DAEMON_OPTS', undefined],
  ];
  for (const [text, expected] of table) assert.equal(serviceConfigFile(text), expected, text);
});

test('small pure helpers', () => {
  for (const [host, loopback] of [['127.0.0.1', true], ['localhost', true], ['::1', true], ['', false], ['*', false], ['0.0.0.0', false], ['192.168.1.5', false]] as const) {
    assert.equal(isLoopbackHost(host), loopback, host);
  }
  assert.equal(claimedElsewhere("Format string '%(ENV_TOKEN)s' for 'program:a.command' contains names ('ENV_TOKEN') which cannot be expanded"), true);
  assert.equal(claimedElsewhere('Invalid user name bob'), true);
  assert.equal(claimedElsewhere("not a valid boolean value: 'ture'"), false);
  assert.deepEqual(supervisordSearchPaths('/home/pi'), [
    '/usr/etc/supervisord.conf',
    '/usr/supervisord.conf',
    '/usr/local/etc/supervisord.conf',
    '/usr/local/supervisord.conf',
    '/home/pi/supervisord.conf',
    '/home/pi/etc/supervisord.conf',
    '/etc/supervisord.conf',
    '/etc/supervisor/supervisord.conf',
  ]);
  assert.deepEqual(targetIncludePatterns('conf.d/*.ini\n  /abs/*.conf %(here)s/x.conf %(ENV_D)s/y', '/etc/supervisor/supervisord.conf', { D: '/d' }), [
    '/etc/supervisor/conf.d/*.ini',
    '/abs/*.conf',
    '/etc/supervisor/x.conf',
    '/d/y',
  ]);
  assert.deepEqual(parseEnviron('A=1\0B=x=y\0\0'), { A: '1', B: 'x=y' });
});
