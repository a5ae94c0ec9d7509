/**
 * Every question svwiz asks, in one module (the create-vite pattern): each answer is
 * `flag ?? (interactive ? prompt : default)`. Interactivity is decided once. Without a TTY or
 * with --yes a question takes its default, or fails naming the flag that answers it. Ctrl-C at
 * any prompt ends the command before anything was changed (questions come before every apply).
 * Each @inquirer prompt package is imported only when its prompt is really shown.
 */
import { UsageError, UserError } from '../errors.js';

export interface Question<T> {
  /** The flag that answers this question, e.g. "--backend". */
  flag: string;
  message: string;
  /** The flag's value, when given. */
  given?: T;
  default?: T;
  validate?: (value: T) => true | string;
}

export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
}

export interface SelectQuestion<T> extends Question<T> {
  choices: Choice<T>[];
}

export interface CheckboxQuestion<T> extends Question<T[]> {
  choices: (Choice<T> & { checked?: boolean })[];
}

/** Streams for the prompts (tests pass their own). */
export interface PromptContext {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

/** The inquirer prompts we use (one package each); tests may replace them. */
export interface PromptImplementations {
  input(config: ReturnType<typeof inputConfig>, context?: PromptContext): Promise<string>;
  confirm(config: ReturnType<typeof confirmConfig>, context?: PromptContext): Promise<boolean>;
  select<T>(config: ReturnType<typeof selectConfig<T>>, context?: PromptContext): Promise<T>;
  checkbox<T>(config: ReturnType<typeof checkboxConfig<T>>, context?: PromptContext): Promise<T[]>;
  password(config: { message: string; mask: string | boolean; validate?: (value: string) => true | string }, context?: PromptContext): Promise<string>;
}

/** Ctrl-C (or a closed terminal) at a prompt. */
export class PromptCancelled extends UserError {
  constructor() {
    super('Cancelled at a prompt: nothing was changed.');
    this.name = 'PromptCancelled';
  }
}

/**
 * Interactive only when a person can answer: not with --yes or --no-interactive, not in CI,
 * and only when both stdin and stdout are terminals.
 */
export function decideInteractive(options: {
  yes?: boolean;
  interactive?: boolean;
  stdinIsTTY?: boolean;
  stdoutIsTTY?: boolean;
  env?: NodeJS.ProcessEnv;
}): boolean {
  if (options.yes) return false;
  if (options.interactive !== undefined) return options.interactive;
  if (options.env?.CI && options.env.CI !== 'false' && options.env.CI !== '0') return false;
  return !!options.stdinIsTTY && !!options.stdoutIsTTY;
}

/** What a flow's options say about who answers its questions. */
export interface PromptSessionOptions {
  yes?: boolean;
  interactive?: boolean;
  stdinIsTTY?: boolean;
  stdoutIsTTY?: boolean;
  promptContext?: PromptContext;
  promptImplementations?: PromptImplementations;
}

/** The prompt session a wizard flow runs with, deciding interactivity from its options and env. */
export function promptSessionFor(options: PromptSessionOptions, env: NodeJS.ProcessEnv): PromptSession {
  return new PromptSession({
    interactive: decideInteractive({
      yes: options.yes,
      interactive: options.interactive,
      stdinIsTTY: options.stdinIsTTY ?? process.stdin.isTTY,
      stdoutIsTTY: options.stdoutIsTTY ?? process.stdout.isTTY,
      env,
    }),
    context: options.promptContext,
    implementations: options.promptImplementations,
  });
}

export function inputConfig(q: Question<string>) {
  return {
    message: q.message,
    ...(q.default !== undefined ? { default: q.default } : {}),
    ...(q.validate ? { validate: (value: string) => q.validate!(value.trim()) } : {}),
  };
}

export function confirmConfig(q: Question<boolean>) {
  return { message: q.message, default: q.default ?? false };
}

export function selectConfig<T>(q: SelectQuestion<T>) {
  return {
    message: q.message,
    choices: q.choices.map((c) => ({ name: c.name, value: c.value, ...(c.description ? { description: c.description } : {}) })),
    ...(q.default !== undefined ? { default: q.default } : {}),
  };
}

export function checkboxConfig<T>(q: CheckboxQuestion<T>) {
  return {
    message: q.message,
    choices: q.choices.map((c) => ({ name: c.name, value: c.value, checked: c.checked ?? false, ...(c.description ? { description: c.description } : {}) })),
  };
}

/**
 * The real prompts. We depend on the five prompt packages rather than @inquirer/prompts, which
 * pulls in every other prompt plus an external editor and iconv; each loads on first use.
 */
const inquirerPrompts: PromptImplementations = {
  input: async (config, context) => (await import('@inquirer/input')).default(config, context),
  confirm: async (config, context) => (await import('@inquirer/confirm')).default(config, context),
  select: async (config, context) => (await import('@inquirer/select')).default(config, context),
  checkbox: async (config, context) => (await import('@inquirer/checkbox')).default(config, context),
  password: async (config, context) => (await import('@inquirer/password')).default(config, context),
} as PromptImplementations;

function isCancel(error: unknown): boolean {
  const name = (error as Error)?.name;
  return name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'CancelPromptError';
}

export class PromptSession {
  readonly interactive: boolean;
  private readonly context?: PromptContext;
  private implementations?: PromptImplementations;

