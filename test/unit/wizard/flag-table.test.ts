/** The flag tables: keys held to their flags by the compiler and at run time, labels, parsers, and commander's reading of them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command, CommanderError, Option } from 'commander';
import { boolean, choice, flagTable, integer, list, pickFlags, text, type Flag, type FlagValues } from '../../../src/wizard/flag-table.js';
import { INIT_FLAGS, PROGRAM_FLAGS, PROGRAM_TARGET_FLAGS, WIZARD_COMMON_FLAGS } from '../../../src/wizard/flags.js';
import { DOCTOR_FLAGS } from '../../../src/cli/doctor-flags.js';
import { SERVICE_INSTALL_FLAGS, SERVICE_STATUS_FLAGS, SERVICE_UNINSTALL_FLAGS } from '../../../src/cli/service-flags.js';
import { CONFIG_CHECK_FLAGS, CONFIG_SHOW_FLAGS } from '../../../src/cli/commands/config.js';
import { SUPERVISORS_FLAGS } from '../../../src/cli/commands/supervisors.js';
import { addFlags } from '../../../src/cli/flag-options.js';

const TABLES: Record<string, Record<string, Flag<unknown, string>>> = {
  WIZARD_COMMON_FLAGS,
  INIT_FLAGS,
  PROGRAM_TARGET_FLAGS,
  PROGRAM_FLAGS,
  DOCTOR_FLAGS,
  SERVICE_INSTALL_FLAGS,
  SERVICE_UNINSTALL_FLAGS,
  SERVICE_STATUS_FLAGS,
  CONFIG_CHECK_FLAGS,
  CONFIG_SHOW_FLAGS,
  SUPERVISORS_FLAGS,
};

test('a key that is not its flag\'s attribute does not compile', () => {
  // @ts-expect-error -- commander stores --web-port under webPort, so `port` would never be read.
  const wrong = flagTable({ port: integer('--web-port <port>', 'x') });
  const right = flagTable({ webPort: integer('--web-port <port>', 'x'), start: boolean('--no-start', 'x'), yes: boolean('-y, --yes', 'x') });
  assert.deepEqual(Object.keys(wrong), ['port']);
  assert.deepEqual(Object.keys(right), ['webPort', 'start', 'yes']);
});

test('every table key is what commander names its flag (the run-time twin of the compile-time check)', () => {
  for (const [name, table] of Object.entries(TABLES)) {
    for (const [key, flag] of Object.entries(table)) assert.equal(new Option(flag.flags).attributeName(), key, `${name}.${key}`);
  }
});

test('labels name the flag as a question reports it', () => {
  assert.equal(INIT_FLAGS.webPort.label, '--web-port');
  assert.equal(INIT_FLAGS.web.label, '--web / --no-web');
  assert.equal(INIT_FLAGS.config.label, '--config');
  assert.equal(WIZARD_COMMON_FLAGS.yes.label, '--yes');
  assert.equal(INIT_FLAGS.start.label, '--no-start');
  assert.equal(PROGRAM_FLAGS.loginEnv.label, '--login-env / --no-login-env');
});

function parse(args: string[]) {
  const table = flagTable({
    port: integer('--port <n>', 'a port'),
    mode: choice('--mode <m>', 'a mode', ['a', 'b'] as const),
    tag: list('--tag <t>', 'tags'),
    web: boolean('--web', 'on', { negate: 'off' }),
    start: boolean('--no-start', 'do not start'),
    ...{ config: text('-c, --config <file>', 'config', { aliases: ['--configuration <file>'] }) },
  });
  let errors = '';
  const command = new Command('t').exitOverride().configureOutput({ writeErr: (s) => (errors += s) });
  addFlags(command, table);
  try {
    command.parse(args, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return { error: errors, exitCode: error.exitCode };
  }
  const values: FlagValues<typeof table> = pickFlags(command.opts(), table);
  return { values };
}

test('commander reads a table: parsers, choices, repeats, negation, aliases', () => {
  assert.deepEqual(parse(['--port', '9001', '--mode', 'b', '--tag', 'x', '--tag', 'y', '--no-web', '--no-start', '--configuration', '/etc/s.conf']).values, {
    port: 9001,
    mode: 'b',
    tag: ['x', 'y'],
    web: false,
    start: false,
    config: '/etc/s.conf',
  });
  assert.deepEqual(parse([]).values, { start: true });
});

test('a bad value is a usage error naming the flag and what is valid', () => {
  const port = parse(['--port', '90x']);
  assert.equal(port.exitCode, 1);
  assert.match(port.error!, /option '--port <n>' argument '90x' is invalid\. '90x' is not a whole number/);
  assert.match(parse(['--mode', 'c']).error!, /argument 'c' is invalid\. Allowed choices are a, b/);
});
