/**
 * The benchmark's rows: what each measures, its unit, the issue #8 goal for svwizd's own value and
 * the issue #18 goal for its ratio to supervisord's. Pure data, built from the run's sizes so the
 * labels always say what was actually measured (BENCH_QUICK shrinks the sizes; goals only apply
 * at the issue's own sizes).
 */

export type DaemonId = 'svwizd' | 'supervisord' | 'pm2';
export const DAEMON_IDS: readonly DaemonId[] = ['svwizd', 'supervisord', 'pm2'];

export type Unit = 'ms' | 'MB' | '%' | 'MB/s' | '/s' | '/min' | 'lines';

export interface Goal {
  op: '<=' | '>=';
  value: number;
}

export interface RowSpec {
  id: string;
  scenario: string;
  label: string;
  unit: Unit;
  goal?: Goal;
  /** svwizd's median over supervisord's median, both from this run (issue #18). */
  ratioGoal?: Goal;
  /**
   * A row only svwizd has (a variant such as low-memory mode): supervisord's cell and the ratio
   * come from this row's supervisord samples.
   */
  supervisordFrom?: string;
  /** A measurement without a daemon (writer alone, runtime start-up): one value, no ratio. */
  baseline?: boolean;
}

export interface BenchSizes {
  /** Program count of the "100 programs" scenarios. */
  small: number;
  /** Program count of the "500 programs" scenarios. */
  large: number;
  logMegabytes: number;
  idleSeconds: number;
  crashWindowSeconds: number;
}

export const ISSUE_SIZES: BenchSizes = { small: 100, large: 500, logMegabytes: 500, idleSeconds: 10, crashWindowSeconds: 10 };

