import { test } from 'node:test';
import assert from 'node:assert/strict';
import { offerEnvironment, parseEnvZero, pathAdditions } from '../../../src/wizard/login-env.js';

test('variables that change how programs load are offered; shell bookkeeping is not', () => {
  const login = {
    PYTHONPATH: '/home/pi/lib',
    LD_LIBRARY_PATH: '/opt/ie/lib',
    VIRTUAL_ENV: '/home/pi/venv',
    NODE_PATH: '/home/pi/node_modules',
    PATH: '/home/pi/.local/bin:/usr/local/bin:/usr/bin:/bin',
    SHLVL: '1',
    PWD: '/home/pi',
    TERM: 'xterm',
    HOME: '/home/pi',
    USER: 'pi',
    EDITOR: 'vim',
    SAME_PATH: '/x',
  };
  const supervisor = { PATH: '/usr/local/bin:/usr/bin:/bin', SAME_PATH: '/x', HOME: '/root' };
  const offered = offerEnvironment(login, supervisor, { programUser: 'pi', supervisorUser: 'root' });
  assert.deepEqual(
    offered.map((o) => o.key),
    ['LD_LIBRARY_PATH', 'NODE_PATH', 'PYTHONPATH', 'VIRTUAL_ENV', 'PATH', 'HOME', 'USER'],
  );
  assert.equal(offered.find((o) => o.key === 'PATH')!.value, '/home/pi/.local/bin:/usr/local/bin:/usr/bin:/bin');
  assert.deepEqual(offerEnvironment(login, supervisor, { programUser: null, supervisorUser: 'root' }).map((o) => o.key).includes('HOME'), false);
  assert.deepEqual(offerEnvironment({ PYTHONPATH: '/a' }, { PYTHONPATH: '/a' }), []);
});

test('env -0 parsing and PATH additions', () => {
  assert.deepEqual(parseEnvZero('A=1\0B=x=y\0MULTI=l1\nl2\0'), { A: '1', B: 'x=y', MULTI: 'l1\nl2' });
  assert.deepEqual(pathAdditions('/a:/usr/bin:/b:/a', '/usr/bin:/bin'), ['/a', '/b']);
});
