/** The run's knobs, from the environment (pure: takes the env, returns options). */
import { ISSUE_SIZES, type BenchSizes, type DaemonId, DAEMON_IDS } from './rows.js';

export interface BenchOptions {
  quick: boolean;
  sizes: BenchSizes;
  /** Repetitions of every session (a fresh daemon each). */
  reps: number;
  /** Timed runs of each CLI command per session (after one warm-up run). */
  commandRuns: number;
  /** Round trips timed per session for getAllProcessInfo. */
  rpcCalls: number;
  /** SIGKILL samples per session for each of the two reaction variants. */
  kills: number;
  daemons: DaemonId[];
  /** Limit to these sessions (ids from SESSION_IDS); empty = all. */
  sessions: string[];
  logLineBytes: number;
  /** Size of the log writer's write() calls (whole lines). */
  logWriteBytes: number;
}

function positive(env: NodeJS.ProcessEnv, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${key}=${raw}: expected a positive number`);
  return value;
}

function list(env: NodeJS.ProcessEnv, key: string): string[] {
  return (env[key] ?? '').split(',').map((item) => item.trim()).filter(Boolean);
}

/**
 * BENCH_QUICK=1 shrinks everything for a ≲ 3 min development run. Other overrides:
 * BENCH_REPS, BENCH_LOG_MB, BENCH_LOG_WRITE_BYTES (default 4096), BENCH_SMALL, BENCH_LARGE, BENCH_DAEMONS=svwizd,supervisord,pm2,
 * BENCH_SESSIONS=empty,reaction,logs,fleet,large,slow,doctor,web,rpcload,lowmem (bench/run.ts).
 */
export function readBenchOptions(env: NodeJS.ProcessEnv): BenchOptions {
  const quick = env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true';
  const base = quick
    ? { small: 50, large: 200, logMegabytes: 50, idleSeconds: 3, crashWindowSeconds: 4 }
    : ISSUE_SIZES;
  const sizes: BenchSizes = {
    small: positive(env, 'BENCH_SMALL', base.small),
    large: positive(env, 'BENCH_LARGE', base.large),
    logMegabytes: positive(env, 'BENCH_LOG_MB', base.logMegabytes),
    idleSeconds: positive(env, 'BENCH_IDLE_S', base.idleSeconds),
    crashWindowSeconds: positive(env, 'BENCH_CRASH_S', base.crashWindowSeconds),
  };
  const daemons = list(env, 'BENCH_DAEMONS');
  for (const daemon of daemons) {
    if (!DAEMON_IDS.includes(daemon as DaemonId)) throw new Error(`BENCH_DAEMONS: unknown daemon ${daemon} (valid: ${DAEMON_IDS.join(', ')})`);
  }
  return {
    quick,
    sizes,
    reps: positive(env, 'BENCH_REPS', quick ? 1 : 4),
    commandRuns: quick ? 3 : 5,
    rpcCalls: quick ? 10 : 30,
    kills: quick ? 3 : 5,
    daemons: daemons.length > 0 ? (daemons as DaemonId[]) : [...DAEMON_IDS],
    sessions: list(env, 'BENCH_SESSIONS'),
    logLineBytes: 100,
    logWriteBytes: positive(env, 'BENCH_LOG_WRITE_BYTES', 4096),
  };
}
