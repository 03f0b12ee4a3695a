// NF-Testbed dashboard: the canvas views. Each draw(canvas, state) redraws one view from the page's state
// (see app.js); units are in every axis label.
'use strict';

NFTB.views = (() => {
  const P = NFTB.plot, C = P.COLORS;

  function placeholder(canvas, text) {
    const { ctx, w, h } = P.fit(canvas);
    ctx.font = P.FONT; ctx.fillStyle = C.muted; ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
    ctx.fillText(text, w / 2, h / 2);
  }

  /** 1, 2 or 5 × 10^k not above x. */
  function niceBelow(x) {
    const p = Math.pow(10, Math.floor(Math.log10(x)));
    const f = x / p;
    return (f >= 5 ? 5 : f >= 2 ? 2 : 1) * p;
  }

  function lengthLabel(m) {
    return m >= 1 ? m + ' m' : m >= 1e-3 ? +(m * 1e3).toPrecision(3) + ' mm' : +(m * 1e6).toPrecision(3) + ' µm';
  }

  /** The truth a target is compared with: the record's nearest true target (xy), computed once per record. */
  function truthOf(e, k) {
    return e.truth && e.assoc ? e.truth[e.assoc[k]] : null;
  }

  // ---- top-down map: array, tracks, ellipses, velocity arrows, zoom inset
  function drawMap(canvas, state) {
    const sc = state.scene, est = state.estimates;
    if (!sc) return placeholder(canvas, 'waiting for the run…');
    const { ctx, w, h } = P.fit(canvas);
    const el = sc.rx.elementsM;
    const xs = [], ys = [];
    for (const p of [el[0], el[el.length - 1]]) { xs.push(p[0]); ys.push(p[1]); }
    for (const e of est) {
      for (const t of e.targets) { xs.push(t.xM); ys.push(t.yM); }
      for (const t of e.truth || []) { xs.push(t.xM); ys.push(t.yM); }
    }
    const last = est[est.length - 1];
    let vmax = 0;
    if (last) for (const t of last.targets.concat(last.truth || [])) vmax = Math.max(vmax, Math.hypot(t.vxMps, t.vyMps));
    const span0 = Math.max(P.range(xs, 0, 1)[1] - P.range(xs, 0, 1)[0], P.range(ys, 0, 1)[1] - P.range(ys, 0, 1)[0]);
    const tau = vmax > 0 ? niceBelow(0.15 * span0 / vmax) : 0;
    if (last) for (const t of last.targets.concat(last.truth || [])) { xs.push(t.xM + tau * t.vxMps); ys.push(t.yM + tau * t.vyMps); }
    let xr = P.range(xs, 0.08, 1), yr = P.range(ys.concat([0]), 0.08, 1);
    const box = { x: 0, y: 16, w, h: h - 16 };
    const m = { l: 58, r: 10, t: 20, b: 36 };
    const pw = box.w - m.l - m.r, ph = box.h - m.t - m.b;
    const s = Math.min(pw / (xr[1] - xr[0]), ph / (yr[1] - yr[0]));            // equal scale on x and y
    const cx = (xr[0] + xr[1]) / 2, cy = (yr[0] + yr[1]) / 2;
    xr = [cx - pw / s / 2, cx + pw / s / 2]; yr = [cy - ph / s / 2, cy + ph / s / 2];
    const ax = new P.Axes(ctx, box, xr, yr, m);
    ax.draw({ title: 'Scene, top-down (array along x, broadside +y)', xLabel: 'x (m)', yLabel: 'y (m)' });
    ax.clip();
    // the array and its reference point
    ctx.save(); ctx.strokeStyle = C.array; ctx.lineWidth = 4;
    ctx.beginPath(); ctx.moveTo(ax.X(el[0][0]), ax.Y(el[0][1]));
    ctx.lineTo(ax.X(el[el.length - 1][0]), ax.Y(el[el.length - 1][1])); ctx.stroke();
    const rx = ax.X(sc.rx.referenceXM), ry = ax.Y(sc.rx.referenceYM);
    ctx.fillStyle = C.array; ctx.beginPath(); ctx.moveTo(rx, ry - 2); ctx.lineTo(rx - 6, ry + 9); ctx.lineTo(rx + 6, ry + 9);
    ctx.closePath(); ctx.fill(); ctx.restore();
    // true track and estimated track
    const K = est.reduce((k, e) => Math.max(k, (e.truth || []).length), 0);
    for (let k = 0; k < K; k++) {
      ax.line(est.map(e => e.truth && e.truth[k] ? e.truth[k].xM : NaN),
        est.map(e => e.truth && e.truth[k] ? e.truth[k].yM : NaN), C.truth, 2);
    }
    ax.dots(est.flatMap(e => e.targets.map(t => t.xM)), est.flatMap(e => e.targets.map(t => t.yM)), C.estimate, 2.5);
    if (last) {
      for (const t of last.truth || []) {
        ctx.strokeStyle = C.truth; ctx.lineWidth = 2; P.cross(ctx, ax.X(t.xM), ax.Y(t.yM), 6);
        if (tau) P.arrow(ctx, ax.X(t.xM), ax.Y(t.yM), ax.X(t.xM + tau * t.vxMps), ax.Y(t.yM + tau * t.vyMps), C.truth);
      }
      for (const t of last.targets) {
        ctx.strokeStyle = C.estimate; ctx.lineWidth = 2;
        ctx.beginPath(); ctx.arc(ax.X(t.xM), ax.Y(t.yM), 6, 0, 2 * Math.PI); ctx.stroke();
        if (tau) P.arrow(ctx, ax.X(t.xM), ax.Y(t.yM), ax.X(t.xM + tau * t.vxMps), ax.Y(t.yM + tau * t.vyMps), C.estimate);
      }
    }
    ax.unclip();
    P.legend(ctx, ax.x0 + 4, 8, [{ label: 'estimates', color: C.estimate, kind: 'dot' },
      { label: 'true track', color: C.truth, kind: 'line' }, { label: 'truth now', color: C.truth, kind: 'cross' },
      { label: tau ? 'arrows: velocity × ' + tau + ' s' : 'arrows: velocity', color: C.axis, kind: 'line' }]);
    if (last && last.targets.length) {
      const keep = [[el[0][0], el[0][1]], [el[el.length - 1][0], el[el.length - 1][1]], [sc.rx.referenceXM, sc.rx.referenceYM]]
        .concat(last.targets.concat(last.truth || []).flatMap(t => [[t.xM, t.yM], [t.xM + tau * t.vxMps, t.yM + tau * t.vyMps]]))
        .map(([x, y]) => [ax.X(x), ax.Y(y)]);
      drawZoom(ctx, ax, est, last, keep);
    }
  }

  /** Inset around the latest truth (or estimate): recent estimates and the 1σ and 3σ ellipses of the CRB. */
  function drawZoom(ctx, ax, est, last, keep) {
    const t0 = last.targets[0], truth = truthOf(last, 0);
    const centre = truth || t0;
    const cov = t0.covariance ? t0.covariance.cartesian : null;
    const e3 = cov ? P.ellipse(cov[0][0], cov[0][1], cov[1][1], 3) : null;
    const recent = est.slice(-150).flatMap(e => e.targets.slice(0, 1));
    const d = recent.map(t => Math.hypot(t.xM - centre.xM, t.yM - centre.yM)).sort((a, b) => a - b);
    const d90 = d.length ? d[Math.floor(0.9 * (d.length - 1))] : 0;
    const hw = Math.max(e3 ? 1.3 * e3.rx : 0, 1.2 * d90, 1e-5);
    const size = Math.min(ax.w * 0.5, ax.h * 0.62);
    // the corner that hides the fewest of the points that matter (array ends, reference, targets, arrow tips)
    let bx = 0, by = 0, best = Infinity;
    for (const [cx, cy] of [[1, 1], [0, 1], [1, 0], [0, 0]]) {
      const x = cx ? ax.x0 + ax.w - size - 8 : ax.x0 + 8, y = cy ? ax.y0 + ax.h - size - 8 : ax.y0 + 8;
      const hidden = keep.filter(([px, py]) => px > x - 10 && px < x + size + 10 && py > y - 10 && py < y + size + 10).length;
      if (hidden < best) { best = hidden; bx = x; by = y; }
    }
    const s = size / (2 * hw);
    const X = x => bx + size / 2 + (x - centre.xM) * s, Y = y => by + size / 2 - (y - centre.yM) * s;
    ctx.save();
    ctx.fillStyle = 'rgba(255,255,255,0.95)'; ctx.fillRect(bx, by, size, size);
    ctx.strokeStyle = C.axis; ctx.lineWidth = 1; ctx.strokeRect(bx, by, size, size);
    ctx.beginPath(); ctx.rect(bx, by, size, size); ctx.clip();
    ctx.strokeStyle = C.grid; ctx.beginPath();
    ctx.moveTo(bx + size / 2, by); ctx.lineTo(bx + size / 2, by + size);
    ctx.moveTo(bx, by + size / 2); ctx.lineTo(bx + size, by + size / 2); ctx.stroke();
    ctx.fillStyle = C.estimate;
    for (const t of recent) ctx.fillRect(X(t.xM) - 2, Y(t.yM) - 2, 4, 4);
    if (cov) {
      for (const [k, dash] of [[1, []], [3, [5, 4]]]) {
        const e = P.ellipse(cov[0][0], cov[0][1], cov[1][1], k);
        ctx.strokeStyle = C.estimate; ctx.lineWidth = 1.5; ctx.setLineDash(dash);
        ctx.beginPath(); ctx.ellipse(X(t0.xM), Y(t0.yM), Math.max(0.5, e.rx * s), Math.max(0.5, e.ry * s), -e.angle, 0, 2 * Math.PI);
        ctx.stroke();
      }
      ctx.setLineDash([]);
    }
    if (truth) { ctx.strokeStyle = C.truth; ctx.lineWidth = 2.5; P.cross(ctx, X(truth.xM), Y(truth.yM), 7); }
    const bar = niceBelow(hw);
    ctx.strokeStyle = C.text; ctx.lineWidth = 2; ctx.beginPath();
    ctx.moveTo(bx + 8, by + size - 10); ctx.lineTo(bx + 8 + bar * s, by + size - 10); ctx.stroke();
    ctx.font = P.SMALL; ctx.fillStyle = C.text; ctx.textAlign = 'left'; ctx.textBaseline = 'bottom';
    ctx.fillText(lengthLabel(bar), bx + 10, by + size - 13);
    ctx.textBaseline = 'top';
    ctx.fillText('zoom: ±' + lengthLabel(+hw.toPrecision(2)) + ' around the ' + (truth ? 'truth' : 'estimate'), bx + 5, by + 4);
    ctx.fillText(cov ? 'ellipses: 1σ, 3σ of the CRB' : 'no covariance from this estimator', bx + 5, by + 18);
    ctx.restore();
  }

  // ---- time series of one parameter with the truth and a ±√CRB band around it
  const PARAMS = [
    { key: 'angleRad', title: 'angle θ', unit: 'deg', scale: 180 / Math.PI, i: 0 },
    { key: 'rangeM', title: 'range r', unit: 'm', scale: 1, i: 1 },
    { key: 'radialVelocityMps', title: 'radial velocity v_r', unit: 'm/s', scale: 1, i: 2 },
    { key: 'transverseVelocityMps', title: 'transverse velocity v_θ', unit: 'm/s', scale: 1, i: 3 }
  ];

  /** Colours of targets 1, 2, … (target 0 keeps the estimate/truth colours). */
  const TARGET_COLORS = [['#1f5fbf', '#e0701a'], ['#2e9e4f', '#b0329a'], ['#7a4fd0', '#8c6d1f'], ['#0f8c8c', '#d14b4b']];

  function drawSeries(canvas, state, p, withLegend) {
    const est = state.estimates;
    if (!est.length) return placeholder(canvas, 'no estimates yet');
    if (state.velocity === false && p.i >= 2) {
      return placeholder(canvas, p.title + ': not estimated' + (state.start ? ' by ' + state.start.estimator.type : ''));
    }
    const { ctx, w, h } = P.fit(canvas);
    const xs = est.map(e => e.ts);
    const K = Math.max(1, est.reduce((k, e) => Math.max(k, e.targets.length), 0));
    const per = [];
    for (let k = 0; k < K; k++) {
      const ys = est.map(e => e.targets.length > k ? e.targets[k][p.key] * p.scale : NaN);
      const tr = est.map(e => { const t = truthOf(e, k); return t ? t[p.key] * p.scale : NaN; });
      const sd = est.map(e => {
        const c = e.targets.length > k && e.targets[k].covariance ? e.targets[k].covariance.polar[p.i][p.i] : NaN;
        return Math.sqrt(c) * p.scale;
      });
      const mid = tr.map((v, i) => Number.isFinite(v) ? v : ys[i]);
      per.push({ ys, tr, lo: mid.map((v, i) => v - sd[i]), hi: mid.map((v, i) => v + sd[i]) });
    }
    const yr = P.range(per.flatMap(q => q.ys.concat(q.tr, q.lo, q.hi)), 0.08);
    const xr = [xs[0], Math.max(xs[xs.length - 1], xs[0] + 0.5)];
    const ax = new P.Axes(ctx, { x: 0, y: withLegend ? 14 : 0, w, h: h - (withLegend ? 14 : 0) }, xr, yr,
      { l: 66, r: 8, t: 18, b: 34 });
    ax.draw({ title: p.title + ' (' + p.unit + ')' + (K > 1 ? ', ' + K + ' targets' : ''), xLabel: 'stream time (s)', yLabel: p.unit });
    ax.clip();
    per.forEach((q, k) => {
      const [ce, ct] = TARGET_COLORS[k % TARGET_COLORS.length];
      ax.band(xs, q.lo, q.hi, k === 0 ? C.band : ce + '29');
      ax.line(xs, q.tr, ct, 2);
      ax.dots(xs, q.ys, ce, 2);
    });
    ax.unclip();
    if (withLegend) {
      const entries = [{ label: 'estimate', color: C.estimate, kind: 'dot' },
        { label: 'truth', color: C.truth, kind: 'line' }, { label: '±√CRB', color: C.band, kind: 'band' }];
      for (let k = 1; k < K; k++) entries.push({ label: 'target ' + k, color: TARGET_COLORS[k % TARGET_COLORS.length][0], kind: 'dot' });
      P.legend(ctx, ax.x0, 6, entries);
    }
  }

  // ---- angle–Doppler power of a recent CPI
  const DEG_TICKS = [-90, -60, -45, -30, -15, 0, 15, 30, 45, 60, 90];

  function drawAngleDoppler(canvas, state) {
    const m = state.map;
    if (!m) return placeholder(canvas, 'waiting for an angle–Doppler map (the estimator hands one over ≤ 5×/s)');
    const { ctx, w, h } = P.fit(canvas);
    const ra = m.rowAxis, ca = m.columnAxis;
    const sLo = ra.start - ra.step / 2, sHi = ra.start + (m.rows - 0.5) * ra.step;
    const vLo = ca.start - ca.step / 2, vHi = ca.start + (m.columns - 0.5) * ca.step;
    const ax = new P.Axes(ctx, { x: 0, y: 0, w, h }, [Math.max(-1, sLo), Math.min(1, sHi)], [vLo, vHi],
      { l: 58, r: 78, t: 20, b: 36 });
    if (!m.base || m.base.width !== canvas.width || m.base.height !== canvas.height) m.base = mapBase(m, canvas, ax, w, h);
    ctx.drawImage(m.base, 0, 0, w, h);             // image, axes and colour bar: drawn once per map
    const last = state.estimates[state.estimates.length - 1];
    ax.clip();
    if (last) {
      const tr = truthOf(last, 0);
      if (tr) { ctx.strokeStyle = C.truth; ctx.lineWidth = 2.5; P.cross(ctx, ax.X(Math.sin(tr.angleRad)), ax.Y(tr.radialVelocityMps), 7); }
      for (const t of last.targets) {
        ctx.strokeStyle = '#fff'; ctx.lineWidth = 2;
        ctx.beginPath(); ctx.arc(ax.X(Math.sin(t.angleRad)), ax.Y(t.radialVelocityMps), 9, 0, 2 * Math.PI); ctx.stroke();
      }
    }
    ax.unclip();
    const age = (performance.timeOrigin + performance.now() - m.capturedMs) / 1000;
    ctx.font = P.FONT; ctx.fillStyle = C.text; ctx.textAlign = 'left'; ctx.textBaseline = 'bottom';
    ctx.fillText('angle–Doppler power (2-D DFT) of a CPI ' + age.toFixed(1) + ' s ago', ax.x0, ax.y0 - 4);
  }

  /** The static part of the heat map on its own canvas: the cells, axes with units, the colour bar. */
  function mapBase(m, canvas, axOn, w, h) {
    const img = document.createElement('canvas');
    img.width = m.rows; img.height = m.columns;
    const g = img.getContext('2d'), data = g.createImageData(m.rows, m.columns);
    for (let r = 0; r < m.rows; r++) {
      for (let c = 0; c < m.columns; c++) {
        const rgb = P.VIRIDIS[m.cells[r * m.columns + c]], o = 4 * ((m.columns - 1 - c) * m.rows + r);
        data.data[o] = rgb[0]; data.data[o + 1] = rgb[1]; data.data[o + 2] = rgb[2]; data.data[o + 3] = 255;
      }
    }
    g.putImageData(data, 0, 0);
    const base = document.createElement('canvas');
    base.width = canvas.width; base.height = canvas.height;
    const ctx = base.getContext('2d');
    ctx.setTransform(canvas.width / w, 0, 0, canvas.height / h, 0, 0);
    const ax = new P.Axes(ctx, { x: 0, y: 0, w, h }, axOn.xr, axOn.yr, { l: 58, r: 78, t: 20, b: 36 });
    const ra = m.rowAxis, ca = m.columnAxis;
    const sLo = ra.start - ra.step / 2, sHi = ra.start + (m.rows - 0.5) * ra.step;
    const vLo = ca.start - ca.step / 2, vHi = ca.start + (m.columns - 0.5) * ca.step;
    const ticks = DEG_TICKS.filter(d => w > 420 || d % 30 === 0).map(d => [Math.sin(d * Math.PI / 180), d + '°']);
    ax.draw({ noGrid: true, xLabel: 'angle θ (deg; axis linear in sin θ)', yLabel: 'radial velocity v_r (m/s)', xTicks: ticks });
    ctx.imageSmoothingEnabled = false;
    ax.clip();
    ctx.drawImage(img, ax.X(sLo), ax.Y(vHi), ax.X(sHi) - ax.X(sLo), ax.Y(vLo) - ax.Y(vHi));
    ax.unclip();
    ctx.strokeStyle = C.axis; ctx.lineWidth = 1; ctx.strokeRect(ax.x0, ax.y0, ax.w, ax.h);
    const bx = ax.x0 + ax.w + 12, bw = 12;
    const grad = ctx.createLinearGradient(0, ax.y0, 0, ax.y0 + ax.h);
    for (let i = 0; i <= 10; i++) grad.addColorStop(i / 10, 'rgb(' + P.VIRIDIS[Math.round(255 * (1 - i / 10))].join(',') + ')');
    ctx.fillStyle = grad; ctx.fillRect(bx, ax.y0, bw, ax.h);
    ctx.font = P.SMALL; ctx.fillStyle = C.text; ctx.textAlign = 'left'; ctx.textBaseline = 'middle';
    for (let db = 0; db >= -m.rangeDb; db -= 10) ctx.fillText(String(db), bx + bw + 3, ax.y0 + (-db / m.rangeDb) * ax.h);
    ctx.save(); ctx.translate(bx + bw + 40, ax.y0 + ax.h / 2); ctx.rotate(-Math.PI / 2); ctx.textAlign = 'center';
    ctx.font = P.FONT; ctx.fillText('power (dB re peak)', 0, 0); ctx.restore();
    return base;
  }

  // ---- calibration: per-element amplitude and phase of the table in force, and drift since the first table
  function wrapDeg(d) { return ((d + 180) % 360 + 360) % 360 - 180; }

  function drawCalibration(canvas, state, which) {
    const cal = state.calibrations.get(state.calVersion);
    if (!cal) return placeholder(canvas, 'no calibration table yet');
    const { ctx, w, h } = P.fit(canvas);
    const first = state.calibrations.get(Math.min(...state.calibrations.keys()));
    const prev = [...state.calibrations.keys()].filter(v => v < state.calVersion).sort((a, b) => b - a)[0];
    const sim = state.scene && state.scene.simulatedW;
    const n = cal.amplitudeDb.length, idx = Array.from({ length: n }, (_, i) => i);
    const series = [];
    let title, unit;
    if (which === 'amplitude' || which === 'phase') {
      const key = which === 'amplitude' ? 'amplitudeDb' : 'phaseDeg';
      unit = which === 'amplitude' ? 'dB' : 'deg';
      title = (which === 'amplitude' ? 'amplitude |w_n|' : 'phase ∠w_n') + ' (' + unit + ')';
      if (sim) series.push({ ys: sim[key], color: C.truth, dash: [4, 3], label: 'true W (sim)' });
      if (prev !== undefined) series.push({ ys: state.calibrations.get(prev)[key], color: C.previous, label: 'v' + prev });
      series.push({ ys: cal[key], color: C.estimate, label: 'in force (v' + cal.version + ')' });
    } else {
      const key = which === 'drift-amplitude' ? 'amplitudeDb' : 'phaseDeg';
      unit = which === 'drift-amplitude' ? 'dB' : 'deg';
      title = 'drift since v' + first.version + ': Δ' + (which === 'drift-amplitude' ? 'amplitude' : 'phase') + ' (' + unit + ')';
      series.push({ ys: cal[key].map((v, i) => key === 'phaseDeg' ? wrapDeg(v - first[key][i]) : v - first[key][i]),
        color: C.estimate, label: 'v' + cal.version + ' − v' + first.version });
    }
    const yr = P.range(series.flatMap(s => s.ys), 0.1, unit === 'dB' ? 0.5 : 5);
    const ax = new P.Axes(ctx, { x: 0, y: 14, w, h: h - 14 }, [0, Math.max(1, n - 1)], yr, { l: 58, r: 8, t: 18, b: 34 });
    ax.draw({ title, xLabel: 'element n', yLabel: unit });
    ax.clip();
    for (const s of series) ax.line(idx, s.ys, s.color, 1.5, s.dash);
    ax.unclip();
    if (which.startsWith('drift') && cal.version === first.version) {
      ctx.font = P.SMALL; ctx.fillStyle = C.muted; ctx.textAlign = 'center'; ctx.textBaseline = 'top';
      ctx.fillText('one table so far: nothing has drifted', ax.x0 + ax.w / 2, ax.y0 + 6);
    }
    P.legend(ctx, ax.x0, 6, series.map(s => ({ label: s.label, color: s.color, kind: s.dash ? 'dash' : 'line' })));
  }

  return { drawMap, drawSeries, drawAngleDoppler, drawCalibration, PARAMS, truthOf, wrapDeg, TARGET_COLORS };
})();