export function benchRows(sizes: BenchSizes): RowSpec[] {
  const { small, large } = sizes;
  // A goal quoted for 100 or 500 programs means nothing at other sizes.
  const at = (actual: number, wanted: number, goal: Goal): Goal | undefined => (actual === wanted ? goal : undefined);
  const logGoal = sizes.logMegabytes >= 100;
  const logRatio = (op: Goal['op'], value: number): Goal | undefined => (logGoal ? { op, value } : undefined);
  const rows: RowSpec[] = [
    { id: 'rss0', scenario: 'S1', label: 'daemon RSS, 0 programs', unit: 'MB' },
    { id: 'rssSmall', scenario: 'S1', label: `daemon RSS, ${small} programs`, unit: 'MB', goal: at(small, 100, { op: '<=', value: 45 }), ratioGoal: at(small, 100, { op: '<=', value: 1.5 }) },
    // RSS = anonymous + file-backed pages. The file-backed part is the runtime's executable and
    // libraries: clean, shared with every process running them, dropped by the kernel under memory
    // pressure. The anonymous part (heap, stacks, malloc) is what the daemon really takes from a
    // machine without swap. docs/benchmark.md "Memory: where it goes".
    {
      id: 'anonSmall',
      scenario: 'S1',
      label: `daemon anonymous memory (RssAnon: heap, stacks, malloc; not reclaimable without swap), ${small} programs`,
      unit: 'MB',
      ratioGoal: at(small, 100, { op: '<=', value: 1.5 }),
    },
    { id: 'fileSmall', scenario: 'S1', label: `daemon file-backed pages (RssFile: the runtime's executable and libraries, shared, reclaimable), ${small} programs`, unit: 'MB' },
    { id: 'rssSmallLow', scenario: 'S1', label: `daemon RSS, ${small} programs, svwizd in low-memory mode (default on boards with ≤ 1 GB)`, unit: 'MB', supervisordFrom: 'rssSmall' },
    { id: 'anonSmallLow', scenario: 'S1', label: `daemon anonymous memory, ${small} programs, svwizd in low-memory mode`, unit: 'MB', supervisordFrom: 'anonSmall', ratioGoal: at(small, 100, { op: '<=', value: 1.5 }) },
    { id: 'idleCpu', scenario: 'S1', label: `daemon CPU, ${sizes.idleSeconds} s idle, ${small} programs`, unit: '%' },
    { id: 'gracefulStop', scenario: 'S1', label: `graceful stop, ${small} programs (SIGTERM → daemon exited)`, unit: 'ms', goal: at(small, 100, { op: '<=', value: 1000 }) },
  ];
  for (const startsecs of [0, 1]) {
    for (const count of [small, large]) {
      rows.push({
        id: `launch-${count}-${startsecs}`,
        scenario: 'S2',
        label: `launch → all RUNNING, ${count} programs, startsecs=${startsecs}`,
        unit: 'ms',
        goal: startsecs === 0 ? at(count, 500, { op: '<=', value: 5000 }) : undefined,
        ratioGoal: startsecs === 0 && (count === 100 || count === 500) ? { op: '<=', value: 0.7 } : undefined,
      });
    }
  }
  rows.push(
    { id: 'killQuiet', scenario: 'S3', label: 'SIGKILL → new child running, nobody polling', unit: 'ms', goal: { op: '<=', value: 15 } },
    { id: 'killPolled', scenario: 'S3', label: 'SIGKILL → new child running, client polling', unit: 'ms' },
    { id: 'crashRate', scenario: 'S3', label: `crash loop (exit at once, startsecs=0): restarts/s over ${sizes.crashWindowSeconds} s`, unit: '/s' },
    { id: 'crashCpu', scenario: 'S3', label: 'crash loop: daemon CPU', unit: '%', goal: { op: '<=', value: 5 } },
    {
      id: 'workerRate',
      scenario: 'S3',
      label: `short-lived worker (exit 0 after each job, startsecs=0): restarts/min over ${sizes.crashWindowSeconds} s`,
      unit: '/min',
    },
    { id: 'writerAlone', scenario: 'S4', label: `log writer alone → file, ${sizes.logMegabytes} MB`, unit: 'MB/s', baseline: true },
    { id: 'writerNull', scenario: 'S4', label: `log writer alone → /dev/null (the writer's own ceiling), ${sizes.logMegabytes} MB`, unit: 'MB/s', baseline: true },
    {
      id: 'nodeReaderFloor',
      scenario: 'S4',
      label: `log writer → FIFO → svwizd's pipe reader alone, writing a file (Node's read path, no daemon), ${sizes.logMegabytes} MB`,
      unit: 'MB/s',
      baseline: true,
    },
    { id: 'logRate', scenario: 'S4', label: `log capture, ${sizes.logMegabytes} MB, rotated`, unit: 'MB/s', ratioGoal: logRatio('>=', 1.1) },
    { id: 'logRateShare', scenario: 'S4', label: 'log capture: share of the writer-alone rate', unit: '%', goal: logGoal ? { op: '>=', value: 95 } : undefined },
    { id: 'logCpu', scenario: 'S4', label: 'log capture: daemon CPU', unit: '%', goal: logGoal ? { op: '<=', value: 60 } : undefined },
    { id: 'logCpuPerMb', scenario: 'S4', label: 'log capture, rotated: daemon CPU per MB', unit: 'ms', ratioGoal: logRatio('<=', 1) },
    { id: 'logRateFlat', scenario: 'S4', label: `log capture, ${sizes.logMegabytes} MB, maxbytes=0`, unit: 'MB/s', ratioGoal: logRatio('>=', 1.1) },
    { id: 'logCpuPerMbFlat', scenario: 'S4', label: 'log capture, maxbytes=0: daemon CPU per MB', unit: 'ms', ratioGoal: logRatio('<=', 1) },
    { id: 'logRateTen', scenario: 'S4', label: `log capture, 10 programs at once, ${sizes.logMegabytes / 10} MB each, rotated`, unit: 'MB/s', ratioGoal: logRatio('>=', 1.1) },
    { id: 'logCpuPerMbTen', scenario: 'S4', label: 'log capture, 10 programs: daemon CPU per MB', unit: 'ms', ratioGoal: logRatio('<=', 1) },
    { id: 'logLost', scenario: 'S4', label: 'log capture: lines lost or out of order (all three runs)', unit: 'lines', goal: { op: '<=', value: 0 } },
  );
  for (const count of [small, large]) {
    rows.push(
      {
        id: `ctlStatus-${count}`,
        scenario: 'S5',
        label: `own ctl status, ${count} programs (svwizctl / supervisorctl / pm2 ls)`,
        unit: 'ms',
        goal: at(count, 100, { op: '<=', value: 150 }),
        ratioGoal: at(count, 100, { op: '<=', value: 0.8 }),
      },
      { id: `pyctlStatus-${count}`, scenario: 'S5', label: `real supervisorctl status, ${count} programs`, unit: 'ms' },
      { id: `rpcAllRaw-${count}`, scenario: 'S5', label: `getAllProcessInfo round trip, ${count} programs (raw HTTP, response read, not decoded)`, unit: 'ms', goal: at(count, 500, { op: '<=', value: 15 }) },
      { id: `rpcAll-${count}`, scenario: 'S5', label: `getAllProcessInfo + decode by svwiz's client, ${count} programs (pm2: list)`, unit: 'ms' },
    );
  }
  rows.push(
    { id: 'rpcRssBase', scenario: 'S7', label: 'daemon RSS before the RPC load, 5 programs', unit: 'MB' },
    { id: 'rpcBig15', scenario: 'S7', label: 'peak RSS, one 15 MB XML-RPC request (svwizd refuses it: 413)', unit: 'MB' },
    { id: 'rpcBig1', scenario: 'S7', label: 'peak RSS, one 0.9 MB XML-RPC request (parsed by both)', unit: 'MB' },
    { id: 'rpcPollPeak', scenario: 'S7', label: 'peak RSS, 50 clients polling getAllProcessInfo', unit: 'MB' },
    { id: 'rpcPollPeakAnon', scenario: 'S7', label: 'peak anonymous memory (RssAnon), 50 clients polling getAllProcessInfo', unit: 'MB' },
    { id: 'rpcPollAfter', scenario: 'S7', label: 'RSS 3 s after the 50 pollers stopped', unit: 'MB' },
    { id: 'rpcPollPeakLow', scenario: 'S7', label: 'peak RSS, 50 clients polling, svwizd in low-memory mode', unit: 'MB', supervisordFrom: 'rpcPollPeak' },
    { id: 'rpcPollPeakAnonLow', scenario: 'S7', label: 'peak anonymous memory, 50 clients polling, svwizd in low-memory mode', unit: 'MB', supervisordFrom: 'rpcPollPeakAnon' },
    { id: 'rpcPollAfterLow', scenario: 'S7', label: 'RSS 3 s after the 50 pollers stopped, svwizd in low-memory mode', unit: 'MB', supervisordFrom: 'rpcPollAfter' },
  );
  rows.push(
    { id: 'stopStartAll', scenario: 'S5', label: `own ctl stop all + start all, ${small} programs`, unit: 'ms' },
    { id: 'doctor', scenario: 'S6', label: 'svwiz doctor, typical setup (5 programs started just before it: includes its 2.5 s crash-loop watch)', unit: 'ms' },
    { id: 'ctlVersion', scenario: 'S6', label: 'own ctl version (svwizctl / supervisorctl / pm2 -v)', unit: 'ms' },
    { id: 'nodeStartup', scenario: 'S6', label: 'node -e 0 (runtime start-up)', unit: 'ms', baseline: true },
    { id: 'pythonStartup', scenario: 'S6', label: '/usr/bin/python3 -c pass (runtime start-up)', unit: 'ms', baseline: true },
    { id: 'forkExec', scenario: 'S6', label: "spawn → exit of /bin/true from node (the machine's fork + exec cost)", unit: 'ms', baseline: true },
    { id: 'webClosedCpu', scenario: 'S8', label: `web page closed: daemon CPU, ${small} programs`, unit: '%' },
    { id: 'webOpenCpu', scenario: 'S8', label: `web page open (live stream, usage every 3 s): daemon CPU, ${small} programs`, unit: '%' },
    { id: 'webClosedRss', scenario: 'S8', label: `web page closed: daemon RSS, ${small} programs`, unit: 'MB' },
    { id: 'webOpenRss', scenario: 'S8', label: `web page open: daemon RSS, ${small} programs`, unit: 'MB' },
  );
  return rows;
}
