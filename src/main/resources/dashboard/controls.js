// NF-Testbed dashboard: the operator's controls (nftb run --dashboard-controls). The page asks /control/state whether
// it may act and for its page key; each action is a POST of a JSON body with that key and the page's session id,
// from this page's own origin. The server checks every request, acts, and writes a control record, which comes back
// over the record stream and is listed here. Without --dashboard-controls the page says it is view-only.
'use strict';

NFTB.controls = (() => {
  const page = Array.from(crypto.getRandomValues(new Uint8Array(8)), b => b.toString(16).padStart(2, '0')).join('');
  let key = null, enabled = false, ended = false, busy = false, stopArmed = 0;
  const log = [];
  const el = id => document.getElementById(id);

  function show(text, cls) {
    const r = el('ctl-result');
    r.textContent = text; r.className = cls || '';
  }

  function buttons() {
    for (const b of document.querySelectorAll('#controls button')) b.disabled = !enabled || ended || busy;
  }

  async function refresh() {
    try {
      const r = await fetch('/control/state', { cache: 'no-store' });
      const s = await r.json();
      enabled = !!s.enabled;
      key = s.key || null;
      el('controls').hidden = !enabled;
      el('ctl-viewonly').hidden = enabled;
      el('ctl-mode').textContent = enabled ? (ended ? '(the run ended)' : '(on: every action is recorded)') : '(view only)';
      if (enabled && s.state) {
        const st = s.state;
        el('ctl-state').textContent = (st.recording ? 'recording into ' + st.recording + ' (' + st.recordedSeconds.toFixed(1)
          + ' s)' : 'not recording') + '; tuned to ' + (st.frequencyHz / 1e9).toFixed(6) + ' GHz, gain '
          + st.gainDb.toFixed(1) + ' dB; limits: ' + st.limits;
        if (st.ended) setEnded();
      }
    } catch (e) {
      // the run ended or the connection is down: the header says which
    }
    buttons();
  }

  async function act(action, body) {
    if (!enabled || ended || busy) return null;
    busy = true; buttons();
    show(action + ' …', 'muted');
    try {
      const r = await fetch('/control/' + action, {
        method: 'POST', cache: 'no-store',
        headers: { 'Content-Type': 'application/json', 'X-Nftb-Control': key, 'X-Nftb-Page': page },
        body: JSON.stringify(body || {})
      });
      const o = await r.json();
      show(action + ': ' + o.result + ' — ' + o.detail, o.result === 'done' ? 'ok' : o.result === 'refused' ? 'warn' : 'bad');
      window.nftbControls.results.push(Object.assign({ action }, o));
      return o;
    } catch (e) {
      show(action + ': no answer (' + e + ')', 'bad');
      return null;
    } finally {
      busy = false; buttons(); refresh();
    }
  }

  const value = id => el(id).value.trim();
  const withUnit = (text, unit) => text && /^[-+0-9.eE]+$/.test(text) ? text + ' ' + unit : text;

  function init() {
    window.nftbControls = { page, results: [], log };
    el('ctl-record-start').onclick = () => act('record.start', value('ctl-record-name') ? { name: value('ctl-record-name') } : {});
    el('ctl-record-stop').onclick = () => act('record.stop');
    el('ctl-calibrate').onclick = () => {
      const b = { cpis: value('ctl-cal-cpis') || '64' };
      if (value('ctl-cal-x') || value('ctl-cal-y')) { b.x = withUnit(value('ctl-cal-x'), 'm'); b.y = withUnit(value('ctl-cal-y'), 'm'); }
      act('calibrate', b);
    };
    el('ctl-retune').onclick = () => {
      const b = {};
      if (value('ctl-frequency')) b.frequency = withUnit(value('ctl-frequency'), 'GHz');
      if (value('ctl-gain')) b.gain = withUnit(value('ctl-gain'), 'dB');
      act('retune', b);
    };
    el('ctl-stop').onclick = () => {
      const now = Date.now();
      if (now - stopArmed > 4000) {
        stopArmed = now; el('ctl-stop').textContent = 'Click again to stop the run';
        setTimeout(() => { if (Date.now() - stopArmed >= 4000) el('ctl-stop').textContent = 'Stop run'; }, 4100);
        return;
      }
      stopArmed = 0; el('ctl-stop').textContent = 'Stop run';
      act('stop');
    };
    refresh();
    setInterval(() => { if (!ended) refresh(); }, 2000);
  }

  /** A control record from the stream: listed, newest first. */
  function onRecord(r) {
    log.unshift(r);
    if (log.length > 20) log.pop();
    const ul = el('ctl-log');
    ul.replaceChildren(...log.slice(0, 8).map(c => {
      const li = document.createElement('li');
      li.textContent = new Date(c.timeMs).toLocaleTimeString() + ' ' + c.who + ': ' + c.action + ' ' + c.result
        + ' — ' + c.detail;
      li.className = c.result === 'done' ? 'ok' : c.result === 'refused' ? 'warn' : 'bad';
      return li;
    }));
  }

  function setEnded() {
    if (ended) return;
    ended = true;
    el('ctl-mode').textContent = enabled ? '(the run ended)' : '(view only)';
    buttons();
  }

  return { init, onRecord, setEnded };
})();
