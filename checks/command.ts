/**
 * `command`: what makes a spawn fail before or at exec: unparsable quoting, a command not on the
 * PATH the supervisor uses, a relative path (resolved against supervisord's cwd, not directory=),
 * a file that is a directory or not executable by the program's user, a shebang naming a missing
 * interpreter, and shell syntax (pipes, redirects, $VAR) that only a shell understands.
 */
import path from 'node:path';
import { wrapInShell } from '../src/shell/quote.js';
import { detectShellSyntax } from '../src/shell/shell-syntax.js';
import { shlexSplit } from '../src/shell/shlex-split.js';
import { canExecuteFile } from '../src/system/access.js';
import { shebangInterpreter } from '../src/system/shebang.js';
import { supervisorCommandSearch, which } from '../src/system/which.js';
import type { ProcessConfig } from '../src/config/types.js';
import { positionOf } from '../src/doctor/config-locate.js';
import { escapePercent } from '../src/config/render.js';
import { setKeyPlan } from '../src/doctor/config-edit.js';
import { childEnvironment, namespecOf, programIdentity, programUser, programsOnce } from '../src/doctor/program-facts.js';
import { loginEnvironment } from '../src/doctor/program-logs.js';
import { supervisorActionStep } from '../src/doctor/supervisor-actions.js';
import type { Check, DoctorContext, Finding } from '../src/doctor/types.js';

const FALLBACK_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** What Supervisor execs for a bare name (system/which owns the rule), looked up under the context's root. */
function findOnPath(ctx: DoctorContext, name: string, pathValue: string | undefined): string | undefined {
  return supervisorCommandSearch(name, (pathValue ?? FALLBACK_PATH).split(':'), (candidate) => ctx.files.exists(candidate));
}

