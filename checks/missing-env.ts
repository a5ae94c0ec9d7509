/**
 * `missing-env`: children get the supervisor's environment, not a login shell (reference §6.4), so
 * variables set in ~/.profile are missing. Found from the crash log of a failing program
 * (ModuleNotFoundError, "error while loading shared libraries", KeyError on os.environ, Node's
 * "Cannot find module") and from `%(ENV_X)s` names the supervisor cannot expand. The value comes
 * from the program user's login shell (`runuser -l USER -c env`), else from where the missing
 * module or library actually is. The fix adds `environment=` to the program's section.
 */
import path from 'node:path';
import { shlexSplit } from '../src/shell/shlex-split.js';
import type { ProcessConfig } from '../src/config/types.js';
import { findRawEntry, positionOf } from '../src/doctor/config-locate.js';
import { escapePercent } from '../src/config/render.js';
import { planConfigEdit } from '../src/doctor/config-edit.js';
import { childEnvironment, namespecOf, processInfoOf, programUser, programsOnce } from '../src/doctor/program-facts.js';
import { readCrashLog, loginEnvironment } from '../src/doctor/program-logs.js';
import { supervisorActionStep } from '../src/doctor/supervisor-actions.js';
import type { Check, DoctorContext, Finding } from '../src/doctor/types.js';

interface Diagnosis {
  variable: string;
  cause: string;
  /** What to look for on disk when the login shell does not have the variable. */
  search?: { kind: 'python-module' | 'shared-library' | 'node-module'; name: string };
}

