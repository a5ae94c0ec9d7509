/**
 * A real event listener for daemon tests: a Python 3 script speaking Supervisor's listener
 * protocol, recording every header and payload it receives as one JSON line, with switches to
 * misbehave once (answer FAIL, answer garbage, die while BUSY, never answer), or to exit right
 * after each answer.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const LISTENER_PYTHON = '/usr/bin/python3';

const SCRIPT = String.raw`
import json, os, sys, time
record, mode, target = sys.argv[1], sys.argv[2], sys.argv[3]
marker = record + '.misbehaved'
def write(text):
    sys.stdout.write(text)
    sys.stdout.flush()
while True:
    write('READY\n')
    line = sys.stdin.readline()
    if not line:
        sys.exit(0)
    headers = dict(token.split(':', 1) for token in line.split())
    payload = sys.stdin.read(int(headers['len']))
    with open(record, 'a') as out:
        out.write(json.dumps({'headers': headers, 'payload': payload, 'pid': os.getpid()}) + '\n')
    first = headers['eventname'] == target and not os.path.exists(marker)
    if first:
        open(marker, 'w').close()
    if first and mode == 'fail':
        write('RESULT 4\nFAIL')
    elif first and mode == 'garble':
        write('RESULT x\n')
    elif first and mode == 'die':
        sys.exit(1)
    elif first and mode == 'hang':
        time.sleep(3600)
    elif mode == 'once':
        write('RESULT 2\nOK')
        sys.exit(0)
    else:
        write('RESULT 2\nOK')
`;

export type ListenerMode = 'ok' | 'fail' | 'garble' | 'die' | 'hang' | 'once';

/** Write the listener script into `dir`; returns the `command=` value for a listener recording to `record`. */
export function listenerCommand(dir: string, record: string, mode: ListenerMode = 'ok', target = '-'): string {
  const script = path.join(dir, 'listener.py');
  if (!existsSync(script)) writeFileSync(script, SCRIPT);
  return `${LISTENER_PYTHON} ${script} ${record} ${mode} ${target}`;
}

/**
 * An `[eventlistener:POOL]` section whose listener records into DIR/POOL.jsonl and misbehaves as
 * `mode` says on the first `target` event; `extra` adds lines (buffer_size, priority…).
 */
export function recordingListener(dir: string, pool: string, events: string, options: { extra?: string; mode?: ListenerMode; target?: string } = {}): string {
  return `[eventlistener:${pool}]
command=${listenerCommand(dir, path.join(dir, `${pool}.jsonl`), options.mode, options.target)}
events=${events}
stdout_logfile=${dir}/${pool}.out
stderr_logfile=${dir}/${pool}.err
${options.extra ?? ''}
`;
}

/**
 * The programs the event tests watch: `job` runs past startsecs then exits 3 (RUNNING → EXITED),
 * `talker` prints a line on stdout and a capture-mode block on stderr, then stays up.
 */
export function eventTestPrograms(dir: string): string {
  return `[program:job]
command=sh -c "sleep 1.5; exit 3"
startsecs=1
autorestart=false

[program:talker]
command=sh -c "echo hello; printf '<!--XSUPERVISOR:BEGIN-->secret<!--XSUPERVISOR:END-->after-the-end-token-long-enough\\n' >&2; exec sleep 60"
stdout_events_enabled=true
stderr_capture_maxbytes=1MB
stderr_logfile=${dir}/talker.err
`;
}

export interface ReceivedEvent {
  headers: Record<string, string>;
  payload: string;
  /** The listener process that received it. */
  pid: number;
}

export function readReceived(record: string): ReceivedEvent[] {
  if (!existsSync(record)) return [];
  return readFileSync(record, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ReceivedEvent);
}

/** `key:value` pairs of the first payload line (PROCESS_STATE_*, PROCESS_LOG_* headers). */
export function payloadFields(payload: string): Record<string, string> {
  const first = payload.split('\n', 1)[0]!;
  return Object.fromEntries(first.split(' ').filter(Boolean).map((token) => [token.slice(0, token.indexOf(':')), token.slice(token.indexOf(':') + 1)]));
}
