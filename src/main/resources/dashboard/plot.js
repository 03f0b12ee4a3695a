// NF-Testbed dashboard: plotting primitives on a 2-D canvas (no library, nothing from the internet).
// Axes with "nice" ticks and unit labels, data-to-pixel maps, a perceptual colour map.
'use strict';
window.NFTB = window.NFTB || {};

NFTB.plot = (() => {
  const FONT = '12px system-ui, "DejaVu Sans", sans-serif';
  const SMALL = '11px system-ui, "DejaVu Sans", sans-serif';
  const COLORS = {
    estimate: '#1f5fbf', truth: '#e0701a', band: 'rgba(31,95,191,0.16)', grid: '#e3e6ea', axis: '#555',
    text: '#222', array: '#111', muted: '#9aa3ad', previous: '#a8b0b8', fault: '#c0392b'
  };

  // CSS sizes of the canvases, kept up to date by a ResizeObserver: reading the layout while drawing would force the
  // browser to lay the page out again in the middle of every frame
  const sizes = new WeakMap();
  const observer = new ResizeObserver(entries => {
    for (const e of entries) sizes.set(e.target, { width: e.contentRect.width, height: e.contentRect.height });
    if (NFTB.onResize) NFTB.onResize();
  });

  /** Sizes the canvas backing store to its CSS box (sharp on any pixel ratio); returns {ctx, w, h} in CSS px. */
  function fit(canvas) {
    const dpr = window.devicePixelRatio || 1;
    let r = sizes.get(canvas);
    if (!r) { r = canvas.getBoundingClientRect(); sizes.set(canvas, r); observer.observe(canvas); }
    const w = Math.max(10, Math.floor(r.width));
    const h = Math.max(10, Math.floor(r.height));
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
    }
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    return { ctx, w, h };
  }

  /** A step of 1, 2 or 5 × 10^k giving about n intervals over span. */
  function niceStep(span, n) {
    if (!(span > 0)) return 1;
    const raw = span / Math.max(1, n);
    const p = Math.pow(10, Math.floor(Math.log10(raw)));
    const f = raw / p;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
  }

  function ticks(min, max, n) {
    const step = niceStep(max - min, n);
    const out = [];
    for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) {
      out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
    }
    return { values: out, step };
  }

  /** Formats v with as many decimals as the tick step needs. */
  function fmt(v, step) {
    const d = Math.max(0, Math.min(9, -Math.floor(Math.log10(step) + 1e-9)));
    return v.toFixed(d);
  }

  /** [min, max] of finite values, widened by pad (fraction) and to at least minSpan. */
  function range(values, pad, minSpan) {
    let lo = Infinity, hi = -Infinity;
    for (const v of values) {
      if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    }
    if (!Number.isFinite(lo)) return [0, 1];
    const span = Math.max(hi - lo, minSpan || Math.abs(hi) * 1e-9 || 1e-12);
    const mid = (lo + hi) / 2;
    return [mid - span * (0.5 + pad), mid + span * (0.5 + pad)];
  }

  /** A plot area inside (x, y, w, h) with data ranges xr, yr; margins leave room for ticks and labels. */
  class Axes {
    constructor(ctx, box, xr, yr, margin) {
      const m = margin || { l: 58, r: 10, t: 20, b: 36 };
      this.ctx = ctx;
      this.x0 = box.x + m.l; this.y0 = box.y + m.t;
      this.w = Math.max(10, box.w - m.l - m.r); this.h = Math.max(10, box.h - m.t - m.b);
      this.xr = xr; this.yr = yr;
    }
    X(v) { return this.x0 + (v - this.xr[0]) / (this.xr[1] - this.xr[0]) * this.w; }
    Y(v) { return this.y0 + this.h - (v - this.yr[0]) / (this.yr[1] - this.yr[0]) * this.h; }

    /** Frame, grid, ticks and labels. opts: title, xLabel, yLabel, xTicks (list of [value, label]), noGrid. */
    draw(opts) {
      const c = this.ctx;
      c.save();
      c.font = SMALL; c.lineWidth = 1;
      const yt = ticks(this.yr[0], this.yr[1], Math.max(2, Math.round(this.h / 38)));
      const xt = opts.xTicks || ticks(this.xr[0], this.xr[1], Math.max(2, Math.round(this.w / 75))).values
        .map((v, _, a) => [v, fmt(v, a.length > 1 ? a[1] - a[0] : 1)]);
      c.strokeStyle = COLORS.grid; c.fillStyle = COLORS.text;
      c.textAlign = 'right'; c.textBaseline = 'middle';
      for (const v of yt.values) {
        const y = this.Y(v);
        if (!opts.noGrid) { c.beginPath(); c.moveTo(this.x0, y); c.lineTo(this.x0 + this.w, y); c.stroke(); }
        c.fillText(fmt(v, yt.step), this.x0 - 4, y);
      }
      c.textAlign = 'center'; c.textBaseline = 'top';
      for (const [v, label] of xt) {
        if (v < this.xr[0] || v > this.xr[1]) continue;
        const x = this.X(v);
        if (!opts.noGrid) { c.beginPath(); c.moveTo(x, this.y0); c.lineTo(x, this.y0 + this.h); c.stroke(); }
        c.fillText(label, x, this.y0 + this.h + 3);
      }
      c.strokeStyle = COLORS.axis;
      c.strokeRect(this.x0, this.y0, this.w, this.h);
      c.font = FONT; c.fillStyle = COLORS.text;
      if (opts.xLabel) { c.textBaseline = 'bottom'; c.fillText(opts.xLabel, this.x0 + this.w / 2, this.y0 + this.h + 34); }
      if (opts.title) { c.textAlign = 'left'; c.textBaseline = 'bottom'; c.fillText(opts.title, this.x0, this.y0 - 4); }
      if (opts.yLabel) {
        c.save(); c.translate(this.x0 - 46, this.y0 + this.h / 2); c.rotate(-Math.PI / 2);
        c.textAlign = 'center'; c.textBaseline = 'bottom'; c.fillText(opts.yLabel, 0, 0); c.restore();
      }
      c.restore();
    }

    clip() {
      this.ctx.save();
      this.ctx.beginPath(); this.ctx.rect(this.x0, this.y0, this.w, this.h); this.ctx.clip();
    }
    unclip() { this.ctx.restore(); }

    line(xs, ys, color, width, dash) {
      const c = this.ctx;
      c.save(); c.strokeStyle = color; c.lineWidth = width || 1.5; c.setLineDash(dash || []);
      c.beginPath();
      let pen = false;
      for (let i = 0; i < xs.length; i++) {
        if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) { pen = false; continue; }
        const x = this.X(xs[i]), y = this.Y(ys[i]);
        if (pen) c.lineTo(x, y); else c.moveTo(x, y);
        pen = true;
      }
      c.stroke(); c.restore();
    }

    /** Dots as small squares: a software-rendered canvas fills rectangles far faster than circles. */
    dots(xs, ys, color, radius) {
      const c = this.ctx, r = radius || 2, d = 2 * r;
      c.save(); c.fillStyle = color;
      for (let i = 0; i < xs.length; i++) {
        if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) continue;
        c.fillRect(this.X(xs[i]) - r, this.Y(ys[i]) - r, d, d);
      }
      c.restore();
    }

    /** Shaded band between lo[i] and hi[i] over xs (gaps where a value is missing). */
    band(xs, lo, hi, color) {
      const c = this.ctx;
      c.save(); c.fillStyle = color;
      let i = 0;
      while (i < xs.length) {
        while (i < xs.length && !(Number.isFinite(lo[i]) && Number.isFinite(hi[i]))) i++;
        const s = i;
        while (i < xs.length && Number.isFinite(lo[i]) && Number.isFinite(hi[i])) i++;
        if (i - s < 1) continue;
        c.beginPath();
        for (let j = s; j < i; j++) c.lineTo(this.X(xs[j]), this.Y(hi[j]));
        for (let j = i - 1; j >= s; j--) c.lineTo(this.X(xs[j]), this.Y(lo[j]));
        c.closePath(); c.fill();
      }
      c.restore();
    }
  }

  /** Legend entries [{label, color, kind: 'dot'|'line'|'dash'|'band'|'cross'}] in one row at (x, y). */
  function legend(ctx, x, y, entries) {
    ctx.save(); ctx.font = SMALL; ctx.textBaseline = 'middle'; ctx.textAlign = 'left';
    for (const e of entries) {
      ctx.strokeStyle = e.color; ctx.fillStyle = e.color; ctx.lineWidth = 2;
      if (e.kind === 'dot') { ctx.beginPath(); ctx.arc(x + 6, y, 3, 0, 2 * Math.PI); ctx.fill(); }
      else if (e.kind === 'band') { ctx.fillRect(x, y - 5, 14, 10); }
      else if (e.kind === 'cross') { cross(ctx, x + 6, y, 4); }
      else { ctx.setLineDash(e.kind === 'dash' ? [4, 3] : []); ctx.beginPath(); ctx.moveTo(x, y); ctx.lineTo(x + 14, y); ctx.stroke(); ctx.setLineDash([]); }
      ctx.fillStyle = COLORS.text;
      ctx.fillText(e.label, x + 18, y);
      x += 26 + ctx.measureText(e.label).width;
    }
    ctx.restore();
  }

  function cross(ctx, x, y, r) {
    ctx.beginPath(); ctx.moveTo(x - r, y - r); ctx.lineTo(x + r, y + r); ctx.moveTo(x - r, y + r); ctx.lineTo(x + r, y - r); ctx.stroke();
  }

  /** Arrow from (x, y) to (x2, y2) in pixels. */
  function arrow(ctx, x, y, x2, y2, color) {
    const a = Math.atan2(y2 - y, x2 - x), h = 7;
    ctx.save(); ctx.strokeStyle = color; ctx.fillStyle = color; ctx.lineWidth = 2;
    ctx.beginPath(); ctx.moveTo(x, y); ctx.lineTo(x2, y2); ctx.stroke();
    ctx.beginPath(); ctx.moveTo(x2, y2);
    ctx.lineTo(x2 - h * Math.cos(a - 0.4), y2 - h * Math.sin(a - 0.4));
    ctx.lineTo(x2 - h * Math.cos(a + 0.4), y2 - h * Math.sin(a + 0.4)); ctx.closePath(); ctx.fill();
    ctx.restore();
  }

  /** Semi-axes and angle of the k-sigma ellipse of a 2x2 covariance [[a, b], [b, c]]. */
  function ellipse(a, b, c, k) {
    const t = (a + c) / 2, d = Math.sqrt(Math.max(0, (a - c) * (a - c) / 4 + b * b));
    const l1 = Math.max(0, t + d), l2 = Math.max(0, t - d);
    return { rx: k * Math.sqrt(l1), ry: k * Math.sqrt(l2), angle: 0.5 * Math.atan2(2 * b, a - c) };
  }

  // perceptual colour map (viridis anchors, linear in between), 256 entries of [r, g, b]
  const VIRIDIS = (() => {
    const a = [[68, 1, 84], [72, 40, 120], [62, 74, 137], [49, 104, 142], [38, 130, 142], [31, 158, 137],
      [53, 183, 121], [109, 205, 89], [180, 222, 44], [253, 231, 37]];
    const out = [];
    for (let i = 0; i < 256; i++) {
      const p = i / 255 * (a.length - 1), j = Math.min(a.length - 2, Math.floor(p)), f = p - j;
      out.push(a[j].map((v, k) => Math.round(v + f * (a[j + 1][k] - v))));
    }
    return out;
  })();

  return { fit, ticks, fmt, range, Axes, legend, cross, arrow, ellipse, VIRIDIS, COLORS, FONT, SMALL };
})();
