/**
 * The log dialog: recent history read over XML-RPC, then a live tail from the daemon's
 * /logtail (or /mainlogtail) stream read with fetch + ReadableStream. Log bytes only ever reach
 * the page as text nodes, so a program printing markup shows that markup as text.
 */
import { afterTruncation, joinFirstChunk, searchLines, trimToLimit } from './log-text.js';
import { errorText } from './format.js';
import { sameOriginUrl } from './rpc.js';

const HISTORY_BYTES = 65536;
const MAX_CHARS = 400000;
const RETRY_MS = 3000;
const BAD_NAME = 10;

const sleep = (ms, signal) =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });

function processSource(spec) {
  const encoded = encodeURIComponent(spec);
  return {
    title: spec,
    channels: true,
    clearable: true,
    tailUrl: (channel) => `/logtail/${encoded}${channel === 'stderr' ? '/stderr' : ''}`,
    downloadUrl: (channel) => `/api/log/${encoded}/${channel}`,
    history: (rpc, channel, offset) =>
      rpc.call(channel === 'stderr' ? 'supervisor.readProcessStderrLog' : 'supervisor.readProcessStdoutLog', spec, offset, 0),
    clear: (rpc) => rpc.call('supervisor.clearProcessLogs', spec),
  };
}

const MAIN_SOURCE = {
  title: 'Main log (supervisord)',
  channels: false,
  clearable: false,
  tailUrl: () => '/mainlogtail',
  downloadUrl: () => '/api/mainlog',
  history: (rpc, _channel, offset) => rpc.call('supervisor.readLog', offset, 0),
};