export function diagnoseCrashLog(text: string): Diagnosis[] {
  const found: Diagnosis[] = [];
  const add = (d: Diagnosis) => !found.some((f) => f.variable === d.variable) && found.push(d);
  for (const m of text.matchAll(/(?:ModuleNotFoundError: No module named|ImportError: No module named) '?([\w.]+)'?/g)) {
    add({ variable: 'PYTHONPATH', cause: `Python cannot import '${m[1]}'`, search: { kind: 'python-module', name: m[1]!.split('.')[0]! } });
  }
  for (const m of text.matchAll(/error while loading shared libraries: ([^:\s]+)/g)) {
    add({ variable: 'LD_LIBRARY_PATH', cause: `the loader cannot find ${m[1]}`, search: { kind: 'shared-library', name: m[1]! } });
  }
  for (const m of text.matchAll(/Error: Cannot find module '([^'./][^']*)'/g)) {
    add({ variable: 'NODE_PATH', cause: `Node cannot find module '${m[1]}'`, search: { kind: 'node-module', name: m[1]! } });
  }
  if (/os\.environ|getenv|environ\[/.test(text)) {
    for (const m of text.matchAll(/KeyError: '([A-Za-z_][A-Za-z0-9_]*)'/g)) add({ variable: m[1]!, cause: `the program reads ${m[1]} from its environment` });
  }
  return found;
}

/** Dirs near the program where a missing module or library may live. */
function candidateDirs(ctx: DoctorContext, proc: ProcessConfig): string[] {
  const dirs: string[] = [];
  if (proc.directory) dirs.push(proc.directory);
  try {
    for (const word of shlexSplit(proc.command).slice(0, 3)) if (word.startsWith('/') && !word.startsWith('/usr/bin') && !word.startsWith('/bin')) dirs.push(path.dirname(word));
  } catch {
    // unparsable command: the command check reports it
  }
  const expanded: string[] = [];
  for (const dir of [...new Set(dirs)]) {
    expanded.push(dir, path.dirname(dir));
    for (const sub of ['lib', 'libs', 'src', 'vendor', 'node_modules']) expanded.push(path.join(dir, sub), path.join(path.dirname(dir), sub));
  }
  return [...new Set(expanded)].filter((d) => ctx.files.exists(d));
}

function locate(ctx: DoctorContext, proc: ProcessConfig, search: NonNullable<Diagnosis['search']>): string | undefined {
  for (const dir of candidateDirs(ctx, proc)) {
    const has = (name: string) => ctx.files.exists(path.join(dir, name));
    if (search.kind === 'python-module' && (has(path.join(search.name, '__init__.py')) || has(`${search.name}.py`) || has(search.name))) return dir;
    if (search.kind === 'shared-library' && has(search.name)) return dir;
    if (search.kind === 'node-module' && has(search.name) && path.basename(dir) === 'node_modules') return dir;
  }
  const scan = (dir: string) => ctx.files.list(dir) ?? [];
  if (search.kind === 'shared-library') {
    for (const dir of ['/usr/local/lib', ...scan('/opt').map((d) => `/opt/${d}/lib`)]) if (ctx.files.exists(path.join(dir, search.name))) return dir;
  }
  return undefined;
}

/** Define a variable for the supervisor itself, or add variables to one program's environment=. */
type EnvFixData = { kind: 'supervisord'; name: string; value: string } | { kind: 'program'; section: string; additions: Record<string, string> };

export const missingEnvCheck: Check<EnvFixData> = {
  id: 'missing-env',
  title: 'Programs get the environment they need',
  area: 'programs',
  appliesTo: (ctx) => (ctx.config || (ctx.configError && /contains names \('ENV_/.test(ctx.configError.message)) ? true : 'the config did not load'),
  async run(ctx) {
    if (!ctx.config) return [undefinedEnvFinding(ctx)];
    const findings: Finding<EnvFixData>[] = [];
    await Promise.all(
      programsOnce(ctx).map(async (proc) => {
        const info = processInfoOf(ctx, proc);
        if (!info || !['FATAL', 'BACKOFF', 'EXITED'].includes(info.statename)) return;
        const log = await readCrashLog(ctx, proc);
        const diagnoses = diagnoseCrashLog(log);
        if (diagnoses.length === 0) return;
        const user = programUser(ctx, proc);
        const login = await loginEnvironment(ctx, user);
        const given = childEnvironment(ctx, proc);
        const additions: Record<string, string> = {};
        const notes: string[] = [];
        for (const d of diagnoses) {
          const fromLogin = login?.[d.variable];
          const value = fromLogin ?? (d.search ? locate(ctx, proc, d.search) : undefined);
          if (value && given[d.variable] !== value) {
            additions[d.variable] = d.variable in given && !fromLogin ? `${value}:${given[d.variable]}` : value;
            notes.push(`${d.cause}: ${d.variable} is ${given[d.variable] === undefined ? 'not set' : `'${given[d.variable]}'`} for the program${fromLogin ? ` but '${fromLogin}' in ${user.name}'s login shell` : `; found it in ${value}`}`);
          } else notes.push(`${d.cause}: set ${d.variable}${login ? '' : ` (could not read ${user.name}'s login shell)`}`);
        }
        const assignment = Object.entries(additions).map(([k, v]) => `${k}="${v}"`).join(',');
        findings.push({
          severity: 'error',
          message: `${namespecOf(proc)} is ${info.statename}: ${notes.join('; ')}`,
          ...positionOf(ctx, proc.section, 'environment'),
          ...(findRawEntry(ctx, proc.section, 'environment') ? {} : positionOf(ctx, proc.section)),
          program: namespecOf(proc),
          evidence: log.trim().split('\n').slice(-8),
          fix: assignment
            ? { description: `add environment=${assignment} to [${proc.section}] and restart it`, safety: 'confirm' }
            : { description: `add the variable to environment= in [${proc.section}]`, safety: 'manual' },
          data: assignment ? { kind: 'program', section: proc.section, additions } : undefined,
        });
      }),
    );
    return findings;
  },
  async fix(ctx, finding) {
    const { setIniKey } = await import('../src/config/ini-editor.js');
    const data = finding.data;
    if (data?.kind === 'supervisord') {
      const { name, value } = data;
      const existing = findRawEntry(ctx, 'supervisord', 'environment');
      const file = existing?.file ?? positionOf(ctx, 'supervisord').file ?? ctx.configFile!;
      // [supervisord] environment is %-expanded twice in 4.2.x, so a '%' cannot be written at all there.
      if (value.includes('%') || value.includes('"')) return undefined;
      const assignment = `${name}="${value}"`;
      return planConfigEdit(ctx, file, (text) => setIniKey(text, 'supervisord', 'environment', existing?.value ? `${existing.value},${assignment}` : assignment), `define ${name} for the supervisor`);
    }
    if (!data) return undefined;
    const existing = findRawEntry(ctx, data.section, 'environment');
    const file = existing?.file ?? positionOf(ctx, data.section).file ?? ctx.configFile!;
    const added = Object.entries(data.additions)
      .filter(([key]) => !new RegExp(`(^|[,\\s])${key}\\s*=`).test(existing?.value ?? ''))
      .map(([key, value]) => `${key}="${escapePercent(value)}"`);
    if (added.length === 0) return undefined;
    const value = existing?.value ? `${existing.value.replace(/[,\s]+$/, '')},${added.join(',')}` : added.join(',');
    const plan = await planConfigEdit(ctx, file, (text) => setIniKey(text, data.section, 'environment', value), `give [${data.section}] the environment it needs`);
    plan?.operations.push(...supervisorActionStep(ctx, 'update', data.section, 'apply the new environment (reread + update)'));
    return plan;
  },
};

function undefinedEnvFinding(ctx: DoctorContext): Finding<EnvFixData> {
  const error = ctx.configError!;
  const name = /contains names \('ENV_([^']+)'\)/.exec(error.message)?.[1] ?? '?';
  const value = ctx.env[name];
  return {
    severity: 'error',
    message: `%(ENV_${name})s is used but ${name} is not in the supervisor's environment (it does not read your login shell): supervisord refuses to start`,
    file: error.file,
    line: error.line,
    evidence: [error.message],
    fix: value !== undefined
      ? { description: `add ${name}="${value}" to [supervisord] environment=`, safety: 'confirm' }
      : { description: `define ${name} in [supervisord] environment=, or replace %(ENV_${name})s with the value`, safety: 'manual' },
    data: value !== undefined ? { kind: 'supervisord', name, value } : undefined,
  };
}
