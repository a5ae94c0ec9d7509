/**
 * The live process table. Rows are keyed by namespec and updated in place on every poll (text
 * and attributes only), so keyboard focus and open menus survive the 2-second refresh. Every
 * daemon-supplied string goes in through textContent or an attribute, never as markup.
 */
import {
  allowedActions,
  exitText,
  groupProcesses,
  isRealGroup,
  matchesFilter,
  namespec,
  pidText,
  stateTone,
  uptimeText,
} from './format.js';

const SIGNALS = ['HUP', 'INT', 'QUIT', 'TERM', 'KILL', 'USR1', 'USR2', 'STOP', 'CONT'];
const COLUMNS = 8;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

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
  const exitCell = cell('td', 'Exit', 'exit num');
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
  buttons.clear = button('clear', 'Clear log', `Clear the logs of ${spec}`);
  const signalSelect = el('select');
  signalSelect.setAttribute('aria-label', `Signal to send to ${spec}`);
  for (const name of SIGNALS) signalSelect.append(new Option(`SIG${name}`, name, name === 'HUP', name === 'HUP'));
  buttons.signal = button('signal', 'Send', `Send the chosen signal to ${spec}`);
  const signalRow = el('div', 'signal-row');
  signalRow.append(signalSelect, buttons.signal);
  menu.append(buttons.clear, signalRow);
  more.append(summary, menu);
  actionsCell.append(buttons.start, buttons.stop, buttons.restart, buttons.log, more);
  tr.append(nameCell, groupCell, stateCell, pidCell, uptimeCell, descCell, exitCell, actionsCell);
  return { tr, nameButton, groupCell, badge, pidCell, uptimeCell, description, spawnError, exitCell, buttons, more, signalSelect };
}

function updateRow(row, info, busy) {
  setText(row.nameButton, info.name);
  setText(row.groupCell, info.group);
  setText(row.badge, info.statename);
  row.badge.dataset.tone = stateTone(info.statename);
  row.tr.dataset.state = info.statename;
  setText(row.pidCell, pidText(info));
  setText(row.uptimeCell, uptimeText(info));
  setText(row.description, info.description);
  const spawnErr = info.spawnerr && info.spawnerr !== info.description ? `spawn error: ${info.spawnerr}` : '';
  setText(row.spawnError, spawnErr);
  row.spawnError.hidden = spawnErr === '';
  setText(row.exitCell, exitText(info));
  // Phones hide facts that are only a dash.
  for (const node of [row.pidCell, row.uptimeCell, row.exitCell]) node.classList.toggle('blank', node.textContent === '—');
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

  function update(infos, { filter = '', busy = new Set() } = {}) {
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
