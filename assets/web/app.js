/**
 * Page start-up: polls the daemon (one system.multicall every 2 s, only while the tab is
 * visible, so an idle phone or background tab costs the Pi nothing), runs actions, shows results.
 */
import { createHealthPanel } from './health-panel.js';
import { createLogView } from './log-view.js';
import { createProcessTable } from './process-table.js';
import { createRpcClient } from './rpc.js';
import { RpcFault } from './xmlrpc.js';
import { errorText, failedResults, stateTone } from './format.js';

const POLL_MS = 2000;
const MAX_BACKOFF_MS = 10000;

const rpc = createRpcClient();
const $ = (id) => document.getElementById(id);
const busy = new Set();
let infos = [];
let daemonPid;
let failures = 0;
let timer;
let polling = false;

function notify(message, kind = 'info') {
  const toast = document.createElement('div');
  toast.className = `toast ${kind}`;
  toast.textContent = message;
  $('toasts').append(toast);
  while ($('toasts').children.length > 3) $('toasts').firstElementChild.remove();
  setTimeout(() => toast.remove(), kind === 'error' ? 12000 : 6000);
}

function render() {
  table.update(infos, { filter: $('filter').value.trim(), busy });
  $('empty').hidden = infos.length > 0;
  const running = infos.filter((info) => info.statename === 'RUNNING').length;
  $('summary').textContent = infos.length ? `${running} of ${infos.length} running` : '';
  for (const node of document.querySelectorAll('[data-all-action]')) node.disabled = busy.has('all') || infos.length === 0;
}

async function loadIdentity() {
  const [version, identification, pid] = await rpc.multicall([
    ['supervisor.getSupervisorVersion'],
    ['supervisor.getIdentification'],
    ['supervisor.getPID'],
  ]);
  $('daemon-version').textContent = version instanceof RpcFault ? '?' : version;
  $('identification').textContent = identification instanceof RpcFault ? '' : identification;
  document.title = identification instanceof RpcFault ? 'svwiz' : `${identification} · svwiz`;
  daemonPid = pid instanceof RpcFault ? undefined : pid;
  $('daemon-pid').textContent = daemonPid ?? '?';
}

async function refresh() {
  const [state, all, pid] = await rpc.multicall([
    ['supervisor.getState'],
    ['supervisor.getAllProcessInfo'],
    ['supervisor.getPID'],
  ]);
  if (pid !== daemonPid) await loadIdentity();
  const badge = $('daemon-state');
  if (state instanceof RpcFault) {
    badge.textContent = errorText(state);
    badge.dataset.tone = 'bad';
  } else {
    badge.textContent = state.statename;
    badge.dataset.tone = stateTone(state.statename);
  }
  if (all instanceof RpcFault) throw all;
  infos = all;
  render();
}

function schedule(delay) {
  clearTimeout(timer);
  if (!document.hidden) timer = setTimeout(poll, delay);
}

async function poll() {
  if (polling) return;
  polling = true;
  try {
    await refresh();
    failures = 0;
    $('banner').hidden = true;
  } catch (error) {
    failures += 1;
    $('banner').textContent = `Cannot reach the daemon: ${errorText(error)}. Retrying…`;
    $('banner').hidden = false;
  } finally {
    polling = false;
    schedule(failures ? Math.min(MAX_BACKOFF_MS, POLL_MS * 2 ** failures) : POLL_MS);
  }
}

async function withBusy(key, work) {
  busy.add(key);
  render();
  try {
    await work();
  } finally {
    busy.delete(key);
    render();
    poll();
  }
}

async function startIgnoringRunning(spec) {
  await rpc.call('supervisor.startProcess', spec, true);
}

async function stopIgnoringStopped(spec) {
  try {
    await rpc.call('supervisor.stopProcess', spec, true);
  } catch (error) {
    if (!(error instanceof RpcFault && error.code === 70)) throw error;
  }
}

const PROCESS_ACTIONS = {
  start: async (spec) => (await startIgnoringRunning(spec), 'started'),
  stop: async (spec) => (await rpc.call('supervisor.stopProcess', spec, true), 'stopped'),
  restart: async (spec) => (await stopIgnoringStopped(spec), await startIgnoringRunning(spec), 'restarted'),
  clear: async (spec) => (await rpc.call('supervisor.clearProcessLogs', spec), 'log cleared'),
  signal: async (spec, signal) => (await rpc.call('supervisor.signalProcess', spec, signal), `signalled ${signal}`),
};

function onAction(spec, action, extra) {
  if (action === 'log') {
    logView.open(spec);
    return;
  }
  withBusy(spec, async () => {
    try {
      notify(`${spec}: ${await PROCESS_ACTIONS[action](spec, extra)}`);
    } catch (error) {
      notify(`${spec}: ERROR (${errorText(error)})`, 'error');
    }
  });
}

function reportResults(label, verb, results) {
  const failed = failedResults(results);
  if (failed.length) notify(`${label}: ${failed.join('; ')}`, 'error');
  else notify(`${label}: ${verb}`);
}

async function runBulk(label, calls, verb) {
  try {
    let results = [];
    for (const [method, ...params] of calls) results = results.concat(await rpc.call(method, ...params));
    reportResults(label, verb, results);
  } catch (error) {
    notify(`${label}: ERROR (${errorText(error)})`, 'error');
  }
}

function onGroupAction(group, action) {
  const label = `group ${group}`;
  const start = ['supervisor.startProcessGroup', group, true];
  const stop = ['supervisor.stopProcessGroup', group, true];
  const plan = { start: [[start], 'started'], stop: [[stop], 'stopped'], restart: [[stop, start], 'restarted'] }[action];
  withBusy(`group:${group}`, () => runBulk(label, ...plan));
}

function onAllAction(action) {
  if (action !== 'start' && !window.confirm(`${action === 'stop' ? 'Stop' : 'Restart'} every process?`)) return;
  const start = ['supervisor.startAllProcesses', true];
  const stop = ['supervisor.stopAllProcesses', true];
  const plan = { start: [[start], 'started'], stop: [[stop], 'stopped'], restart: [[stop, start], 'restarted'] }[action];
  withBusy('all', () => runBulk('all processes', ...plan));
}

const table = createProcessTable($('processes'), { onAction, onGroupAction });
const logView = createLogView($('log-dialog'), rpc, { notify, onCleared: () => poll() });

for (const node of document.querySelectorAll('[data-all-action]')) {
  node.addEventListener('click', () => onAllAction(node.dataset.allAction));
}
$('open-mainlog').addEventListener('click', () => logView.open(undefined));
$('filter').addEventListener('input', render);
$('filter').addEventListener('keydown', (event) => {
  if (event.key === 'Escape') {
    event.target.value = '';
    render();
  }
});
document.addEventListener('keydown', (event) => {
  const typing = event.target instanceof HTMLElement && event.target.closest('input, select, textarea, dialog[open]');
  if (event.key === '/' && !typing) {
    event.preventDefault();
    $('filter').focus();
  }
});
document.addEventListener('visibilitychange', () => (document.hidden ? clearTimeout(timer) : poll()));

poll();
rpc.features().then(
  (features) => features.health && createHealthPanel($('health')),
  () => {},
);
const requestedLog = new URLSearchParams(window.location.search).get('log');
if (requestedLog) logView.open(requestedLog);
