/**
 * Page start-up: the daemon pushes what changes over one event stream (live.js) while the tab is
 * visible; actions go through XML-RPC (rpc.js); results show as toasts.
 */
import { createHealthPanel } from './health-panel.js';
import { createHostPanel } from './host-panel.js';
import { createLiveStream } from './live.js';
import { createLogView } from './log-view.js';
import { createNodesPanel } from './nodes-panel.js';
import { createProcessTable } from './process-table.js';
import { createRpcClient } from './rpc.js';
import { RpcFault } from './xmlrpc.js';
import { clearLogsQuestion, errorText, failedResults, failureOf, namespec, stateTone } from './format.js';

const rpc = createRpcClient();
const $ = (id) => document.getElementById(id);
const busy = new Set();
let infos = [];
/** Client clock (ms) when `infos` arrived: uptimes advance from there between pushes. */
let infosAt = Date.now();
let usage = {};
let history = {};
let features = {};

function notify(message, kind = 'info') {
  const toast = document.createElement('div');
  toast.className = `toast ${kind}`;
  toast.textContent = message;
  $('toasts').append(toast);
  while ($('toasts').children.length > 3) $('toasts').firstElementChild.remove();
  setTimeout(() => toast.remove(), kind === 'error' ? 12000 : 6000);
}

function showBanner(text) {
  $('banner').textContent = text;
  $('banner').hidden = false;
}

function render() {
  const elapsed = (Date.now() - infosAt) / 1000;
  const current = infos.map((info) => ({ ...info, now: info.now + elapsed }));
  table.update(current, { filter: $('filter').value.trim(), busy, usage, history, nowMs: Date.now() });
  $('empty').hidden = infos.length > 0;
  const running = infos.filter((info) => info.statename === 'RUNNING').length;
  $('summary').textContent = infos.length ? `${running} of ${infos.length} running` : '';
  for (const node of document.querySelectorAll('[data-all-action]')) node.disabled = busy.has('all') || infos.length === 0;
}

async function loadIdentity() {
  features = await rpc.features();
  const [apiVersion, supervisorVersion, identification, pid] = await rpc.multicall([
    ['supervisor.getAPIVersion'],
    ['supervisor.getSupervisorVersion'],
    ['supervisor.getIdentification'],
    ['supervisor.getPID'],
  ]);
  $('svwiz-version').textContent = features.svwizVersion ?? '?';
  $('api-version').textContent = apiVersion instanceof RpcFault ? '?' : apiVersion;
  $('api-version').title = supervisorVersion instanceof RpcFault ? '' : `XML-RPC API of Supervisor ${supervisorVersion}`;
  $('supervisor-version').textContent = supervisorVersion instanceof RpcFault ? '?' : supervisorVersion;
  $('identification').textContent = identification instanceof RpcFault ? '' : identification;
  document.title = identification instanceof RpcFault ? 'svwiz' : `${identification} · svwiz`;
  $('daemon-pid').textContent = pid instanceof RpcFault ? '?' : pid;
}

function showDaemonState(state) {
  const badge = $('daemon-state');
  badge.textContent = state?.statename ?? '?';
  badge.dataset.tone = state ? stateTone(state.statename) : 'bad';
}

const stream = createLiveStream({
  onOpen() {
    $('banner').hidden = true;
    // A (re)connection may be to a restarted daemon: new pid, new CSRF secret, maybe a new version.
    rpc.fetchToken().then(loadIdentity, (error) => showBanner(failureOf(error).text));
  },
  onLost() {
    // EventSource says nothing about why; one plain request tells a dead daemon from a refusal.
    rpc.fetchToken().then(
      () => showBanner('Live updates interrupted; reconnecting…'),
      (error) => showBanner(failureOf(error).text),
    );
    $('daemon-state').dataset.tone = 'bad';
  },
  processes(data) {
    infos = data.processes;
    infosAt = Date.now();
    showDaemonState(data.state);
    render();
  },
  usage(data) {
    usage = data.processes;
    for (const [spec, point] of Object.entries(usage)) {
      const list = history[spec] ?? (history[spec] = []);
      list.push(point);
      if (list.length > 120) list.splice(0, list.length - 120);
    }
    render();
  },
  history(data) {
    history = data;
    render();
  },
  host(data) {
    hostPanel.update(data);
  },
});

async function withBusy(key, work) {
  busy.add(key);
  render();
  try {
    await work();
  } finally {
    busy.delete(key);
    render();
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

function infoOf(spec) {
  return infos.find((info) => namespec(info) === spec);
}

/** Ask first: clearing erases both channels' files and cannot be undone. */
function confirmClear(spec) {
  return window.confirm(clearLogsQuestion(spec, infoOf(spec)));
}

const PROCESS_ACTIONS = {
  start: async (spec) => (await startIgnoringRunning(spec), 'started'),
  stop: async (spec) => (await rpc.call('supervisor.stopProcess', spec, true), 'stopped'),
  restart: async (spec) => (await stopIgnoringStopped(spec), await startIgnoringRunning(spec), 'restarted'),
  clear: async (spec) => (await rpc.call('supervisor.clearProcessLogs', spec), 'stdout and stderr logs cleared'),
  signal: async (spec, signal) => (await rpc.call('supervisor.signalProcess', spec, signal), `signalled ${signal}`),
};

function onAction(spec, action, extra) {
  if (action === 'log') {
    logView.open(spec);
    return;
  }
  if (action === 'clear' && !confirmClear(spec)) return;
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
const hostPanel = createHostPanel($('host'));
const logView = createLogView($('log-dialog'), rpc, { notify, confirmClear });

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

stream.open();
rpc.features().then(
  (found) => {
    if (found.health) createHealthPanel($('health'));
    if (found.nodes) createNodesPanel($('nodes'), { notify });
  },
  (error) => showBanner(failureOf(error).text),
);
const requestedLog = new URLSearchParams(window.location.search).get('log');
if (requestedLog) logView.open(requestedLog);
