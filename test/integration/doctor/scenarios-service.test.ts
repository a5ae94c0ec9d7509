import { test } from 'node:test';
import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { PYTHON_BACKEND } from './scenario-harness.js';
import { runFixCycle } from './fix-cycle.js';

test('supervisor-running: a stopped supervisor is started through its service (Python supervisord)', async (t) => {
  await runFixCycle(t, 'supervisor-running', PYTHON_BACKEND, {
    expect: ['warn'],
    args: (s) => ['--init-dir', `${s.dir}/etc/init.d`, '--rc-dir', `${s.dir}/etc`],
  });
});

test('init-script: DAEMON pointing at /usr/local/bin is rewritten, and the script then starts supervisord', async (t) => {
  await runFixCycle(t, 'init-script', PYTHON_BACKEND, {
    expect: ['error'],
    args: (s) => ['--init-dir', `${s.dir}/etc/init.d`, '--rc-dir', `${s.dir}/etc`],
    // The doctor's own supervisor-running fix starts it through the repaired script; run it
    // again to prove the script itself works (a second start finds the daemon and fails harmlessly).
    afterFix: async (s) => {
      const script = readFileSync(`${s.dir}/etc/init.d/supervisord`, 'utf8');
      if (!/^DAEMON=\/usr\/bin\/supervisord$/m.test(script)) throw new Error(`DAEMON not rewritten:\n${script}`);
      if (!(await s.answering())) await promisify(execFile)('/bin/sh', [`${s.dir}/etc/init.d/supervisord`, 'start']);
    },
  });
});

test('systemd-unit: ExecStart naming a missing binary is rewritten, and that command then runs the supervisor', async (t) => {
  await runFixCycle(t, 'systemd-unit', PYTHON_BACKEND, {
    expect: ['error'],
    args: (s) => ['--unit-dir', `${s.dir}/systemd`],
    afterFix: async (s) => {
      const unit = readFileSync(`${s.dir}/systemd/supervisord.service`, 'utf8');
      const execStart = /^ExecStart=(.*)$/m.exec(unit)![1]!.trim().split(/\s+/);
      if (execStart[0] !== '/usr/bin/supervisord') throw new Error(`ExecStart not rewritten: ${execStart.join(' ')}`);
      const child = spawn(execStart[0], execStart.slice(1), { cwd: '/', detached: true, stdio: 'ignore' });
      child.unref();
      s.launched.push(child.pid!);
    },
  });
});

test('init-script: a script of any name whose DAEMON=/usr/local/bin/$NAME points at nothing is found, expanded and rewritten', async (t) => {
  await runFixCycle(t, 'init-script', PYTHON_BACKEND, {
    fixture: 'init-script-any-name',
    expect: ['error'],
    args: (s) => ['--init-dir', `${s.dir}/etc/init.d`, '--rc-dir', `${s.dir}/etc`],
    afterFix: async (s) => {
      const script = readFileSync(`${s.dir}/etc/init.d/my-supervisor`, 'utf8');
      if (!/^DAEMON=\/usr\/bin\/supervisord$/m.test(script)) throw new Error(`DAEMON not rewritten:\n${script}`);
      if (!(await s.answering())) await promisify(execFile)('/bin/sh', [`${s.dir}/etc/init.d/my-supervisor`, 'start']);
    },
  });
});

test('duplicate-boot-service: the hand-made script beside svwiz\'s is disabled (links backed up), never repaired, and exactly one service starts the config', async (t) => {
  await runFixCycle(t, 'duplicate-boot-service', PYTHON_BACKEND, {
    expect: ['error'],
    args: (s) => ['--init-dir', `${s.dir}/etc/init.d`, '--rc-dir', `${s.dir}/etc`],
    afterFix: async (s) => {
      const links = readdirSync(`${s.dir}/etc/rc2.d`);
      if (JSON.stringify(links) !== JSON.stringify(['S02svwiz'])) throw new Error(`rc2.d after the fix: ${links.join(', ')}`);
      // The leftover was disabled, not repaired: its DAEMON still names pip's empty place.
      if (!/^DAEMON=\/usr\/local\/bin\/supervisord$/m.test(readFileSync(`${s.dir}/etc/init.d/supervisord`, 'utf8'))) throw new Error('the leftover script was rewritten');
      if (!existsSync(`${s.backups}`)) throw new Error('no backup of the removed link');
    },
  });
});
