/**
 * `[program:x]`, `[eventlistener:x]`, `[fcgi-program:x]` and `[group:x]` → groups and processes,
 * following Supervisor 4.2.5's process_groups_from_parser / processes_from_section step by step:
 * the same evaluation order (so the same first error), the same names available to %-expansion at
 * each key (reference §1.4), numprocs expansion and the same group sort.
 */
import type { GroupConfig, ProcessConfig } from './types.js';
import type { ConfigReader } from './config-reader.js';
import { expandValue, mergeMappings } from './config-reader.js';
import {
  autorestart as autorestartType,
  boolean,
  byteSize,
  ConfigValueError,
  exitCodes,
  integer,
  listOfStrings,
  logfileName,
  nameToUid,
  octal,
  processOrGroupName,
  signalName,
  signalNumber,
  type LogfileValue,
} from './datatypes.js';
import { dictOfKeyValuePairs } from './environment-pairs.js';
import { programKeyDefault as def } from './program-keys.js';
import type { PyMapping } from './py-format.js';
import { compareCodePoints } from './python-glob.js';
import { sectionSources } from './supervisord-section.js';
import { readEventListenerGroup, readFcgiGroupSettings } from './listener-fcgi-sections.js';
import { readProcessLimits } from './process-limits.js';
import { readLivenessCheck } from './liveness-check-keys.js';
import { readDependsOn } from './depends-on.js';

type Kind = ProcessConfig['kind'];

/** Supervisor's Config ordering: priority, then name (code point order). */
export function byPriorityThenName<T extends { priority: number; name: string }>(a: T, b: T): number {
  return a.priority !== b.priority ? a.priority - b.priority : compareCodePoints(a.name, b.name);
}

export interface GroupsResult {
  groups: GroupConfig[];
  processes: ProcessConfig[];
}

/** Build every group with its processes, sorted as Supervisor sorts groups. */
export function readProgramGroups(reader: ConfigReader): GroupsResult {
  const sections = reader.store.sectionNames();
  const built: { group: GroupConfig; processes: ProcessConfig[] }[] = [];
  const excluded = new Set<string>();
  const here = new Map([['here', reader.here]]);
  const getOnce = (section: string, key: string, fallback: string | null) => reader.get(section, key, fallback, here)?.value ?? null;

  for (const groupSection of sections) {
    if (!groupSection.startsWith('group:')) continue;
    const name = reader.guard(groupSection, undefined, () => processOrGroupName(groupSection.slice(6)));
    const programs = listOfStrings(getOnce(groupSection, 'programs', null));
    const priority = reader.guard(groupSection, 'priority', () => integer(getOnce(groupSection, 'priority', '999')!));
    const processes: ProcessConfig[] = [];
    // Supervisor reuses its loop variable here, so after the first member an unknown name is
    // reported against the previous member's section (4.2.5 bug, reference §1.5 [group:x]).
    let reported = groupSection;
    for (const program of programs) {
      const programSection = `program:${program}`;
      const fcgiSection = `fcgi-program:${program}`;
      const hasProgram = reader.store.has(programSection);
      const hasFcgi = reader.store.has(fcgiSection);
      if (!hasProgram && !hasFcgi) {
        throw reader.error(
          `[${reported}] names unknown program or fcgi-program ${program} (valid: the x of a [program:x] or [fcgi-program:x] section)`,
          groupSection,
          'programs',
        );
      }
      if (hasProgram && hasFcgi) {
        throw reader.error(`[${reported}] name ${program} is ambiguous (exists as program and fcgi-program)`, groupSection, 'programs');
      }
      const memberSection = hasProgram ? programSection : fcgiSection;
      reported = memberSection;
      excluded.add(memberSection);
      if (!hasProgram) {
        // 4.2.5 reads an fcgi-program listed in a [group:x] as a plain program: its socket is never set up
        reader.warn(`[${fcgiSection}] is listed in [${groupSection}], so Supervisor runs it as a plain program without its socket`, fcgiSection);
      }
      processes.push(...readProcesses(reader, memberSection, name, 'program'));
    }
    built.push({ group: { name, priority, processes: [], origin: 'group', sources: sectionSources(reader, groupSection) }, processes });
  }

  for (const section of sections) {
    if (!section.startsWith('program:') || excluded.has(section)) continue;
    const name = reader.guard(section, undefined, () => processOrGroupName(section.slice(8)));
    const priority = reader.guard(section, 'priority', () => integer(getOnce(section, 'priority', '999')!));
    const processes = readProcesses(reader, section, name, 'program');
    built.push({ group: { name, priority, processes: [], origin: 'program', sources: sectionSources(reader, section) }, processes });
  }

  for (const section of sections) {
    if (!section.startsWith('eventlistener:')) continue;
    const settings = readEventListenerGroup(reader, section);
    const processes = readProcesses(reader, section, settings.name, 'eventlistener');
    for (const p of processes) {
      p.events = settings.events;
      p.buffer_size = settings.bufferSize;
    }
    built.push({
      group: { name: settings.name, priority: settings.priority, processes: [], origin: 'eventlistener', sources: sectionSources(reader, section) },
      processes,
    });
  }

  for (const section of sections) {
    if (!section.startsWith('fcgi-program:') || excluded.has(section)) continue;
    const settings = readFcgiGroupSettings(reader, section);
    const processes = readProcesses(reader, section, settings.name, 'fcgi-program');
    for (const p of processes) p.socket = settings.socket;
    built.push({
      group: { name: settings.name, priority: settings.priority, processes: [], origin: 'fcgi-program', sources: sectionSources(reader, section) },
      processes,
    });
  }

  built.sort((a, b) => byPriorityThenName(a.group, b.group));
  const processes: ProcessConfig[] = [];
  for (const { group, processes: members } of built) {
    group.processes = members.map((p) => p.name);
    processes.push(...members);
  }
  return { groups: built.map((b) => b.group), processes };
}

