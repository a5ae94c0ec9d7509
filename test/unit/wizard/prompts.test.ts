import { test } from 'node:test';
import assert from 'node:assert/strict';
import checkbox from '@inquirer/checkbox';
import confirm from '@inquirer/confirm';
import input from '@inquirer/input';
import password from '@inquirer/password';
import select from '@inquirer/select';
import { render } from '@inquirer/testing';
import { PromptCancelled, PromptSession, decideInteractive, type PromptImplementations } from '../../../src/wizard/prompts.js';
import { askInitQuestions } from '../../../src/wizard/init-questions.js';
import { UsageError } from '../../../src/errors.js';
import type { SystemFacts } from '../../../src/wizard/types.js';

type Rendered = Awaited<ReturnType<typeof render>>;
interface Step {
  message: RegExp;
  act: (r: Rendered) => Promise<void> | void;
}

/** Real inquirer prompts rendered in memory; each step checks the question and types the keys. */
function scripted(steps: Step[], seen: string[]): PromptImplementations {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const wrap = (prompt: any) => async (config: { message: string }) => {
    const step = steps.shift();
    assert.ok(step, `unexpected prompt: ${config.message}`);
    assert.match(config.message, step.message);
    seen.push(config.message);
    const r = await render(prompt, config);
    await step.act(r);
    return r.answer;
  };
  return { input: wrap(input), confirm: wrap(confirm), select: wrap(select), checkbox: wrap(checkbox), password: wrap(password) } as unknown as PromptImplementations;
}

const enter = (r: Rendered) => r.events.keypress('enter');

const facts: SystemFacts = {
  root: '/',
  platform: { os: 'linux', distro: null, arch: 'aarch64', piModel: 'Raspberry Pi 4 Model B Rev 1.4', boardModel: 'Raspberry Pi 4 Model B Rev 1.4' },
  initSystem: { kind: 'systemd', pid1: 'systemd', container: null, evidence: ['PID 1 is systemd'] },
  isRoot: true,
  user: { name: 'root', uid: 0, gid: 0, home: '/root' },
  installs: { pythonSupervisord: null, pythonSupervisorctl: null, svwizd: null, svwizctl: null, debianLayout: null, defaultConfigs: [], svwizSetup: null },
  freePort: 9003,
  runtimeDir: null,
  PATH: '/usr/bin:/bin',
  // A Pi with 1 GB: low-memory mode is the default.
  totalMemoryBytes: 1024 * 1024 * 1024,
};

test('interactivity is decided once from --yes, the flag, CI and the terminals', () => {
  const table: [Parameters<typeof decideInteractive>[0], boolean][] = [
    [{ stdinIsTTY: true, stdoutIsTTY: true, env: {} }, true],
    [{ yes: true, stdinIsTTY: true, stdoutIsTTY: true, env: {} }, false],
    [{ interactive: false, stdinIsTTY: true, stdoutIsTTY: true, env: {} }, false],
    [{ interactive: true, stdinIsTTY: false, stdoutIsTTY: false, env: {} }, true],
    [{ stdinIsTTY: true, stdoutIsTTY: false, env: {} }, false],
    [{ stdinIsTTY: true, stdoutIsTTY: true, env: { CI: 'true' } }, false],
    [{ stdinIsTTY: true, stdoutIsTTY: true, env: { CI: 'false' } }, true],
  ];
  for (const [options, expected] of table) assert.equal(decideInteractive(options), expected, JSON.stringify(options));
});

test('non-interactive: flag, else default, else an error naming the flag; flags are validated', async () => {
  const session = new PromptSession({ interactive: false });
  assert.equal(await session.input({ flag: '--x', message: 'X', given: 'given', default: 'd' }), 'given');
  assert.equal(await session.input({ flag: '--x', message: 'X', default: 'd' }), 'd');
  await assert.rejects(session.input({ flag: '--command', message: 'Command to run' }), (e: Error) => e instanceof UsageError && /pass --command/.test(e.message));
  await assert.rejects(
    session.integer({ flag: '--web-port', message: 'Port', given: 70000, min: 1, max: 65535 }),
    (e: Error) => e instanceof UsageError && /--web-port: must be at most 65535/.test(e.message),
  );
  await assert.rejects(
    session.select({ flag: '--backend', message: 'B', given: 'nope', choices: [{ name: 'a', value: 'a' }] }),
    /--backend: 'nope' is not one of: a/,
  );
  assert.deepEqual(await session.checkbox({ flag: '--login-env', message: 'E', default: ['A'], choices: [{ name: 'A', value: 'A' }] }), ['A']);
});

