/**
 * `log-rotation`: logs that are never rotated (maxbytes=0, reference §2.10) or whose rotation
 * budget (maxbytes × (backups+1) per log) exceeds half the free space of their disk, the classic
 * way a Pi's SD card fills up.
 */
import path from 'node:path';
import { positionOf } from '../src/doctor/config-locate.js';
import { planConfigEdit } from '../src/doctor/config-edit.js';
import { namespecOf, programsOnce } from '../src/doctor/program-facts.js';
import type { Check, DoctorContext, Finding } from '../src/doctor/types.js';

const SENSIBLE_MAXBYTES = '10MB';
const SENSIBLE_BACKUPS = '5';
const MB = 1024 * 1024;

interface LogSetting {
  section: string;
  prefix: string;
  file: string;
  /** How to name the file in a message. */
  shown: string;
  maxbytes: number;
  backups: number;
  label: string;
}

function logSettings(ctx: DoctorContext): LogSetting[] {
  const config = ctx.config!;
  const settings: LogSetting[] = [];
  const s = config.supervisord;
  if (s.logfile && !/^syslog$/i.test(s.logfile)) settings.push({ section: 'supervisord', prefix: 'logfile', file: s.logfile, shown: s.logfile, maxbytes: s.logfile_maxbytes, backups: s.logfile_backups, label: 'the main log' });
  for (const proc of programsOnce(ctx)) {
    for (const channel of ['stdout', 'stderr'] as const) {
      if (channel === 'stderr' && proc.redirect_stderr) continue;
      const file = proc[`${channel}_logfile`];
      if (!file || file.startsWith('/dev/') || /^syslog$/i.test(file)) continue;
      settings.push({
        section: proc.section,
        prefix: `${channel}_logfile`,
        file: file === 'AUTO' ? path.join(s.childlogdir, 'auto.log') : file,
        shown: file === 'AUTO' ? `AUTO, in ${s.childlogdir}` : file,
        maxbytes: proc[`${channel}_logfile_maxbytes`],
        backups: proc[`${channel}_logfile_backups`],
        label: `${channel} log of ${namespecOf(proc)}`,
      });
    }
  }
  return settings;
}

function freeBytes(ctx: DoctorContext, file: string): Promise<number | undefined> {
  return ctx.files.freeBytes(path.dirname(file));
}

/** The rotation keys of one section and the values the fix writes. */
interface RotationFixData {
  section: string;
  values: Record<string, string>;
}

export const logRotationCheck: Check<RotationFixData> = {
  id: 'log-rotation',
  title: 'Logs are rotated within the free disk space',
  area: 'logs',
  appliesTo: (ctx) => (ctx.config ? true : 'the config did not load'),
  async run(ctx) {
    const findings: Finding<RotationFixData>[] = [];
    for (const setting of logSettings(ctx)) {
      const maxKey = `${setting.prefix}_maxbytes`;
      const backupsKey = `${setting.prefix}_backups`;
      if (setting.maxbytes === 0) {
        findings.push({
          severity: 'warn',
          message: `${setting.label} (${setting.shown}) is never rotated (${maxKey}=0): it grows until the disk is full`,
          ...positionOf(ctx, setting.section, maxKey),
          fix: { description: `set ${maxKey}=${SENSIBLE_MAXBYTES}${setting.backups === 0 ? ` and ${backupsKey}=${SENSIBLE_BACKUPS}` : ''}`, safety: 'confirm' },
          data: { section: setting.section, values: { [maxKey]: SENSIBLE_MAXBYTES, ...(setting.backups === 0 ? { [backupsKey]: SENSIBLE_BACKUPS } : {}) } },
        });
        continue;
      }
      const budget = setting.maxbytes * (setting.backups + 1);
      const free = await freeBytes(ctx, setting.file);
      if (free !== undefined && budget > free / 2) {
        findings.push({
          severity: 'warn',
          message: `${setting.label} may take ${Math.round(budget / MB)} MB (${maxKey} × (${backupsKey}+1)) but only ${Math.round(free / MB)} MB are free on its disk`,
          ...positionOf(ctx, setting.section, maxKey),
          fix: { description: `set ${maxKey}=${SENSIBLE_MAXBYTES} and ${backupsKey}=${SENSIBLE_BACKUPS}`, safety: 'confirm' },
          data: { section: setting.section, values: { [maxKey]: SENSIBLE_MAXBYTES, [backupsKey]: SENSIBLE_BACKUPS } },
        });
      }
    }
    return findings;
  },
  async fix(ctx, finding) {
    const data = finding.data;
    if (!data) return undefined;
    const { setIniKey } = await import('../src/config/ini-editor.js');
    const file = positionOf(ctx, data.section).file ?? ctx.configFile!;
    return planConfigEdit(ctx, file, (text) => Object.entries(data.values).reduce((t, [k, v]) => setIniKey(t, data.section, k, v), text), `rotate ${data.section} logs`);
  },
};
