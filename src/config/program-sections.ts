/**
 * `[program:x]`, `[eventlistener:x]`, `[fcgi-program:x]` and `[group:x]` → groups and processes,
 * following Supervisor 4.2.5's process_groups_from_parser / processes_from_section step by step:
 * the same evaluation order (so the same first error), the same names available to %-expansion at
 * each key (reference §1.4), numprocs expansion and the same group sort.
 */
import type { GroupConfig, ProcessConfig } from './types.js';
import type { ConfigReader } from './config-reader.js';
import { mergeMappings } from './config-reader.js';
import { ConfigValueError, integer, listOfStrings, processOrGroupName, type LogfileValue } from './datatypes.js';
import { isSingleKey, PROGRAM_SCHEMA, programKeyDefault, type KeyStep, type ProgramKey, type ProgramSchemaEntry, type SchemaField } from './program-keys.js';
import { KIND_CONVERTERS } from './program-key-converters.js';
import type { PyMapping } from './py-format.js';
import { compareCodePoints } from './python-glob.js';
import { sectionSources } from './supervisord-section.js';
import { normalizedImportSpec } from './python-import-spec.js';
import { readEventListenerGroup, readFcgiGroupSettings } from './listener-fcgi-sections.js';

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
    const priority = reader.guard(groupSection, 'priority', () => integer(getOnce(groupSection, 'priority', programKeyDefault('priority'))!));
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
    const priority = reader.guard(section, 'priority', () => integer(getOnce(section, 'priority', programKeyDefault('priority'))!));
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
      p.result_handler = normalizedImportSpec(settings.resultHandler);
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

type Fields = Partial<Record<keyof ProcessConfig, unknown>>;

/** Reads the entries of one stage and owner in table order, keeping each one's value by key for later ones. */
function readEntries(
  entries: readonly ProgramSchemaEntry[],
  makeStep: (key: string, fallback: string | null) => KeyStep,
  values: Map<string, unknown>,
  fields: Fields,
): void {
  for (const entry of entries) {
    if (!isSingleKey(entry)) {
      const value = entry.readGroup(makeStep(entry.keys[0]!, null));
      if (value !== undefined) fields[entry.field] = value;
      continue;
    }
    const step = makeStep(entry.key, entry.default);
    if (entry.stage === 'both' && values.has(entry.key)) {
      fields[entry.field!] = entry.perProcess!(step, values.get(entry.key) as never);
      continue;
    }
    const value = entry.read ? entry.read(step) : readPlain(step, entry.kind);
    values.set(entry.key, value);
    if (entry.field && entry.stage !== 'both') fields[entry.field] = entry.toField ? entry.toField(value as never) : value;
  }
}

function readPlain(step: KeyStep, kind: ProgramKey['kind']): unknown {
  const raw = step.raw();
  return raw === null ? null : step.convert(() => KIND_CONVERTERS[kind](raw));
}

const entriesOf = (stages: readonly ProgramKey['stage'][], owner: ProgramSchemaEntry['owner']) =>
  PROGRAM_SCHEMA.filter((entry) => entry.owner === owner && stages.includes(entry.stage));
const SECTION_STAGE = { supervisor: entriesOf(['section', 'both'], 'supervisor'), svwizd: entriesOf(['section', 'both'], 'svwizd') };
const PROCESS_STAGE = { supervisor: entriesOf(['process', 'both'], 'supervisor'), svwizd: entriesOf(['process', 'both'], 'svwizd') };