async function checkProgram(ctx: DoctorContext, proc: ProcessConfig): Promise<Finding<CommandFixData>[]> {
  const where = { ...positionOf(ctx, proc.section, 'command'), program: namespecOf(proc) };
  let argv: string[];
  try {
    argv = shlexSplit(proc.command);
  } catch (error) {
    return [{ severity: 'error', message: `command of ${namespecOf(proc)} cannot be parsed: ${(error as Error).message}`, ...where, fix: { description: 'balance the quotes in command=', safety: 'manual' } }];
  }
  if (argv.length === 0) return [{ severity: 'error', message: `command of ${namespecOf(proc)} is empty`, ...where, fix: { description: 'set command=', safety: 'manual' } }];
  const findings: Finding<CommandFixData>[] = [];
  const env = childEnvironment(ctx, proc);
  const program = argv[0]!;
  let resolved: string | undefined;
  if (program.includes('/')) {
    if (!path.isAbsolute(program)) {
      const candidate = proc.directory ? path.join(proc.directory, program) : undefined;
      const fixable = candidate && ctx.files.exists(candidate);
      findings.push({
        severity: 'error',
        message: `command of ${namespecOf(proc)} starts with the relative path ${program}: Supervisor resolves it against its own working directory, not directory=`,
        ...where,
        fix: fixable ? { description: `use the absolute path ${candidate}`, safety: 'confirm' } : { description: 'use an absolute path', safety: 'manual' },
        data: fixable ? { command: replaceFirstWord(proc.command, program, candidate!) } : undefined,
      });
      return findings;
    }
    resolved = program;
  } else {
    resolved = findOnPath(ctx, program, env.PATH);
    if (!resolved) {
      const login = await loginEnvironment(ctx, programUser(ctx, proc));
      const suggestion = findOnPath(ctx, program, login?.PATH) ?? findOnPath(ctx, program, undefined);
      findings.push({
        severity: 'error',
        message: `can't find command '${program}' for ${namespecOf(proc)} on the supervisor's PATH (${env.PATH ?? 'unset'})`,
        ...where,
        fix: suggestion ? { description: `use the absolute path ${suggestion}`, safety: 'confirm' } : { description: `install ${program} or give its absolute path`, safety: 'manual' },
        data: suggestion ? { command: replaceFirstWord(proc.command, program, suggestion) } : undefined,
      });
      return findings;
    }
  }
  const access = await canExecuteFile(programIdentity(ctx, proc), resolved, ctx.root);
  if (!access.ok) {
    findings.push({
      severity: 'error',
      message: `${resolved} (command of ${namespecOf(proc)}) ${access.reason === 'missing' ? 'does not exist' : access.reason === 'no-exec' ? `is not executable by ${programUser(ctx, proc).name}` : `cannot be reached: ${access.blockedAt} ${access.reason}`}`,
      ...where,
      fix: access.reason === 'no-exec' && access.blockedAt === resolved ? { description: `chmod u+x,g+x ${resolved} (or run it through its interpreter)`, safety: 'manual', commands: [`chmod ug+x ${resolved}`] } : { description: 'correct the path in command=', safety: 'manual' },
    });
    return findings;
  }
  const shebangLine = ctx.files.shebangLine(resolved);
  const interpreterName = shebangInterpreter(shebangLine);
  if (interpreterName) {
    // `#!/usr/bin/env NAME`: env's execvp takes the first *executable* NAME on PATH, as `which` does.
    const viaEnv = !interpreterName.includes('/');
    const interpreter = viaEnv ? which(interpreterName, env.PATH ?? FALLBACK_PATH, ctx.root) : ctx.files.exists(interpreterName) ? interpreterName : undefined;
    if (!interpreter) {
      findings.push({
        severity: 'error',
        message: `${resolved} starts with #!${shebangLine.slice(2).trim()} but that interpreter is not ${viaEnv ? "on the supervisor's PATH" : 'installed'} (exec fails with ENOENT)`,
        ...where,
        fix: { description: `fix the #! line of ${resolved}, or put the interpreter first in command=`, safety: 'manual' },
      });
    }
  }
  // One verdict with the wizard's (shell/shell-syntax): even after a shell program such as
  // `sh script.sh > log`, Supervisor passes the operator to it literally.
  const syntax = detectShellSyntax(proc.command)[0];
  if (syntax) {
    const wrapped = wrapInShell(proc.command);
    findings.push({
      severity: 'warn',
      message: `command of ${namespecOf(proc)} uses shell syntax (${syntax.token}: ${syntax.what}) but Supervisor runs it without a shell: it is passed as a literal argument`,
      ...where,
      fix: { description: `wrap it: command=${wrapped}`, safety: 'confirm' },
      data: { command: wrapped },
    });
  }
  return findings;
}

function replaceFirstWord(command: string, word: string, replacement: string): string {
  const index = command.indexOf(word);
  return index < 0 ? command : command.slice(0, index) + replacement + command.slice(index + word.length);
}

/** The corrected command line the fix writes. */
interface CommandFixData {
  command: string;
}

export const commandCheck: Check<CommandFixData> = {
  id: 'command',
  title: 'Program commands can be executed',
  area: 'programs',
  appliesTo: (ctx) => (ctx.config ? true : 'the config did not load'),
  async run(ctx) {
    return (await Promise.all(programsOnce(ctx).map((proc) => checkProgram(ctx, proc)))).flat();
  },
  async fix(ctx, finding) {
    const command = finding.data?.command;
    const proc = ctx.config?.processes.find((p) => namespecOf(p) === finding.program);
    if (!command || !proc) return undefined;
    const file = positionOf(ctx, proc.section, 'command').file ?? ctx.configFile!;
    const plan = await setKeyPlan(ctx, file, proc.section, 'command', escapePercent(command), `correct the command of ${finding.program}`);
    plan?.operations.push(...supervisorActionStep(ctx, 'update', proc.group, 'apply the new command (reread + update)'));
    return plan;
  },
};
