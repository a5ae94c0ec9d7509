#!/usr/bin/python3
"""Differential-test oracle: load supervisord configs with Python Supervisor's own parser
(Debian's supervisor 4.2.5, importable only under /usr/bin/python3) and print svwiz's
`config show --json` contract for each.

Usage:
  supervisor_config_json.py FILE           one config; JSON on stdout, or `Error: ...` on stderr + exit 2
  supervisor_config_json.py --batch        JSON lines on stdin: {"file": F, "cwd": D}; one JSON line out
                                           per input: {"ok": true, "config": {...}} / {"ok": false, "error": "..."}
"""
import json
import os
import sys

import supervisor.options as options_module
from supervisor import datatypes
from supervisor.datatypes import Automatic, RestartUnconditionally, RestartWhenExitUnexpected
from supervisor.options import ServerOptions, signame


class Rejected(Exception):
    pass


class RawInt(int):
    """An int that remembers the text it was parsed from (uid of `user=`)."""


class RawTuple(tuple):
    pass


def remember_raw(convert):
    def wrapper(value):
        result = convert(value)
        wrapped = RawInt(result) if isinstance(result, int) else RawTuple(result)
        wrapped.raw = value
        return wrapped
    return wrapper


# Keep what was written for the contract's `user` and `chown` (Supervisor keeps only ids).
options_module.name_to_uid = remember_raw(datatypes.name_to_uid)
options_module.colon_separated_user_group = remember_raw(datatypes.colon_separated_user_group)

LEVEL_NAMES = {50: 'critical', 40: 'error', 30: 'warn', 20: 'info', 10: 'debug', 5: 'trace', 3: 'blather'}


class StubSupervisord:
    pass


def logfile_value(value):
    if value is Automatic:
        return 'AUTO'
    return value


def autorestart_value(value):
    if value is RestartUnconditionally:
        return 'true'
    if value is RestartWhenExitUnexpected:
        return 'unexpected'
    return 'false'


def signal_value(number):
    name = signame(number)
    return name[3:] if name.startswith('SIG') else str(number)


def process_json(group, p):
    user = getattr(p.uid, 'raw', None) if p.uid is not None else None
    return {
        'group': group.name,
        'name': p.name,
        'command': p.command,
        'directory': p.directory,
        'user': user,
        'umask': p.umask,
        'priority': p.priority,
        'autostart': bool(p.autostart),
        'autorestart': autorestart_value(p.autorestart),
        'startsecs': p.startsecs,
        'startretries': p.startretries,
        'exitcodes': list(p.exitcodes),
        'stopsignal': signal_value(p.stopsignal),
        'stopwaitsecs': p.stopwaitsecs,
        'stopasgroup': bool(p.stopasgroup),
        'killasgroup': bool(p.killasgroup),
        'redirect_stderr': bool(p.redirect_stderr),
        'stdout_logfile': logfile_value(p.stdout_logfile),
        'stdout_logfile_maxbytes': p.stdout_logfile_maxbytes,
        'stdout_logfile_backups': p.stdout_logfile_backups,
        'stdout_capture_maxbytes': p.stdout_capture_maxbytes,
        'stdout_events_enabled': bool(p.stdout_events_enabled),
        'stdout_syslog': bool(p.stdout_syslog),
        'stderr_logfile': logfile_value(p.stderr_logfile),
        'stderr_logfile_maxbytes': p.stderr_logfile_maxbytes,
        'stderr_logfile_backups': p.stderr_logfile_backups,
        'stderr_capture_maxbytes': p.stderr_capture_maxbytes,
        'stderr_events_enabled': bool(p.stderr_events_enabled),
        'stderr_syslog': bool(p.stderr_syslog),
        'environment': dict(p.environment) if p.environment else None,
        'serverurl': 'AUTO' if p.serverurl is None else p.serverurl,
    }


def load(path):
    options = ServerOptions()

    def usage(msg):
        raise Rejected(str(msg))
    options.usage = usage
    try:
        options.realize(args=['-c', path])
    except Rejected:
        raise
    except Exception as e:  # a traceback in supervisord is still a rejection
        raise Rejected('%s: %s' % (type(e).__name__, e))
    # supervisord instantiates the rpc interfaces when it opens its HTTP servers
    if options.server_configs:
        for name, factory, extras in options.rpcinterface_factories:
            try:
                factory(StubSupervisord(), **extras)
            except Exception:
                raise Rejected('Could not make %s rpc interface' % name)
    section = options.configroot.supervisord
    unix = [c for c in options.server_configs if c['family'] == options_module.socket.AF_UNIX]
    inet = [c for c in options.server_configs if c['family'] == options_module.socket.AF_INET]
    result = {
        'supervisord': {
            'logfile': options.logfile,
            'logfile_maxbytes': section.logfile_maxbytes,
            'logfile_backups': section.logfile_backups,
            'loglevel': LEVEL_NAMES.get(section.loglevel, section.loglevel),
            'pidfile': options.pidfile,
            'nodaemon': bool(section.nodaemon),
            'minfds': section.minfds,
            'minprocs': section.minprocs,
            'umask': section.umask,
            'identifier': section.identifier,
            'directory': section.directory,
            'childlogdir': section.childlogdir,
            'user': section.user,
            'environment': dict(section.environment) if section.environment else None,
        },
        'unix_http_server': None,
        'inet_http_server': None,
        'groups': [],
        'processes': [],
    }
    if unix:
        c = unix[0]
        chown = c['chown']
        result['unix_http_server'] = {
            'file': c['file'], 'chmod': c['chmod'],
            'chown': getattr(chown, 'raw', None),
            'username': c['username'], 'password': c['password'],
        }
    if inet:
        c = inet[0]
        # the address tuple is gone by now; rebuild the text from the section as Supervisor read it
        result['inet_http_server'] = {
            'port': PORTS_SEEN[0] if PORTS_SEEN else None,
            'username': c['username'], 'password': c['password'],
        }
    for group in options.process_group_configs:
        result['groups'].append({
            'name': group.name, 'priority': group.priority,
            'processes': [p.name for p in group.process_configs],
        })
        for p in group.process_configs:
            result['processes'].append(process_json(group, p))
    return result


PORTS_SEEN = []
_inet = options_module.inet_address


def recording_inet_address(value):
    result = _inet(value)
    PORTS_SEEN.append(value)
    return result


options_module.inet_address = recording_inet_address


def run_one(path, cwd=None):
    del PORTS_SEEN[:]
    if cwd:
        os.chdir(cwd)
    return load(path)


def main(argv):
    if len(argv) == 2 and argv[1] == '--batch':
        start = os.getcwd()
        for line in sys.stdin:
            if not line.strip():
                continue
            request = json.loads(line)
            try:
                out = {'ok': True, 'config': run_one(request['file'], request.get('cwd') or start)}
            except Rejected as e:
                out = {'ok': False, 'error': str(e)}
            sys.stdout.write(json.dumps(out) + '\n')
            sys.stdout.flush()
        return 0
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    try:
        config = run_one(argv[1])
    except Rejected as e:
        sys.stderr.write('Error: %s\n' % e)
        return 2
    sys.stdout.write(json.dumps(config, indent=2) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
