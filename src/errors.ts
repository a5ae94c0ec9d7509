/**
 * The one error taxonomy of svwiz. Everything a user can cause is a UserError (or a subclass);
 * anything else reaching the top-level catch is a bug and is reported with its stack.
 */

/** Where a value came from: the file and 1-based line it was read at. */
export interface SourcePosition {
  file: string;
  line: number;
}

/** A problem the user can fix. Exit 1 for failures, 2 for usage errors. */
export class UserError extends Error {
  readonly exitCode: 1 | 2;
  constructor(message: string, options: { exitCode?: 1 | 2; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'UserError';
    this.exitCode = options.exitCode ?? 1;
  }
}

/** A usage error (bad flags or arguments): exit 2. */
export class UsageError extends UserError {
  constructor(message: string) {
    super(message, { exitCode: 2 });
    this.name = 'UsageError';
  }
}

/**
 * A config file that Supervisor would reject (or that we cannot read). Carries the position and
 * the key so every report can name file, line, section and key.
 */
export class ConfigError extends UserError {
  readonly position?: SourcePosition;
  readonly section?: string;
  readonly key?: string;
  constructor(
    message: string,
    where: { position?: SourcePosition; section?: string; key?: string } = {},
  ) {
    super(formatConfigMessage(message, where));
    this.name = 'ConfigError';
    this.position = where.position;
    this.section = where.section;
    this.key = where.key;
  }
}

function formatConfigMessage(
  message: string,
  where: { position?: SourcePosition; section?: string; key?: string },
): string {
  const parts: string[] = [];
  if (where.position) parts.push(`${where.position.file}:${where.position.line}`);
  if (where.section) parts.push(`[${where.section}]${where.key ? ` ${where.key}` : ''}`);
  return parts.length ? `${parts.join(': ')}: ${message}` : message;
}

/** Turn any thrown value into one line a person can act on (EACCES/EPERM get a human reason). */
export function describeError(error: unknown): string {
  if (error instanceof UserError) return error.message;
  const err = error as NodeJS.ErrnoException;
  if (err && (err.code === 'EACCES' || err.code === 'EPERM')) {
    return `permission denied${err.path ? ` on ${err.path}` : ''} (${err.code}): run as a user that may change it, or fix its owner with 'svwiz doctor --fix'`;
  }
  if (err && err.code === 'ENOENT' && err.path) return `no such file or directory: ${err.path}`;
  return err instanceof Error ? err.message : String(error);
}
