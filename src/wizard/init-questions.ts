/**
 * The questions of `svwiz init`, in order, each with its flag and a default that makes pressing
 * Enter all the way a good setup. Defaults come from the facts, and on a re-run from the setup
 * already there, so re-running changes nothing.
 */
import { lowMemoryByDefault } from '../service/low-memory.js';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { findUser, readAccountsSync } from '../system/users.js';
import { defaultIncludePatterns, defaultLayout } from './layout.js';
import type { PromptSession } from './prompts.js';
import type { ExistingChoice } from './plan-adopt.js';
import { INIT_FLAGS as FLAGS, type InitFlags } from './flags.js';
import { isShaPassword, shaPassword } from '../protocol/sha-password.js';
import type { Backend, InitAnswers, ServiceKind, SetupMode, SetupRecord, SystemFacts } from './types.js';

/** Defaults an existing Supervisor sets (src/wizard/plan-adopt.ts): flags still win. */
export interface AdoptionDefaults {
  configFile: string;
  backend: Backend;
  extraIncludePatterns: string[];
}

/** Adopt (default), keep Python supervisord, or side by side: asked only when init found one. */
export async function askExistingChoice(session: PromptSession, flags: InitFlags, configFile: string): Promise<ExistingChoice> {
  return session.select<ExistingChoice>({
    flag: FLAGS.existing.label,
    message: `What should happen to the Supervisor on ${configFile}?`,
    given: flags.existing,
    default: 'adopt',
    choices: [
      { name: 'adopt: its programs run under svwizd, the old service is disabled (reversible)', value: 'adopt' },
      { name: 'python: keep Python supervisord as the backend, svwiz manages its config and service', value: 'python' },
      { name: 'side-by-side: leave it alone; svwiz gets its own config, socket and port', value: 'side-by-side' },
    ],
  });
}

/** The boot service that fits the init system PID 1 really is. */
export function defaultServiceKind(facts: Pick<SystemFacts, 'initSystem'>, mode: SetupMode): ServiceKind {
  const kind = facts.initSystem.kind;
  if (kind === 'systemd') return mode === 'system' ? 'systemd' : 'systemd-user';
  if (kind === 'sysv' && mode === 'system') return 'sysv';
  return 'none';
}

export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

function absolutePath(value: string): true | string {
  return path.isAbsolute(value) ? true : `'${value}' is not an absolute path`;
}

/** Sockets live in a 108-byte sockaddr; Supervisor fails obscurely beyond it. */
function socketPath(value: string): true | string {
  const abs = absolutePath(value);
  if (abs !== true) return abs;
  if (Buffer.byteLength(value) > 100) return `'${value}' is too long for a unix socket (keep it under 100 bytes)`;
  return true;
}

export function existingRecord(facts: Pick<SystemFacts, 'installs'>): SetupRecord | null {
  const record = facts.installs.svwizSetup?.record as SetupRecord | undefined;
  return record && record.version === 1 ? record : null;
}

