/**
 * The text svwiz writes: the main supervisord.conf and one INDEX_DIR/NAME.ini per program, built
 * as [key, value] entries and rendered by the config writer (which escapes `%` as `%%`).
 */
import { renderIniSection } from '../config/render.js';
import { UserError } from '../errors.js';
import type { InitAnswers, ProgramAnswers } from './types.js';

export function serverUrlOf(answers: Pick<InitAnswers, 'socketFile'>): string {
  return `unix://${answers.socketFile}`;
}

export const CONFIG_HEADER_MARK = '; Written by svwiz init.';

export function renderSupervisordConf(answers: InitAnswers): string {
  const parts: string[] = [
    [
      CONFIG_HEADER_MARK,
      `; Programs: one file each in ${answers.includeDir} (svwiz add-program NAME).`,
      '; Check this setup with: svwiz doctor',
      '',
    ].join('\n'),
  ];
  parts.push(renderIniSection('unix_http_server', [
    ['file', answers.socketFile],
    ['chmod', '0700'],
  ]));
  if (answers.web) {
    parts.push(renderIniSection('inet_http_server', [
      ['port', `${answers.webHost.includes(':') ? `[${answers.webHost}]` : answers.webHost}:${answers.webPort}`],
      ['username', answers.webUser],
      ['password', answers.webPasswordStored],
    ]));
  }
  const supervisord: [string, string][] = [
    ['logfile', `${answers.logDir}/supervisord.log`],
    // Small and few: SD cards wear out and fill up; 4 x 5MB is plenty for the supervisor's own log.
    ['logfile_maxbytes', '5MB'],
    ['logfile_backups', '3'],
    ['loglevel', 'info'],
    ['pidfile', answers.pidFile],
    ['childlogdir', answers.logDir],
  ];
  // As root with no user= Supervisor logs a CRIT at every start; saying root on purpose silences it.
  if (answers.mode === 'system') supervisord.push(['user', 'root']);
  parts.push(renderIniSection('supervisord', supervisord));
  parts.push(renderIniSection('rpcinterface:supervisor', [['supervisor.rpcinterface_factory', 'supervisor.rpcinterface:make_main_rpcinterface']]));
  parts.push(renderIniSection('supervisorctl', [['serverurl', serverUrlOf(answers)]]));
  parts.push(renderIniSection('include', [['files', answers.includePatterns.join(' ')]]));
  return parts.map((part) => part.replace(/\n*$/, '\n')).join('\n');
}

/** One `environment=` value 4.2.x reads back exactly: non-POSIX shlex strips quotes and has no escapes (reference §1.7). */
export function renderEnvironment(pairs: [string, string][]): string {
  return pairs
    .map(([key, value]) => {
      if (!/^[A-Za-z_][A-Za-z0-9_.+\-/():]*$/.test(key)) throw new UserError(`environment variable name '${key}' cannot be written to environment=`);
      if (!value.includes('"')) return `${key}="${value}"`;
      if (!value.includes("'")) return `${key}='${value}'`;
      throw new UserError(`the value of ${key} contains both ' and ", which Supervisor 4.2's environment= cannot express`);
    })
    .join(',');
}

export function renderProgramIni(answers: ProgramAnswers): string {
  const entries: [string, string][] = [['command', answers.command]];
  if (answers.directory) entries.push(['directory', answers.directory]);
  if (answers.user) entries.push(['user', answers.user]);
  entries.push(
    ['autostart', String(answers.autostart)],
    ['autorestart', answers.autorestart],
    ['startsecs', String(answers.startsecs)],
    ['startretries', String(answers.startretries)],
    ['priority', String(answers.priority)],
    ...(answers.stopAsGroup ? ([['stopasgroup', 'true'], ['killasgroup', 'true']] as [string, string][]) : []),
    ['redirect_stderr', String(answers.redirectStderr)],
    ['stdout_logfile', answers.stdoutLogfile],
    ['stdout_logfile_maxbytes', answers.logMaxbytes],
    ['stdout_logfile_backups', String(answers.logBackups)],
  );
  if (!answers.redirectStderr && answers.stderrLogfile) {
    entries.push(
      ['stderr_logfile', answers.stderrLogfile],
      ['stderr_logfile_maxbytes', answers.logMaxbytes],
      ['stderr_logfile_backups', String(answers.logBackups)],
    );
  }
  if (answers.environment.length) entries.push(['environment', renderEnvironment(answers.environment)]);
  return `; Written by svwiz add-program; edit freely or run: svwiz remove-program ${answers.name}\n` + renderIniSection(`program:${answers.name}`, entries);
}
