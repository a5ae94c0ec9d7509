/**
 * `init-script`: a SysV script whose DAEMON / SUPERVISORCTL point at files that do not exist (the
 * seed: the downloaded script says /usr/bin while pip installed to /usr/local/bin, and the service
 * silently does nothing), whose PATH lacks their dir, that is not enabled, or rcN.d links left
 * behind by a removed script.
 */
import path from 'node:path';
import { canExecuteFile } from '../src/system/access.js';
import { shellAssignments } from '../src/system/boot-services.js';
import { whichUnderRoot, SERVICE_NAMES } from '../src/doctor/boot-service.js';
import { servicesToJudge } from './duplicate-boot-service.js';
import { planConfigEdit } from '../src/doctor/config-edit.js';
import type { Check, DoctorContext, Finding } from '../src/doctor/types.js';
import type { PlanOperation } from '../src/plan/types.js';

const VARIABLE = (name: string) => new RegExp(`^(\\s*${name}=)(["']?)([^"'\\s]*)\\2(.*)$`, 'm');

export function scriptVariable(text: string, name: string): string | undefined {
  return VARIABLE(name).exec(text)?.[3];
}

export function setScriptVariable(text: string, name: string, value: string): string {
  return text.replace(VARIABLE(name), (_m, head: string, quote: string, _old: string, tail: string) => `${head}${quote}${value}${quote}${tail}`);
}

/** The JavaScript file behind an installed svwiz bin (`which svwizd` is a link into the package). */
function scriptOfBin(ctx: DoctorContext, bin: string): string | undefined {
  const found = whichUnderRoot(ctx, bin);
  if (!found) return undefined;
  return ctx.files.realPath(found);
}

function rcDir(ctx: DoctorContext, level: string): string {
  return path.join(ctx.serviceDirs.rcBase, `rc${level}.d`);
}

function links(ctx: DoctorContext, level: string): string[] {
  return ctx.files.list(rcDir(ctx, level)) ?? [];
}

/** Rewrite the script's paths, link it into the runlevels, or remove a link left behind. */
type InitScriptFixData = { kind: 'rewrite'; file: string; content: string } | { kind: 'enable'; name: string } | { kind: 'unlink'; link: string };

