import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { applyPlan } from '../../../src/plan/apply.js';
import { reverseManifest } from '../../../src/plan/reverse.js';
import { renderPlanDiff } from '../../../src/plan/render.js';
import type { Plan } from '../../../src/plan/types.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

const dirs: string[] = [];
after(() => dirs.forEach(removeTempDir));

/** A root with its own accounts: alice (4242) exists only here, not on the machine. */
function makeRoot(): { root: string; backups: string } {
  const root = makeTempDir('plan');
  dirs.push(root);
  mkdirSync(path.join(root, 'etc'));
  writeFileSync(path.join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/bash\nalice:x:4242:4343::/home/alice:/bin/sh\n');
  writeFileSync(path.join(root, 'etc/group'), 'root:x:0:\nalicegrp:x:4343:\nlogs:x:4444:alice\n');
  return { root, backups: path.join(root, 'backups') };
}

const mode = (file: string) => statSync(file).mode & 0o7777;

test('write creates the file and its parents with the exact mode, and a second run changes nothing', async () => {
  const { root, backups } = makeRoot();
  const plan: Plan = { title: 't', operations: [{ kind: 'write', path: '/etc/supervisor/conf.d/a.ini', content: 'x=1\n', mode: 0o640, reason: 'r' }] };
  const first = await applyPlan(plan, { root, backupDir: backups });
  assert.equal(readFileSync(path.join(root, 'etc/supervisor/conf.d/a.ini'), 'utf8'), 'x=1\n');
  assert.equal(mode(path.join(root, 'etc/supervisor/conf.d/a.ini')), 0o640);
  assert.deepEqual(first.entries.map((e) => [e.operation.kind, 'path' in e.operation ? e.operation.path : '', e.created]), [
    ['mkdir', '/etc/supervisor', true],
    ['mkdir', '/etc/supervisor/conf.d', true],
    ['write', '/etc/supervisor/conf.d/a.ini', true],
  ]);
  const second = await applyPlan(plan, { root, backupDir: backups });
  assert.deepEqual(second.entries, []);
  assert.equal(existsSync(backups), false, 'nothing was changed, so nothing was backed up');
});

test('overwriting a file backs it up first under a timestamped dir, keeping its mode', async () => {
  const { root, backups } = makeRoot();
  const file = path.join(root, 'etc/supervisord.conf');
  writeFileSync(file, 'old\n', { mode: 0o600 });
  const manifest = await applyPlan({ title: 't', operations: [{ kind: 'write', path: '/etc/supervisord.conf', content: 'new\n', reason: 'r' }] }, { root, backupDir: backups });
  const backup = manifest.entries[0]!.backup!;
  assert.ok(backup.startsWith(backups + path.sep), backup);
  assert.match(path.relative(backups, backup), /^\d{4}-\d\d-\d\dT[\d-]+Z\/etc\/supervisord\.conf$/);
  assert.equal(readFileSync(backup, 'utf8'), 'old\n');
  assert.equal(mode(backup), 0o600);
  assert.equal(readFileSync(file, 'utf8'), 'new\n');
  assert.equal(mode(file), 0o600, 'a write without mode keeps the old mode');
});

test('owners are resolved in the root\'s /etc/passwd and /etc/group', async () => {
  const { root, backups } = makeRoot();
  await applyPlan(
    {
      title: 't',
      operations: [
        { kind: 'mkdir', path: '/var/log/app', mode: 0o750, owner: 'alice', reason: 'r' },
        { kind: 'write', path: '/var/log/app/x.log', content: '', owner: 'alice:logs', mode: 0o640, reason: 'r' },
      ],
    },
    { root, backupDir: backups },
  );
  const dir = statSync(path.join(root, 'var/log/app'));
  assert.deepEqual([dir.uid, dir.gid, dir.mode & 0o7777], [4242, 4343, 0o750]);
  const log = statSync(path.join(root, 'var/log/app/x.log'));
  assert.deepEqual([log.uid, log.gid], [4242, 4444]);
  await assert.rejects(
    applyPlan({ title: 't', operations: [{ kind: 'chown', path: '/var/log/app', owner: 'nosuchuser', reason: 'r' }] }, { root, backupDir: backups }),
    /unknown user 'nosuchuser'/,
  );
});

test('world-writable modes are refused before anything changes', async () => {
  const { root, backups } = makeRoot();
  for (const bad of [0o777, 0o666, 0o1777]) {
    await assert.rejects(
      applyPlan(
        { title: 't', operations: [{ kind: 'mkdir', path: '/a', reason: 'r' }, { kind: 'chmod', path: '/a', mode: bad, reason: 'r' }] },
        { root, backupDir: backups },
      ),
      /refusing to set mode/,
    );
    assert.equal(existsSync(path.join(root, 'a')), false);
  }
});

test('chmod, chown, unlink and symlink are skipped when the target already matches', async () => {
  const { root, backups } = makeRoot();
  const file = path.join(root, 'f');
  writeFileSync(file, 'x');
  const plan: Plan = {
    title: 't',
    operations: [
      { kind: 'chmod', path: '/f', mode: 0o640, reason: 'r' },
      { kind: 'chown', path: '/f', owner: 'alice', reason: 'r' },
      { kind: 'unlink', path: '/gone', reason: 'r' },
      { kind: 'symlink', path: '/link', target: '/f', reason: 'r' },
    ],
  };
  const first = await applyPlan(plan, { root, backupDir: backups });
  assert.deepEqual(first.entries.map((e) => e.operation.kind), ['chmod', 'chown', 'symlink']);
  assert.equal(readlinkSync(path.join(root, 'link')), '/f');
  assert.deepEqual((await applyPlan(plan, { root, backupDir: backups })).entries, []);
});

test('reverseManifest restores contents, modes and owners and removes what was created', async () => {
  const { root, backups } = makeRoot();
  const conf = path.join(root, 'etc/app.conf');
  writeFileSync(conf, 'original\n', { mode: 0o644 });
  const sock = path.join(root, 'old.txt');
  writeFileSync(sock, 'remove me');
  const before = statSync(conf);
  const manifest = await applyPlan(
    {
      title: 'setup',
      operations: [
        { kind: 'write', path: '/etc/app.conf', content: 'changed\n', mode: 0o600, owner: 'alice', reason: 'r' },
        { kind: 'write', path: '/opt/new/thing.ini', content: 'n', reason: 'r' },
        { kind: 'chmod', path: '/etc', mode: 0o750, reason: 'r' },
        { kind: 'unlink', path: '/old.txt', reason: 'r' },
        { kind: 'exec', argv: ['/bin/true'], undo: ['/bin/true'], reason: 'skipped under a root' },
      ],
    },
    { root, backupDir: backups },
  );
  assert.equal(manifest.entries.some((e) => e.operation.kind === 'exec'), false, 'exec does not run under a root');
  const undo = reverseManifest(manifest);
  assert.equal(undo.operations[0]!.kind, 'write', 'newest first: the unlinked file comes back first');
  await applyPlan(undo, { root, backupDir: backups });
  assert.equal(readFileSync(conf, 'utf8'), 'original\n');
  const after = statSync(conf);
  assert.deepEqual([after.mode & 0o7777, after.uid, after.gid], [before.mode & 0o7777, before.uid, before.gid]);
  assert.equal(readFileSync(sock, 'utf8'), 'remove me');
  assert.equal(existsSync(path.join(root, 'opt')), false, 'created parents are removed too');
  assert.equal(mode(path.join(root, 'etc')), 0o755);
});

test('dryRun reports what would change and changes nothing', async () => {
  const { root, backups } = makeRoot();
  writeFileSync(path.join(root, 'f'), 'x');
  const manifest = await applyPlan(
    {
      title: 't',
      operations: [
        { kind: 'write', path: '/f', content: 'y', reason: 'r' },
        { kind: 'mkdir', path: '/d/e', reason: 'r' },
        { kind: 'exec', argv: ['/bin/false'], reason: 'r' },
      ],
    },
    { root, backupDir: backups, dryRun: true },
  );
  assert.deepEqual(manifest.entries.map((e) => e.operation.kind), ['write', 'mkdir', 'mkdir', 'exec']);
  assert.equal(readFileSync(path.join(root, 'f'), 'utf8'), 'x');
  assert.equal(existsSync(path.join(root, 'd')), false);
  assert.equal(existsSync(backups), false);
});

test('exec runs at root / and fails with the command\'s stderr', async () => {
  const dir = makeTempDir('plx');
  dirs.push(dir);
  const marker = path.join(dir, 'ran');
  const manifest = await applyPlan({ title: 't', operations: [{ kind: 'exec', argv: ['/bin/sh', '-c', `echo hi > ${marker}`], reason: 'r' }] }, { backupDir: path.join(dir, 'b') });
  assert.equal(manifest.entries.length, 1);
  assert.equal(readFileSync(marker, 'utf8'), 'hi\n');
  await assert.rejects(applyPlan({ title: 't', operations: [{ kind: 'exec', argv: ['/bin/sh', '-c', 'echo boom >&2; exit 3'], reason: 'r' }] }), /boom/);
});

test('renderPlanDiff shows a unified diff for writes and one line for other operations', async () => {
  const { root } = makeRoot();
  writeFileSync(path.join(root, 'etc/s.conf'), '[supervisord]\nlogfile=/tmp/a.log\n');
  const text = await renderPlanDiff(
    {
      title: 'Fix logs',
      operations: [
        { kind: 'write', path: '/etc/s.conf', content: '[supervisord]\nlogfile=/var/log/a.log\n', reason: 'move log' },
        { kind: 'chmod', path: '/var/log/a', mode: 0o750, reason: 'least privilege' },
        { kind: 'exec', argv: ['systemctl', 'enable', 'supervisor service'], reason: 'boot' },
      ],
    },
    root,
  );
  assert.match(text, /^# Fix logs$/m);
  assert.match(text, /^-logfile=\/tmp\/a\.log$/m);
  assert.match(text, /^\+logfile=\/var\/log\/a\.log$/m);
  assert.match(text, /^chmod 0750 \/var\/log\/a {2}# least privilege$/m);
  assert.match(text, /^systemctl enable 'supervisor service' {2}# boot$/m);
  assert.equal(readdirSync(root).includes('var'), false);
  assert.ok(lstatSync(path.join(root, 'etc/s.conf')).isFile());
});
