/**
 * Keeps the benchmark harness compiled and its pure parts correct: config generators (checked
 * against Python supervisord's own parser and svwiz's loader), the line checker of the log
 * scenario and the result-table renderer on fake numbers. No timing here: speed is bench/'s job.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readBenchOptions } from '../../../bench/bench-options.js';
import { daemonOrderForRep } from '../../../bench/rep-order.js';
import { defaultProgram, quoteSupervisorArg, renderPm2Ecosystem, renderSupervisordConf } from '../../../bench/config-render.js';
import { fillLines, NumberedLineChecker } from '../../../bench/log-lines.js';
import { renderResultsTable, type ResultSamples } from '../../../bench/results-table.js';
import { benchRows, ISSUE_SIZES } from '../../../bench/rows.js';
import { rotatedFilesInOrder } from '../../../bench/scenarios/log-capture.js';
import { summarize } from '../../../bench/stats.js';
import { summarizeCpuProfile } from '../../../bench/profile-summary.js';
import { loadSupervisorConfig } from '../../../src/config/load.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';
import { DEBIAN_PYTHON, requirePythonSupervisor } from '../../helpers/python-supervisord.js';

const TRICKY_ARGV = ['/bin/sh', '-c', 'echo "$$ 100%" > /tmp/x\\y; exec sleep 1', 'plain-arg'];

describe('bench config generators', () => {
  const dir = makeTempDir('svb');
  after(() => removeTempDir(dir));
  const programs = [
    defaultProgram('tricky', TRICKY_ARGV, dir, { startsecs: 1, autostart: false }),
    defaultProgram('plain', ['/bin/sleep', '1000000'], dir, { autorestart: false, logMaxBytes: 5000, logBackups: 7 }),
  ];
  const file = path.join(dir, 'supervisord.conf');
  // The harness creates the log dir before starting a daemon; both parsers insist it exists.
  mkdirSync(path.join(dir, 'logs'));
  writeFileSync(file, renderSupervisordConf({ dir, socketPath: path.join(dir, 's.sock'), programs }));

  it('quotes only what needs quoting', () => {
    assert.equal(quoteSupervisorArg('/bin/sleep'), '/bin/sleep');
    assert.equal(quoteSupervisorArg('a b'), '"a b"');
    assert.equal(quoteSupervisorArg('say "hi"'), '"say \\"hi\\""');
    assert.equal(quoteSupervisorArg('50%'), '"50%%"');
  });

  it('writes a config Python supervisord parses into the same programs', () => {
    requirePythonSupervisor();
    const script = [
      'import json, shlex, sys',
      'from supervisor.options import ServerOptions',
      'o = ServerOptions(); o.realize(args=["-c", sys.argv[1]])',
      'print(json.dumps([{"name": p.name, "argv": shlex.split(p.command), "autostart": p.autostart, "startsecs": p.startsecs,',
      '  "maxbytes": p.stdout_logfile_maxbytes, "backups": p.stdout_logfile_backups, "logfile": p.stdout_logfile}',
      '  for g in o.process_group_configs for p in g.process_configs]))',
    ].join('\n');
    const parsed = JSON.parse(execFileSync(DEBIAN_PYTHON, ['-c', script, file], { encoding: 'utf8' })) as Record<string, unknown>[];
    const byName = new Map(parsed.map((entry) => [entry.name, entry]));
    assert.deepEqual(byName.get('tricky'), { name: 'tricky', argv: TRICKY_ARGV, autostart: false, startsecs: 1, maxbytes: 1024 * 1024, backups: 1, logfile: path.join(dir, 'logs', 'tricky.log') });
    assert.deepEqual(byName.get('plain'), { name: 'plain', argv: ['/bin/sleep', '1000000'], autostart: true, startsecs: 0, maxbytes: 5000, backups: 7, logfile: path.join(dir, 'logs', 'plain.log') });
  });

  it('writes a config svwiz loads with the same commands', async () => {
    const model = await loadSupervisorConfig(file, { cwd: dir });
    const commands = new Map(model.processes.map((process) => [process.name, process.command]));
    assert.equal(commands.get('plain'), '/bin/sleep 1000000');
    assert.match(commands.get('tricky') ?? '', /^\/bin\/sh -c "echo \\"\$\$ 100%\\"/);
    assert.equal(model.supervisord.minfds, 8192);
  });

  it('gives PM2 the same programs as apps', () => {
    const { apps } = renderPm2Ecosystem(programs);
    assert.deepEqual(
      apps.map((app) => [app.name, app.script, app.args, app.autostart, app.autorestart, app.interpreter]),
      [
        ['tricky', '/bin/sh', TRICKY_ARGV.slice(1), false, true, 'none'],
        ['plain', '/bin/sleep', ['1000000'], true, false, 'none'],
      ],
    );
  });
});

describe('bench log-line checker', () => {
  const lineBytes = 20;
  const lines = (first: number, count: number): Buffer => {
    const buffer = Buffer.alloc(count * lineBytes);
    fillLines(buffer, first, count, lineBytes);
    return buffer;
  };

  it('accepts every line in order, across arbitrary chunk and file boundaries', () => {
    const all = lines(0, 50);
    const checker = new NumberedLineChecker(lineBytes);
    for (const cut of [[0, 7], [7, 333], [333, 334], [334, 1000]]) checker.feed(all.subarray(cut[0], cut[1]));
    assert.deepEqual(checker.finish(50), { good: 50, bad: 0, firstProblem: undefined });
    assert.equal(all.toString('latin1', 0, lineBytes), '000000000000 ......\n');
  });

  it('counts a gap, a repeat and missing tail lines', () => {
    const checker = new NumberedLineChecker(lineBytes);
    checker.feed(Buffer.concat([lines(0, 5), lines(8, 2), lines(9, 1)]));
    const result = checker.finish(12);
    assert.equal(result.good, 7);
    // 5,6,7 lost; 9 repeated; 10,11 never came.
    assert.equal(result.bad, 3 + 1 + 2);
    assert.match(result.firstProblem ?? '', /line 8 follows line 4/);
  });

  it('orders rotated files oldest first', () => {
    assert.deepEqual(rotatedFilesInOrder(['w.log.1', 'w.log', 'w.log.10', 'w.log.2', 'other.log'], 'w.log'), ['w.log.10', 'w.log.2', 'w.log.1', 'w.log']);
  });
});

describe('bench results table', () => {
  it('summarizes median, min and max', () => {
    assert.deepEqual(summarize([5, 1, 3]), { median: 3, min: 1, max: 5, count: 3 });
    assert.deepEqual(summarize([4, 1, 3, 2, Number.NaN]), { median: 2.5, min: 1, max: 4, count: 4 });
    assert.equal(summarize([]), undefined);
  });

  it('renders one row per measured metric with medians, ratio and goal verdicts', () => {
    const samples: ResultSamples = new Map([
      ['killQuiet', { svwizd: [4, 2, 3], supervisord: [1000, 1040, 1035], pm2: [22] }],
      ['rssSmall', { svwizd: [50], supervisord: [32.7] }],
      ['anonSmall', { svwizd: [22.6], supervisord: [22.1] }],
      ['anonSmallLow', { svwizd: [16.3] }],
      ['launch-100-0', { svwizd: [610, 520, 836], supervisord: [1239, 873, 1602] }],
      ['logRateFlat', { svwizd: [423], supervisord: [421] }],
      ['nodeStartup', { svwizd: [40, 44] }],
    ]);
    const table = renderResultsTable(benchRows(ISSUE_SIZES), samples, {
      daemons: [
        { id: 'svwizd', heading: 'svwizd' },
        { id: 'supervisord', heading: 'supervisord 4.2.5' },
        { id: 'pm2', heading: 'PM2 7.0.4' },
      ],
    });
    const lines = table.trim().split('\n');
    assert.equal(lines[0], '| scenario | metric | svwizd | supervisord 4.2.5 | PM2 7.0.4 | svwizd / supervisord | goal (svwizd) | goal (ratio) |');
    assert.equal(lines.length, 2 + 7);
    const row = (label: string): string | undefined => lines.find((line) => line.startsWith(`| ${label.split(' ')[0]} | ${label.slice(label.indexOf(' ') + 1)} |`));
    // Both goals of a row judged on their own terms: 50 MB misses ≤ 45 MB, 1.53× misses ≤ 1.5×.
    assert.equal(row('S1 daemon RSS, 100 programs'), '| S1 | daemon RSS, 100 programs | 50.0 MB | 32.7 MB | — | 1.53× | ≤ 45.0 MB ✗ | ≤ 1.5× ✗ |');
    assert.match(row('S1 daemon anonymous memory (RssAnon: heap, stacks, malloc; not reclaimable without swap), 100 programs') ?? '', /\| 22\.6 MB \| 22\.1 MB \| — \| 1\.02× \|  \| ≤ 1\.5× ✓ \|$/);
    // A variant only svwizd has borrows supervisord's cell (and so the ratio) from the row it names.
    assert.match(row('S1 daemon anonymous memory, 100 programs, svwizd in low-memory mode') ?? '', /\| 16\.3 MB \| 22\.1 MB \| — \| 0\.74× \|  \| ≤ 1\.5× ✓ \|$/);
    assert.match(row('S2 launch → all RUNNING, 100 programs, startsecs=0') ?? '', /\| 610 ms \(520–836\) \| 1239 ms \(873–1602\) \| — \| 0\.49× \|  \| ≤ 0\.7× ✓ \|$/);
    assert.match(row('S4 log capture, 500 MB, maxbytes=0') ?? '', /\| 1\.00× \|  \| ≥ 1\.1× ✗ \|$/);
    assert.ok(lines.includes('| S3 | SIGKILL → new child running, nobody polling | 3.0 ms (2.0–4.0) | 1035 ms (1000–1040) | 22 ms | 0.0029× | ≤ 15 ms ✓ |  |'), table);
    assert.ok(lines.includes('| S6 | node -e 0 (runtime start-up) | 42 ms (40–44) |  |  | baseline, no daemon |  |  |'), table);
  });

  it('leaves the ratio goals out at sizes other than the issue\'s', () => {
    const quick = readBenchOptions({ BENCH_QUICK: '1' });
    const rows = benchRows(quick.sizes);
    assert.deepEqual(rows.filter((entry) => entry.ratioGoal).map((entry) => entry.id), []);
    assert.ok(benchRows(ISSUE_SIZES).filter((entry) => entry.ratioGoal).length >= 10);
  });

  it('reads quick and full options from the environment', () => {
    const full = readBenchOptions({});
    assert.deepEqual(full.sizes, ISSUE_SIZES);
    assert.deepEqual(full.daemons, ['svwizd', 'supervisord', 'pm2']);
    assert.equal(full.reps % 2, 0, 'a full run has as many reps in each daemon order (daemonOrderForRep)');
    const quick = readBenchOptions({ BENCH_QUICK: '1', BENCH_LOG_MB: '8', BENCH_DAEMONS: 'supervisord' });
    assert.equal(quick.sizes.logMegabytes, 8);
    assert.ok(quick.sizes.large < full.sizes.large);
    assert.deepEqual(quick.daemons, ['supervisord']);
    assert.throws(() => readBenchOptions({ BENCH_DAEMONS: 'systemd' }), /unknown daemon systemd/);
  });

  it('alternates the daemon order per rep, so no daemon always goes first or follows the same one', () => {
    const named = ['svwizd', 'supervisord', 'pm2'];
    const reps = [1, 2, 3, 4].map((rep) => daemonOrderForRep(named, rep));
    assert.deepEqual(reps, [named, ['pm2', 'supervisord', 'svwizd'], named, ['pm2', 'supervisord', 'svwizd']]);
    // Over a pair of reps svwizd runs before supervisord once and after it once.
    const svwizdFirst = reps.slice(0, 2).filter((order) => order.indexOf('svwizd') < order.indexOf('supervisord'));
    assert.equal(svwizdFirst.length, 1);
    assert.deepEqual(named, ['svwizd', 'supervisord', 'pm2'], 'the caller\'s list is not reordered');
  });

  it('sums a CPU profile by self and inclusive time', () => {
    const frame = (functionName: string) => ({ functionName, url: 'file:///x/a.js', lineNumber: 0 });
    const { rows, wallMs } = summarizeCpuProfile({
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2] },
        { id: 2, callFrame: frame('spawn'), children: [3] },
        { id: 3, callFrame: frame('writeRecords') },
      ],
      startTime: 0,
      endTime: 5000,
      samples: [2, 3, 3],
      timeDeltas: [1000, 1000, 2000],
    });
    assert.equal(wallMs, 5);
    const byFrame = new Map(rows.map((row) => [row.frame, row]));
    assert.deepEqual(byFrame.get('spawn a.js:1'), { frame: 'spawn a.js:1', selfMs: 1, totalMs: 4 });
    assert.deepEqual(byFrame.get('writeRecords a.js:1'), { frame: 'writeRecords a.js:1', selfMs: 3, totalMs: 3 });
  });
});
