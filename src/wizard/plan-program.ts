/** Pure planners for `svwiz add-program` and `svwiz remove-program`. */
import path from 'node:path';
import type { Plan } from '../plan/types.js';
import { renderProgramIni } from './render-config.js';
import type { ProgramAnswers } from './types.js';

export function programFilePath(includeDir: string, name: string): string {
  return path.join(includeDir, `${name}.ini`);
}

export function planAddProgram(answers: ProgramAnswers, includeDir: string): Plan {
  const file = programFilePath(includeDir, answers.name);
  const ops: Plan['operations'] = [];
  const logDirs = new Set([answers.stdoutLogfile, answers.redirectStderr ? null : answers.stderrLogfile]
    .filter((file): file is string => !!file && path.isAbsolute(file))
    .map((file) => path.dirname(file)));
  // Supervisor checks a log file's parent dir exists when it parses the config (reference §1.5).
  for (const dir of logDirs) ops.push({ kind: 'mkdir', path: dir, reason: `log directory of ${answers.name}` });
  ops.push({ kind: 'write', path: file, content: renderProgramIni(answers), mode: 0o644, reason: `program ${answers.name}` });
  return { title: `svwiz add-program ${answers.name}`, operations: ops };
}

/** The files that define NAME: removed (and backed up by the applier). */
export function planRemoveProgram(name: string, files: string[]): Plan {
  return {
    title: `svwiz remove-program ${name}`,
    operations: files.map((file) => ({ kind: 'unlink' as const, path: file, reason: `program ${name}` })),
  };
}

/** Supervisor's rule for names: no whitespace, no ':' and no '/' (reference §1.9), and we keep it to a file name. */
export function validateProgramName(name: string): true | string {
  if (!name) return 'a name is required';
  const bad = /[\s:/\\]/.exec(name);
  if (bad) return `'${name}' contains '${bad[0] === ' ' ? 'a space' : bad[0]}': Supervisor does not allow whitespace, ':' or '/' in names`;
  if (name.startsWith('.') || name.startsWith('-')) return `'${name}' must not start with '.' or '-'`;
  if (/[%]/.test(name)) return `'${name}' contains '%', which Supervisor would expand`;
  return true;
}
