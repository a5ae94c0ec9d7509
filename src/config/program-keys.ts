/**
 * The one schema of `[program:x]` keys (also the base of `[eventlistener:x]` and
 * `[fcgi-program:x]`), in the order the reader evaluates them: Supervisor 4.2.5's keys in
 * Supervisor's own order (so a config with two bad values gets Supervisor's first error), then
 * svwizd's own keys (issue 17), which Supervisor ignores. Each entry says how its value is
 * converted, the ProcessConfig field it fills (the compiler checks that the kind's value fits the
 * field), the field `reread` compares (Supervisor's ProcessConfig.__eq__ compares `uid` for
 * `user=` and `name` for `process_name=`; numprocs shapes the process set instead), its default,
 * whether `config show --json` prints it, and its line in the sample config.
 *
 * program-sections.ts (the reader), validate.ts (unknown keys), daemon/config-diff.ts (reread),
 * json-contract.ts, sample-config.ts and checks/config-values.ts read this table (issue 14).
 */
import type { ProcessConfig } from './types.js';
import type { LogfileValue } from './datatypes.js';
import {
  logfileToModel,
  type KeyStep,
  type KindValue,
  type ProgramKeyKind,
  readCommand,
  readEnvironment,
  readEnvironmentText,
  readKillasgroup,
  readLogfile,
  readProcessName,
  readProcessNameTemplate,
  readServerurl,
  readUser,
} from './program-key-converters.js';
import { PROCESS_LIMIT_KEYS, readProcessLimits } from './process-limits.js';
import { LIVENESS_CHECK_KEYS, readLivenessCheck } from './liveness-check-keys.js';
import { DEPENDS_ON_KEYS, readDependsOn } from './depends-on.js';

type Field = keyof ProcessConfig;

/**
 * When a key is read: `section` once per section (before numprocs expansion, so only `here`,
 * `program_name`, `host_node_name` and `group_name` expand in it), `process` once per process
 * (`process_num`, `numprocs` and the ENV_x of `environment` expand too), `both`: read raw once per
 * section and turned into each process's value later, at its place in the table (reference §1.4).
 */
export type ProgramKeyStage = 'section' | 'process' | 'both';

interface EntryBase<F extends Field | null> {
  owner: 'supervisor' | 'svwizd';
  stage: ProgramKeyStage;
  /** The ProcessConfig field this entry fills; null: none (numprocs shapes the process set). */
  field: F;
  /** The ProcessConfig field `reread` compares for this entry; null when it compares none. */
  reread: Field | null;
}

export interface ProgramKey<F extends Field | null = Field | null> extends EntryBase<F> {
  key: string;
  kind: ProgramKeyKind;
  /**
   * The value Supervisor uses when the key is absent, as it would be written in the file (the
   * reader converts it like a written value). null: absence means something of its own (no user,
   * no umask, an AUTO log, serverurl AUTO) or the key is required (command).
   */
  default: string | null;
  /** Whether `config show --json` prints the field (Supervisor's own keys only: the differential test compares with Python). */
  json: boolean;
  /** Its line in the sample config: the value shown when there is no default, and the comment. */
  sample?: { example?: string; comment?: string };
  /** A converter of its own; otherwise the kind's converter of the raw value (null when absent without default). */
  read?: (step: KeyStep) => unknown;
  /** `both` stage: each process's field value from what `read` gave once per section. */
  perProcess?: (step: KeyStep, once: never) => unknown;
  /** Turns what `read` gave into the field's value (a log file: AUTO, a path or null). */
  toField?: (value: never) => unknown;
}

/** Several svwizd keys read together into one optional field (absent when the section sets none). */
export interface ProgramKeyGroup<F extends Field = Field> extends EntryBase<F> {
  keys: readonly string[];
  readGroup: (step: KeyStep) => ProcessConfig[F] | undefined;
}

export type ProgramSchemaEntry = ProgramKey | ProgramKeyGroup;

type Fits<F extends Field, D> = {
  [K in ProgramKeyKind]: (KindValue[K] | (D extends null ? null : never)) extends ProcessConfig[F] ? K : never;
}[ProgramKeyKind];