  constructor(options: { interactive: boolean; context?: PromptContext; implementations?: PromptImplementations }) {
    this.interactive = options.interactive;
    this.context = options.context;
    this.implementations = options.implementations;
  }

  private async prompts(): Promise<PromptImplementations> {
    this.implementations ??= inquirerPrompts;
    return this.implementations;
  }

  private async ask<T>(run: (prompts: PromptImplementations) => Promise<T>): Promise<T> {
    const prompts = await this.prompts();
    try {
      return await run(prompts);
    } catch (error) {
      if (isCancel(error)) throw new PromptCancelled();
      throw error;
    }
  }

  /** The flag's value (validated), or the default when nobody can be asked. */
  private settled<T>(q: Question<T>): { value: T } | null {
    if (q.given !== undefined) {
      const verdict = q.validate?.(q.given);
      if (verdict !== undefined && verdict !== true) throw new UsageError(`${q.flag}: ${verdict}`);
      return { value: q.given };
    }
    if (this.interactive) return null;
    if (q.default === undefined) throw new UsageError(`${q.message.replace(/[?:]\s*$/, '')}: no default; pass ${q.flag}`);
    const verdict = q.validate?.(q.default);
    if (verdict !== undefined && verdict !== true) throw new UsageError(`${q.flag}: the default ${JSON.stringify(q.default)} does not fit: ${verdict}; pass ${q.flag}`);
    return { value: q.default };
  }

  async input(q: Question<string>): Promise<string> {
    const settled = this.settled(q);
    if (settled) return settled.value;
    return (await this.ask((p) => p.input(inputConfig(q), this.context))).trim();
  }

  async integer(q: Question<number> & { min?: number; max?: number }): Promise<number> {
    const check = (value: number): true | string => {
      if (!Number.isInteger(value)) return 'a whole number is required';
      if (q.min !== undefined && value < q.min) return `must be at least ${q.min}`;
      if (q.max !== undefined && value > q.max) return `must be at most ${q.max}`;
      return q.validate ? q.validate(value) : true;
    };
    const settled = this.settled({ ...q, validate: check });
    if (settled) return settled.value;
    const text = await this.input({
      flag: q.flag,
      message: q.message,
      default: q.default !== undefined ? String(q.default) : undefined,
      validate: (value) => (/^-?\d+$/.test(value) ? check(Number(value)) : 'a whole number is required'),
    });
    return Number(text);
  }

  async confirm(q: Question<boolean>): Promise<boolean> {
    const settled = this.settled(q);
    if (settled) return settled.value;
    return this.ask((p) => p.confirm(confirmConfig(q), this.context));
  }

  async select<T>(q: SelectQuestion<T>): Promise<T> {
    const allowed = q.choices.map((c) => c.value);
    const settled = this.settled({
      ...q,
      validate: (value: T) =>
        allowed.includes(value) ? (q.validate ? q.validate(value) : true) : `'${String(value)}' is not one of: ${allowed.map(String).join(', ')}`,
    });
    if (settled) return settled.value;
    return this.ask((p) => p.select<T>(selectConfig(q), this.context));
  }

  async checkbox<T>(q: CheckboxQuestion<T>): Promise<T[]> {
    const settled = this.settled(q);
    if (settled) return settled.value;
    if (q.choices.length === 0) return [];
    return this.ask((p) => p.checkbox<T>(checkboxConfig(q), this.context));
  }

  async password(q: Question<string>): Promise<string> {
    const settled = this.settled(q);
    if (settled) return settled.value;
    const answer = await this.ask((p) => p.password({ message: q.message, mask: '*', ...(q.validate ? { validate: q.validate } : {}) }, this.context));
    return answer || q.default || '';
  }
}
