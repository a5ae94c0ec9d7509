/**
 * Drives an interactive CLI through a real terminal: tmux on its own server socket, keys sent
 * with send-keys, the screen read with capture-pane. The wizard's e2e tests answer each prompt
 * as it appears (inquirer shows the active question on a line starting with "?").
 */
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Terminal {
  screen(): string;
  keys(...keys: string[]): void;
  type(text: string): void;
  /** The question currently asked (the last line starting with "? "), or null. */
  activePrompt(): string | null;
  /** Exit code of the command, once it has ended (printed by the wrapper). */
  exitCode(): number | null;
  close(): void;
}

export function requireTmux(): void {
  try {
    execFileSync('tmux', ['-V']);
  } catch {
    throw new Error('tmux is required for the interactive e2e tests (apt-get install tmux)');
  }
}

export function openTerminal(command: string, options: { cwd: string; env?: Record<string, string> }): Terminal {
  requireTmux();
  const server = `svwz-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', server, ...args], { encoding: 'utf8' });
  const exports = Object.entries(options.env ?? {}).map(([k, v]) => `export ${k}='${v.replace(/'/g, `'\\''`)}'; `).join('');
  // A person at a terminal, not a CI job: the suite itself runs with CI=true, which would make the wizard non-interactive.
  tmux('new-session', '-d', '-s', 'w', '-x', '200', '-y', '60', '-c', options.cwd, `unset CI; ${exports}${command}; echo "EXIT=$?"; sleep 600`);
  const screen = () => tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', 'w');
  return {
    screen,
    keys: (...keys) => void tmux('send-keys', '-t', 'w', ...keys),
    type: (text) => void tmux('send-keys', '-t', 'w', '-l', text),
    activePrompt: () => {
      const lines = screen().split('\n').filter((line) => line.trim());
      const last = lines.filter((line) => /^\? /.test(line)).pop();
      // Only the prompt on (or just above) the bottom is still waiting for an answer.
      if (!last) return null;
      const index = lines.lastIndexOf(last);
      return index >= lines.length - 14 ? last : null;
    },
    exitCode: () => {
      const match = /EXIT=(\d+)/.exec(screen());
      return match ? Number(match[1]) : null;
    },
    close: () => {
      try {
        tmux('kill-server');
      } catch {
        /* already gone */
      }
    },
  };
}

export interface Answer {
  prompt: RegExp;
  /** Keys to send; strings starting with "text:" are typed literally. */
  keys: string[];
}

/**
 * Answer prompts as they come until the command exits. Each prompt must match one of `answers`
 * (an unknown prompt fails the test); returns the prompts seen, in order, and the exit code.
 */
export async function answerUntilExit(term: Terminal, answers: Answer[], options: { timeoutMs?: number; stopAt?: RegExp } = {}): Promise<{ seen: string[]; code: number | null }> {
  const seen: string[] = [];
  const deadline = Date.now() + (options.timeoutMs ?? 60000);
  let lastAnswered = '';
  let lastScreenAtAnswer = '';
  while (Date.now() < deadline) {
    const code = term.exitCode();
    if (code !== null) return { seen, code };
    const prompt = term.activePrompt();
    const screen = term.screen();
    if (prompt && !(prompt === lastAnswered && screen === lastScreenAtAnswer)) {
      if (options.stopAt?.test(prompt)) return { seen, code: null };
      const answer = answers.find((a) => a.prompt.test(prompt));
      if (!answer) throw new Error(`unexpected prompt: ${prompt}\n${screen}`);
      seen.push(prompt);
      for (const key of answer.keys) {
        if (key.startsWith('text:')) term.type(key.slice(5));
        else term.keys(key);
      }
      lastAnswered = prompt;
      await sleep(150);
      lastScreenAtAnswer = term.screen();
    }
    await sleep(100);
  }
  throw new Error(`timed out; screen:\n${term.screen()}`);
}