interface KeyOptions {
  reread?: Field | null;
  owner?: 'supervisor' | 'svwizd';
  stage?: ProgramKeyStage;
  json?: boolean;
  sample?: ProgramKey['sample'];
}

/** The entry with every option settled; the helpers below add the type checks and converters. */
function entry<F extends Field | null>(name: string, kind: ProgramKeyKind, field: F, fallback: string | null, options: KeyOptions): ProgramKey<F> {
  const owner = options.owner ?? 'supervisor';
  return {
    key: name,
    kind,
    field,
    reread: options.reread === undefined ? field : options.reread,
    default: fallback,
    owner,
    stage: options.stage ?? 'section',
    json: options.json ?? (owner === 'supervisor' && field !== null),
    ...(options.sample ? { sample: options.sample } : {}),
  };
}

/** A plain key: the kind's converter, its value in `field` (the compiler checks that they fit). */
function key<F extends Field, D extends string | null>(name: string, kind: Fits<F, D>, field: F, fallback: D, options: KeyOptions = {}): ProgramKey<F> {
  return entry(name, kind, field, fallback, options);
}

/** A key with a converter of its own, which must give the field's type. */
function custom<F extends Field>(
  name: string,
  kind: ProgramKeyKind,
  field: F,
  fallback: string | null,
  read: (step: KeyStep) => ProcessConfig[F],
  options: KeyOptions = {},
): ProgramKey<F> {
  return { ...entry(name, kind, field, fallback, options), read };
}

/** A `both`-stage key: `once` per section, then `perProcess` gives each process's field value. */
function twoStage<F extends Field, O>(
  name: string,
  kind: ProgramKeyKind,
  field: F,
  fallback: string | null,
  once: (step: KeyStep) => O,
  perProcess: (step: KeyStep, once: O) => ProcessConfig[F],
  options: KeyOptions = {},
): ProgramKey<F> {
  return { ...entry(name, kind, field, fallback, { ...options, stage: 'both' }), read: once, perProcess: perProcess as ProgramKey['perProcess'] };
}

/** A log file key: the converter gives a LogfileValue, the field holds AUTO, a path or null. */
function logfileKey<F extends Field>(name: string, field: F, toField: (value: LogfileValue) => ProcessConfig[F], options: KeyOptions): ProgramKey<F> {
  return { ...entry(name, 'text', field, null, { ...options, stage: 'process' }), read: readLogfile, toField };
}

/** A key Supervisor reads without filling a ProcessConfig field (numprocs, numprocs_start). */
function shaping(name: string, kind: ProgramKeyKind, fallback: string, sample?: ProgramKey['sample']): ProgramKey<null> {
  return entry(name, kind, null, fallback, { sample });
}

function group<F extends Field>(field: F, keys: readonly string[], stage: 'section' | 'process', readGroup: (step: KeyStep) => ProcessConfig[F] | undefined): ProgramKeyGroup<F> {
  return { keys, field, reread: field, owner: 'svwizd', stage, readGroup };
}

/** Read once per section: each channel's capture and event keys. */
function channelCaptureKeys(channel: 'stdout' | 'stderr', samples: boolean) {
  return [
    key(`${channel}_capture_maxbytes`, 'byte-size', `${channel}_capture_maxbytes`, '0', { sample: samples ? { comment: 'capture-mode buffer size (0 = off)' } : undefined }),
    key(`${channel}_events_enabled`, 'boolean', `${channel}_events_enabled`, 'false', { sample: samples ? { comment: 'emit PROCESS_LOG events for stdout' } : undefined }),
  ] as const;
}

/** Read per process, in Supervisor's order: the log file (expanded twice in 4.2.5), its rotation, syslog. */
function channelLogKeys(channel: 'stdout' | 'stderr') {
  const stdout = channel === 'stdout';
  return [
    logfileKey(`${channel}_logfile`, `${channel}_logfile`, logfileToModel, {
      sample: { example: 'AUTO', comment: stdout ? 'a path, AUTO (in childlogdir) or NONE' : 'the same keys exist for stderr' },
    }),
    key(`${channel}_logfile_backups`, 'integer', `${channel}_logfile_backups`, '10', { stage: 'process', sample: { comment: stdout ? 'rotated copies to keep' : undefined } }),
    key(`${channel}_logfile_maxbytes`, 'byte-size', `${channel}_logfile_maxbytes`, '50MB', { stage: 'process', sample: { comment: stdout ? 'rotate at this size (0 = never)' : undefined } }),
    key(`${channel}_syslog`, 'boolean', `${channel}_syslog`, 'false', { stage: 'process', sample: stdout ? { comment: 'also send stdout to syslog' } : undefined }),
  ] as const;
}

