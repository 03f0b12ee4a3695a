// NF-Testbed dashboard: the connection, the page's state and the render loop.
// Records arrive over a WebSocket (/ws) as the JSON lines of nftb-records/1, each with the time it reached the
// dashboard ("t", ms since the epoch); a frame draws what changed, then records, per estimate, how long it took
// from the dashboard to the drawn page (window.nftbStats, also shown in the health panel).
'use strict';

(() => {
  const V = NFTB.views;
  const MAX_POINTS = 600;          // estimates kept for the plots (the server sends up to 600 on connect)
  const state = {
    scene: null, start: null, estimates: [], health: [], faults: [], calibrations: new Map(), calVersion: 1,
    calFrom: 0, map: null, serverDropped: 0, clients: 0, ended: false, summary: null, velocity: undefined
  };
  const stats = window.nftbStats = {
    connected: false, messages: 0, records: 0, estimatesReceived: 0, estimatesRendered: 0, lastRenderedSeq: -1,
    latenciesMs: [], mapsReceived: 0, mapsRendered: 0, frames: 0, updatesPerS: NaN, recordsPerS: NaN, errors: [],
    frameMs: [], viewMs: {}, stageMs: []          // per live estimate: [waiting for the push, in transit, waiting to be drawn]
  };
  window.addEventListener('error', ev => stats.errors.push(String(ev.message)));
  const dirty = { map: true, series: true, ad: true, cal: true, tables: true };
  let pending = [];                // [record time, sent, received] (ms) of live estimates not drawn yet
  let connectedAtMs = Infinity;
  let framePending = false;
  const arrivals = [];             // [time ms, records] per message, for the rates

  const nowMs = () => performance.timeOrigin + performance.now();

  function status(text, cls) {
    const el = document.getElementById('conn');
    el.textContent = text; el.className = cls;
  }

  function connect() {
    const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
    ws.onopen = () => {
      // a (re)connection starts afresh: the server sends the scene, the start record, the tables and recent records
      Object.assign(state, { start: null, estimates: [], health: [], faults: [], calibrations: new Map(), calVersion: 1,
        calFrom: 0, map: null, ended: false, summary: null, velocity: undefined });
      Object.keys(dirty).forEach(k => { dirty[k] = true; });
      stats.connected = true; connectedAtMs = nowMs(); status('live', 'ok');
    };
    ws.onmessage = ev => onMessage(JSON.parse(ev.data));
    ws.onclose = ev => {
      stats.connected = false; connectedAtMs = Infinity;
      // a run that ended (its final records arrived, or the server said so) is not a fault: a neutral state
      if (state.ended || ev.reason === 'the run ended') {
        state.ended = true; NFTB.controls.setEnded();
        status('run ended', 'neutral');
        setTimeout(connect, 5000);        // a new run on the same port is picked up
        return;
      }
      status('disconnected' + (ev.reason ? ' (' + ev.reason + ')' : '') + ', retrying', 'bad');
      setTimeout(connect, 2000);
    };
  }

  function onMessage(m) {
    stats.messages++;
    if (m.scene) { state.scene = m.scene; Object.keys(dirty).forEach(k => { dirty[k] = true; }); }
    if (m.start) onRecord(m.start, NaN);
    for (const c of m.calibrations || []) { state.calibrations.set(c.version, c); dirty.cal = dirty.tables = true; }
    if (m.map) {
      const bin = atob(m.map.cells), cells = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) cells[i] = bin.charCodeAt(i);
      state.map = Object.assign(m.map, { cells });
      stats.mapsReceived++;
      dirty.ad = true;
    }
    const received = nowMs();
    for (const e of m.records) onRecord(e.r, e.t, m.serverMs, received);
    state.serverDropped = m.dropped; state.clients = m.clients;
    const t = nowMs();
    arrivals.push([t, m.records.length]);
    while (arrivals.length && arrivals[0][0] < t - 2000) arrivals.shift();
    if (arrivals.length > 1) {
      const span = (t - arrivals[0][0]) / 1000;
      stats.updatesPerS = (arrivals.length - 1) / span;
      stats.recordsPerS = arrivals.slice(1).reduce((s, a) => s + a[1], 0) / span;
    }
    dirty.tables = true;
    schedule();
  }

  /** Nearest true target (xy) of each estimated target: the truth its errors are measured against. */
  function associate(r) {
    if (!r.truth || !r.truth.length) return null;
    return r.targets.map(t => {
      let best = 0, bd = Infinity;
      r.truth.forEach((u, j) => { const d = Math.hypot(u.xM - t.xM, u.yM - t.yM); if (d < bd) { bd = d; best = j; } });
      return best;
    });
  }

  function onRecord(r, t, sentMs, receivedMs) {
    stats.records++;
    switch (r.type) {
      case 'start':
        state.start = r;
        break;
      case 'control':
        NFTB.controls.onRecord(r);
        break;
      case 'summary':
        state.summary = r; state.ended = true; NFTB.controls.setEnded(); status('run ended', 'neutral');
        break;
      case 'estimate': {
        if (state.velocity !== true) {
          const v = r.targets.some(t => t.radialVelocityMps !== 0 || t.transverseVelocityMps !== 0
            || (t.covariance && t.covariance.polar[2][2] !== null));
          if (v) state.velocity = true; else if (r.targets.length) state.velocity = false;
        }
        state.estimates.push({ seq: r.seq, ts: r.stateTimeNanos / 1e9, targets: r.targets, truth: r.truth || null,
          assoc: associate(r), calibrationVersion: r.calibrationVersion, latencyNanos: r.latencyNanos });
        if (state.estimates.length > MAX_POINTS) state.estimates.splice(0, state.estimates.length - MAX_POINTS);
        stats.estimatesReceived++;
        if (t >= connectedAtMs) pending.push([t, sentMs, receivedMs]);   // history sent on connect is not live
        dirty.map = dirty.series = dirty.ad = true;
        break;
      }
      case 'health':
        if (r.final) { state.ended = true; NFTB.controls.setEnded(); status('run ended', 'neutral'); }
        state.health.push(r);
        if (state.health.length > 3) state.health.shift();
        break;
      case 'calibration':
        state.calVersion = r.version; state.calFrom = r.seq; dirty.cal = true;
        break;
      case 'fault':
        state.faults.unshift(r);
        if (state.faults.length > 6) state.faults.pop();
        break;
    }
  }

  function schedule() {
    if (!framePending) { framePending = true; requestAnimationFrame(frame); }
  }

  function frame() {
    framePending = false;
    const began = nowMs();
    stats.frames++;
    const timed = (name, draw) => {
      const t0 = nowMs(); draw(); stats.viewMs[name] = 0.9 * (stats.viewMs[name] || 0) + 0.1 * (nowMs() - t0);
    };
    if (dirty.map) timed('map', () => V.drawMap(document.getElementById('map'), state));
    if (dirty.series) timed('series', () => V.PARAMS.forEach((p, i) => V.drawSeries(document.getElementById('series-' + i), state, p, i === 0)));
    if (dirty.ad) timed('ad', () => { V.drawAngleDoppler(document.getElementById('ad'), state); if (state.map) stats.mapsRendered++; });
    if (dirty.cal) timed('cal', () => ['amplitude', 'phase', 'drift-amplitude', 'drift-phase']
      .forEach(w => V.drawCalibration(document.getElementById('cal-' + w), state, w)));
    if (dirty.tables) timed('tables', () => {
      NFTB.panels.estimate(state); NFTB.panels.health(state, stats); NFTB.panels.faults(state);
      if (state.start) document.getElementById('run-name').textContent = state.start.name;
    });
    Object.keys(dirty).forEach(k => { dirty[k] = false; });
    const done = nowMs();
    stats.frameMs.push(done - began);
    if (stats.frameMs.length > 500) stats.frameMs.shift();
    for (const [t, sent, received] of pending) {
      stats.latenciesMs.push(done - t);
      stats.stageMs.push([sent - t, received - sent, done - received]);
    }
    if (stats.latenciesMs.length > 2000) stats.latenciesMs.splice(0, stats.latenciesMs.length - 2000);
    if (stats.stageMs.length > 2000) stats.stageMs.splice(0, stats.stageMs.length - 2000);
    stats.estimatesRendered += pending.length;
    pending = [];
    const last = state.estimates[state.estimates.length - 1];
    if (last) stats.lastRenderedSeq = last.seq;
  }

  NFTB.onResize = () => { Object.keys(dirty).forEach(k => { dirty[k] = true; }); schedule(); };
  NFTB.panels.init();
  NFTB.controls.init();
  schedule();
  connect();
})();
