/**
 * A broken config written while svwizd runs never stops anything (#12): SIGHUP, the real
 * `supervisorctl reload` and `update`, and the `supervisor.restart` RPC all read the new file
 * first, keep every program running with the same pid, and name the error with file:line.
 * Supervisor would stop every program and exit here; this is our deliberate difference.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';
import { rpcCall } from '../../helpers/daemon-rpc.js';
import { startSvwizd, type RunningSvwizd } from '../../helpers/svwizd-daemon.js';
import { daemonConfigText } from '../../helpers/daemon-config.js';
import type { ProcessInfo } from '../../../src/protocol/types.js';

const root = makeTempDir('svw-broken');
const running: RunningSvwizd[] = [];
after(async () => {
  for (const daemon of running) await daemon.stop();
  removeTempDir(root);
});

const GOOD = '[program:a]\ncommand=sleep 600\nstartsecs=0\n\n[program:b]\ncommand=sleep 601\nstartsecs=0\n';
const BROKEN: Record<string, string> = {
  'a syntax error': `${GOOD}\n[program:c]\ncommand=sleep 1\nthis line is neither a key nor a section\n`,
  'a program without command': `${GOOD}\n[program:c]\nautostart=true\n`,
};

function supervisorctl(socket: string, ...args: string[]): { status: number | null; out: string } {
  const result = spawnSync('/usr/bin/supervisorctl', ['-s', `unix://${socket}`, ...args], { encoding: 'utf8', timeout: 30_000 });
  if (result.error) throw result.error;
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

for (const [kind, programs] of Object.entries(BROKEN)) {
  test(`${kind} in the config: SIGHUP, reload, update and restart keep everything running and name the error`, { timeout: 90_000 }, async () => {
    const dir = path.join(root, kind.replace(/\W+/g, '-'));
    mkdirSync(dir);
    const socket = `${dir}/s.sock`;
    const url = `unix://${socket}`;
    const daemon = await startSvwizd(dir, daemonConfigText(dir, GOOD));
    running.push(daemon);
    const config = daemon.configPath;
    const infos = async () => (await rpcCall(url, 'supervisor.getAllProcessInfo')) as unknown as ProcessInfo[];
    await waitFor('a and b running', async () => (await infos()).every((p) => p.statename === 'RUNNING'));
    const pids = (await infos()).map((p) => p.pid);
    writeFileSync(config, daemonConfigText(dir, programs));
    const stillRunning = async (after: string) => {
      assert.equal(daemon.child.exitCode, null, `daemon up after ${after}: ${daemon.output()}`);
      const now = await infos();
      assert.deepEqual(now.map((p) => [p.name, p.statename, p.pid]), [['a', 'RUNNING', pids[0]], ['b', 'RUNNING', pids[1]]], `after ${after}`);
    };

    daemon.child.kill('SIGHUP');
    await waitFor('SIGHUP refusal logged', () => /restart refused, the config is broken/.test(readFileSync(`${dir}/main.log`, 'utf8')));
    const log = readFileSync(`${dir}/main.log`, 'utf8');
    assert.match(log, new RegExp(`ERRO restart refused, the config is broken \\(everything keeps running\\): .*${config.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*line \\d+|ERRO restart refused.*${path.basename(config)}:\\d+`));
    await stillRunning('SIGHUP');

    const fault = await rpcCall(url, 'supervisor.restart').then(
      () => assert.fail('restart accepted a broken config'),
      (error: Error) => error,
    );
    assert.match(String(fault.message), /92|CANT_REREAD/);
    assert.match(String(fault.message), new RegExp(path.basename(config)));
    await stillRunning('supervisor.restart');

    // supervisorctl prints an unknown fault as a raw `error: <class 'xmlrpc.client.Fault'>…` line
    // (its own formatting, exit 0): what matters is that it carries the file:line and nothing restarted.
    const named = new RegExp(`CANT_REREAD: ${config.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+`);
    const reload = supervisorctl(socket, 'reload');
    assert.match(reload.out, named, reload.out);
    assert.doesNotMatch(reload.out, /Restarted supervisord/);
    await stillRunning('supervisorctl reload');

    const update = supervisorctl(socket, 'update');
    assert.match(update.out, named, update.out);
    await stillRunning('supervisorctl update');

    // Once the file is mended, SIGHUP reloads as usual.
    writeFileSync(config, daemonConfigText(dir, `${GOOD}\n[program:c]\ncommand=sleep 602\nstartsecs=0\n`));
    daemon.child.kill('SIGHUP');
    await waitFor('c running after the mended reload', async () => {
      const all = await infos().catch(() => []);
      return all.length === 3 && all.every((p) => p.statename === 'RUNNING');
    }, { timeoutMs: 30_000 });
    assert.equal(daemon.child.exitCode, null);
  });
}
