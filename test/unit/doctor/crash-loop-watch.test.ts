/**
 * The crash-loop watch of `process-state` when no poll catches the short EXITED state (Python
 * supervisord on a busy machine): a scripted supervisor answers every getAllProcessInfo with the
 * program RUNNING under a new pid, and only its main log says why each run ended. The real
 * supervisors are in test/integration/doctor/scenarios-crash-loop.test.ts; this pins the path
 * that there runs only when the machine is busy.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { processStateCheck } from '../../../checks/process-state.js';
import type { DoctorContext } from '../../../src/doctor/types.js';
import type { ProcessInfo, XmlRpcValue } from '../../../src/protocol/types.js';

const START = 1_800_000_000;

function running(pid: number, now: number): ProcessInfo {
  return {
    name: 'app', group: 'app', start: now - 1, stop: now - 1, now, state: 20, statename: 'RUNNING', spawnerr: '', exitstatus: 0,
    logfile: '', stdout_logfile: '', stderr_logfile: '', pid, description: `pid ${pid}, uptime 0:00:01`,
  };
}

/** A supervisor that restarts `app` before every second poll and logs each end with `exitLine`. */
function restartingSupervisor(exitLine: (pid: number) => string, preWatchLog: string) {
  let pid = 100;
  let log = preWatchLog;
  let polls = 0;
  const calls: string[] = [];
  const rpc = {
    async call(method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue> {
      calls.push(method);
      if (method === 'supervisor.getAllProcessInfo') {
        polls += 1;
        if (polls % 2 === 1) {
          log += `2026-12-04 18:50:02,000 ${exitLine(pid)}\n2026-12-04 18:50:02,010 INFO spawned: 'app' with pid ${pid + 1}\n`;
          pid += 1;
        }
        return [running(pid, START)] as unknown as XmlRpcValue;
      }
      if (method === 'supervisor.readLog') {
        const offset = params[0] as number;
        return log.slice(Math.max(0, log.length + offset));
      }
      if (method === 'supervisor.tailProcessStderrLog') return ['Traceback …\nValueError: bad token\n', 0, false];
      throw new Error(`unexpected call ${method}`);
    },
  };
  const ctx = { supervisor: { processes: [], backend: 'supervisord', rpc, processInfo: [running(pid, START)] }, config: undefined } as unknown as DoctorContext;
  return { ctx, calls };
}

const BEFORE = "2026-12-04 18:50:01,000 INFO spawned: 'app' with pid 100\n";

test('a restart seen only as a new pid, with `not expected` in the main log, is a crash loop', async () => {
  const { ctx, calls } = restartingSupervisor(() => 'WARN exited: app (exit status 3; not expected)', BEFORE);
  const findings = await processStateCheck.run(ctx);
  assert.equal(findings.length, 1, JSON.stringify(findings));
  assert.equal(findings[0].severity, 'error');
  assert.match(findings[0].message, /^app crash-loops: it exits with status 3 \(not in exitcodes\) and is restarted again and again; its last output: ValueError: bad token$/);
  assert.ok(!calls.includes('supervisor.getProcessInfo'));
});

test('a run killed by a signal is named by the signal', async () => {
  const { ctx } = restartingSupervisor(() => 'WARN exited: app (terminated by SIGSEGV (core dumped); not expected)', BEFORE);
  const [finding] = await processStateCheck.run(ctx);
  assert.match(finding.message, /^app crash-loops: it is killed by SIGSEGV and is restarted/);
});

test('restarts after expected exits are no finding, nor unexpected exits logged before the watch began', async () => {
  const old = `${BEFORE}2026-12-04 18:50:01,500 WARN exited: app (exit status 3; not expected)\n2026-12-04 18:50:01,510 INFO spawned: 'app' with pid 100\n`;
  const { ctx, calls } = restartingSupervisor(() => 'INFO exited: app (exit status 0; expected)', old);
  assert.deepEqual(await processStateCheck.run(ctx), []);
  // The baseline, then one read per new pid seen, not one per poll: a pid changes every second poll.
  const reads = calls.filter((c) => c === 'supervisor.readLog').length;
  const polls = calls.filter((c) => c === 'supervisor.getAllProcessInfo').length;
  assert.ok(polls >= 10, `the watch polled for its 2.5 s (${polls})`);
  assert.equal(reads, 1 + Math.ceil(polls / 2), `${reads} main-log reads for ${polls} polls`);
});
