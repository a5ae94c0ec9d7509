/**
 * The host panel: facts about the machine that explain crashes no log shows (a Pi that
 * throttles, an SD card almost full), pushed by the live feed every 15 s. The daemon decides
 * what deserves a warning (src/system/host-facts.ts); this only shows it.
 */
import { bytesText } from './format.js';
import { el } from './dom.js';

/** Label/value rows for the facts, each fact that could not be read said so in words. Pure. */
export function hostRows(facts) {
  const rows = [];
  rows.push({
    fact: 'board',
    label: 'Board',
    value: facts.board ?? 'not a Raspberry Pi (no device-tree model on this machine)',
  });
  rows.push({
    fact: 'temperature',
    label: 'CPU temperature',
    value: facts.cpuTemperatureC === null ? 'not available on this machine (no thermal sensor exposed)' : `${facts.cpuTemperatureC} °C`,
  });
  const { one, five, fifteen, cores } = facts.load;
  rows.push({ fact: 'load', label: 'Load (1, 5, 15 min)', value: `${one.toFixed(2)} · ${five.toFixed(2)} · ${fifteen.toFixed(2)} on ${cores} core${cores === 1 ? '' : 's'}` });
  rows.push({
    fact: 'memory',
    label: 'Memory',
    value: facts.memory ? `${bytesText(facts.memory.availableBytes)} available of ${bytesText(facts.memory.totalBytes)}` : 'could not be read',
  });
  rows.push({
    fact: 'disk',
    label: 'Free space for logs',
    value: facts.logDisk ? `${bytesText(facts.logDisk.freeBytes)} free of ${bytesText(facts.logDisk.totalBytes)} (${facts.logDisk.path})` : 'could not be read',
  });
  let power;
  if (facts.throttle) {
    power = facts.throttle.raw === 0 ? 'no under-voltage or throttling since boot' : `firmware flags 0x${facts.throttle.raw.toString(16)} (see the warning)`;
  } else {
    power = facts.isRaspberryPi ? 'unknown: vcgencmd is not installed or did not answer' : 'not a Raspberry Pi: no firmware power flags to read';
  }
  rows.push({ fact: 'power', label: 'Power and throttling', value: power });
  const levels = new Map();
  for (const warning of facts.warnings ?? []) if (!levels.has(warning.fact)) levels.set(warning.fact, warning.level);
  return rows.map((row) => ({ ...row, level: levels.get(row.fact) ?? 'ok' }));
}

export function hostSummary(facts) {
  const warnings = facts.warnings ?? [];
  if (warnings.some((warning) => warning.level === 'error')) return { text: 'needs attention', tone: 'bad' };
  if (warnings.length) return { text: `${warnings.length} warning${warnings.length === 1 ? '' : 's'}`, tone: 'busy' };
  return { text: 'ok', tone: 'ok' };
}

export function createHostPanel(panel) {
  const summary = panel.querySelector('#host-summary');
  const warningList = panel.querySelector('#host-warnings');
  const factList = panel.querySelector('#host-facts');
  const meta = panel.querySelector('#host-meta');

  return {
    update(facts) {
      panel.hidden = false;
      const verdict = hostSummary(facts);
      summary.textContent = verdict.text;
      summary.dataset.tone = verdict.tone;
      warningList.replaceChildren(...(facts.warnings ?? []).map((warning) => el('li', `host-warning ${warning.level}`, warning.text)));
      warningList.hidden = warningList.children.length === 0;
      factList.replaceChildren(
        ...hostRows(facts).map((row) => {
          const item = el('div', `host-fact ${row.level}`);
          item.dataset.fact = row.fact;
          item.append(el('dt', '', row.label), el('dd', '', row.value));
          return item;
        }),
      );
      meta.textContent = `read at ${new Date(facts.at).toLocaleTimeString()}`;
    },
  };
}