export const initScriptCheck: Check<InitScriptFixData> = {
  id: 'init-script',
  title: 'SysV init script starts the right binaries',
  area: 'service',
  appliesTo: (ctx) => (servicesToJudge(ctx).some((s) => s.kind === 'sysv') || leftoverLinks(ctx).length > 0 ? true : 'no SysV init script for this config'),
  async run(ctx) {
    const findings: Finding<InitScriptFixData>[] = [];
    // A second service for this config is duplicate-boot-service's: repairing it would make two.
    for (const service of servicesToJudge(ctx).filter((s) => s.kind === 'sysv')) {
      let text = service.text;
      const problems: string[] = [];
      // What sh would run: DAEMON=/usr/bin/$NAME is /usr/bin/supervisord (#13).
      const vars = shellAssignments(text, (file) => ctx.files.readText(file));
      const binaries = [
        ['DAEMON', service.daemonScript ? 'node' : 'supervisord'],
        ['DAEMON_SCRIPT', 'svwizd'],
        ['SUPERVISORCTL', vars.get('SUPERVISORCTL_SCRIPT') ? 'node' : 'supervisorctl'],
        ['SUPERVISORCTL_SCRIPT', 'svwizctl'],
      ] as const;
      for (const [variable, binary] of binaries) {
        const raw = scriptVariable(text, variable);
        const value = vars.get(variable);
        if (!raw || !value) continue;
        const access = variable.endsWith('_SCRIPT') ? (ctx.files.exists(value) ? { ok: true } : { ok: false, reason: 'missing' }) : await canExecuteFile({ uid: 0, gids: [0] }, value, ctx.root);
        if (access.ok) continue;
        const found = variable.endsWith('_SCRIPT') ? scriptOfBin(ctx, binary) : (whichUnderRoot(ctx, path.basename(value)) ?? whichUnderRoot(ctx, binary));
        const shown = raw === value ? `${variable}=${raw}` : `${variable}=${raw} (that is ${value})`;
        problems.push(`${shown} ${access.reason === 'missing' ? 'does not exist' : 'is not executable'}${found ? ` (${binary} is ${found})` : ''}`);
        if (found) text = setScriptVariable(text, variable, found);
      }
      const pathValue = scriptVariable(text, 'PATH');
      const daemon = scriptVariable(text, 'DAEMON');
      if (pathValue && daemon && daemon.startsWith('/') && !pathValue.split(':').includes(path.dirname(daemon))) {
        problems.push(`PATH=${pathValue} lacks ${path.dirname(daemon)}`);
        text = setScriptVariable(text, 'PATH', `${path.dirname(daemon)}:${pathValue}`);
      }
      if (problems.length > 0) {
        findings.push({
          severity: 'error',
          message: `${problems.join('; ')}: the service does nothing at boot`,
          file: service.file,
          evidence: problems,
          fix: text !== service.text ? { description: `rewrite the paths in ${service.file}`, safety: 'confirm' } : { description: `install supervisor or correct the paths in ${service.file}`, safety: 'manual' },
          data: text !== service.text ? { kind: 'rewrite', file: service.file, content: text } : undefined,
        });
      }
      const enabled = ['2', '3', '4', '5'].some((level) => links(ctx, level).some((l) => /^S\d\d/.test(l) && l.slice(3) === service.name));
      if (!enabled) {
        findings.push({
          severity: 'warn',
          message: `${service.file} is not enabled (no S links in rc2.d–rc5.d): the supervisor does not start at boot`,
          file: service.file,
          fix: { description: `enable it (what update-rc.d ${service.name} defaults does)`, safety: 'confirm', commands: [`update-rc.d ${service.name} defaults`] },
          data: { kind: 'enable', name: service.name },
        });
      }
    }
    for (const link of leftoverLinks(ctx)) {
      findings.push({
        severity: 'warn',
        message: `${link} is left over from a removed init script`,
        file: link,
        fix: { description: `remove ${link}`, safety: 'safe', commands: [`rm ${link}`] },
        data: { kind: 'unlink', link },
      });
    }
    return findings;
  },
  async fix(ctx, finding) {
    const data = finding.data;
    if (data?.kind === 'rewrite') return planConfigEdit(ctx, data.file, () => data.content, `correct the binary paths of ${data.file}`);
    if (data?.kind === 'unlink') return { title: 'Remove a left-over rc link', operations: [{ kind: 'unlink', path: data.link, reason: 'its init script is gone' }] };
    if (data?.kind !== 'enable') return undefined;
    const name = data.name;
    const operations: PlanOperation[] = [];
    for (const level of ['2', '3', '4', '5']) operations.push({ kind: 'symlink', path: path.join(rcDir(ctx, level), `S01${name}`), target: `../init.d/${name}`, reason: `start ${name} in runlevel ${level}` });
    for (const level of ['0', '1', '6']) operations.push({ kind: 'symlink', path: path.join(rcDir(ctx, level), `K01${name}`), target: `../init.d/${name}`, reason: `stop ${name} in runlevel ${level}` });
    return { title: `Enable ${name} at boot`, operations };
  },
};

/** rcN.d links to a supervisor script that no longer exists. */
function leftoverLinks(ctx: DoctorContext): string[] {
  const found: string[] = [];
  for (const level of ['0', '1', '2', '3', '4', '5', '6', 'S']) {
    for (const name of links(ctx, level)) {
      const service = name.slice(3);
      if (!/^[SK]\d\d/.test(name) || !SERVICE_NAMES.includes(service)) continue;
      const link = path.join(rcDir(ctx, level), name);
      // An unreadable link is left alone.
      const written = ctx.files.lstat(link)?.isSymbolicLink() ? ctx.files.readLink(link) : undefined;
      if (written !== undefined && !ctx.files.exists(path.resolve(path.dirname(link), written))) found.push(link);
    }
  }
  return found;
}