const SCHEMA = [
  // ---- Supervisor 4.2.5's keys, in processes_from_section's order
  key('priority', 'integer', 'priority', '999', { sample: { comment: 'lower starts first and stops last' } }),
  key('autostart', 'boolean', 'autostart', 'true', { sample: { comment: 'start when supervisord starts' } }),
  key('autorestart', 'autorestart', 'autorestart', 'unexpected', { sample: { comment: 'restart after exit: false, unexpected or true' } }),
  key('startsecs', 'integer', 'startsecs', '1', { sample: { comment: 'seconds it must stay up to count as started' } }),
  key('startretries', 'integer', 'startretries', '3', { sample: { comment: 'attempts before giving up (FATAL)' } }),
  key('stopsignal', 'signal', 'stopsignal', 'TERM', { sample: { comment: 'signal used to stop it' } }),
  key('stopwaitsecs', 'integer', 'stopwaitsecs', '10', { sample: { comment: 'seconds to wait before SIGKILL' } }),
  key('stopasgroup', 'boolean', 'stopasgroup', 'false', { sample: { comment: 'send the stop signal to the whole process group' } }),
  // with stopasgroup=true its default is true, as in Supervisor
  custom('killasgroup', 'boolean', 'killasgroup', 'false', readKillasgroup, { sample: { comment: 'send SIGKILL to the whole process group' } }),
  key('exitcodes', 'exit-codes', 'exitcodes', '0', { sample: { comment: 'exit codes that count as expected' } }),
  key('redirect_stderr', 'boolean', 'redirect_stderr', 'false', { sample: { comment: 'merge stderr into the stdout log' } }),
  shaping('numprocs', 'integer', '1', { comment: 'how many copies to run' }),
  shaping('numprocs_start', 'integer', '0'),
  twoStage('environment', 'environment', 'environment', '', readEnvironmentText, readEnvironment, {
    sample: { example: 'A="1",B="2"', comment: 'quote every value that is not plain letters/digits' },
  }),
  ...channelCaptureKeys('stdout', true),
  ...channelCaptureKeys('stderr', false),
  custom('serverurl', 'text', 'serverurl', null, readServerurl, { sample: { example: 'AUTO', comment: 'SUPERVISOR_SERVER_URL passed to the program' } }),
  custom('user', 'text', 'user', null, readUser, { reread: 'uid', sample: { example: 'nobody', comment: 'run as this user (supervisord must run as root)' } }),
  key('umask', 'octal', 'umask', null, { sample: { example: '022', comment: 'process umask (default: inherited)' } }),
  key('directory', 'text', 'directory', null, { stage: 'process', sample: { example: '/tmp', comment: "chdir here before starting (default: don't)" } }),
  ...channelLogKeys('stdout'),
  ...channelLogKeys('stderr'),
  custom('command', 'text', 'command', null, readCommand, {
    stage: 'process',
    sample: { example: '/bin/cat', comment: 'the program, with arguments (no shell: no pipes, ~ or $VAR)' },
  }),
  twoStage('process_name', 'text', 'name', '%(program_name)s', readProcessNameTemplate, readProcessName, {
    json: false, // printed first, as `name`
    sample: { comment: 'must contain %(process_num)s when numprocs > 1' },
  }),
  // ---- svwizd's own keys (issue 17), after Supervisor's so Supervisor's errors come first
  group('limits', PROCESS_LIMIT_KEYS, 'section', (step) => readProcessLimits(step.reader, step.section)),
  group('dependsOn', DEPENDS_ON_KEYS, 'section', (step) => readDependsOn(step.reader, step.section)),
  // per process, so %(process_num)d can name each one's port (numprocs > 1)
  group('liveness', LIVENESS_CHECK_KEYS, 'process', (step) => readLivenessCheck(step.reader, step.section, step.expansions)),
] as const;

