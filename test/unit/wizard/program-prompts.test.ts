import { test } from 'node:test';
import assert from 'node:assert/strict';
import checkbox from '@inquirer/checkbox';
import confirm from '@inquirer/confirm';
import input from '@inquirer/input';
import password from '@inquirer/password';
import select from '@inquirer/select';
import { render } from '@inquirer/testing';
import { PromptSession, type PromptImplementations } from '../../../src/wizard/prompts.js';
import { askProgramBasics, askProgramRest } from '../../../src/wizard/program-questions.js';

type Rendered = Awaited<ReturnType<typeof render>>;
interface Step {
  message: RegExp;
  act: (r: Rendered) => Promise<void> | void;
}

function scripted(steps: Step[]): PromptImplementations {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const wrap = (prompt: any) => async (config: { message: string }) => {
    const step = steps.shift();
    assert.ok(step, `unexpected prompt: ${config.message}`);
    assert.match(config.message, step.message);
    const r = await render(prompt, config);
    await step.act(r);
    return r.answer;
  };
  return { input: wrap(input), confirm: wrap(confirm), select: wrap(select), checkbox: wrap(checkbox), password: wrap(password) } as unknown as PromptImplementations;
}

const facts = {
  root: '/',
  logDir: '/var/log/svwiz',
  supervisorPath: '/usr/bin:/bin',
  existingNames: ['web'],
  defaultUser: null,
  canSwitchUser: true,
  supervisorUser: 'root',
};

test('name prompt refuses a taken name and a name with a space, on screen', async () => {
  const printed: string[] = [];
  const steps: Step[] = [
    {
      message: /Program name/,
      act: async (r) => {
        r.events.type('web');
        r.events.keypress('enter');
        await r.nextRender();
        assert.match(r.getScreen(), /'web' already exists/);
        for (let i = 0; i < 3; i++) r.events.keypress('backspace');
        r.events.type('my app');
        r.events.keypress('enter');
        await r.nextRender();
        assert.match(r.getScreen(), /a space/);
        for (let i = 0; i < 6; i++) r.events.keypress('backspace');
        r.events.type('my_app');
        r.events.keypress('enter');
      },
    },
    { message: /Command to run/, act: (r) => { r.events.type('tail -F /var/log/syslog | grep ERROR'); r.events.keypress('enter'); } },
    { message: /Run it as: \/bin\/sh -c 'tail -F \/var\/log\/syslog \| grep ERROR'/, act: (r) => r.events.keypress('enter') },
    { message: /Working directory/, act: (r) => r.events.keypress('enter') },
    { message: /Run as user/, act: (r) => { r.events.type('nobody'); r.events.keypress('enter'); } },
  ];
  const session = new PromptSession({ interactive: true, implementations: scripted(steps) });
  const basics = await askProgramBasics(session, {}, facts, (text) => printed.push(text));
  assert.deepEqual(basics, { name: 'my_app', command: "/bin/sh -c 'tail -F /var/log/syslog | grep ERROR'", directory: null, user: 'nobody' });
  assert.match(printed.join('\n'), /pipe \(\|\)/);
  assert.match(printed.join('\n'), /\/bin\/sh → /);
  assert.equal(steps.length, 0);
});

test('the login-shell variables are offered checked; unticking one leaves it out', async () => {
  const steps: Step[] = [
    ...['Start it when', 'Restart it when', 'Seconds it must', 'Start attempts', 'Priority', 'Output log file', 'Error log file', 'Rotate logs at', 'Rotated logs to keep'].map(
      (m) => ({ message: new RegExp(m), act: (r: Rendered) => r.events.keypress('enter') }),
    ),
    {
      message: /login shell/,
      act: (r) => {
        assert.match(r.getScreen(), /PYTHONPATH=\/home\/pi\/lib/);
        r.events.keypress('down');
        r.events.keypress('space');
        r.events.keypress('enter');
      },
    },
  ];
  const session = new PromptSession({ interactive: true, implementations: scripted(steps) });
  const answers = await askProgramRest(
    session,
    { env: ['EXTRA=1'] },
    facts,
    { name: 'app', command: '/usr/bin/python3 /home/pi/app.py', directory: '/home/pi', user: 'pi' },
    [
      { key: 'PYTHONPATH', value: '/home/pi/lib', why: 'Python module search path' },
      { key: 'LD_LIBRARY_PATH', value: '/opt/lib', why: 'loader' },
    ],
  );
  assert.deepEqual(answers.environment, [['PYTHONPATH', '/home/pi/lib'], ['EXTRA', '1']]);
  assert.equal(answers.autorestart, 'true');
  assert.equal(answers.startsecs, 3);
  assert.equal(answers.stdoutLogfile, '/var/log/svwiz/app.out.log');
  assert.equal(answers.logMaxbytes, '1MB');
  assert.equal(answers.stopAsGroup, false);
});
