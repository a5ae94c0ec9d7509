/**
 * The Nodes view (issue 17): the other supervisors named by [node:x] sections of this daemon's
 * config, svwizd or Python supervisord. The daemon asks them (src/web/nodes.ts: parallel, one
 * timeout per node) — nodes cannot push to this page, so it asks again every few seconds, but only
 * while the panel is open and the tab visible. Actions go to /api/nodes/<name>/rpc, CSRF-checked.
 */
import { el } from './dom.js';
import { errorText, namespec, stateTone } from './format.js';
import { createRpcClient, HttpError, sameOriginUrl } from './rpc.js';
import { RpcFault } from './xmlrpc.js';

const REFRESH_MS = 5000;

/** The summary badge for all nodes. Pure. */
export function nodesSummary(nodes) {
  const down = nodes.filter((node) => !node.reachable).length;
  if (nodes.length === 0) return { text: 'none', tone: 'idle' };
  if (down > 0) return { text: `${down} of ${nodes.length} unreachable`, tone: 'bad' };
  return { text: `${nodes.length} reachable`, tone: 'ok' };
}

/** "2 of 3 running", or why the node cannot be shown. Pure. */
export function nodeLine(node) {
  if (!node.reachable) return `unreachable: ${node.problem}`;
  const running = node.processes.filter((process) => process.statename === 'RUNNING').length;
  const version = node.supervisorVersion ? ` · Supervisor API ${node.supervisorVersion}` : '';
  return `${running} of ${node.processes.length} running${version}`;
}

/** Per process: the button, what is said once done, and the calls (each gets the name first). */
const ACTIONS = [
  { label: 'Start', done: 'started', calls: [['supervisor.startProcess', true]] },
  { label: 'Stop', done: 'stopped', calls: [['supervisor.stopProcess', true]] },
  { label: 'Restart', done: 'restarted', calls: [['supervisor.stopProcess', true], ['supervisor.startProcess', true]] },
];

const ALL_ACTIONS = {
  start: [['supervisor.startAllProcesses', true]],
  stop: [['supervisor.stopAllProcesses', true]],
};

export function createNodesPanel(panel, { notify }) {
  const summary = panel.querySelector('#nodes-summary');
  const list = panel.querySelector('#nodes-list');
  const meta = panel.querySelector('#nodes-meta');
  const clients = new Map();
  let timer;
  let loading = false;

  const clientFor = (name) => {
    if (!clients.has(name)) clients.set(name, createRpcClient({ endpoint: `/api/nodes/${encodeURIComponent(name)}/rpc` }));
    return clients.get(name);
  };

  async function run(node, label, calls) {
    try {
      for (const [method, ...params] of calls) {
        try {
          await clientFor(node).call(method, ...params);
        } catch (error) {
          // restart of a stopped process: "not running" is fine, the start follows.
          if (!(calls.length > 1 && error instanceof RpcFault && error.code === 70)) throw error;
        }
      }
      notify(`${node}: ${label}`);
    } catch (error) {
      notify(`${node}: ERROR (${errorText(error)})`, 'error');
    }
    refresh();
  }

  function button(text, onClick, aria) {
    const node = el('button', '', text);
    node.type = 'button';
    if (aria) node.setAttribute('aria-label', aria);
    node.addEventListener('click', onClick);
    return node;
  }

  function nodeCard(node) {
    const card = el('li', `node ${node.reachable ? 'reachable' : 'unreachable'}`);
    card.dataset.node = node.name;
    const head = el('div', 'node-head');
    const title = el('h3', 'node-name', node.name);
    const badge = el('span', 'badge', node.reachable ? node.state ?? '?' : 'UNREACHABLE');
    badge.dataset.tone = node.reachable ? stateTone(node.state) : 'bad';
    head.append(title, badge, el('span', 'node-url', node.identification ? `${node.identification} · ${node.serverUrl}` : node.serverUrl));
    card.append(head, el('p', 'node-line', nodeLine(node)));
    if (!node.reachable) return card;
    const actions = el('div', 'node-actions');
    actions.append(
      button('Start all', () => run(node.name, 'all started', ALL_ACTIONS.start), `Start every process on ${node.name}`),
      button('Stop all', () => window.confirm(`Stop every process on ${node.name}?`) && run(node.name, 'all stopped', ALL_ACTIONS.stop), `Stop every process on ${node.name}`),
    );
    card.append(actions);
    const processes = el('ul', 'node-processes');
    for (const process of node.processes) {
      const name = namespec(process);
      const row = el('li', 'node-process');
      row.dataset.process = name;
      const state = el('span', 'badge', process.statename);
      state.dataset.tone = stateTone(process.statename);
      const buttons = el('span', 'node-process-actions');
      for (const action of ACTIONS) {
        const calls = action.calls.map(([method, ...rest]) => [method, name, ...rest]);
        buttons.append(button(action.label, () => run(node.name, `${name} ${action.done}`, calls), `${action.label} ${name} on ${node.name}`));
      }
      row.append(el('span', 'node-process-name', name), state, el('span', 'node-process-description', process.description), buttons);
      processes.append(row);
    }
    card.append(processes);
    return card;
  }

  async function refresh() {
    if (loading) return;
    loading = true;
    try {
      const response = await fetch(sameOriginUrl('/api/nodes'), { cache: 'no-store', credentials: 'same-origin' });
      if (!response.ok) throw new HttpError(response.status, (await response.text()).trim());
      const nodes = await response.json();
      const verdict = nodesSummary(nodes);
      summary.textContent = verdict.text;
      summary.dataset.tone = verdict.tone;
      list.replaceChildren(...nodes.map(nodeCard));
      meta.textContent = `asked at ${new Date().toLocaleTimeString()}; again every ${REFRESH_MS / 1000} s while this panel is open`;
    } catch (error) {
      meta.textContent = `could not ask this daemon for its nodes: ${errorText(error)}`;
    } finally {
      loading = false;
    }
  }

  function schedule() {
    clearInterval(timer);
    timer = undefined;
    if (!panel.open || document.visibilityState !== 'visible') return;
    refresh();
    timer = setInterval(refresh, REFRESH_MS);
  }

  panel.hidden = false;
  panel.addEventListener('toggle', schedule);
  document.addEventListener('visibilitychange', schedule);
  schedule();
  return { refresh };
}
