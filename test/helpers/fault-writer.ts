/**
 * A program for log fault tests that writes exactly what the test asks for, when it asks: commands
 * arrive on its stdin (sent with supervisor.sendProcessStdin), and each one is acknowledged in a
 * side file outside the logs under test, so a test knows every byte has been written to the pipe
 * whatever happens to the log files.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ProcessInfo } from '../../src/protocol/types.js';
import { daemonConfigText } from './daemon-config.js';
import { rpcCall } from './daemon-rpc.js';
import { startSvwizd, type RunningSvwizd } from './svwizd-daemon.js';
import { DEBIAN_PYTHON } from './python-supervisord.js';
import { waitFor } from './temp.js';

const SCRIPT = `import sys
out = sys.stdout.buffer
def record(i, size):
    head = b'%08d ' % i
    return head + b'x' * (size - len(head) - 1) + b'\\n'
for line in sys.stdin:
    words = line.split()
    if words[0] == 'records':
        first, count, size = int(words[1]), int(words[2]), int(words[3])
        for i in range(first, first + count):
            out.write(record(i, size))
            out.flush()
    elif words[0] == 'file':
        with open(words[1], 'rb') as source:
            out.write(source.read())
        out.flush()
    with open(sys.argv[1], 'a') as ack:
        ack.write('done %s\\n' % words[-1])
`;

/** `records FIRST COUNT SIZE` as the program writes it: numbered lines of SIZE bytes each. */
export function expectedRecords(first: number, count: number, size: number): Buffer {
  const parts: Buffer[] = [];
  for (let i = first; i < first + count; i++) {
    const head = `${String(i).padStart(8, '0')} `;
    parts.push(Buffer.from(head + 'x'.repeat(size - head.length - 1) + '\n'));
  }
  return Buffer.concat(parts);
}

export interface FaultWriter {
  /** The `command=` value for the program section. */
  command: string;
  /** Write `records first count size`; resolves once every byte is in the pipe. */
  records(first: number, count: number, size: number): Promise<void>;
  /** Write the bytes of `file` in one write; resolves once they are in the pipe. */
  file(file: string): Promise<void>;
}

/** Writes the program into `dir`; `name` is the process name its commands go to over `socket`. */
export function faultWriter(dir: string, socket: string, name: string): FaultWriter {
  const script = path.join(dir, 'fault-writer.py');
  const ackFile = path.join(dir, 'fault-writer.ack');
  writeFileSync(script, SCRIPT);
  let tag = 0;
  const send = async (words: string): Promise<void> => {
    const mine = `t${++tag}`;
    await rpcCall(`unix://${socket}`, 'supervisor.sendProcessStdin', name, `${words} ${mine}\n`);
    await waitFor(`${name} acknowledges ${words}`, () => existsSync(ackFile) && readFileSync(ackFile, 'utf8').includes(`done ${mine}\n`), {
      timeoutMs: 120000,
    });
  };
  return {
    command: `${DEBIAN_PYTHON} -u ${script} ${ackFile}`,
    records: (first, count, size) => send(`records ${first} ${count} ${size}`),
    file: (file) => send(`file ${file}`),
  };
}

export interface WriterDaemon {
  daemon: RunningSvwizd;
  writer: FaultWriter;
  socket: string;
  /** getProcessInfo of the writer program `w`. */
  info(): Promise<ProcessInfo>;
  /** Its pid once RUNNING. */
  pid: number;
}

/**
 * svwizd (the real bin) in `dir` running the fault writer as program `w` with `programKeys`
 * (log settings) added to its section; resolves once `w` is RUNNING. At loglevel=debug the main
 * log mirrors each chunk once it has been handled, which tells a test the daemon has seen it.
 */
export async function startWriterDaemon(dir: string, programKeys: string, loglevel = 'info'): Promise<WriterDaemon> {
  const socket = `${dir}/s.sock`;
  const writer = faultWriter(dir, socket, 'w');
  const text = daemonConfigText(dir, `[program:w]\ncommand=${writer.command}\nstartsecs=0\n${programKeys}\n`).replace('loglevel=info', `loglevel=${loglevel}`);
  const daemon = await startSvwizd(dir, text);
  const info = async () => (await rpcCall(`unix://${socket}`, 'supervisor.getProcessInfo', 'w')) as unknown as ProcessInfo;
  try {
    const running = await waitFor('w running', async () => ((await info()).statename === 'RUNNING' ? await info() : undefined));
    return { daemon, writer, socket, info, pid: running.pid };
  } catch (error) {
    await daemon.stop();
    throw error;
  }
}

/** The daemon still serves and `w` still runs as the same process. */
export async function assertWriterSurvived(running: WriterDaemon): Promise<void> {
  assert.deepEqual(await rpcCall(`unix://${running.socket}`, 'supervisor.getState'), { statecode: 1, statename: 'RUNNING' });
  const now = await running.info();
  assert.equal(now.statename, 'RUNNING');
  assert.equal(now.pid, running.pid, 'the program was never restarted');
}