/**
 * The keys `[eventlistener:x]` and `[fcgi-program:x]` add to the program keys. listener-fcgi-sections.ts
 * reads them once per section (with Supervisor's messages) and the reader copies them onto each
 * process; reread compares a pool or fcgi group by the `reread` fields of its first process, as
 * Supervisor's EventListenerPoolConfig and FastCGIGroupConfig equality do (a socket compares by
 * its URL only, so socket_backlog/owner/mode changes are not a change).
 */
export const SECTION_KIND_KEYS = {
  eventlistener: [
    { key: 'events', reread: 'events' },
    { key: 'buffer_size', reread: 'buffer_size' },
    { key: 'result_handler', reread: 'result_handler' },
  ],
  'fcgi-program': [
    { key: 'socket', reread: 'socket' },
    { key: 'socket_backlog', reread: null },
    { key: 'socket_owner', reread: null },
    { key: 'socket_mode', reread: null },
  ],
} as const satisfies Record<'eventlistener' | 'fcgi-program', readonly { key: string; reread: Field | null }[]>;

/** Every entry, in evaluation order. */
export const PROGRAM_SCHEMA: readonly ProgramSchemaEntry[] = SCHEMA;

/** The fields the table fills; the reader adds the rest (group, section, kind, uid, sources, events, ...). */
export type SchemaField = NonNullable<(typeof SCHEMA)[number]['field']> | 'uid';

export type { KeyStep, KindValue, ProgramKeyKind } from './program-key-converters.js';

export const isSingleKey = (entry: ProgramSchemaEntry): entry is ProgramKey => 'key' in entry;

/** The single-key entries (a group's keys are read by its own module). */
export const PROGRAM_KEYS: readonly ProgramKey[] = PROGRAM_SCHEMA.filter(isSingleKey);

const SUPERVISOR_KEYS = PROGRAM_KEYS.filter((k) => k.owner === 'supervisor');

/** The keys Supervisor 4.2.5 reads in [program:x]. */
export const PROGRAM_KEY_NAMES: readonly string[] = SUPERVISOR_KEYS.map((k) => k.key);

/** svwizd's own [program:x] keys: Supervisor ignores them, svwizd reads them. */
export const SVWIZ_PROGRAM_KEY_NAMES: readonly string[] = PROGRAM_SCHEMA.filter((e) => e.owner === 'svwizd').flatMap((e) => (isSingleKey(e) ? [e.key] : e.keys));

/** Every key a [program:x] section may hold (unknown-key warnings use it). */
export const KNOWN_PROGRAM_KEY_NAMES: readonly string[] = [...PROGRAM_KEY_NAMES, ...SVWIZ_PROGRAM_KEY_NAMES];

/** Supervisor's keys of one kind (checks/config-values.ts tests their values as supervisord would). */
export function programKeysOfKind(kind: ProgramKeyKind): string[] {
  return SUPERVISOR_KEYS.filter((k) => k.kind === kind).map((k) => k.key);
}

/** The fields Supervisor's `reread` compares (its req_param_names + optional_param_names). */
export const REREAD_FIELDS: readonly Field[] = SUPERVISOR_KEYS.flatMap((k) => (k.reread ? [k.reread] : []));

/** The fields svwizd's `reread` compares: Supervisor's, then those of svwizd's own keys. */
export const COMPARED_FIELDS: readonly Field[] = [...REREAD_FIELDS, ...PROGRAM_SCHEMA.filter((e) => e.owner === 'svwizd').flatMap((e) => (e.reread ? [e.reread] : []))];

/** The fields `config show --json` prints after group and name, in table order. */
export const JSON_FIELDS: readonly Field[] = PROGRAM_KEYS.flatMap((k) => (k.json && k.field ? [k.field] : []));

const DEFAULTS = new Map(PROGRAM_KEYS.map((k) => [k.key, k.default]));

/** The default of a [program:x] key (null: none; see ProgramKey.default). */
export function programKeyDefault(name: string): string | null {
  if (!DEFAULTS.has(name)) throw new Error(`${name} is not a [program:x] key`);
  return DEFAULTS.get(name)!;
}