test('Enter all the way through init gives the recommended setup', async () => {
  const seen: string[] = [];
  const steps: Step[] = [
    { message: /whole system or just for you/, act: enter },
    { message: /Which supervisor/, act: (r) => { assert.match(r.getScreen(), /svwizd \(built in/); enter(r); } },
    { message: /Config file/, act: enter },
    { message: /Directory for program files/, act: enter },
    { message: /Include patterns/, act: enter },
    { message: /Control socket/, act: enter },
    { message: /Log directory/, act: enter },
    { message: /Owner of the log directory/, act: enter },
    { message: /Enable the web UI/, act: enter },
    { message: /Web UI address/, act: enter },
    { message: /Web UI port/, act: enter },
    { message: /Web UI user name/, act: enter },
    { message: /Web UI password/, act: enter },
    { message: /Start at boot with \(init system: systemd\)/, act: enter },
    { message: /Wait for the network at boot/, act: enter },
    { message: /Low-memory mode for svwizd .*this machine has 1024 MB/, act: enter },
  ];
  const session = new PromptSession({ interactive: true, implementations: scripted(steps, seen) });
  const answers = await askInitQuestions(session, {}, facts, { record: null, storedPassword: null });
  assert.equal(steps.length, 0);
  assert.equal(answers.mode, 'system');
  assert.equal(answers.backend, 'svwizd');
  assert.equal(answers.configFile, '/etc/supervisord.conf');
  assert.deepEqual(answers.includePatterns, ['/etc/svwiz/conf.d/*.ini', '/etc/svwiz/conf.d/*.conf']);
  assert.equal(answers.socketFile, '/run/svwiz.sock');
  assert.equal(answers.logOwner, 'root');
  assert.equal(answers.webHost, '127.0.0.1');
  assert.equal(answers.webPort, 9003);
  assert.equal(answers.service, 'systemd');
  assert.equal(answers.networkOnline, false, 'no waiting for the network unless asked');
  assert.equal(answers.lowMemory, true, 'a 1 GB board gets the small nursery by default');
  assert.ok(answers.webPasswordPlain && answers.webPasswordPlain.length >= 12);
  assert.match(answers.webPasswordStored, /^\{SHA\}[0-9a-f]{40}$/);
});

test('a prompt rejects a bad answer on screen and takes the corrected one; flags skip their prompts', async () => {
  const seen: string[] = [];
  const steps: Step[] = [
    {
      message: /Control socket/,
      act: async (r) => {
        for (let i = 0; i < 20; i++) r.events.keypress('backspace');
        r.events.type('relative.sock');
        r.events.keypress('enter');
        await r.nextRender();
        assert.match(r.getScreen(), /not an absolute path/);
        for (let i = 0; i < 20; i++) r.events.keypress('backspace');
        r.events.type('/run/mine.sock');
        r.events.keypress('enter');
      },
    },
    { message: /Log directory/, act: enter },
    { message: /Owner of the log directory/, act: enter },
  ];
  const session = new PromptSession({ interactive: true, implementations: scripted(steps, seen) });
  const answers = await askInitQuestions(
    session,
    { mode: 'system', backend: 'svwizd', config: '/etc/s.conf', includeDir: '/etc/s.d', include: ['/etc/s.d/*.ini'], web: false, service: 'none' },
    facts,
    { record: null, storedPassword: null },
  );
  assert.equal(answers.socketFile, '/run/mine.sock');
  assert.equal(seen.length, 3, 'only the questions without a flag were asked');
});

test('Ctrl-C at any prompt ends with PromptCancelled before anything is planned', async () => {
  for (let at = 0; at < 3; at++) {
    const steps: Step[] = [0, 1, 2].map((i) => ({
      message: /./,
      act: (r: Rendered) => (i === at ? r.events.keypress({ name: 'c', ctrl: true }) : enter(r)),
    }));
    const session = new PromptSession({ interactive: true, implementations: scripted(steps, []) });
    await assert.rejects(askInitQuestions(session, {}, facts, { record: null, storedPassword: null }), (e: Error) => e instanceof PromptCancelled && /nothing was changed/.test(e.message));
  }
});