export function createLogView(dialog, rpc, { notify, confirmClear }) {
  const $ = (selector) => dialog.querySelector(selector);
  const title = $('#log-title');
  const output = $('#log-output');
  const statusLine = $('#log-status');
  const pauseButton = $('#log-pause');
  const follow = $('#log-follow');
  const search = $('#log-search');
  const matches = $('#log-matches');
  const download = $('#log-download');
  const clearButton = $('#log-clear');
  const channelBox = $('#log-channels');

  let source;
  let channel = 'stdout';
  let text = '';
  let pending = '';
  let paused = false;
  let controller;
  let renderQueued = false;

  function setStatus(message) {
    statusLine.textContent = message;
  }

  function scrollIfFollowing() {
    if (follow.checked) output.scrollTop = output.scrollHeight;
  }

  function renderAll() {
    renderQueued = false;
    const needle = search.value;
    if (!needle) {
      output.textContent = text;
      matches.textContent = '';
    } else {
      const fragment = document.createDocumentFragment();
      const lines = searchLines(text, needle);
      for (const parts of lines) {
        for (const [part, isMatch] of parts) {
          if (isMatch) fragment.append(Object.assign(document.createElement('mark'), { textContent: part }));
          else fragment.append(document.createTextNode(part));
        }
        fragment.append(document.createTextNode('\n'));
      }
      output.replaceChildren(fragment);
      matches.textContent = `${lines.length} matching line${lines.length === 1 ? '' : 's'}`;
    }
    scrollIfFollowing();
  }

  function queueRender() {
    if (renderQueued) return;
    renderQueued = true;
    requestAnimationFrame(renderAll);
  }

  function append(chunk) {
    if (!chunk) return;
    if (paused) {
      pending += chunk;
      setStatus(`Paused · ${pending.length} new characters waiting`);
      return;
    }
    const before = text.length;
    text = trimToLimit(text + chunk, MAX_CHARS);
    if (!search.value && text.length === before + chunk.length && !renderQueued) {
      output.append(document.createTextNode(chunk));
      scrollIfFollowing();
    } else {
      queueRender();
    }
  }

  async function readHistory(signal) {
    // A window that starts inside a multibyte character makes the daemon answer 500 (reference §3.6): shift by a byte.
    for (let shift = 0; shift < 4; shift += 1) {
      if (signal.aborted) return '';
      try {
        return await source.history(rpc, channel, -(HISTORY_BYTES - shift));
      } catch (error) {
        if (error.status !== 500) throw error;
      }
    }
    return '';
  }

  async function tailOnce(signal) {
    const response = await fetch(sameOriginUrl(source.tailUrl(channel)), { signal, cache: 'no-store', credentials: 'same-origin' });
    if (response.status === 404) {
      setStatus(`No ${source.channels ? channel : ''} log file to follow (yet); retrying`);
      return;
    }
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
    setStatus(paused ? 'Paused' : `Live${source.channels ? ` · ${channel}` : ''}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let first = true;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      const rest = afterTruncation(value);
      if (rest !== undefined) {
        // The file started over (cleared): show what it holds now, not what it held.
        text = '';
        pending = '';
        renderAll();
        setStatus(`Log file truncated at ${new Date().toLocaleTimeString()}`);
        append(rest);
      } else {
        append(first ? joinFirstChunk(text + pending, value) : value);
      }
      first = false;
    }
  }

  async function run(signal) {
    text = '';
    pending = '';
    output.textContent = '';
    setStatus('Loading…');
    try {
      text = await readHistory(signal);
    } catch (error) {
      if (signal.aborted) return;
      setStatus(`Could not read the log: ${errorText(error)}`);
      if (error.name === 'RpcFault' && error.code === BAD_NAME) return; // nothing will ever appear
    }
    if (signal.aborted) return;
    renderAll();
    while (!signal.aborted) {
      try {
        await tailOnce(signal);
      } catch (error) {
        if (signal.aborted) return;
        setStatus(`Live tail interrupted (${errorText(error)}); retrying`);
      }
      await sleep(RETRY_MS, signal);
    }
  }

  function restart() {
    controller?.abort();
    controller = new AbortController();
    download.href = source.downloadUrl(channel);
    run(controller.signal);
  }

  function open(target) {
    source = target === undefined ? MAIN_SOURCE : processSource(target);
    channel = 'stdout';
    for (const radio of dialog.querySelectorAll('input[name="log-channel"]')) radio.checked = radio.value === 'stdout';
    channelBox.hidden = !source.channels;
    clearButton.hidden = !source.clearable;
    title.textContent = source.title;
    paused = false;
    pauseButton.setAttribute('aria-pressed', 'false');
    pauseButton.textContent = 'Pause';
    if (!dialog.open) dialog.showModal();
    restart();
  }

  function close() {
    controller?.abort();
    controller = undefined;
  }

  dialog.addEventListener('close', close);
  $('#log-close').addEventListener('click', () => dialog.close());
  for (const radio of dialog.querySelectorAll('input[name="log-channel"]')) {
    radio.addEventListener('change', () => {
      if (!radio.checked) return;
      channel = radio.value;
      restart();
    });
  }
  pauseButton.addEventListener('click', () => {
    paused = !paused;
    pauseButton.setAttribute('aria-pressed', String(paused));
    pauseButton.textContent = paused ? 'Resume' : 'Pause';
    if (!paused) {
      const waiting = pending;
      pending = '';
      setStatus(`Live${source.channels ? ` · ${channel}` : ''}`);
      append(waiting);
    } else {
      setStatus('Paused');
    }
  });
  follow.addEventListener('change', scrollIfFollowing);
  // Scrolling up to read something stops following; scrolling back to the end resumes it.
  // (Our own scrolling always lands at the end, so it never turns following off.)
  output.addEventListener('scroll', () => {
    follow.checked = output.scrollHeight - output.scrollTop - output.clientHeight < 24;
  });
  search.addEventListener('input', queueRender);
  clearButton.addEventListener('click', async () => {
    if (!confirmClear(source.title)) return;
    clearButton.disabled = true;
    try {
      await source.clear(rpc);
      text = '';
      pending = '';
      renderAll();
      notify(`${source.title}: stdout and stderr logs cleared`);
    } catch (error) {
      notify(`${source.title}: ERROR (${errorText(error)})`, 'error');
    } finally {
      clearButton.disabled = false;
    }
  });

  return { open };
}
