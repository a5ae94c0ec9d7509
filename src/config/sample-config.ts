/**
 * svwiz's own commented sample supervisord.conf (`svwiz sample-config`), our equivalent of
 * `echo_supervisord_conf`: every active line is something Supervisor 4.2 and svwizd both accept
 * from any directory; commented lines show the other keys with their defaults.
 */
import { PROGRAM_KEYS, type ProgramKey } from './program-keys.js';
/**
 * The [program:x] keys in the order a person reads them (command first); the values and comments
 * come from program-keys.ts. A key with a sample line that is not listed here follows at the end.
 */
const PROGRAM_SAMPLE_ORDER = [
  'command', 'process_name', 'numprocs', 'directory', 'umask', 'priority', 'autostart', 'startsecs',
  'startretries', 'autorestart', 'exitcodes', 'stopsignal', 'stopwaitsecs', 'stopasgroup', 'killasgroup',
  'user', 'redirect_stderr', 'stdout_logfile', 'stdout_logfile_maxbytes', 'stdout_logfile_backups',
  'stdout_capture_maxbytes', 'stdout_events_enabled', 'stdout_syslog', 'stderr_logfile',
  'stderr_logfile_maxbytes', 'stderr_logfile_backups', 'environment', 'serverurl',
];

/** The keys the sample shows, in its order. */
export function sampleProgramKeys(): ProgramKey[] {
  const shown = PROGRAM_KEYS.filter((k) => k.sample);
  const rank = (k: ProgramKey) => {
    const at = PROGRAM_SAMPLE_ORDER.indexOf(k.key);
    return at < 0 ? PROGRAM_SAMPLE_ORDER.length + shown.indexOf(k) : at;
  };
  return [...shown].sort((a, b) => rank(a) - rank(b));
}

/** `;key=value` with the comment in column 32, one line per key. */
function programBlock(): string {
  return sampleProgramKeys()
    .map((k) => {
      const line = `;${k.key}=${k.sample!.example ?? k.default}`;
      return k.sample!.comment ? `${line.padEnd(30)} ; ${k.sample!.comment}` : line;
    })
    .join('\n');
}

export const SAMPLE_SUPERVISORD_CONF = `; svwiz sample supervisord.conf — read by Python supervisord 4.2 and by svwizd alike.
;
; How this file is read (Supervisor's INI dialect):
;  - "key = value" or "key: value"; keys are case-insensitive, [section] names are not.
;  - A comment starts with ";" or "#" at the start of a line, or after a space inside
;    a line: "command=a;b" keeps ";b", "command=a ;b" does not.
;  - Every value goes through %-expansion: %(here)s is this file's directory,
;    %(ENV_HOME)s is $HOME of the supervisor. A literal percent sign must be written %%.
;    No ~ or $VAR expansion happens in commands.
;  - An indented line continues the value of the line above.
;  - Check a file with: svwiz config check -c FILE

[unix_http_server]
file=/tmp/supervisor.sock     ; the socket supervisorctl and svwizctl talk to
;chmod=0700                   ; socket file mode (default 0700)
;chown=nobody:nogroup         ; socket owner (user or user:group)
;username=user                ; require this user name (default: no auth)
;password=123                 ; and this password (plain, or {SHA} + sha1 hex)

; An HTTP server on a TCP port serves the web UI and the XML-RPC API. It is plain
; HTTP: keep it on 127.0.0.1, or set username and password.
;[inet_http_server]
;port=127.0.0.1:9001          ; host:port, or just a port for every interface
;username=user
;password=123

[supervisord]
logfile=/tmp/supervisord.log  ; main log file (default $CWD/supervisord.log)
logfile_maxbytes=50MB         ; rotate the main log at this size (0 = never)
logfile_backups=10            ; rotated copies to keep (0 = none)
loglevel=info                 ; critical, error, warn, info, debug, trace, blather
pidfile=/tmp/supervisord.pid  ; pid file (default supervisord.pid)
nodaemon=false                ; true = stay in the foreground (systemd units use -n)
silent=false                  ; with nodaemon: do not copy the log to stdout
minfds=1024                   ; minimum free file descriptors at start
minprocs=200                  ; minimum free process slots at start
;umask=022                    ; process umask when daemonizing
;user=supervisord             ; drop privileges to this user at start
;identifier=supervisor        ; name reported by the API
;directory=/tmp               ; chdir here when daemonizing
;nocleanup=true               ; keep old AUTO child logs at start
;childlogdir=/tmp             ; where AUTO child logs go (default $TEMP)
;environment=KEY="value"      ; added to every program's environment
;strip_ansi=false             ; strip colour codes from child logs

; supervisorctl, svwizctl and the web UI need this section to control processes.
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix:///tmp/supervisor.sock ; a unix:// URL for the socket above
;serverurl=http://127.0.0.1:9001      ; or an http:// URL for an inet server
;username=user                        ; the server's username, if it has one
;password=123
;prompt=mysupervisor                  ; shell prompt (default "supervisor")
;history_file=~/.sc_history           ; readline history of the shell

; A program. Copy this block for each program (or write it to a file that
; [include] below reads) and remove the ";" of the lines you need.
;[program:theprogramname]
${programBlock()}

; An event listener: a program that receives supervisor events on stdin.
;[eventlistener:theeventlistenername]
;command=/bin/eventlistener
;events=PROCESS_STATE          ; event types to subscribe to (required)
;buffer_size=10                ; event queue size

; A group puts several programs under one name (start/stop them together).
;[group:thegroupname]
;programs=progname1,progname2  ; the x of [program:x] sections
;priority=999

; Read more sections from other files. Relative patterns are relative to this
; file's directory; a pattern that matches nothing is silently ignored.
;[include]
;files = conf.d/*.ini
`;
