/**
 * Progress for steps that take time, on stderr so stdout stays clean for --json: a spinner on a
 * terminal, one line per step otherwise.
 */
export interface Step {
  succeed(text?: string): void;
  fail(text?: string): void;
  update(text: string): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function startStep(text: string, stream: NodeJS.WriteStream = process.stderr): Step {
  if (!stream.isTTY) {
    stream.write(`… ${text}\n`);
    return {
      succeed: (done) => stream.write(`✓ ${done ?? text}\n`),
      fail: (done) => stream.write(`✗ ${done ?? text}\n`),
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
    succeed: (done) => end('✓', done),
    fail: (done) => end('✗', done),
    update: (next) => {
      current = next;
    },
  };
}