export async function askInitQuestions(
  session: PromptSession,
  flags: InitFlags,
  facts: SystemFacts,
  existing: { record: SetupRecord | null; storedPassword: string | null; adoption?: AdoptionDefaults },
  warn: (text: string) => void = () => undefined,
): Promise<InitAnswers> {
  const previous = existing.record;
  const accounts = readAccountsSync(facts.root);

  const mode = await session.select<SetupMode>({
    flag: FLAGS.mode.label,
    message: 'Set up for the whole system or just for you?',
    given: flags.mode,
    default: previous?.mode ?? (facts.isRoot ? 'system' : 'user'),
    choices: [
      { name: 'system (root: /etc, /run, /var/log, boot service)', value: 'system' },
      { name: `user (${facts.user.name}: ~/.config/svwiz, systemd --user)`, value: 'user' },
    ],
    validate: (value) =>
      value === 'system' && !facts.isRoot && path.resolve(facts.root) === '/' ? 'system mode needs root: run with sudo, or choose --mode user' : true,
  });
  const layout = defaultLayout(mode, facts.user.home, facts.runtimeDir);
  const same = previous?.mode === mode ? previous : null;

  const python = facts.installs.pythonSupervisord;
  const backend = await session.select<Backend>({
    flag: FLAGS.backend.label,
    message: 'Which supervisor should run your programs?',
    given: flags.backend,
    default: same?.backend ?? existing.adoption?.backend ?? 'svwizd',
    choices: [
      { name: 'svwizd (built in, needs only Node.js)', value: 'svwizd' },
      {
        name: python ? `Python supervisord ${python.version ?? ''} (${python.path})`.replace('  ', ' ') : 'Python supervisord (not found on PATH)',
        value: 'supervisord',
      },
    ],
    validate: (value) => (value === 'supervisord' && !python ? "no 'supervisord' on PATH: install it (apt-get install supervisor) or use --backend svwizd" : true),
  });

  const configFile = await session.input({
    flag: FLAGS.config.label,
    message: 'Config file',
    given: flags.config,
    default: same?.configFile ?? existing.adoption?.configFile ?? layout.configFile,
    validate: absolutePath,
  });
  const includeDir = await session.input({
    flag: FLAGS.includeDir.label,
    message: 'Directory for program files',
    given: flags.includeDir,
    default: same?.includeDir ?? layout.includeDir,
    validate: absolutePath,
  });
  const patternsText = await session.input({
    flag: FLAGS.include.label,
    message: 'Include patterns (both .ini and .conf, so no program file is skipped)',
    given: flags.include?.join(' '),
    default: (same && same.includeDir === includeDir
      ? same.includePatterns
      : [...defaultIncludePatterns(includeDir), ...(existing.adoption?.extraIncludePatterns ?? [])]
    ).join(' '),
    validate: (value) => {
      const words = value.split(/\s+/).filter(Boolean);
      if (!words.length) return 'at least one pattern is required';
      const relative = words.find((word) => !path.isAbsolute(word));
      return relative ? `'${relative}' is not absolute` : true;
    },
  });
  const socketFile = await session.input({
    flag: FLAGS.socket.label,
    message: 'Control socket',
    given: flags.socket,
    default: same?.socketFile ?? layout.socketFile,
    validate: socketPath,
  });
  if (/^\/(var\/)?tmp\//.test(socketFile)) {
    warn(`${socketFile} is under /tmp, where tmp cleaners delete sockets (supervisorctl then fails to connect); /run is safer`);
  }
  const logDir = await session.input({
    flag: FLAGS.logDir.label,
    message: 'Log directory',
    given: flags.logDir,
    default: same?.logDir ?? layout.logDir,
    validate: absolutePath,
  });
  const supervisorUser = mode === 'system' ? 'root' : facts.user.name;
  const logOwner = await session.input({
    flag: FLAGS.logOwner.label,
    message: 'Owner of the log directory (the user the supervisor runs as)',
    given: flags.logOwner,
    default: same?.logOwner ?? supervisorUser,
    validate: (value) => (findUser(accounts, value.split(':')[0]) ? true : `unknown user '${value.split(':')[0]}'`),
  });
  const pidFile = flags.pidfile ?? same?.pidFile ?? (flags.socket ? path.join(path.dirname(socketFile), 'svwiz.pid') : layout.pidFile);

  const web = await session.confirm({
    flag: FLAGS.web.label,
    message: 'Enable the web UI?',
    given: flags.web,
    default: previous ? !!same?.web : true,
  });
  let webHost = '127.0.0.1';
  let webPort = 0;
  let webUser = 'admin';
  let webPasswordStored = '';
  let webPasswordPlain: string | null = null;
  if (web) {
    webHost = await session.input({
      flag: FLAGS.webHost.label,
      message: 'Web UI address (127.0.0.1 = this machine only; 0.0.0.0 = every network)',
      given: flags.webHost,
      default: same?.web?.host ?? '127.0.0.1',
      validate: (value) => (/^[A-Za-z0-9.:_-]+$/.test(value) ? true : `'${value}' is not a host name or address`),
    });
    const previousPort = same?.web?.port;
    webPort = await session.integer({
      flag: FLAGS.webPort.label,
      message: 'Web UI port',
      given: flags.webPort,
      default: previousPort ?? (facts.freePort || undefined),
      min: 1,
      max: 65535,
    });
    webUser = await session.input({
      flag: FLAGS.webUser.label,
      message: 'Web UI user name',
      given: flags.webUser,
      default: same?.web?.user ?? 'admin',
      validate: (value) => (value && !/[:\s]/.test(value) ? true : 'no spaces or colons'),
    });
    const typed = await session.password({
      flag: FLAGS.webPassword.label,
      message: 'Web UI password (Enter: generate one)',
      given: flags.webPassword,
      default: '',
    });
    if (typed) {
      webPasswordPlain = typed;
      webPasswordStored = typed;
    } else if (existing.storedPassword && same?.web) {
      webPasswordStored = existing.storedPassword;
    } else {
      webPasswordPlain = generatePassword();
      webPasswordStored = webPasswordPlain;
    }
    // Never a reusable password in the file: beyond loopback anyone on the network could use it,
    // and on loopback any local user (supervisorctl uses the unix socket, so it needs no copy).
    if (!isShaPassword(webPasswordStored)) webPasswordStored = shaPassword(webPasswordStored);
  }

  const serviceDefault = same?.service ?? defaultServiceKind(facts, mode);
  const service = await session.select<ServiceKind>({
    flag: FLAGS.service.label,
    message: `Start at boot with (init system: ${facts.initSystem.kind}${facts.initSystem.container ? `, in ${facts.initSystem.container}` : ''})`,
    given: flags.service,
    default: serviceDefault,
    choices: [
      { name: 'systemd unit', value: 'systemd' },
      { name: 'systemd --user unit', value: 'systemd-user' },
      { name: 'SysV init script (update-rc.d)', value: 'sysv' },
      { name: 'none (start it yourself)', value: 'none' },
    ],
    validate: (value) => {
      if (value === 'systemd-user' && mode === 'system') return 'a --user unit is for user mode; use systemd';
      if ((value === 'systemd' || value === 'sysv') && mode === 'user') return 'user mode cannot install a system service; use systemd-user or none';
      return true;
    },
  });
  // Only a systemd system unit can wait for network-online.target; SysV already orders after $network.
  const networkOnline =
    service === 'systemd'
      ? await session.confirm({
          flag: FLAGS.networkOnline.label,
          message: 'Wait for the network at boot before starting programs (for programs that need it at once, e.g. over Wi-Fi)?',
          given: flags.networkOnline,
          default: same?.networkOnline ?? false,
        })
      : false;
  // Only svwizd runs on node; a small board gets the small nursery unless told otherwise.
  const lowMemory =
    backend === 'svwizd' && service !== 'none'
      ? await session.confirm({
          flag: FLAGS.lowMemory.label,
          message: `Low-memory mode for svwizd (a smaller V8 heap nursery; this machine has ${Math.round(facts.totalMemoryBytes / 2 ** 20)} MB)?`,
          given: flags.lowMemory,
          default: same?.lowMemory ?? lowMemoryByDefault(facts.totalMemoryBytes),
        })
      : false;
  const serviceName = flags.serviceName ?? same?.serviceName ?? 'svwiz';
  if (!/^[A-Za-z0-9_.@-]+$/.test(serviceName)) throw new UsageError(`${FLAGS.serviceName.label}: '${serviceName}' may only contain letters, digits, '.', '_', '@' and '-'`);

  return {
    mode,
    backend,
    configFile,
    includeDir,
    includePatterns: patternsText.split(/\s+/).filter(Boolean),
    socketFile,
    logDir,
    logOwner,
    pidFile,
    web,
    webHost,
    webPort,
    webUser,
    webPasswordStored,
    webPasswordPlain,
    service,
    serviceName,
    networkOnline,
    lowMemory,
  };
}