function logfileToModel(value: LogfileValue): string | null {
  if (value.kind === 'auto') return 'AUTO';
  if (value.kind === 'path') return value.path;
  return null;
}

/** processes_from_section: one ProcessConfig per process_num, sorted by (priority, name). */
function readProcesses(reader: ConfigReader, section: string, groupName: string, kind: Kind): ProcessConfig[] {
  const ctx = reader.ctx;
  const programName = reader.guard(section, undefined, () => processOrGroupName(section.slice(section.indexOf(':') + 1)));
  // Supervisor mutates this one dict inside the numprocs loop; later keys of the section see
  // process_num and the program's ENV_x through it, earlier ones do not (reference §1.4).
  const common: PyMapping = new Map<string, string | number>([
    ['here', reader.here],
    ['program_name', programName],
    ['host_node_name', reader.hostname],
    ['group_name', groupName],
  ]);
  const get = (key: string, fallback: string | null, expansions?: PyMapping, expand = true) => {
    const extra = expansions ?? new Map();
    for (const [k, v] of common) extra.set(k, v);
    return reader.get(section, key, fallback, extra, expand)?.value ?? null;
  };
  const convert = <T>(key: string, fn: () => T): T => reader.guard(section, key, fn);

  // the process priority defaults to 999 even for event listeners (only their group defaults to -1)
  const priority = convert('priority', () => integer(get('priority', def('priority'))!));
  const autostart = convert('autostart', () => boolean(get('autostart', def('autostart'))!));
  const autorestart = convert('autorestart', () => autorestartType(get('autorestart', def('autorestart'))!));
  const startsecs = convert('startsecs', () => integer(get('startsecs', def('startsecs'))!));
  const startretries = convert('startretries', () => integer(get('startretries', def('startretries'))!));
  const stopsignal = convert('stopsignal', () => signalNumber(get('stopsignal', def('stopsignal'))!));
  const stopwaitsecs = convert('stopwaitsecs', () => integer(get('stopwaitsecs', def('stopwaitsecs'))!));
  const stopasgroup = convert('stopasgroup', () => boolean(get('stopasgroup', def('stopasgroup'))!));
  const killasgroup = convert('killasgroup', () => boolean(get('killasgroup', stopasgroup ? 'true' : def('killasgroup'))!));
  const exitcodes = convert('exitcodes', () => exitCodes(get('exitcodes', def('exitcodes'))!));
  const redirect_stderr = convert('redirect_stderr', () => boolean(get('redirect_stderr', def('redirect_stderr'))!));
  const numprocs = convert('numprocs', () => integer(get('numprocs', def('numprocs'))!));
  const numprocsStart = convert('numprocs_start', () => integer(get('numprocs_start', def('numprocs_start'))!));
  const environmentRaw = get('environment', def('environment'), undefined, false)!;
  const stdoutCapture = convert('stdout_capture_maxbytes', () => byteSize(get('stdout_capture_maxbytes', def('stdout_capture_maxbytes'))!));
  const stdoutEvents = convert('stdout_events_enabled', () => boolean(get('stdout_events_enabled', def('stdout_events_enabled'))!));
  const stderrCapture = convert('stderr_capture_maxbytes', () => byteSize(get('stderr_capture_maxbytes', def('stderr_capture_maxbytes'))!));
  const stderrEvents = convert('stderr_events_enabled', () => boolean(get('stderr_events_enabled', def('stderr_events_enabled'))!));
  const serverurlRaw = get('serverurl', null);
  const serverurl = serverurlRaw && serverurlRaw.trim().toUpperCase() !== 'AUTO' ? serverurlRaw : 'AUTO';
  const user = get('user', null);
  const uid = user === null ? null : convert('user', () => nameToUid(user, ctx));
  const umaskRaw = get('umask', null);
  const umask = umaskRaw === null ? null : convert('umask', () => octal(umaskRaw));
  const processNameTemplate = convert('process_name', () => processOrGroupName(get('process_name', def('process_name'), undefined, false)!));

  if (numprocs > 1 && !processNameTemplate.includes('%(process_num)')) {
    throw reader.error(
      `%(process_num) must be present within process_name when numprocs > 1 (valid: e.g. process_name=%(program_name)s_%(process_num)02d)`,
      section,
      reader.position(section, 'process_name') ? 'process_name' : 'numprocs',
    );
  }
  if (stopasgroup && !killasgroup) {
    throw reader.error('Cannot set stopasgroup=true and killasgroup=false (valid: killasgroup=true, or stopasgroup=false)', section, 'killasgroup');
  }

  const sources = sectionSources(reader, section);
  const limits = readProcessLimits(reader, section);
  const dependsOn = readDependsOn(reader, section);
  const processes: ProcessConfig[] = [];
  for (let processNum = numprocsStart; processNum < numprocs + numprocsStart; processNum++) {
    common.set('process_num', processNum);
    common.set('numprocs', numprocs);
    for (const [k, v] of reader.environExpansions) common.set(k, v);

    const environment = convert('environment', () => dictOfKeyValuePairs(expandValue(environmentRaw, common, 'environment')));
    for (const [k, v] of environment) common.set(`ENV_${k}`, v);
    // Per process, so %(process_num)d can name each one's port (numprocs > 1).
    const liveness = readLivenessCheck(reader, section, common);

    const directory = get('directory', null);
    const logs: Record<string, unknown> = {};
    for (const channel of ['stdout', 'stderr'] as const) {
      const lfKey = `${channel}_logfile`;
      // The logfile value is expanded twice in 4.2.5 (once by the getter, once explicitly).
      const once = get(lfKey, null);
      let logfile = once === null ? ({ kind: 'auto' } as LogfileValue) : convert(lfKey, () => logfileName(expandValue(once, common, lfKey), ctx));
      const backups = convert(`${channel}_logfile_backups`, () => integer(get(`${channel}_logfile_backups`, def(`${channel}_logfile_backups`))!));
      const maxbytes = convert(`${channel}_logfile_maxbytes`, () => byteSize(get(`${channel}_logfile_maxbytes`, def(`${channel}_logfile_maxbytes`))!));
      let syslog = convert(`${channel}_syslog`, () => boolean(get(`${channel}_syslog`, def(`${channel}_syslog`))!));
      if (logfile.kind === 'syslog') {
        reader.warn(`For [${section}], ${lfKey}=syslog but this is deprecated and will be removed.  Use ${channel}_syslog=true to enable syslog instead.`, section, lfKey);
        logfile = { kind: 'none' };
        syslog = true;
      }
      if (logfile.kind === 'auto' && !maxbytes) {
        reader.warn(
          `For [${section}], AUTO logging used for ${lfKey} without rollover, set maxbytes > 0 to avoid filling up filesystem unintentionally`,
          section,
          lfKey,
        );
      }
      logs[lfKey] = logfile;
      logs[`${channel}_logfile_backups`] = backups;
      logs[`${channel}_logfile_maxbytes`] = maxbytes;
      logs[`${channel}_syslog`] = syslog;
    }
    if (redirect_stderr) {
      const stderr = logs.stderr_logfile as LogfileValue;
      if (stderr.kind === 'path') {
        reader.warn(
          `For [${section}], redirect_stderr=true but stderr_logfile has also been set to a filename, the filename has been ignored`,
          section,
          'stderr_logfile',
        );
      }
      logs.stderr_logfile = { kind: 'none' };
    }
    const command = get('command', null, common);
    if (command === null) {
      throw reader.error(`program section ${section} does not specify a command (valid: command=/path/to/program --args)`, section, undefined);
    }
    const name = convert('process_name', () => expandValue(processNameTemplate, common, 'process_name'));
    processes.push({
      group: groupName,
      name,
      section,
      kind,
      command,
      directory,
      user,
      uid,
      umask,
      priority,
      autostart,
      autorestart,
      startsecs,
      startretries,
      exitcodes,
      stopsignal: signalName(stopsignal),
      stopwaitsecs,
      stopasgroup,
      killasgroup,
      redirect_stderr,
      stdout_logfile: logfileToModel(logs.stdout_logfile as LogfileValue),
      stdout_logfile_maxbytes: logs.stdout_logfile_maxbytes as number,
      stdout_logfile_backups: logs.stdout_logfile_backups as number,
      stdout_capture_maxbytes: stdoutCapture,
      stdout_events_enabled: stdoutEvents,
      stdout_syslog: logs.stdout_syslog as boolean,
      stderr_logfile: logfileToModel(logs.stderr_logfile as LogfileValue),
      stderr_logfile_maxbytes: logs.stderr_logfile_maxbytes as number,
      stderr_logfile_backups: logs.stderr_logfile_backups as number,
      stderr_capture_maxbytes: stderrCapture,
      stderr_events_enabled: stderrEvents,
      stderr_syslog: logs.stderr_syslog as boolean,
      environment: environment.size > 0 ? Object.fromEntries(environment) : null,
      serverurl,
      sources,
      ...(limits ? { limits } : {}),
      ...(liveness ? { liveness } : {}),
      ...(dependsOn ? { dependsOn } : {}),
    });
  }
  processes.sort(byPriorityThenName);
  return processes;
}

export { ConfigValueError, mergeMappings };
