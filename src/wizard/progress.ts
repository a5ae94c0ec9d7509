/**
 * Progress for steps that take time, on stderr so stdout stays clean for --json: a spinner on a
 * terminal that can show it, one line per step otherwise (not a TTY, TERM=dumb, a non-UTF-8
 * locale: see src/system/terminal-style.ts).
 */
import { marksFor, unicodeWanted } from '../system/terminal-style.js';

export interface Step {
  succeed(text?: string): void;
  fail(text?: string): void;
  update(text: string): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function startStep(text: string, stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): Step {
  const marks = marksFor(env);
  if (!stream.isTTY || !unicodeWanted(env)) {
    stream.write(`${marks.pending} ${text}\n`);
    return {
      succeed: (done) => stream.write(`${marks.ok} ${done ?? text}\n`),
      fail: (done) => stream.write(`${marks.error} ${done ?? text}\n`),
      update: () => undefined,
    };
  }
  let frame = 0;
  let current = text;
  const draw = () => stream.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${current}`);
  draw();
  const timer = setInterval(draw, 100);
  timer.unref();
  const end = (mark: string, done?: string) => {
    clearInterval(timer);
    stream.write(`\r\x1b[2K${mark} ${done ?? current}\n`);
  };
  return {
    succeed: (done) => end(marks.ok, done),
    fail: (done) => end(marks.error, done),
    update: (next) => {
      current = next;
    },
  };
}
