/**
 * The SysV init script: LSB header, start/stop/restart/status/force-reload, with DAEMON,
 * SUPERVISORCTL and PATH written as `which` found them at install time. Plain POSIX sh, no
 * start-stop-daemon, so it runs the same on Debian, Raspberry Pi OS and busybox systems. A stop
 * that outlasts the config's stop timeout (stop-timeout.ts) kills the daemon and every program it
 * started, as systemd's KillMode=mixed does: no program may outlive a "stopped" service.
 */
import { DEFAULT_STOP_TIMEOUT_SECS } from './stop-timeout.js';
import { shellQuote as shQuote } from '../shell/quote.js';
import { daemonLaunch } from './low-memory.js';
import type { ServiceSpec } from './types.js';


export function renderSysvScript(spec: ServiceSpec): string {
  const header = `#!/bin/sh
### BEGIN INIT INFO
# Provides:          ${spec.name}
# Required-Start:    $remote_fs $network $syslog
# Required-Stop:     $remote_fs $network $syslog
# Default-Start:     2 3 4 5
# Default-Stop:      0 1 6
# Short-Description: process supervisor (${spec.backend})
# Description:       Starts the supervisor set up by svwiz for ${spec.configFile}.
### END INIT INFO
#
# Written by svwiz service install. DAEMON, SUPERVISORCTL and PATH are what \`which\` found at
# install time; after moving those binaries run \`svwiz service install\` again.
# Remove with: svwiz service uninstall
`;
  const launch = daemonLaunch(spec);
  const vars = [
    `PATH=${shQuote(spec.PATH)}`,
    `NAME=${shQuote(spec.name)}`,
    `DAEMON=${shQuote(launch.binary)}`,
    `DAEMON_SCRIPT=${launch.script ? shQuote(launch.script) : ''}`,
    `NODE_FLAGS=${launch.nodeFlags.join(' ')}`,
    `SUPERVISORCTL=${shQuote(spec.ctl.binary)}`,
    `SUPERVISORCTL_SCRIPT=${spec.ctl.script ? shQuote(spec.ctl.script) : ''}`,
    `CONFIG=${shQuote(spec.configFile)}`,
    `PIDFILE=${shQuote(spec.pidFile)}`,
    'STARTLOG="$PIDFILE.start.log"',
    `STOP_TIMEOUT=${spec.stopTimeoutSecs ?? DEFAULT_STOP_TIMEOUT_SECS}`,
    'export PATH',
  ].join('\n');
  // A zombie still answers kill -0; where PID 1 does not reap, treat one as stopped.
  const body = String.raw`
[ -x "$DAEMON" ] || { echo "$NAME: $DAEMON is missing or not executable; run 'svwiz service install' again" >&2; exit 5; }

read_pid() {
  [ -r "$PIDFILE" ] && head -n 1 "$PIDFILE" | tr -cd '0-9'
}

is_running() {
  pid=$(read_pid)
  [ -n "$pid" ] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  state=$(sed -n 's/^[0-9]* (.*) \([A-Z]\) .*/\1/p' "/proc/$pid/stat" 2>/dev/null)
  [ "$state" != "Z" ] && [ "$state" != "X" ]
}

# The pids whose parent is $1. Both svwizd and supervisord make each program the leader of its
# own process group, so killing those groups also takes the programs' own children.
children_of() {
  for stat in /proc/[0-9]*/stat; do
    sed -n "s/^\([0-9]*\) (.*) [A-Z] $1 .*/\1/p" "$stat" 2>/dev/null
  done
}

ctl() {
  "$SUPERVISORCTL" $SUPERVISORCTL_SCRIPT -c "$CONFIG" "$@"
}

do_start() {
  if is_running; then
    echo "$NAME is already running (pid $pid)"
    return 0
  fi
  echo "Starting $NAME: $DAEMON -n -c $CONFIG"
  # Its own session: a terminal closing later must not send it SIGHUP (which means "reload").
  SETSID=$(command -v setsid || true)
  $SETSID "$DAEMON" $NODE_FLAGS $DAEMON_SCRIPT -n -c "$CONFIG" >/dev/null 2>"$STARTLOG" </dev/null &
  echo $! >"$PIDFILE"
  tries=0
  while [ $tries -lt 300 ]; do
    if ! is_running; then
      echo "$NAME failed to start:" >&2
      cat "$STARTLOG" >&2
      rm -f "$PIDFILE"
      return 1
    fi
    # Answering with our pid proves it is this daemon listening, not a stale socket or another one.
    if [ "$(ctl pid 2>/dev/null)" = "$pid" ]; then
      echo "$NAME started (pid $pid)"
      return 0
    fi
    sleep 0.1
    tries=$((tries + 1))
  done
  echo "$NAME started (pid $pid) but does not answer on its socket yet; see 'svwiz doctor'" >&2
  return 1
}

do_stop() {
  if ! is_running; then
    echo "$NAME is not running"
    rm -f "$PIDFILE"
    return 0
  fi
  echo "Stopping $NAME (pid $pid)"
  # Bounded: a daemon that accepts on its socket but never answers must not hang the stop.
  BOUNDED=$(command -v timeout || true)
  [ -z "$BOUNDED" ] || BOUNDED="$BOUNDED 10"
  $BOUNDED "$SUPERVISORCTL" $SUPERVISORCTL_SCRIPT -c "$CONFIG" shutdown >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null
  tries=0
  while is_running; do
    if [ $tries -ge $((STOP_TIMEOUT * 10)) ]; then
      echo "$NAME did not stop in $STOP_TIMEOUT s; killing it and the programs it started" >&2
      # Frozen first, so it cannot start another program between the listing and the kill.
      kill -STOP "$pid" 2>/dev/null
      children=$(children_of "$pid")
      kill -KILL "$pid" 2>/dev/null
      for child in $children; do
        kill -s KILL -- "-$child" 2>/dev/null || kill -s KILL "$child" 2>/dev/null
      done
      break
    fi
    sleep 0.1
    tries=$((tries + 1))
  done
  rm -f "$PIDFILE"
  echo "$NAME stopped"
  return 0
}

do_status() {
  if is_running; then
    echo "$NAME is running (pid $pid)"
    ctl status
    return 0
  fi
  if [ -e "$PIDFILE" ]; then
    echo "$NAME is not running but $PIDFILE exists"
    return 1
  fi
  echo "$NAME is not running"
  return 3
}

case "$1" in
  start) do_start ;;
  stop) do_stop ;;
  restart|force-reload) do_stop && do_start ;;
  status) do_status ;;
  *)
    echo "Usage: $0 {start|stop|restart|status|force-reload}" >&2
    exit 2
    ;;
esac
`;
  return `${header}\n${vars}\n${body}`;
}
