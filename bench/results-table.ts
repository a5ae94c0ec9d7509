/** Renders the benchmark's one Markdown table from collected samples. Pure: tested on fake numbers. */
import { summarize, type Summary } from './stats.js';
import type { DaemonId, Goal, RowSpec, Unit } from './rows.js';

/** Samples per row id and daemon; baseline rows keep theirs under 'svwizd'. */
export type ResultSamples = Map<string, Partial<Record<DaemonId, number[]>>>;

export interface TableColumns {
  /** Column headings per daemon, e.g. "supervisord 4.2.5". Daemons not listed are not shown. */
  daemons: { id: DaemonId; heading: string }[];
}

export function formatValue(value: number, unit: Unit): string {
  const digits = (() => {
    switch (unit) {
      case 'MB/s':
      case 'lines':
      case '/min':
        return 0;
      case 'ms':
        return Math.abs(value) < 10 ? 1 : 0;
      case '/s':
        return Math.abs(value) < 10 ? 2 : 1;
      default:
        return 1;
    }
  })();
  return value.toFixed(digits);
}

function unitSuffix(unit: Unit): string {
  return unit === 'lines' ? '' : unit === '%' ? '%' : ` ${unit}`;
}

export function formatSummary(summary: Summary | undefined, unit: Unit): string {
  if (!summary) return '—';
  const median = `${formatValue(summary.median, unit)}${unitSuffix(unit)}`;
  if (summary.count === 1 || summary.min === summary.max) return median;
  return `${median} (${formatValue(summary.min, unit)}–${formatValue(summary.max, unit)})`;
}

function ratioOf(svwizd: Summary | undefined, supervisord: Summary | undefined): number | undefined {
  if (!svwizd || !supervisord) return undefined;
  if (supervisord.median === 0) return svwizd.median === 0 ? 1 : undefined;
  return svwizd.median / supervisord.median;
}

function formatRatioValue(ratio: number): string {
  return `${ratio >= 10 ? ratio.toFixed(0) : ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2)}×`;
}

export function formatRatio(svwizd: Summary | undefined, supervisord: Summary | undefined): string {
  const ratio = ratioOf(svwizd, supervisord);
  return ratio === undefined ? '—' : formatRatioValue(ratio);
}

export function goalMet(goal: Goal, value: number): boolean {
  return goal.op === '<=' ? value <= goal.value : value >= goal.value;
}

function goalText(goal: Goal, value: string): string {
  return `${goal.op === '<=' ? '≤' : '≥'} ${value}`;
}

export function formatGoal(goal: Goal | undefined, unit: Unit, svwizd: Summary | undefined): string {
  if (!goal) return '';
  const text = goalText(goal, `${formatValue(goal.value, unit)}${unitSuffix(unit)}`);
  if (!svwizd) return text;
  return `${text} ${goalMet(goal, svwizd.median) ? '✓' : '✗'}`;
}

/** The issue #18 goal: a bound on svwizd / supervisord, judged on the ratio of this run's medians. */
export function formatRatioGoal(goal: Goal | undefined, svwizd: Summary | undefined, supervisord: Summary | undefined): string {
  if (!goal) return '';
  const text = goalText(goal, `${goal.value}×`);
  const ratio = ratioOf(svwizd, supervisord);
  if (ratio === undefined) return text;
  return `${text} ${goalMet(goal, ratio) ? '✓' : '✗'}`;
}

export function renderResultsTable(rows: readonly RowSpec[], samples: ResultSamples, columns: TableColumns): string {
  const heading = ['scenario', 'metric', ...columns.daemons.map((daemon) => daemon.heading), 'svwizd / supervisord', 'goal (svwizd)', 'goal (ratio)'];
  const lines = [`| ${heading.join(' | ')} |`, `|${heading.map(() => '---').join('|')}|`];
  for (const row of rows) {
    const perDaemon = samples.get(row.id) ?? {};
    if (Object.values(perDaemon).every((values) => !values || values.length === 0)) continue;
    const borrowed = row.supervisordFrom ? (samples.get(row.supervisordFrom) ?? {}) : {};
    const summaries = new Map(
      columns.daemons.map((daemon) => [daemon.id, summarize((daemon.id === 'supervisord' && row.supervisordFrom ? borrowed.supervisord : perDaemon[daemon.id]) ?? [])]),
    );
    const cells = row.baseline
      ? columns.daemons.map((daemon, index) => (index === 0 ? formatSummary(summarize(perDaemon.svwizd ?? []), row.unit) : ''))
      : columns.daemons.map((daemon) => formatSummary(summaries.get(daemon.id), row.unit));
    const ratio = row.baseline ? 'baseline, no daemon' : formatRatio(summaries.get('svwizd'), summaries.get('supervisord'));
    const goal = row.baseline ? '' : formatGoal(row.goal, row.unit, summaries.get('svwizd'));
    const ratioGoal = row.baseline ? '' : formatRatioGoal(row.ratioGoal, summaries.get('svwizd'), summaries.get('supervisord'));
    lines.push(`| ${row.scenario} | ${row.label} | ${cells.join(' | ')} | ${ratio} | ${goal} | ${ratioGoal} |`);
  }
  return `${lines.join('\n')}\n`;
}
