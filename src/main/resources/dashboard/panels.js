// NF-Testbed dashboard: the text panels (latest estimate, stream health, faults). Numbers are formatted with a
// fixed number of decimals per quantity (the browser test reads them back and compares with the JSON lines).
'use strict';

NFTB.panels = (() => {
  const D = 180 / Math.PI;
  const sd = (t, kind, i, scale) => t && t.covariance ? Math.sqrt(t.covariance[kind][i][i]) * (scale || 1) : NaN;
  /** id, label, unit, decimals, estimate value, truth value, √CRB (from the record's covariance). */
  const ROWS = [
    ['angleDeg', 'θ', 'deg', 4, t => t.angleDeg, u => u.angleRad * D, t => sd(t, 'polar', 0, D)],
    ['rangeM', 'r', 'm', 5, t => t.rangeM, u => u.rangeM, t => sd(t, 'polar', 1)],
    ['radialVelocityMps', 'v_r', 'm/s', 4, t => t.radialVelocityMps, u => u.radialVelocityMps, t => sd(t, 'polar', 2)],
    ['transverseVelocityMps', 'v_θ', 'm/s', 4, t => t.transverseVelocityMps, u => u.transverseVelocityMps, t => sd(t, 'polar', 3)],
    ['xM', 'x', 'm', 5, t => t.xM, u => u.xM, t => sd(t, 'cartesian', 0)],
    ['yM', 'y', 'm', 5, t => t.yM, u => u.yM, t => sd(t, 'cartesian', 1)],
    ['vxMps', 'v_x', 'm/s', 4, t => t.vxMps, u => u.vxMps, t => sd(t, 'cartesian', 2)],
    ['vyMps', 'v_y', 'm/s', 4, t => t.vyMps, u => u.vyMps, t => sd(t, 'cartesian', 3)]
  ];

  function set(id, text, cls) {
    const el = document.getElementById(id);
    if (!el) return;
    if (el.textContent !== text) el.textContent = text;
    if (cls !== undefined && el.className !== cls) el.className = cls;
  }

  const fx = (v, d) => Number.isFinite(v) ? v.toFixed(d) : '–';
  const sig = v => Number.isFinite(v) ? (v === 0 ? '0' : v.toPrecision(2)) : '–';

  /** Ids of a table cell: target 0 keeps the plain ids (est-rangeM), target k > 0 gets a suffix (est-rangeM-1). */
  const cell = (kind, id, k) => kind + '-' + id + (k ? '-' + k : '');
  let groups = 0;

  /** Makes sure the estimate table has a group of rows for each of {@code K} targets (a heading row when K > 1). */
  function ensureGroups(K) {
    const body = document.getElementById('estimate-rows');
    for (let k = groups; k < K; k++) {
      const head = document.createElement('tr');
      head.className = 'target-head';
      head.id = 'target-head-' + k;
      head.innerHTML = '<th colspan="5">target ' + k + '</th>';
      head.hidden = K < 2;
      body.appendChild(head);
      for (const [id, label, unit] of ROWS) {
        const tr = document.createElement('tr');
        tr.dataset.target = String(k);
        tr.innerHTML = '<th>' + label + ' <span class="unit">(' + unit + ')</span></th><td id="' + cell('est', id, k)
          + '"></td><td id="' + cell('tru', id, k) + '"></td><td id="' + cell('err', id, k) + '"></td><td id="'
          + cell('crb', id, k) + '"></td>';
        body.appendChild(tr);
      }
    }
    groups = Math.max(groups, K);
    for (let k = 0; k < groups; k++) document.getElementById('target-head-' + k).hidden = groups < 2;
  }

  /** Builds the estimate table's first group of rows. */
  function init() {
    ensureGroups(1);
  }

  function estimate(state) {
    const e = state.estimates[state.estimates.length - 1];
    if (!e) return;
    ensureGroups(Math.max(1, e.targets.length));
    set('est-seq', String(e.seq));
    set('est-time', fx(e.ts, 3));
    set('est-count', e.targets.length + (e.targets.length === 1 ? ' target' : ' targets')
      + (e.truth ? ', ' + e.truth.length + ' true' : ''));
    const noVelocity = state.velocity === false;
    for (let k = 0; k < groups; k++) {
      const t = e.targets[k], u = t ? NFTB.views.truthOf(e, k) : null;
      for (const [id, , , d, ev, uv, cv] of ROWS) {
        const notEstimated = noVelocity && (id.startsWith('radial') || id.startsWith('transverse') || id === 'vxMps'
          || id === 'vyMps');
        const v = t ? ev(t) : NaN, w = u ? uv(u) : NaN;
        set(cell('est', id, k), notEstimated ? 'not estimated' : fx(v, d));
        set(cell('tru', id, k), fx(w, d));
        set(cell('err', id, k), notEstimated ? '–' : sig(v - w));
        set(cell('crb', id, k), sig(cv(t)));
      }
    }
    const t = e.targets[0];
    const q = t ? t.quality : null;
    set('est-snrDb', q ? fx(q.snrDb, 2) : '–');
    set('est-fit', q ? fx(q.fitAchieved, 4) + ' / ' + fx(q.fitExpected, 4) : '–');
    set('est-latency', fx(e.latencyNanos / 1e6, 2));
    set('est-calibration', 'v' + e.calibrationVersion);
  }

  /**
   * Why CPIs are dropped, in words: ring full — processing slower than the stream (the load factor, from the health
   * record when it carries one, else estimated here: median latency × CPI rate / workers); gap — samples lost
   * before the ring (receive faults).
   */
  function dropHint(h, p, st) {
    const hints = [];
    if (h.cpisDroppedRingFull > 0) {
      const dt = p ? h.elapsedS - p.elapsedS : NaN;
      const rate = p && dt > 0 ? (h.cpisPublished - p.cpisPublished + h.cpisDroppedRingFull - p.cpisDroppedRingFull) / dt : NaN;
      const workers = st ? st.pipeline.workers : NaN;
      const slots = st ? st.pipeline.ringSlots : NaN;
      const given = Number.isFinite(h.loadFactor);
      const load = given ? h.loadFactor : h.latencyMedianNanos / 1e9 * rate / workers;
      const ringMs = slots / rate * 1e3, p99Ms = h.latencyP99Nanos / 1e6;
      let why;
      if (!Number.isFinite(load)) {
        why = 'ring full: processing fell behind the stream.';
      } else if (load >= 1) {
        why = 'ring full: processing is slower than the stream: load ' + load.toFixed(2) + (given ? '' : ' (latency '
          + fx(h.latencyMedianNanos / 1e6, 1) + ' ms × ' + fx(rate, 0) + ' CPIs/s ÷ ' + workers + ' worker(s))')
          + ' ≥ 1, so CPIs must be dropped.';
      } else if (p99Ms > ringMs) {
        why = 'ring full: processing keeps up on the median (load ' + load.toFixed(2) + ') but stalls: p99 latency '
          + fx(p99Ms, 0) + ' ms is longer than the ring holds (' + slots + ' CPIs = ' + fx(ringMs, 0) + ' ms), '
          + 'so bursts are dropped; the workers wait for the CPU.';
      } else {
        why = 'ring full: short bursts of slow CPIs (load ' + load.toFixed(2) + ').';
      }
      hints.push(why + (h.overloadCause ? ' Cause: ' + h.overloadCause + '.' : '') + ' Other programs on the '
        + 'controller (this browser too) take the workers\' CPU; a lighter estimator setting, more workers or '
        + 'pipeline.ringSlots help.');
    }
    if (h.cpisDroppedGap > 0) {
      const faults = Object.entries(h.rxFaults || {}).map(([k, v]) => k + ' ' + v).join(', ');
      hints.push('gap: samples were lost before the ring (' + (faults || 'no receive fault reported')
        + '): the radio, its link or the receive thread could not keep up.');
    }
    if (h.cpisDroppedAsRecorded > 0) {
      hints.push('as when recorded: this replay drops again the CPIs its recorded run dropped (nftb replay '
        + '--all-cpis estimates them).');
    }
    return hints.join(' ');
  }

  function quantile(sorted, q) {
    return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
  }

  function health(state, stats) {
    const h = state.health[state.health.length - 1], p = state.health[state.health.length - 2];
    const sc = state.scene, st = state.start;
    if (h) {
      const dt = p ? h.elapsedS - p.elapsedS : NaN;
      const rate = k => p && dt > 0 ? (h[k] - p[k]) / dt : NaN;
      set('health-elapsedS', fx(h.elapsedS, 1) + (h.final ? ' (run ended)' : ''), h.final ? 'neutral' : '');
      set('health-cpisProcessed', String(h.cpisProcessed));
      set('health-cpiRate', fx(rate('cpisProcessed'), 1) + ' processed, ' + fx(rate('cpisPublished'), 1) + ' published');
      set('health-latency', fx(h.latencyMedianNanos / 1e6, 2) + ' / ' + fx(h.latencyP99Nanos / 1e6, 2));
      const drops = h.cpisDroppedRingFull + h.cpisDroppedGap;
      set('health-dropped', h.cpisDroppedRingFull + ' ring full (' + fx(rate('cpisDroppedRingFull'), 1) + '/s), '
        + h.cpisDroppedGap + ' gap' + (h.cpisDroppedAsRecorded > 0 ? ', ' + h.cpisDroppedAsRecorded
        + ' as when recorded' : ''), drops > 0 ? 'warn' : 'ok');
      const hint = dropHint(h, p, st);
      set('health-drop-hint', hint || 'no CPI dropped', hint ? 'hint warn' : 'hint ok');
      set('health-rejected', h.cpisRejected + ' rejected, ' + h.targetsUnresolved + ' unresolved',
        h.cpisRejected + h.targetsUnresolved > 0 ? 'warn' : 'ok');
      const faults = Object.entries(h.rxFaults).map(([k, v]) => k + ' ' + v).join(', ');
      set('health-rxFaults', faults || 'none', faults ? 'bad' : 'ok');
    }
    if (st) {
      set('health-device', st.device);
      set('health-pipeline', st.pipeline.workers + ' worker(s), ' + st.pipeline.ringMode + ' ring of '
        + st.pipeline.ringSlots + ', ' + st.estimator.type + ' via ' + st.estimator.frontEnd);
    }
    if (sc) set('health-clock', sc.clock);
    const cal = state.calibrations.get(state.calVersion);
    if (cal) {
      set('health-calibration', 'v' + cal.version + ' from CPI ' + state.calFrom + ': ' + cal.table);
      const sim = sc && sc.simulatedW;
      if (sim) {
        let a = 0, ph = 0;
        for (let i = 0; i < sim.amplitudeDb.length; i++) {
          a = Math.max(a, Math.abs(sim.amplitudeDb[i] - cal.amplitudeDb[i]));
          ph = Math.max(ph, Math.abs(NFTB.views.wrapDeg(sim.phaseDeg[i] - cal.phaseDeg[i])));
        }
        set('health-residual', 'up to ' + fx(a, 2) + ' dB, ' + fx(ph, 2) + '° per element');
      } else {
        set('health-residual', 'unknown (no simulated truth)');
      }
    }
    const lat = stats.latenciesMs.slice(-500).sort((x, y) => x - y);
    set('dash-latency', fx(quantile(lat, 0.5), 1) + ' / ' + fx(quantile(lat, 0.95), 1) + ' ms',
      quantile(lat, 0.5) > 100 ? 'warn' : 'ok');
    set('dash-rate', fx(stats.updatesPerS, 1) + ' updates/s, ' + fx(stats.recordsPerS, 1) + ' records/s');
    set('dash-dropped', String(state.serverDropped), state.serverDropped > 0 ? 'warn' : 'ok');
    set('dash-clients', String(state.clients));
  }

  function faults(state) {
    const ul = document.getElementById('faults');
    const text = state.faults.map(f => 'CPI ' + f.seq + ': ' + f.what).join('\n');
    if (ul.dataset.text === text) return;
    ul.dataset.text = text;
    ul.replaceChildren(...(state.faults.length ? state.faults.map(f => {
      const li = document.createElement('li'); li.textContent = (f.seq >= 0 ? 'CPI ' + f.seq + ': ' : '') + f.what;
      return li;
    }) : [Object.assign(document.createElement('li'), { textContent: 'none', className: 'ok' })]));
  }

  return { init, estimate, health, faults };
})();
