/**
 * The live process table. Rows are keyed by namespec and updated in place on every poll (text
 * and attributes only), so keyboard focus and open menus survive the 2-second refresh. Every
 * daemon-supplied string goes in through textContent or an attribute, never as markup.
 */
import { createSparkline, setSparkline } from './usage-chart.js';
import {
  allowedActions,
  bytesText,
  descriptionText,
  cpuText,
  exitText,
  exitWhenText,
  groupProcesses,
  isRealGroup,
  matchesFilter,
  namespec,
  pidText,
  restartsText,
  stateTone,
  uptimeText,
} from './format.js';
import { el } from './dom.js';

const SIGNALS = ['HUP', 'INT', 'QUIT', 'TERM', 'KILL', 'USR1', 'USR2', 'STOP', 'CONT'];
const COLUMNS = 11;

function button(action, label, ariaLabel, className = '') {
  const node = el('button', className, label);
  node.type = 'button';
  node.dataset.action = action;
  node.setAttribute('aria-label', ariaLabel);
  return node;
}

function cell(tag, label, className) {
  const node = el(tag, className);
  node.dataset.label = label;
  return node;
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

function buildRow(spec) {
  const tr = el('tr', 'process');
  tr.dataset.namespec = spec;
  const nameCell = cell('th', 'Name', 'name');
  nameCell.scope = 'row';
  const nameButton = button('log', '', `Open the log of ${spec}`, 'link');
  nameCell.append(nameButton);
  const groupCell = cell('td', 'Group', 'group');
  const stateCell = cell('td', 'State', 'state');
  const badge = el('span', 'badge');
  stateCell.append(badge);
  const pidCell = cell('td', 'PID', 'pid num');
  const uptimeCell = cell('td', 'Uptime', 'uptime num');
  const descCell = cell('td', 'Description', 'desc');
  const description = el('span', 'description');
  const spawnError = el('span', 'spawnerr');
  descCell.append(description, spawnError);
  const cpuCell = cell('td', 'CPU', 'cpu num');
  const cpuValue = el('span', 'usage-value');
  const cpuChart = createSparkline('cpu', `CPU of ${spec} over the last 5 minutes`);
  cpuCell.append(cpuValue, cpuChart);
  const memCell = cell('td', 'Memory', 'mem num');
  const memValue = el('span', 'usage-value');
  const memChart = createSparkline('mem', `Memory of ${spec} over the last 5 minutes`);
  memCell.append(memValue, memChart);
  const restartsCell = cell('td', 'Restarts', 'restarts num');
  const exitCell = cell('td', 'Last exit', 'exit');
  const exitWhat = el('span', 'exit-what');
  const exitWhen = el('span', 'exit-when');
  exitCell.append(exitWhat, exitWhen);
  const actionsCell = cell('td', 'Actions', 'actions');
  const buttons = {
    start: button('start', 'Start', `Start ${spec}`),
    stop: button('stop', 'Stop', `Stop ${spec}`),
    restart: button('restart', 'Restart', `Restart ${spec}`),
    log: button('log', 'Log', `Log of ${spec}`),
  };
  const more = el('details', 'more');
  const summary = el('summary', '', 'More');
  summary.setAttribute('aria-label', `More actions for ${spec}`);
  const menu = el('div', 'menu');
  buttons.clear = button('clear', 'Clear logs…', `Clear both logs (stdout and stderr) of ${spec}`, 'danger');
  const signalSelect = el('select');
  signalSelect.setAttribute('aria-label', `Signal to send to ${spec}`);
  for (const name of SIGNALS) signalSelect.append(new Option(`SIG${name}`, name, name === 'HUP', name === 'HUP'));
  buttons.signal = button('signal', 'Send', `Send the chosen signal to ${spec}`);
  const signalRow = el('div', 'signal-row');
  signalRow.append(signalSelect, buttons.signal);
  menu.append(buttons.clear, signalRow);
  more.append(summary, menu);
  actionsCell.append(buttons.start, buttons.stop, buttons.restart, buttons.log, more);
  tr.append(nameCell, groupCell, stateCell, pidCell, uptimeCell, cpuCell, memCell, restartsCell, exitCell, descCell, actionsCell);
  return {
    tr, nameButton, groupCell, badge, pidCell, uptimeCell, description, spawnError, exitCell, exitWhat, exitWhen, buttons, more, signalSelect,
    cpuCell, cpuValue, cpuChart, memCell, memValue, memChart, restartsCell, spec,
  };
}

function updateUsage(row, now, points, nowMs) {
  setText(row.cpuValue, now ? cpuText(now.cpu) : '—');
  setText(row.memValue, now ? bytesText(now.rssBytes) : '—');
  const list = points ?? [];
  const cpuPoints = list.map((point) => ({ at: point.at, value: point.cpu }));
  const memPoints = list.map((point) => ({ at: point.at, value: point.rssBytes }));
  const peakCpu = Math.max(0, ...cpuPoints.map((point) => point.value));
  const peakMem = Math.max(0, ...memPoints.map((point) => point.value));
  // Sparklines are drawn from at least 10 % so an idle process reads as a flat line at the bottom, not noise.
  setSparkline(row.cpuChart, cpuPoints, { now: nowMs, max: 10, label: `CPU of ${row.spec}, last 5 minutes: now ${now ? cpuText(now.cpu) : 'not running'}, peak ${cpuText(peakCpu)}` });
  setSparkline(row.memChart, memPoints, { now: nowMs, max: 0, label: `Memory of ${row.spec}, last 5 minutes: now ${now ? bytesText(now.rssBytes) : 'not running'}, peak ${bytesText(peakMem)}` });
  row.cpuChart.classList.toggle('empty', list.length === 0);
  row.memChart.classList.toggle('empty', list.length === 0);
  if (now) row.tr.dataset.pids = String(now.pids);
  // Phones drop the usage of a process that is not running and has no recent history.
  for (const node of [row.cpuCell, row.memCell]) node.classList.toggle('blank', !now && list.length === 0);
}

function updateRow(row, info, busy) {
  setText(row.nameButton, info.name);
  setText(row.groupCell, info.group);
  setText(row.badge, info.statename);
  // A RUNNING process whose liveness check fails (issue 17) gets the warning tone, not the green one.
  row.badge.dataset.tone = info.statename === 'RUNNING' && info.health === 'unhealthy' ? 'busy' : stateTone(info.statename);
  row.tr.dataset.state = info.statename;
  if (info.health) row.tr.dataset.health = info.health;
  else delete row.tr.dataset.health;
  setText(row.pidCell, pidText(info));
  setText(row.uptimeCell, uptimeText(info));
  setText(row.description, descriptionText(info));
  const spawnErr = info.spawnerr && info.spawnerr !== info.description ? `spawn error: ${info.spawnerr}` : '';
  setText(row.spawnError, spawnErr);
  row.spawnError.hidden = spawnErr === '';
  setText(row.exitWhat, exitText(info));
  setText(row.exitWhen, exitWhenText(info, info.now));
  row.exitWhen.hidden = row.exitWhen.textContent === '';
  setText(row.restartsCell, restartsText(info));
  // Phones hide facts that are only a dash.
  for (const node of [row.pidCell, row.uptimeCell, row.exitCell, row.restartsCell]) node.classList.toggle('blank', node.textContent === '—');
  const allowed = allowedActions(info.statename);
  for (const action of ['start', 'stop', 'restart', 'clear', 'signal']) {
    row.buttons[action].disabled = busy || !allowed[action];
  }
  row.tr.classList.toggle('busy', busy);
  row.tr.setAttribute('aria-busy', String(busy));
}

function buildGroup(group) {
  const tbody = el('tbody', 'group');
  tbody.dataset.group = group;
  const header = el('tr', 'group-row');
  const th = el('th');
  th.colSpan = COLUMNS;
  th.scope = 'rowgroup';
  const title = el('span', 'group-name', group);
  const count = el('span', 'group-count');
  const actions = el('span', 'group-actions');
  const buttons = {
    start: button('group-start', 'Start group', `Start every process of group ${group}`),
    stop: button('group-stop', 'Stop group', `Stop every process of group ${group}`),
    restart: button('group-restart', 'Restart group', `Restart every process of group ${group}`),
  };
  actions.append(buttons.start, buttons.stop, buttons.restart);
  th.append(title, count, actions);
  header.append(th);
  tbody.append(header);
  return { tbody, header, count, buttons };
}

/** Re-append children only when their order differs (moving a focused node would blur it). */
function ensureOrder(parent, wanted) {
  const current = Array.from(parent.children);
  if (current.length === wanted.length && current.every((node, i) => node === wanted[i])) return;
  for (const node of wanted) parent.append(node);
  for (const node of current) if (!wanted.includes(node)) node.remove();
}

export function createProcessTable(table, { onAction, onGroupAction }) {
  const rows = new Map();
  const groups = new Map();
  const wrapper = table;

  wrapper.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('button[data-action]') : null;
    if (!target || target.disabled) return;
    const action = target.dataset.action;
    const groupBody = target.closest('tbody[data-group]');
    if (action.startsWith('group-')) {
      onGroupAction(groupBody.dataset.group, action.slice('group-'.length));
      return;
    }
    const tr = target.closest('tr[data-namespec]');
    if (!tr) return;
    const row = rows.get(tr.dataset.namespec);
    if (action === 'clear' || action === 'signal') row.more.open = false;
    onAction(tr.dataset.namespec, action, action === 'signal' ? row.signalSelect.value : undefined);
  });

  function update(infos, { filter = '', busy = new Set(), usage = {}, history = {}, nowMs = Date.now() } = {}) {
    const grouped = groupProcesses(infos);
    const seen = new Set();
    const bodies = [];
    for (const [group, members] of grouped) {
      let groupView = groups.get(group);
      if (!groupView) {
        groupView = buildGroup(group);
        groups.set(group, groupView);
      }
      const real = isRealGroup(group, members);
      groupView.header.hidden = !real;
      groupView.tbody.classList.toggle('solo', !real);
      const running = members.filter((info) => info.statename === 'RUNNING').length;
      setText(groupView.count, `${running} of ${members.length} running`);
      const groupBusy = busy.has(`group:${group}`) || busy.has('all');
      for (const action of ['start', 'stop', 'restart']) groupView.buttons[action].disabled = groupBusy;
      const rowNodes = [groupView.header];
      let visible = 0;
      for (const info of members) {
        const spec = namespec(info);
        seen.add(spec);
        let row = rows.get(spec);
        if (!row) {
          row = buildRow(spec);
          rows.set(spec, row);
        }
        updateRow(row, info, busy.has(spec) || groupBusy);
        updateUsage(row, info.pid > 0 ? usage[spec] : undefined, history[spec], nowMs);
        row.tr.hidden = !matchesFilter(info, filter);
        if (!row.tr.hidden) visible += 1;
        rowNodes.push(row.tr);
      }
      groupView.tbody.hidden = visible === 0;
      ensureOrder(groupView.tbody, rowNodes);
      bodies.push(groupView.tbody);
    }
    for (const [spec, row] of rows) if (!seen.has(spec)) rows.delete(spec) && row.tr.remove();
    for (const [group, view] of groups) {
      if (!grouped.has(group)) {
        groups.delete(group);
        view.tbody.remove();
      }
    }
    const head = table.tHead ? [table.tHead] : [];
    ensureOrder(table, [...head, ...bodies]);
  }

  return { update };
}
