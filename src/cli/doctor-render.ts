/**
 * Text and JSON views of a doctor report. Text: grouped by area, ✓ / ! / ✗ per check, one line
 * per finding with its file:line and fix, evidence with --verbose; colour and marks as
 * src/system/terminal-style.ts decides. JSON: exactly the documented schema (docs/json.md).
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { AREA_ORDER, type CheckResult, type DoctorReport, type Finding } from '../doctor/types.js';
import { CONFIG_SOURCE_WORDS } from '../doctor/discover-config.js';
import { colourWanted, marksFor, type Marks } from '../system/terminal-style.js';

export function colourFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): ChalkInstance {
  return new Chalk({ level: colourWanted(stream, env) ? 1 : 0 });
}

function statusMark(marks: Marks, status: CheckResult['status']): string {
  return status === 'crashed' ? marks.error : marks[status];
}

function mark(c: ChalkInstance, status: CheckResult['status'], marks: Marks = marksFor()): string {
  const text = statusMark(marks, status);
  return status === 'ok' ? c.green(text) : status === 'warn' ? c.yellow(text) : status === 'skipped' ? c.dim(text) : c.red(text);
}

function where(finding: Finding): string {
  return finding.file ? `${finding.file}${finding.line ? `:${finding.line}` : ''}: ` : '';
}

export function renderReportText(report: DoctorReport, options: { verbose?: boolean; colour: ChalkInstance; title?: string; marks?: Marks }): string {
  const c = options.colour;
  const marks = options.marks ?? marksFor();
  const lines: string[] = [];
  lines.push(c.bold(options.title ?? `svwiz doctor ${report.version}`) + (report.configFile ? ` ${marks.dash} ${report.configFile}` : '') + (report.backend !== 'unknown' ? ` (${report.backend})` : ''));
  // Which setup was checked, and which others run here: never an unrelated config in silence (#13).
  if (report.otherSupervisors?.length) {
    if (report.configFile && report.configSource) lines.push(c.dim(`  checked: ${report.configFile} (${CONFIG_SOURCE_WORDS[report.configSource]})`));
    for (const other of report.otherSupervisors) {
      lines.push(c.dim(`  also running, not checked: pid ${other.pid} ${other.backend} on ${other.configFile ?? '(config unknown)'}${other.configFile ? ` (svwiz doctor -c ${other.configFile})` : ''}`));
    }
  }
  for (const { area, title } of AREA_ORDER) {
    const results = report.checks.filter((r) => r.area === area);
    if (results.length === 0) continue;
    lines.push('', c.bold(title));
    for (const result of results) {
      if (result.status === 'skipped') {
        lines.push(`  ${mark(c, result.status, marks)} ${c.dim(`${result.title} [${result.id}]: ${result.detail}`)}`);
        continue;
      }
      const detail = result.status === 'crashed' ? c.red(` crashed: ${result.detail}`) : '';
      lines.push(`  ${mark(c, result.status, marks)} ${result.title} ${c.dim(`[${result.id}]`)}${detail}`);
      for (const finding of result.findings) {
        const sign = finding.severity === 'error' ? c.red(marks.error) : c.yellow(marks.warn);
        lines.push(`      ${sign} ${where(finding)}${finding.message}`);
        if (finding.fix) {
          const applied = (finding.fix as { applied?: boolean }).applied;
          const state = applied === true ? c.green(' [applied]') : applied === false ? c.dim(' [not applied]') : '';
          lines.push(`        ${c.cyan('fix')} (${finding.fix.safety}): ${finding.fix.description}${state}`);
          if (options.verbose) for (const command of finding.fix.commands ?? []) lines.push(`          $ ${command}`);
        }
        if (options.verbose) for (const line of finding.evidence ?? []) lines.push(c.dim(`          | ${line}`));
      }
    }
  }
  const { ok, warn, error } = report.summary;
  const skipped = report.checks.filter((r) => r.status === 'skipped').length;
  lines.push('', `${c.green(`${ok} ok`)}, ${c.yellow(`${warn} warning${warn === 1 ? '' : 's'}`)}, ${c.red(`${error} error${error === 1 ? '' : 's'}`)}${skipped ? `, ${skipped} skipped` : ''}`);
  return lines.join('\n') + '\n';
}

/** The JSON contract: {version, checks: [{id, title, status, findings}], summary}. Fixed findings carry `applied`. */
export function reportToJson(report: DoctorReport, applied?: Map<Finding, boolean>): Record<string, unknown> {
  return {
    version: report.version,
    ...(report.configFile !== undefined ? { configFile: report.configFile, configSource: report.configSource } : {}),
    otherSupervisors: report.otherSupervisors ?? [],
    checks: report.checks.map((check) => ({
      id: check.id,
      title: check.title,
      status: check.status,
      findings: check.findings.map((finding) => ({
        message: finding.message,
        ...(finding.file !== undefined ? { file: finding.file } : {}),
        ...(finding.line !== undefined ? { line: finding.line } : {}),
        ...(finding.program !== undefined ? { program: finding.program } : {}),
        ...(finding.fix
          ? {
              fix: {
                description: finding.fix.description,
                safety: finding.fix.safety,
                ...(finding.fix.commands ? { commands: finding.fix.commands } : {}),
                ...(applied?.has(finding) ? { applied: applied.get(finding) } : {}),
              },
            }
          : {}),
      })),
    })),
    summary: report.summary,
  };
}

/** One line per check whose status changed: `✗ → ✓ log-permissions`. */
export function renderBeforeAfter(before: DoctorReport, after: DoctorReport, colour: ChalkInstance): string {
  const lines: string[] = [];
  for (const old of before.checks) {
    const now = after.checks.find((r) => r.id === old.id);
    if (!now || (old.status === now.status && old.findings.length === now.findings.length)) continue;
    lines.push(`  ${mark(colour, old.status)} ${marksFor().arrow} ${mark(colour, now.status)} ${old.id}${now.findings.length ? `: ${now.findings.length} finding${now.findings.length === 1 ? '' : 's'} left` : ''}`);
  }
  return lines.length ? `Before → after:\n${lines.join('\n')}\n` : 'Before → after: nothing changed\n';
}
