/**
 * The real terminal behind svwizctl: stdout/stderr writes, input lines through one node:readline
 * interface (created on first use, so plain commands never touch stdin), and Ctrl-C routed to
 * whichever long-running command is active, else to the shell.
 */
import type { Interface as ReadlineInterface, Completer, AsyncCompleter } from 'node:readline';
import type { CtlTerminal } from './command-context.js';

export interface ProcessTerminalOptions {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  completer?: Completer | AsyncCompleter;
  history?: string[];
}

export class ProcessTerminal implements CtlTerminal {
  private rl?: ReadlineInterface;
  private queued: string[] = [];
  private waiting?: (line: string | null) => void;
  private ended = false;
  private muted = false;
  private scopes: AbortController[] = [];
  private idleInterrupt?: () => void;
  private sigintListener?: () => void;

  constructor(private readonly options: ProcessTerminalOptions) {}

  write(text: string): void {
    this.options.stdout.write(text);
  }

  writeError(text: string): void {
    this.options.stderr.write(text);
  }

  /** What Ctrl-C does while no command has an interrupt scope (the shell leaves). */
  onIdleInterrupt(handler: () => void): void {
    this.idleInterrupt = handler;
  }

  async readLine(prompt: string, signal?: AbortSignal): Promise<string | null> {
    const rl = await this.readline();
    if (this.queued.length > 0) {
      // Input typed ahead (or piped) is answered at once, after echoing the prompt as Python does.
      if (prompt) this.write(prompt);
      return this.queued.shift()!;
    }
    if (this.ended) {
      // Python shows the prompt once more before it notices the end of input.
      if (prompt) this.write(prompt);
      return null;
    }
    rl.setPrompt(prompt);
    rl.prompt();
    return new Promise((resolve) => {
      const onAbort = (): void => {
        this.waiting = undefined;
        resolve(null);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting = (line) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(line);
      };
    });
  }

  async readSecret(prompt: string): Promise<string | null> {
    await this.readline();
    if (this.options.stdin.isTTY !== true) return this.readLine(prompt);
    this.write(prompt);
    this.muted = true;
    try {
      return await this.readLine('');
    } finally {
      this.muted = false;
      this.write('\n');
    }
  }

  interruptScope(): { signal: AbortSignal; release(): void } {
    const controller = new AbortController();
    this.scopes.push(controller);
    // Without a TTY readline, Ctrl-C arrives as a process signal.
    if (!this.sigintListener) {
      this.sigintListener = () => this.interrupt();
      process.on('SIGINT', this.sigintListener);
    }
    return {
      signal: controller.signal,
      release: () => {
        this.scopes = this.scopes.filter((scope) => scope !== controller);
        if (this.scopes.length === 0 && this.sigintListener && !this.rl) {
          process.off('SIGINT', this.sigintListener);
          this.sigintListener = undefined;
        }
      },
    };
  }

  history(): string[] {
    return (this.rl as unknown as { history?: string[] } | undefined)?.history ?? [];
  }

  close(): void {
    if (this.sigintListener) process.off('SIGINT', this.sigintListener);
    this.sigintListener = undefined;
    this.rl?.close();
  }

  private interrupt(): void {
    const scope = this.scopes[this.scopes.length - 1];
    if (scope) scope.abort();
    else if (this.idleInterrupt) this.idleInterrupt();
    else process.exitCode = 130;
  }

  private async readline(): Promise<ReadlineInterface> {
    if (this.rl) return this.rl;
    const { createInterface } = await import('node:readline');
    const terminal = this.options.stdin.isTTY === true && this.options.stdout.isTTY === true;
    const rl = createInterface({
      input: this.options.stdin,
      output: this.options.stdout,
      terminal,
      completer: this.options.completer,
      history: this.options.history ? [...this.options.history] : [],
      historySize: 1000,
      removeHistoryDuplicates: false,
    });
    // Echo nothing while a password is typed.
    const withOutput = rl as unknown as { _writeToOutput?: (text: string) => void };
    const original = withOutput._writeToOutput?.bind(rl);
    if (original) withOutput._writeToOutput = (text: string) => (this.muted ? undefined : original(text));
    rl.on('line', (line) => {
      const waiting = this.waiting;
      this.waiting = undefined;
      if (waiting) waiting(line);
      else this.queued.push(line);
    });
    rl.on('close', () => {
      this.ended = true;
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.(null);
    });
    rl.on('SIGINT', () => this.interrupt());
    if (!this.sigintListener) {
      this.sigintListener = () => this.interrupt();
      process.on('SIGINT', this.sigintListener);
    }
    this.rl = rl;
    return rl;
  }
}