/** processes_from_section: one ProcessConfig per process_num, sorted by (priority, name). */
function readProcesses(reader: ConfigReader, section: string, groupName: string, kind: Kind): ProcessConfig[] {
  const programName = reader.guard(section, undefined, () => processOrGroupName(section.slice(section.indexOf(':') + 1)));
  // Supervisor mutates this one dict inside the numprocs loop; later keys of the section see
  // process_num and the program's ENV_x through it, earlier ones do not (reference §1.4).
  const common: PyMapping = new Map<string, string | number>([
    ['here', reader.here],
    ['program_name', programName],
    ['host_node_name', reader.hostname],
    ['group_name', groupName],
  ]);
  const values = new Map<string, unknown>();
  const makeStep = (key: string, fallback: string | null, fields: Fields): KeyStep => ({
    reader,
    section,
    key,
    expansions: common,
    raw: (value = fallback, expand = true) => {
      const extra: PyMapping = new Map(common);
      return reader.get(section, key, value, extra, expand)?.value ?? null;
    },
    convert: (fn) => reader.guard(section, key, fn),
    earlier: (name) => values.get(name),
    also: (field, value) => {
      fields[field] = value;
    },
  });

  // Supervisor's keys of the section stage, then its two checks, then svwizd's own keys.
  const sectionFields: Fields = {};
  const sectionStep = (key: string, fallback: string | null) => makeStep(key, fallback, sectionFields);
  readEntries(SECTION_STAGE.supervisor, sectionStep, values, sectionFields);
  const numprocs = values.get('numprocs') as number;
  const numprocsStart = values.get('numprocs_start') as number;
  if (numprocs > 1 && !(values.get('process_name') as string).includes('%(process_num)')) {
    throw reader.error(
      `%(process_num) must be present within process_name when numprocs > 1 (valid: e.g. process_name=%(program_name)s_%(process_num)02d)`,
      section,
      reader.position(section, 'process_name') ? 'process_name' : 'numprocs',
    );
  }
  if (values.get('stopasgroup') && !values.get('killasgroup')) {
    throw reader.error('Cannot set stopasgroup=true and killasgroup=false (valid: killasgroup=true, or stopasgroup=false)', section, 'killasgroup');
  }
  const sources = sectionSources(reader, section);
  readEntries(SECTION_STAGE.svwizd, sectionStep, values, sectionFields);

  const processes: ProcessConfig[] = [];
  for (let processNum = numprocsStart; processNum < numprocs + numprocsStart; processNum++) {
    common.set('process_num', processNum);
    common.set('numprocs', numprocs);
    for (const [k, v] of reader.environExpansions) common.set(k, v);
    const fields: Fields = { ...sectionFields };
    const processStep = (key: string, fallback: string | null) => makeStep(key, fallback, fields);
    readEntries(PROCESS_STAGE.supervisor, processStep, values, fields);
    finishLogs(reader, section, values, fields);
    readEntries(PROCESS_STAGE.svwizd, processStep, values, fields);
    processes.push({ ...(fields as Pick<ProcessConfig, SchemaField>), group: groupName, section, kind, sources });
  }
  processes.sort(byPriorityThenName);
  return processes;
}

/**
 * What Supervisor decides about each channel's log once its keys are read: logfile=syslog is the
 * deprecated spelling of <channel>_syslog=true, AUTO without rotation earns a warning, and
 * redirect_stderr drops the stderr log. (4.2.5 does this before reading `command`; done after it,
 * the warnings come in the same order, and a config that fails there is rejected anyway.)
 */
function finishLogs(reader: ConfigReader, section: string, values: Map<string, unknown>, fields: Fields): void {
  for (const channel of ['stdout', 'stderr'] as const) {
    const lfKey = `${channel}_logfile` as const;
    const logfile = values.get(lfKey) as LogfileValue;
    if (logfile.kind === 'syslog') {
      reader.warn(`For [${section}], ${lfKey}=syslog but this is deprecated and will be removed.  Use ${channel}_syslog=true to enable syslog instead.`, section, lfKey);
      fields[lfKey] = null;
      fields[`${channel}_syslog`] = true;
    }
    if (logfile.kind === 'auto' && !values.get(`${channel}_logfile_maxbytes`)) {
      reader.warn(
        `For [${section}], AUTO logging used for ${lfKey} without rollover, set maxbytes > 0 to avoid filling up filesystem unintentionally`,
        section,
        lfKey,
      );
    }
  }
  if (values.get('redirect_stderr')) {
    if ((values.get('stderr_logfile') as LogfileValue).kind === 'path') {
      reader.warn(
        `For [${section}], redirect_stderr=true but stderr_logfile has also been set to a filename, the filename has been ignored`,
        section,
        'stderr_logfile',
      );
    }
    fields.stderr_logfile = null;
  }
}

export { ConfigValueError, mergeMappings };
