/**
 * The command-line conventions the three built bins share with their neighbours (supervisorctl,
 * supervisord, npm): version flags, help and usage exit codes, one config flag, versioned JSON.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';
import { REPO, SVWIZ, SVWIZCTL, SVWIZD } from '../../helpers/wizard-cli.js';

const dir = makeTempDir('cliconv');
after(() => removeTempDir(dir));
const version = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

function run(bin: string, args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('-v and --version print the package version on all three bins', () => {
  for (const bin of [SVWIZ, SVWIZD, SVWIZCTL]) {
    for (const flag of ['-v', '--version']) {
      const r = run(bin, [flag]);
      assert.equal(r.code, 0, `${path.basename(bin)} ${flag}: ${r.stderr}`);
      assert.equal(r.stdout, `${version}\n`, `${path.basename(bin)} ${flag}`);
      assert.equal(r.stderr, '');
    }
  }
  // svwiz's earlier -V still works, unlisted.
  assert.equal(run(SVWIZ, ['-V']).stdout, `${version}\n`);
  assert.doesNotMatch(run(SVWIZ, ['--help']).stdout, /-V\b/);
});

test('svwizctl -v takes no supervisorctl meaning away: the real supervisorctl rejects -v as a usage error', () => {
  const real = spawnSync('/usr/bin/supervisorctl', ['-v'], { encoding: 'utf8' });
  assert.equal(real.status, 2);
  assert.match(real.stdout + real.stderr, /option -v not recognized/);
  assert.match(run(SVWIZCTL, ['-h']).stdout, /-v, --version/);
});

test('bare svwiz and a command group without a subcommand are usage errors: help on stderr, exit 2', () => {
  for (const args of [[], ['service'], ['config']]) {
    const r = run(SVWIZ, args);
    assert.equal(r.code, 2, `svwiz ${args.join(' ')}`);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^Usage: svwiz/m);
  }
  for (const args of [['--help'], ['help'], ['help', 'service'], ['doctor', '--help']]) {
    const r = run(SVWIZ, args);
    assert.equal(r.code, 0, `svwiz ${args.join(' ')}`);
    assert.match(r.stdout, /^Usage: svwiz/m);
    assert.equal(r.stderr, '');
  }
  const unknown = run(SVWIZ, ['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command 'frobnicate'/);
});

test('svwizctl --json with an action it cannot report as JSON, or with no name for stop, exits 2', () => {
  for (const args of [['--json', 'stop'], ['--json', 'stop', 'x'], ['--json']]) {
    const r = run(SVWIZCTL, ['-s', 'unix:///nonexistent/svwiz.sock', ...args]);
    assert.equal(r.code, 2, `svwizctl ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  }
});

test('-c, --config and --configuration name the same file in every svwiz command that reads one', () => {
  const file = path.join(dir, 'supervisord.conf');
  writeFileSync(file, '[supervisord]\nlogfile=/dev/null\n[program:alpha]\ncommand=/bin/true\n');
  for (const spelling of [['-c', file], ['--config', file], ['--configuration', file], [`--config=${file}`], [`--configuration=${file}`]]) {
    const check = run(SVWIZ, ['config', 'check', '--json', ...spelling]);
    assert.equal(check.code, 0, `config check ${spelling.join(' ')}: ${check.stderr}`);
    assert.equal(JSON.parse(check.stdout).file, file);
    const show = run(SVWIZ, ['config', 'show', '--json', ...spelling]);
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /"name": "alpha"/);
    const doctor = run(SVWIZ, ['doctor', '--json', '--check', 'config-syntax', ...spelling]);
    assert.equal(doctor.code, 0, `doctor ${spelling.join(' ')}: ${doctor.stderr}`);
    assert.equal(JSON.parse(doctor.stdout).checks[0].status, 'ok');
  }
  for (const command of [['init'], ['add-program'], ['remove-program'], ['service', 'install'], ['doctor'], ['config', 'check'], ['config', 'show']]) {
    const help = run(SVWIZ, [...command, '--help']).stdout;
    assert.match(help, /-c, --config <file>/, command.join(' '));
    assert.match(help, /--configuration\s+FILE\s+is\s+the\s+same/, command.join(' '));
  }
});

test('every svwiz --json document starts with schemaVersion', () => {
  const file = path.join(dir, 'schema.conf');
  writeFileSync(file, '[supervisord]\nlogfile=/dev/null\n');
  const documents = [
    run(SVWIZ, ['config', 'check', '--json', '-c', file]),
    run(SVWIZ, ['config', 'show', '--json', '-c', file]),
    run(SVWIZ, ['doctor', '--json', '--check', 'config-syntax', '-c', file]),
    run(SVWIZ, ['service', 'status', '--json', '--root', dir]),
    run(SVWIZCTL, ['-s', `unix://${dir}/none.sock`, '--json', 'status']),
  ];
  for (const r of documents) assert.equal(Object.keys(JSON.parse(r.stdout))[0], 'schemaVersion', r.stdout);
  for (const r of documents) assert.equal(JSON.parse(r.stdout).schemaVersion, 1);
});

test('the doctor prints plain ASCII for TERM=dumb and a non-UTF-8 locale, Unicode marks otherwise', () => {
  const file = path.join(dir, 'marks.conf');
  writeFileSync(file, '[supervisord]\nlogfile=/dev/null\n');
  const doctor = (env: NodeJS.ProcessEnv) => {
    const r = spawnSync(process.execPath, [SVWIZ, 'doctor', '-c', file, '--check', 'config-syntax'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 60_000 });
    return r.stdout;
  };
  for (const env of [{ TERM: 'dumb', LANG: 'C.UTF-8' }, { TERM: 'xterm', LANG: 'C', LC_ALL: '' }, { TERM: 'xterm', LC_ALL: 'POSIX' }]) {
    const text = doctor(env);
    assert.match(text, /^ {2}OK Config files parse \[config-syntax\]$/m, JSON.stringify(env));
    assert.doesNotMatch(text, /[^\x00-\x7f]/, `ASCII only: ${JSON.stringify(env)}`);
  }
  assert.match(doctor({ TERM: 'xterm', LANG: 'C.UTF-8', LC_ALL: '' }), /^ {2}✓ Config files parse/m);
});

test('a flag value that does not parse is a usage error naming the flag, not an internal error', () => {
  for (const args of [['add-program', '--startsecs', '3s'], ['init', '--web-port', 'http', '--dry-run']]) {
    const r = run(SVWIZ, [...args, '--root', dir]);
    assert.equal(r.code, 2, `svwiz ${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^error: option '--(startsecs <n>|web-port <port>)' argument '(3s|http)' is invalid\. '(3s|http)' is not a whole number$/m);
    assert.doesNotMatch(r.stderr, /Internal error|please report/);
  }
});
