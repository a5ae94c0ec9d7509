/**
 * A Python xmlrpc.client script (run with Debian's /usr/bin/python3) that calls every XML-RPC
 * method of Supervisor 4.2 — values, faults and HTTP errors — against one daemon, in a fixed
 * order on the parity config (test/helpers/ctl-parity.ts), and prints one JSON line per call:
 * [label, normalized outcome]. Normalization masks what differs by nature between two daemons:
 * pids, times, the temp dir, help texts (ours are our own words) and main-log text.
 */
export const XMLRPC_CALLS_SCRIPT = String.raw`
import json, re, sys, time
from xmlrpc.client import ServerProxy, Fault, ProtocolError
from supervisor.xmlrpc import SupervisorTransport

socket_path, tmp_dir = sys.argv[1], sys.argv[2]
def new_proxy():
    return ServerProxy('http://127.0.0.1', transport=SupervisorTransport(None, None, 'unix://' + socket_path))

proxy = new_proxy()

TIME_KEYS = ('pid', 'start', 'stop', 'now')

def mask_text(text):
    text = text.replace(tmp_dir, 'DIR')
    # AUTO log files carry a random suffix (tempfile.mkstemp in Supervisor).
    text = re.sub(r'(-std(?:out|err)---[^/]*?-)[A-Za-z0-9_]{8}\.log', r'RANDOM.log', text)
    text = re.sub(r'pid \d+, uptime (\d+ days?, )?\d+:\d\d:\d\d', 'pid PID, uptime UPTIME', text)
    text = re.sub(r'[A-Z][a-z]{2} \d\d \d\d:\d\d [AP]M', 'DATE', text)
    return text

def normalize(value):
    if isinstance(value, dict):
        out = {}
        for key, item in sorted(value.items()):
            if key in TIME_KEYS and isinstance(item, int) and not isinstance(item, bool):
                out[key] = 'N' if item > 0 else item
            else:
                out[key] = normalize(item)
        return out
    if isinstance(value, (list, tuple)):
        return [normalize(item) for item in value]
    if isinstance(value, str):
        return mask_text(value)
    return value

results = []

def call(label, method, *args, transform=None):
    try:
        value = getattr(proxy, method)(*args)
        outcome = ['OK', normalize(transform(value) if transform else value)]
    except Fault as fault:
        outcome = ['FAULT', fault.faultCode, mask_text(fault.faultString)]
    except ProtocolError as error:
        outcome = ['HTTP', error.errcode]
    except Exception as error:
        outcome = ['ERROR', type(error).__name__]
    results.append([label or '%s%r' % (method, args), outcome])
    return outcome

def is_text(value):
    return 'text(%s)' % ('non-empty' if isinstance(value, str) and value else repr(value))

def wait_state(name, wanted, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proxy.supervisor.getProcessInfo(name)['statename'] in wanted:
            return
        time.sleep(0.1)

def sorted_results(value):
    return sorted(value, key=lambda item: (item.get('group', ''), item.get('name', ''))) if isinstance(value, list) else value

# --- identity and state
call(None, 'supervisor.getAPIVersion')
call(None, 'supervisor.getVersion')
call(None, 'supervisor.getSupervisorVersion')
call(None, 'supervisor.getIdentification')
call(None, 'supervisor.getState')
call(None, 'supervisor.getPID', transform=lambda v: 'int>0' if isinstance(v, int) and v > 0 else v)

# --- system namespace
names = proxy.system.listMethods()
call(None, 'system.listMethods')
for name in names:
    call('system.methodSignature(%r)' % name, 'system.methodSignature', name)
    call('system.methodHelp(%r)' % name, 'system.methodHelp', name, transform=is_text)
call(None, 'system.methodHelp', 'supervisor.nope')
call(None, 'system.methodSignature', 'nope')
call(None, 'system.methodHelp', 5)

# --- process info and config info
call(None, 'supervisor.getAllProcessInfo')
call(None, 'supervisor.getProcessInfo', 'cat')
call(None, 'supervisor.getProcessInfo', 'grp:manual')
call(None, 'supervisor.getProcessInfo', 'nope')
call(None, 'supervisor.getProcessInfo', 'grp:*')
call(None, 'supervisor.getProcessInfo')
call(None, 'supervisor.getAllConfigInfo')

# --- process logs (writer wrote "line1\nline2\n" to stdout and "err1\n" to stderr)
call(None, 'supervisor.readProcessStdoutLog', 'writer', 0, 0)
call(None, 'supervisor.readProcessLog', 'writer', 0, 3)
call(None, 'supervisor.readProcessStdoutLog', 'writer', 2, 4)
call(None, 'supervisor.readProcessStderrLog', 'writer', -3, 0)
call(None, 'supervisor.readProcessStdoutLog', 'writer', -100, 0)
call(None, 'supervisor.readProcessStdoutLog', 'writer', 1000, 0)
call(None, 'supervisor.readProcessStdoutLog', 'writer', 0, -1)
call(None, 'supervisor.readProcessStdoutLog', 'writer', -1, 5)
call(None, 'supervisor.readProcessStdoutLog', 'nope', 0, 0)
call(None, 'supervisor.readProcessStdoutLog', 'grp:manual', 0, 0)
call(None, 'supervisor.readProcessStdoutLog', 'writer', 0)
call(None, 'supervisor.tailProcessStdoutLog', 'writer', 0, 3)
call(None, 'supervisor.tailProcessLog', 'writer', 100, 10)
call(None, 'supervisor.tailProcessStdoutLog', 'writer', 6, 100)
call(None, 'supervisor.tailProcessStderrLog', 'writer', 0, 100)
call(None, 'supervisor.tailProcessStdoutLog', 'nope', 0, 10)
call(None, 'supervisor.tailProcessStdoutLog', 'grp:manual', 0, 10)
# offsets and lengths go through Python's int() (issue 12): strings, floats and bools are integers too
call(None, 'supervisor.readProcessStdoutLog', 'writer', '0', '5')
call(None, 'supervisor.readProcessLog', 'writer', ' 2 ', '+4')
call(None, 'supervisor.readProcessStderrLog', 'writer', '-3', '0')
call(None, 'supervisor.readProcessStdoutLog', 'writer', 2.9, True)
call(None, 'supervisor.readProcessStdoutLog', 'writer', '0_0', '1_0')
call(None, 'supervisor.tailProcessStdoutLog', 'writer', '0', '3')
call(None, 'supervisor.tailProcessLog', 'writer', '\t6\n', '100')
call(None, 'supervisor.tailProcessStderrLog', 'writer', False, 100.5)
# int() comes after the name check, as in Supervisor (what int() refuses is HTTP 500 there and a
# fault in svwizd: test/integration/rpc/int-arguments.test.ts)
call(None, 'supervisor.readProcessStdoutLog', 'nope', 'abc', '')
call(None, 'supervisor.tailProcessStdoutLog', 'nope', 'abc', 10)

# --- main log
call(None, 'supervisor.readLog', 0, 10, transform=is_text)
call(None, 'supervisor.readMainLog', -20, 0, transform=is_text)
call(None, 'supervisor.readLog', -1, 5)
call(None, 'supervisor.readLog', 0, -1)
call(None, 'supervisor.readLog', 10 ** 9, 0)
call(None, 'supervisor.readLog', '0', '10', transform=is_text)
call(None, 'supervisor.readMainLog', ' -20 ', '0', transform=is_text)
call(None, 'supervisor.readLog', '-1', '5')

# --- start / stop / signal
call(None, 'supervisor.startProcess', 'nope')
call(None, 'supervisor.startProcess', 'cat')
call(None, 'supervisor.startProcess', 'missing')
call(None, 'supervisor.startProcess', 'fails')
wait_state('fails', ('FATAL', 'BACKOFF', 'EXITED'))
call(None, 'supervisor.getProcessInfo', 'fails')
call(None, 'supervisor.startProcess', 'grp:manual')
call(None, 'supervisor.startProcess', 'grp:manual')
call(None, 'supervisor.startProcessGroup', 'grp', transform=sorted_results)
call(None, 'supervisor.startProcessGroup', 'nope')
call(None, 'supervisor.stopProcess', 'grp:manual')
call(None, 'supervisor.stopProcess', 'grp:manual')
call(None, 'supervisor.stopProcess', 'nope')
call(None, 'supervisor.startProcess', 'grp:*', transform=sorted_results)
call(None, 'supervisor.stopProcessGroup', 'grp', transform=sorted_results)
call(None, 'supervisor.stopProcessGroup', 'grp', transform=sorted_results)
call(None, 'supervisor.stopProcessGroup', 'nope')
call(None, 'supervisor.startProcess', 'grp:second', False)
wait_state('grp:second', ('RUNNING',))
call(None, 'supervisor.stopProcess', 'grp:*', transform=sorted_results)
call(None, 'supervisor.signalProcess', 'cat', 'CONT')
call(None, 'supervisor.signalProcess', 'cat', 'sigcont')
call(None, 'supervisor.signalProcess', 'cat', '18')
call(None, 'supervisor.signalProcess', 'cat', 18)
call(None, 'supervisor.signalProcess', 'cat', 'BOGUS')
call(None, 'supervisor.signalProcess', 'nope', 'CONT')
call(None, 'supervisor.signalProcess', 'grp:manual', 'CONT')
call(None, 'supervisor.signalProcessGroup', 'grp', 'CONT', transform=sorted_results)
call(None, 'supervisor.signalProcessGroup', 'nope', 'CONT')
call(None, 'supervisor.signalAllProcesses', 'CONT', transform=sorted_results)
call(None, 'supervisor.signalAllProcesses', 'BOGUS')

# --- stdin and remote events
call(None, 'supervisor.sendProcessStdin', 'cat', 'hello stdin\n')
call(None, 'supervisor.sendProcessStdin', 'nope', 'x')
call(None, 'supervisor.sendProcessStdin', 'grp:manual', 'x')
call(None, 'supervisor.sendProcessStdin', 'cat', 5)
call(None, 'supervisor.sendRemoteCommEvent', 'type', 'data')
time.sleep(0.5)
call(None, 'supervisor.readProcessStdoutLog', 'cat', 0, 0)

# --- clearing logs (also of stopped processes: Supervisor #804)
call(None, 'supervisor.clearProcessLogs', 'writer')
call(None, 'supervisor.readProcessStdoutLog', 'writer', 0, 0)
call(None, 'supervisor.clearProcessLog', 'grp:manual')
call(None, 'supervisor.clearProcessLogs', 'nope')
call(None, 'supervisor.clearProcessLogs', 'grp:*')
call(None, 'supervisor.clearAllProcessLogs', transform=sorted_results)

# --- config: reread, add, remove
call(None, 'supervisor.reloadConfig')
call(None, 'supervisor.addProcessGroup', 'cat')
call(None, 'supervisor.addProcessGroup', 'nope')
call(None, 'supervisor.addProcessGroup', 5)
call(None, 'supervisor.removeProcessGroup', 'cat')
call(None, 'supervisor.removeProcessGroup', 'nope')
call(None, 'supervisor.stopProcess', 'cat')
call(None, 'supervisor.removeProcessGroup', 'cat')
call(None, 'supervisor.getProcessInfo', 'cat')
call(None, 'supervisor.addProcessGroup', 'cat')
wait_state('cat', ('RUNNING',))
call(None, 'supervisor.getProcessInfo', 'cat')

# --- multicall (bare values, faults as structs)
call(None, 'system.multicall', [
    {'methodName': 'supervisor.getAPIVersion', 'params': []},
    {'methodName': 'supervisor.getProcessInfo', 'params': ['nope']},
    {'methodName': 'supervisor.stopProcess', 'params': ['cat']},
    {'methodName': 'supervisor.startProcess', 'params': ['cat']},
    {'methodName': 'supervisor.getProcessInfo', 'params': ['cat']},
    {'methodName': 'system.multicall', 'params': [[]]},
    {'params': []},
    {'methodName': 'supervisor.nope'},
    {'methodName': 'supervisor.getState'},
])
call(None, 'system.multicall', [])

# --- method names and arity
call(None, 'supervisor.supervisord.options.warnings.linecache.os.system', 'true')
call(None, 'supervisor._update', 'x')
call(None, 'nope.getState')
call(None, 'supervisor.getVersion', 1)
call(None, 'supervisor.startProcess', 'cat', True, 1)

# --- main log clearing, restart, shutdown
call(None, 'supervisor.clearLog')
call(None, 'supervisor.readLog', 0, 0, transform=lambda v: 'text' if isinstance(v, str) else v)
call(None, 'supervisor.restart')
deadline = time.time() + 30
# Both daemons unlink and re-create the socket during a restart. A SupervisorTransport whose
# connect fails in that gap is stuck for good (http.client raises CannotSendRequest from then
# on), so, as supervisorctl does per command, each poll and the calls after it use a new proxy.
while time.time() < deadline:
    time.sleep(0.2)
    try:
        if new_proxy().supervisor.getState()['statename'] == 'RUNNING':
            break
    except Exception:
        pass
proxy = new_proxy()
call(None, 'supervisor.getState')
call(None, 'supervisor.shutdown')

for label, outcome in results:
    print(json.dumps([label, outcome]))
`;
