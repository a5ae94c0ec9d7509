/**
 * The health panel: the doctor's findings for this daemon, fetched from GET /api/health only
 * when the panel is opened (the doctor reads /proc and config files; a Pi should not do that
 * every 2 seconds). Present only when the daemon says it has a doctor.
 */
import { HttpError, sameOriginUrl } from './rpc.js';
import { el } from './dom.js';

const MARKS = { ok: '✓', warn: '!', error: '✗', crashed: '✗', skipped: '–' };

function renderCheck(check) {
  const item = el('li', `check ${check.status}`);
  const head = el('div', 'check-head');
  const mark = el('span', 'mark', MARKS[check.status] ?? '?');
  mark.setAttribute('aria-label', check.status);
  head.append(mark, el('span', 'check-title', check.title));
  item.append(head);
  if (check.detail && check.status !== 'skipped') item.append(el('p', 'check-detail', check.detail));
  for (const finding of check.findings) {
    const block = el('div', `finding ${finding.severity}`);
    block.append(el('p', 'finding-message', finding.message));
    const where = [finding.program && `program ${finding.program}`, finding.file && `${finding.file}${finding.line ? `:${finding.line}` : ''}`].filter(Boolean);
    if (where.length) block.append(el('p', 'finding-where', where.join(' · ')));
    if (finding.fix) {
      block.append(el('p', 'finding-fix', `Fix (${finding.fix.safety}): ${finding.fix.description}`));
      for (const command of finding.fix.commands ?? []) block.append(el('code', 'finding-command', command));
    }
    item.append(block);
  }
  return item;
}

export function createHealthPanel(panel) {
  const summary = panel.querySelector('#health-summary');
  const meta = panel.querySelector('#health-meta');
  const problems = panel.querySelector('#health-problems');
  const passed = panel.querySelector('#health-passed');
  const passedList = panel.querySelector('#health-passed-list');
  const rerun = panel.querySelector('#health-run');
  let loading = false;

  async function load() {
    if (loading) return;
    loading = true;
    rerun.disabled = true;
    meta.textContent = 'Running the doctor…';
    try {
      const response = await fetch(sameOriginUrl('/api/health'), { cache: 'no-store', credentials: 'same-origin' });
      if (!response.ok) throw new HttpError(response.status, (await response.text()).slice(0, 200));
      const report = await response.json();
      const { ok, warn, error } = report.summary;
      summary.textContent = `${ok} ok · ${warn} warning${warn === 1 ? '' : 's'} · ${error} error${error === 1 ? '' : 's'}`;
      summary.dataset.tone = error ? 'bad' : warn ? 'busy' : 'ok';
      meta.textContent = `${report.configFile ?? 'no config file found'} · checked at ${new Date(report.ranAt).toLocaleTimeString()}`;
      const bad = report.checks.filter((check) => ['error', 'crashed', 'warn'].includes(check.status));
      const good = report.checks.filter((check) => !bad.includes(check));
      problems.replaceChildren(...bad.map(renderCheck));
      if (bad.length === 0) problems.append(el('li', 'check ok', 'No problems found.'));
      passedList.replaceChildren(...good.map(renderCheck));
      passed.hidden = good.length === 0;
    } catch (error) {
      meta.textContent = `Could not run the doctor: ${error.message}`;
    } finally {
      loading = false;
      rerun.disabled = false;
    }
  }

  panel.hidden = false;
  panel.addEventListener('toggle', () => {
    if (panel.open && !summary.dataset.tone) load();
  });
  rerun.addEventListener('click', load);
}
