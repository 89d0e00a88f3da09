// The workshop page of qpvsim serve (docs/workshop.md). It asks the server for the QPVs and the
// levers' defaults (/api/config), sends the levers to /api/runs, polls the run and draws each
// stage's results as they arrive. Every figure and sentence shown comes from the server, which
// computes them with the comparison functions of the report and writes them in its French; the
// page only lays them out and draws the charts (in the report's style: analysis/present/charts.cpp).
'use strict';
(function () {
  const NS = 'http://www.w3.org/2000/svg';
  // The report's Okabe-Ito colours (analysis/report/context.cpp).
  const COLORS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00'];
  const NARROW = '\u202f';
  const NBSP = '\u00a0';
  const MINUS = '\u2212';
  const POLL_MS = 300;

  const $ = (id) => document.getElementById(id);
  const state = {
    config: null,
    qpvs: [], // {code, name, label, communes, number}
    selected: new Set(),
    run: null, // the run under way: {id, stage, settings, clicked}
    current: null, // the results shown: {id, results, stage, replicates, done, settings}
    previous: null, // the try before (same shape)
    tries: [],
    timer: null,
  };

  // ------------------------------------------------------------------------------------------
  // Small helpers

  /** An HTML element with attributes (class, text, and any other) and children. */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }
  /** An SVG element with attributes and children. */
  function svgEl(tag, attrs, ...children) {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null) continue;
      if (k === 'text') e.textContent = v;
      else e.setAttribute(k, String(v));
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }

  function clientId() {
    const fresh = () => {
      const bytes = new Uint8Array(12);
      crypto.getRandomValues(bytes);
      return 'p' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    };
    try {
      let id = sessionStorage.getItem('qpvsim-client');
      if (!id) {
        id = fresh();
        sessionStorage.setItem('qpvsim-client', id);
      }
      return id;
    } catch (e) {
      return fresh();
    }
  }
  const CLIENT = clientId();

  /** A number the French way, as analysis::format_fr writes it. */
  function formatFr(value, decimals, plus) {
    if (!Number.isFinite(value)) return '—';
    const digits = Math.abs(value).toFixed(decimals);
    const zero = !/[1-9]/.test(digits);
    const [whole, frac] = digits.split('.');
    let out = zero ? '' : value < 0 ? MINUS : plus ? '+' : '';
    for (let i = 0; i < whole.length; ++i) {
      if (i > 0 && (whole.length - i) % 3 === 0) out += NARROW;
      out += whole[i];
    }
    return frac !== undefined ? out + ',' + frac : out;
  }

  /** Round ticks covering [lo, hi], as analysis::svg::nice_ticks. */
  function niceTicks(lo, hi, target) {
    if (!(hi > lo)) return [lo];
    const raw = (hi - lo) / Math.max(target, 1);
    const p = Math.pow(10, Math.floor(Math.log10(raw)));
    let step = 10 * p;
    for (const m of [1, 2, 2.5, 5]) {
      if (m * p >= raw * (1 - 1e-9)) {
        step = m * p;
        break;
      }
    }
    return step;
  }
  function tickDecimals(step) {
    let d = 0;
    while (d < 10 && Math.abs(step * Math.pow(10, d) - Math.round(step * Math.pow(10, d))) > 1e-6 * Math.max(1, step * Math.pow(10, d))) ++d;
    return d;
  }
  /** The axis of analysis/present/svg.cpp: the data range widened to round ticks. */
  function makeAxis(lo, hi, withZero, target) {
    if (withZero) {
      lo = Math.min(lo, 0);
      hi = Math.max(hi, 0);
    }
    if (!(hi > lo)) {
      const pad = Math.max(Math.abs(hi) * 0.1, 1);
      lo -= pad;
      hi += pad;
    } else {
      const pad = (hi - lo) * 0.04;
      if (!(withZero && lo === 0)) lo -= pad;
      if (!(withZero && hi === 0)) hi += pad;
    }
    const step = niceTicks(lo, hi, target);
    const a = { lo: Math.floor(lo / step + 1e-9) * step, hi: Math.ceil(hi / step - 1e-9) * step, ticks: [] };
    for (let k = Math.round(a.lo / step); k * step <= a.hi + step * 1e-9; k += 1) a.ticks.push(Math.abs(k) < 0.5 ? 0 : k * step);
    a.decimals = tickDecimals(step);
    return a;
  }
  const px = (v) => v.toFixed(1);

  /** The unit after a figure the server wrote ("+0,5 point" → "point"). */
  function unitOf(shown) {
    const at = (shown || '').lastIndexOf(NBSP);
    return at < 0 ? '' : shown.slice(at + 1);
  }

  // ------------------------------------------------------------------------------------------
  // Charts, in the style of the report (analysis/present/charts.cpp)

  function chartSvg(title, width, height) {
    return svgEl('svg', {
      class: 'chart', role: 'img', 'aria-label': title, xmlns: NS,
      viewBox: `0 0 ${width} ${height}`, width, height,
      'font-family': 'DejaVu Sans, Arial, sans-serif', 'font-size': 12,
    }, svgEl('title', { text: title }));
  }

  /** Horizontal bars from zero with whiskers, one per QPV; a diamond marks the previous try. */
  function barChart(c) {
    const top = 8, row = 26, bar = 13, bottom = 62, right = 150, charW = 7.2;
    const maxLabel = 38;
    const label = (s) => (s.length > maxLabel ? s.slice(0, maxLabel - 1).trimEnd() + '…' : s);
    const longest = Math.max(1, ...c.bars.map((b) => Math.min(b.label.length, maxLabel)));
    const left = longest * charW + 22;
    const w = c.width || 700;
    const h = top + row * Math.max(c.bars.length, 1) + bottom;
    const s = chartSvg(c.title, w, Math.ceil(h));
    let lo = Infinity, hi = -Infinity;
    for (const b of c.bars) for (const v of [b.mean, b.low, b.high, b.prev]) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    if (!Number.isFinite(lo)) lo = hi = 0;
    const axis = makeAxis(lo, hi, true, 4);
    const plotBottom = h - bottom;
    const x = (v) => left + ((v - axis.lo) / (axis.hi - axis.lo)) * (w - right - left);
    let grid = '', ticks = `M${px(left)} ${px(plotBottom)}H${px(w - right)}`;
    for (const t of axis.ticks) {
      grid += `M${px(x(t))} ${px(top)}V${px(plotBottom)}`;
      ticks += `M${px(x(t))} ${px(plotBottom)}v5`;
      s.append(svgEl('text', { x: px(x(t)), y: px(plotBottom + 18), 'text-anchor': 'middle', fill: '#333', text: formatFr(t, axis.decimals) }));
    }
    s.append(svgEl('path', { class: 'grid', d: grid, stroke: '#e3e3e3', fill: 'none' }));
    s.append(svgEl('path', { class: 'axis', d: ticks, stroke: '#666', fill: 'none' }));
    s.append(svgEl('text', { x: px((left + w - right) / 2), y: px(plotBottom + 34), 'text-anchor': 'middle', fill: '#333', text: c.unit }));
    const legend = 'Barre : moyenne des futurs simulés ; trait : 9 futurs sur 10' + (c.bars.some((b) => Number.isFinite(b.prev)) ? ' ; ◆ : essai précédent.' : '.');
    s.append(svgEl('text', { x: px((left + w - right) / 2), y: px(plotBottom + 50), 'text-anchor': 'middle', fill: '#555', 'font-size': 11, text: legend }));
    c.bars.forEach((b, i) => {
      const yc = top + row * (i + 0.5);
      const g = svgEl('g', { class: 'row', 'data-code': b.code }, svgEl('title', { text: `${b.label} : ${b.text}${b.interval ? ' ' + b.interval : ''}` }));
      g.append(svgEl('text', { x: px(left - 8), y: px(yc), 'text-anchor': 'end', 'dominant-baseline': 'middle', fill: '#222', 'font-weight': b.bold ? 'bold' : null, text: (b.bold ? '● ' : '') + label(b.label) }));
      if (Number.isFinite(b.mean)) {
        const a = x(0), m = x(b.mean);
        g.append(svgEl('rect', { class: 'data bar', x: px(Math.min(a, m)), y: px(yc - bar / 2), width: px(Math.abs(m - a)), height: px(bar), fill: c.color, 'fill-opacity': 0.75 }));
      }
      if (Number.isFinite(b.low) && Number.isFinite(b.high)) {
        const l = x(b.low), r = x(b.high);
        g.append(svgEl('path', { class: 'data whisker', d: `M${px(l)} ${px(yc)}H${px(r)}M${px(l)} ${px(yc - 6)}V${px(yc + 6)}M${px(r)} ${px(yc - 6)}V${px(yc + 6)}`, stroke: '#222', 'stroke-width': 1.3, fill: 'none' }));
      }
      if (Number.isFinite(b.prev)) {
        const p = x(b.prev);
        g.append(svgEl('path', { class: 'previous', d: `M${px(p)} ${px(yc - 7)}l6 7l-6 7l-6 -7Z`, fill: '#fff', stroke: '#222', 'stroke-width': 1.4 }));
      }
      g.append(svgEl('text', { x: px(w - right + 8), y: px(yc), 'dominant-baseline': 'middle', fill: '#222', text: b.text }));
      s.append(g);
    });
    s.append(svgEl('path', { class: 'zero', d: `M${px(x(0))} ${px(top)}V${px(plotBottom)}`, stroke: '#444', fill: 'none' }));
    return s;
  }

  /** A mean line and its 90 % band month by month (the report's fan chart of a difference). */
  function fanChart(c) {
    const left = 58, right = 16, top = 24, bottom = 28, legendRow = 18;
    const w = c.width || 560, h = c.height || 240;
    const s = chartSvg(c.title, w, h + legendRow * (c.series.length + 1) + 6);
    s.append(svgEl('text', { x: 4, y: 14, fill: '#333', text: c.unit }));
    let lo = Infinity, hi = -Infinity;
    for (const se of c.series) for (const arr of [se.mean, se.low, se.high]) for (const v of arr) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    if (!Number.isFinite(lo) || c.x.length === 0) {
      s.append(svgEl('text', { x: w / 2, y: h / 2, 'text-anchor': 'middle', fill: '#555', text: 'Pas de données pour cet indicateur' }));
      return s;
    }
    const ya = makeAxis(lo, hi, !!c.zero, 5);
    const y = (v) => h - bottom + ((v - ya.lo) / (ya.hi - ya.lo)) * (top - (h - bottom));
    const x0 = c.x[0], x1 = c.x.length > 1 ? c.x[c.x.length - 1] : c.x[0] + 1;
    const x = (v) => left + ((v - x0) / (x1 - x0)) * (w - right - left);
    let grid = '';
    for (const t of ya.ticks) {
      grid += `M${px(left)} ${px(y(t))}H${px(w - right)}`;
      s.append(svgEl('text', { x: px(left - 6), y: px(y(t)), 'text-anchor': 'end', 'dominant-baseline': 'middle', fill: '#333', text: formatFr(t, ya.decimals) }));
    }
    s.append(svgEl('path', { class: 'grid', d: grid, stroke: '#e3e3e3', fill: 'none' }));
    let ticks = `M${px(left)} ${px(h - bottom)}H${px(w - right)}`;
    for (let yr = Math.ceil(x0); yr <= x1; ++yr) {
      ticks += `M${px(x(yr))} ${px(h - bottom)}v5`;
      s.append(svgEl('text', { x: px(x(yr)), y: px(h - bottom + 18), 'text-anchor': 'middle', fill: '#333', text: String(yr) }));
    }
    s.append(svgEl('path', { class: 'axis', d: ticks, stroke: '#666', fill: 'none' }));
    if (c.zero) s.append(svgEl('path', { class: 'zero', d: `M${px(left)} ${px(y(0))}H${px(w - right)}`, stroke: '#444', fill: 'none' }));
    for (const se of c.series) {
      let band = '';
      const n = Math.min(c.x.length, se.low.length, se.high.length);
      for (let i = 0; i < n;) {
        if (!Number.isFinite(se.low[i]) || !Number.isFinite(se.high[i])) { ++i; continue; }
        let j = i;
        while (j < n && Number.isFinite(se.low[j]) && Number.isFinite(se.high[j])) ++j;
        for (let k = i; k < j; ++k) band += `${k === i ? 'M' : 'L'}${px(x(c.x[k]))} ${px(y(se.high[k]))}`;
        for (let k = j - 1; k >= i; --k) band += `L${px(x(c.x[k]))} ${px(y(se.low[k]))}`;
        band += 'Z';
        i = j;
      }
      if (band) s.append(svgEl('path', { class: 'data band', d: band, fill: se.color, 'fill-opacity': 0.2, stroke: 'none' }));
      let line = '', pen = false;
      for (let i = 0; i < Math.min(c.x.length, se.mean.length); ++i) {
        if (!Number.isFinite(se.mean[i])) { pen = false; continue; }
        line += `${pen ? 'L' : 'M'}${px(x(c.x[i]))} ${px(y(se.mean[i]))}`;
        pen = true;
      }
      if (line) s.append(svgEl('path', { class: 'data line', d: line, fill: 'none', stroke: se.color, 'stroke-width': 2, 'stroke-linejoin': 'round', 'stroke-linecap': 'round' }));
    }
    let ly = h + 8;
    for (const se of c.series) {
      s.append(svgEl('rect', { x: left, y: px(ly), width: 22, height: 12, fill: se.color, 'fill-opacity': 0.2 }));
      s.append(svgEl('path', { d: `M${left} ${px(ly + 6)}h22`, stroke: se.color, 'stroke-width': 2 }));
      s.append(svgEl('text', { x: left + 28, y: px(ly + 10.5), fill: '#222', text: se.label }));
      ly += legendRow;
    }
    s.append(svgEl('text', { x: left, y: px(ly + 10.5), fill: '#555', 'font-size': 11, text: 'Trait : moyenne des futurs simulés ; zone colorée : 9 futurs sur 10.' }));
    return s;
  }

  // ------------------------------------------------------------------------------------------
  // The QPVs: schematic map and list by commune

  function drawMap() {
    const map = $('carte');
    const W = 460, H = 420, pad = 34;
    const communes = new Map(state.config.communes.map((c) => [c.name, c]));
    const lat0 = state.config.communes.reduce((a, c) => a + c.lat, 0) / Math.max(1, state.config.communes.length);
    const k = Math.cos((lat0 * Math.PI) / 180);
    const pts = state.config.communes.map((c) => [c.lon * k, -c.lat]);
    const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
    const minX = Math.min(...xs), maxX = Math.max(...xs), minY = Math.min(...ys), maxY = Math.max(...ys);
    const scale = Math.min((W - 2 * pad) / (maxX - minX || 1), (H - 2 * pad) / (maxY - minY || 1));
    const offX = (W - (maxX - minX) * scale) / 2, offY = (H - (maxY - minY) * scale) / 2;
    const proj = (lat, lon) => [offX + (lon * k - minX) * scale, offY + (-lat - minY) * scale];
    const dots = svgEl('g', { class: 'communes' });
    for (const c of state.config.communes) {
      const [x, y] = proj(c.lat, c.lon);
      dots.append(svgEl('g', { class: 'commune' }, svgEl('circle', { cx: px(x), cy: px(y), r: 2.5 })));
    }
    map.append(dots);
    // Each QPV at the centre of its communes, pushed apart where they would overlap.
    const pos = state.qpvs.map((q, i) => {
      const known = q.communes.map((n) => communes.get(n)).filter(Boolean);
      if (known.length === 0) return [W / 2, H / 2];
      const lat = known.reduce((a, c) => a + c.lat, 0) / known.length;
      const lon = known.reduce((a, c) => a + c.lon, 0) / known.length;
      const [x, y] = proj(lat, lon);
      return [x + 3 * Math.cos(i * 2.4), y + 3 * Math.sin(i * 2.4)];
    });
    const gap = 28;
    for (let it = 0; it < 80; ++it) {
      for (let i = 0; i < pos.length; ++i) {
        for (let j = i + 1; j < pos.length; ++j) {
          const dx = pos[j][0] - pos[i][0], dy = pos[j][1] - pos[i][1];
          const d = Math.hypot(dx, dy) || 1;
          if (d < gap) {
            const push = (gap - d) / 2;
            pos[i][0] -= (dx / d) * push; pos[i][1] -= (dy / d) * push;
            pos[j][0] += (dx / d) * push; pos[j][1] += (dy / d) * push;
          }
        }
      }
      for (const p of pos) {
        p[0] = Math.min(W - 14, Math.max(14, p[0]));
        p[1] = Math.min(H - 14, Math.max(14, p[1]));
      }
    }
    state.qpvs.forEach((q, i) => {
      const g = svgEl('g', { class: 'qpv', 'data-code': q.code, tabindex: 0, role: 'checkbox', 'aria-label': `${q.number}. ${q.label} (${q.communes.join(', ')})` },
        svgEl('title', { text: `${q.number}. ${q.label} (${q.communes.join(', ')})` }),
        svgEl('circle', { cx: px(pos[i][0]), cy: px(pos[i][1]), r: 12 }),
        svgEl('text', { x: px(pos[i][0]), y: px(pos[i][1] + 4), 'text-anchor': 'middle', text: String(q.number) }));
      g.addEventListener('click', () => toggle(q.code));
      g.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(q.code); }
      });
      map.append(g);
    });
    // Commune names where they hide neither a QPV nor another name (greedy, in a fixed order).
    const boxes = pos.map(([x, y]) => [x - 13, y - 13, x + 13, y + 13]);
    const overlap = (a, b) => Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0])) * Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
    const names = svgEl('g', { class: 'communes' });
    for (const c of state.config.communes) {
      const [x, y] = proj(c.lat, c.lon);
      const w = c.name.length * 6.3, hgt = 12;
      const candidates = [
        { box: [x + 4, y - 10, x + 4 + w, y + 2], tx: x + 4, ty: y, anchor: 'start' },
        { box: [x - 4 - w, y - 10, x - 4, y + 2], tx: x - 4, ty: y, anchor: 'end' },
        { box: [x - w / 2, y - 6 - hgt, x + w / 2, y - 6], tx: x, ty: y - 8, anchor: 'middle' },
        { box: [x - w / 2, y + 5, x + w / 2, y + 5 + hgt], tx: x, ty: y + 15, anchor: 'middle' },
        { box: [x + 4, y + 1, x + 4 + w, y + 13], tx: x + 4, ty: y + 11, anchor: 'start' },
        { box: [x - 4 - w, y + 1, x - 4, y + 13], tx: x - 4, ty: y + 11, anchor: 'end' },
      ];
      let best = null, bestScore = Infinity;
      for (const cand of candidates) {
        const b = cand.box;
        let score = (b[0] < 2 || b[2] > W - 2 || b[1] < 2 || b[3] > H - 2) ? 1e6 : 0;
        for (const o of boxes) score += overlap(b, o);
        if (score < bestScore) { best = cand; bestScore = score; }
      }
      boxes.push(best.box);
      names.append(svgEl('g', { class: 'commune' }, svgEl('text', {
        x: px(best.tx), y: px(best.ty), 'text-anchor': best.anchor, stroke: '#fbfbf8', 'stroke-width': 3, 'paint-order': 'stroke', text: c.name })));
    }
    map.append(names);
    map.setAttribute('viewBox', `0 0 ${W} ${H}`);
  }

  function drawList() {
    const list = $('liste-quartiers');
    const groups = new Map();
    for (const q of state.qpvs) {
      const c = q.communes[0] || '';
      if (!groups.has(c)) groups.set(c, []);
      groups.get(c).push(q);
    }
    const names = [...groups.keys()].sort((a, b) => a.localeCompare(b, 'fr'));
    for (const name of names) {
      const g = el('div', { class: 'commune-group' }, el('p', { class: 'commune-name', text: name }));
      for (const q of groups.get(name)) {
        const box = el('input', { type: 'checkbox', id: `qpv-${q.code}`, 'data-code': q.code });
        box.addEventListener('change', () => select(q.code, box.checked));
        const others = q.communes.slice(1);
        g.append(el('label', { for: `qpv-${q.code}`, title: q.communes.join(', ') }, box,
          el('span', { class: 'num', text: String(q.number) }),
          el('span', { text: q.label + (others.length ? ` (et ${others.join(', ')})` : '') })));
      }
      list.append(g);
    }
  }

  function select(code, on) {
    if (on) state.selected.add(code);
    else state.selected.delete(code);
    syncSelection();
  }
  function toggle(code) {
    select(code, !state.selected.has(code));
  }
  function syncSelection() {
    for (const q of state.qpvs) {
      const on = state.selected.has(q.code);
      const box = $(`qpv-${q.code}`);
      if (box) box.checked = on;
      const g = document.querySelector(`#carte .qpv[data-code="${q.code}"]`);
      if (g) {
        g.classList.toggle('on', on);
        g.setAttribute('aria-checked', on ? 'true' : 'false');
      }
    }
    const n = state.selected.size;
    $('compte').textContent = n === state.qpvs.length ? `les ${n} quartiers` : n === 0 ? 'aucun quartier' : `${n} quartier${n > 1 ? 's' : ''} sur ${state.qpvs.length}`;
  }

  // ------------------------------------------------------------------------------------------
  // The levers

  function leverConfig(id) {
    return state.config.levers.find((l) => l.id === id);
  }

  /** A slider with a number box beside it; both hold the same value. */
  function slider(key, labelText, unit, min, max, step, value) {
    const id = key.replace('.', '-');
    const range = el('input', { type: 'range', id: `${id}-curseur`, min, max, step, value, 'aria-label': labelText });
    const num = el('input', { type: 'number', id: `${id}-nombre`, min, step, value });
    range.addEventListener('input', () => { num.value = range.value; });
    num.addEventListener('input', () => { if (num.value !== '') range.value = num.value; });
    const wrap = el('div', { class: 'setting', 'data-key': key },
      el('label', { for: `${id}-nombre`, text: labelText }),
      el('span', {}, num, el('span', { class: 'unit', text: ' ' + unit })),
      range);
    return { wrap, value: () => num.value };
  }

  /** A typed amount the French way ("100000" → "100 000"), or the text as typed. */
  function amountFr(text) {
    const v = Number(text);
    return text !== '' && Number.isFinite(v) ? formatFr(v, Number.isInteger(v) ? 0 : 2) : text;
  }

  /** The value as JSON: a number when it reads as one, else the text (the server says why). */
  function asNumber(text, divisor) {
    const v = Number(text);
    if (text === '' || !Number.isFinite(v)) return text;
    return divisor ? Math.round((v / divisor) * 1e6) / 1e6 : v;
  }

  const levers = {}; // id -> {on: checkbox, read: () => settings}

  function leverBlock(id, title) {
    const root = $(`levier-${id}`);
    const on = el('input', { type: 'checkbox', id: `on-${id}`, checked: true });
    const settings = el('div', { class: 'settings' });
    root.append(el('h3', {}, on, el('label', { for: `on-${id}`, text: title })), settings);
    on.addEventListener('change', () => root.classList.toggle('off', !on.checked));
    return { on, settings };
  }

  function buildTransport() {
    const cfg = leverConfig('transport_aid');
    const { on, settings } = leverBlock('transport_aid', cfg.label);
    const aids = [];
    for (const d of cfg.defaults) {
      const key = `transport_aid.${d.aid}`;
      const box = el('input', { type: 'checkbox', id: `aide-${d.aid}`, checked: true });
      const mode = d.places !== undefined ? 'places' : 'budget_eur_per_year';
      const amount = el('input', { type: 'number', id: `aide-${d.aid}-montant`, min: 0, step: mode === 'places' ? 10 : 5000, value: d[mode], 'aria-label': `${d.name} : montant` });
      const kind = el('select', { id: `aide-${d.aid}-mode`, 'aria-label': `${d.name} : places ou budget` },
        el('option', { value: 'places', text: 'places à la fois', selected: mode === 'places' }),
        el('option', { value: 'budget_eur_per_year', text: '€ de budget par an', selected: mode !== 'places' }));
      kind.addEventListener('change', () => { amount.step = kind.value === 'places' ? 10 : 5000; });
      settings.append(el('div', { class: 'aid', 'data-key': key, 'data-aid': d.aid },
        box, el('label', { for: `aide-${d.aid}`, text: d.name }),
        el('div', { class: 'amount' }, amount, kind)));
      aids.push({ aid: d.aid, name: d.name, box, amount, kind });
    }
    levers.transport_aid = {
      on,
      read: () => aids.filter((a) => a.box.checked).map((a) => ({ aid: a.aid, [a.kind.value]: asNumber(a.amount.value) })),
      describe: () => aids.filter((a) => a.box.checked).map((a) => `${a.name.toLowerCase()} (${amountFr(a.amount.value)} ${a.kind.value === 'places' ? 'places' : '€ par an'})`).join(', '),
    };
  }

  function buildCreche() {
    const cfg = leverConfig('creche_places');
    const d = cfg.defaults[0];
    const { on, settings } = leverBlock('creche_places', cfg.label);
    const inc = slider('creche_places.increase', 'Places en plus dans les quartiers cochés', '%', 0, 30, 1, Math.round((d.increase || 0) * 100));
    settings.append(inc.wrap);
    const startYear = Number(String(d.start || state.config.start).slice(0, 4));
    const endYear = Number(state.config.end.slice(0, 4));
    const target = String(d.reached_by || '').slice(0, 4);
    const by = el('select', { id: 'creche_places-reached_by' });
    for (let y = startYear; y <= endYear; ++y) by.append(el('option', { value: `${y}-09-01`, text: `rentrée ${y}`, selected: String(y) === target }));
    settings.append(el('div', { class: 'setting', 'data-key': 'creche_places.reached_by' },
      el('label', { for: 'creche_places-reached_by', text: 'Toutes ouvertes d\'ici' }), by));
    const avip = slider('creche_places.avip_share', 'Part réservée aux parents en recherche d\'emploi (AVIP)', '%', 0, 100, 5, Math.round((d.avip_share || 0) * 100));
    settings.append(avip.wrap);
    levers.creche_places = {
      on,
      read: () => ({ increase: asNumber(inc.value(), 100), reached_by: by.value, avip_share: asNumber(avip.value(), 100) }),
      describe: () => `+${inc.value()} % de places d'ici la ${by.selectedOptions[0].textContent}, dont ${avip.value()} % AVIP`,
    };
  }

  function buildTruck() {
    const cfg = leverConfig('screening_truck');
    const d = cfg.defaults[0];
    const { on, settings } = leverBlock('screening_truck', cfg.label);
    const passages = slider('screening_truck.passages_per_year', 'Passages du camion par an', 'passages', 0, 96, 1, d.passages_per_year);
    const share = slider('screening_truck.qpv_share', 'Part des passages dans ou à côté des quartiers cochés', '%', 0, 100, 5, Math.round((d.qpv_share || 0) * 100));
    settings.append(passages.wrap, share.wrap);
    levers.screening_truck = {
      on,
      read: () => ({ passages_per_year: asNumber(passages.value()), qpv_share: asNumber(share.value(), 100) }),
      describe: () => `${passages.value()} passages par an, dont ${share.value()} % dans ou à côté des quartiers`,
    };
  }

  function request() {
    const out = { client: CLIENT, levers: {} };
    out.qpv = state.selected.size === state.qpvs.length ? 'all' : [...state.selected];
    for (const [id, l] of Object.entries(levers)) {
      if (!l.on.checked) continue;
      const v = l.read();
      if (Array.isArray(v) && v.length === 0) continue;
      out.levers[id] = v;
    }
    return out;
  }

  /** The settings in words, for the results, the tries and the minutes. */
  function describe(req) {
    const parts = [];
    for (const [id, l] of Object.entries(levers)) {
      if (req.levers[id]) parts.push(`${leverConfig(id).label} : ${l.describe()}`);
    }
    const codes = req.qpv === 'all' ? [] : req.qpv;
    const where = req.qpv === 'all' ? `les ${state.qpvs.length} quartiers` : state.qpvs.filter((q) => codes.includes(q.code)).map((q) => `${q.number}. ${q.label}`).join(', ');
    return { levers: parts.length ? parts.join(' ; ') : 'aucun levier (situation de référence)', where, codes };
  }

  // ------------------------------------------------------------------------------------------
  // Runs

  function showError(message, key, detail) {
    const box = $('erreur');
    // replaceChildren writes a null child as the text "null": only the parts there are.
    box.replaceChildren(...[el('span', { text: message }), detail ? el('span', { class: 'detail', text: `Détail technique : ${detail}` }) : null].filter(Boolean));
    box.hidden = false;
    document.querySelectorAll('.invalid').forEach((e) => e.classList.remove('invalid'));
    if (key) {
      const exact = document.querySelector(`[data-key="${CSS.escape(key)}"]`);
      const lever = key.split('.')[0];
      (exact || document.querySelector(`[data-lever="${CSS.escape(lever)}"]`) || document.createElement('i')).classList.add('invalid');
    }
  }
  function clearError() {
    $('erreur').hidden = true;
    document.querySelectorAll('.invalid').forEach((e) => e.classList.remove('invalid'));
  }

  async function startRun() {
    // The first estimate's time counts from the click, the request's own time included.
    const clicked = performance.now();
    clearError();
    // Another panel (allocation.js) may own the controls shown: it gives the request then.
    const other = hooks.request ? hooks.request() : null;
    const req = other ? other.req : request();
    const settings = other ? other.settings : describe(req);
    let res, data;
    try {
      res = await fetch('/api/runs', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(req) });
      data = await res.json().catch(() => ({}));
    } catch (e) {
      showError('Le serveur ne répond pas : est-il toujours lancé (qpvsim serve) ?');
      return;
    }
    if (!res.ok) {
      showError(data.error || `Le serveur a refusé la demande (${res.status}).`, data.key, data.detail);
      return;
    }
    clearTimeout(state.timer);
    // The try under way, if any, is replaced (the server cancels it): it joins the tries.
    if (state.run && state.current && state.current.id === state.run.id) addTry(state.current, { status: 'cancelled' });
    if (state.current) state.previous = state.current;
    state.run = { id: data.id, stage: 0, settings, clicked, stages: data.stages };
    $('cartes').classList.add('stale');
    $('arreter').hidden = false;
    setStage('running', `Calcul en cours : première estimation sur ${data.stages[0]} futurs simulés…`, 0);
    poll();
  }

  async function stopRun() {
    if (!state.run) return;
    try {
      await fetch(`/api/runs/${state.run.id}`, { method: 'DELETE' });
    } catch (e) {
      // The next poll says what happened.
    }
  }

  async function poll() {
    const run = state.run;
    if (!run) return;
    let data;
    try {
      const res = await fetch(`/api/runs/${run.id}?after=${run.stage}`);
      data = await res.json();
      if (!res.ok) throw new Error(data.error || String(res.status));
    } catch (e) {
      if (state.run === run) {
        showError(`Le serveur ne répond plus : ${e.message}`);
        finish(run, null);
      }
      return;
    }
    if (state.run !== run) return; // a newer try replaced it
    if (data.results) {
      run.stage = data.stage;
      if (run.stage === 1) {
        run.firstSeconds = (performance.now() - run.clicked) / 1000;
        $('etape').dataset.first = run.firstSeconds.toFixed(2);
      }
      state.current = { id: run.id, results: data.results, stage: data.stage, replicates: data.replicates, settings: run.settings, done: data.done, stages: data.stages };
      render();
    }
    const n = data.stages.length;
    if (data.status === 'running') {
      const next = data.stages[data.stage] || data.final_replicates;
      const text = data.stage === 0
        ? `Calcul en cours : première estimation sur ${data.stages[0]} futurs simulés…`
        : `${data.stage === 1 ? 'Première estimation' : 'Estimation affinée'} : ${data.replicates} futurs simulés${run.firstSeconds ? ` (première estimation en ${formatFr(run.firstSeconds, 1)} s)` : ''}. Affinage en cours sur ${next} futurs (étape ${data.stage + 1} sur ${n})…`;
      setStage('running', text, data.progress, data.stage);
      state.timer = setTimeout(poll, POLL_MS);
      return;
    }
    if (data.status === 'done') {
      setStage('done', `Résultat final : ${data.replicates} futurs simulés, la précision de qpvsim compare (calculé en ${formatFr(data.elapsed_s, 1)} s).`, 1, data.stage);
    } else if (data.status === 'cancelled') {
      setStage('cancelled', data.stage > 0 ? `Calcul arrêté : résultats de l'étape ${data.stage} (${data.replicates} futurs simulés).` : 'Calcul arrêté avant la première estimation.', 0, data.stage);
    } else {
      setStage('error', data.error || 'Le calcul a échoué.', 0, data.stage);
    }
    finish(run, data);
  }

  function finish(run, data) {
    $('arreter').hidden = true;
    $('cartes').classList.remove('stale');
    if (state.current && state.current.id === run.id) {
      state.current.done = true;
      addTry(state.current, data);
    }
    state.run = null;
  }

  function setStage(status, text, progress, stage) {
    const box = $('etape');
    box.dataset.status = status;
    box.dataset.stage = String(stage || 0);
    $('etape-texte').textContent = text;
    const bar = $('etape-barre');
    bar.hidden = status !== 'running';
    bar.value = Number.isFinite(progress) ? progress : 0;
  }

  // ------------------------------------------------------------------------------------------
  // Results

  function previousOf(id) {
    if (!state.previous) return null;
    return (state.previous.results.headlines || []).concat(state.previous.results.indicators || []).find((h) => h.id === id) || null;
  }

  function render() {
    const cur = state.current;
    const r = cur.results;
    $('resume').replaceChildren(
      el('p', {}, el('strong', { text: 'Scénario essayé : ' }), document.createTextNode(cur.settings.levers)),
      el('p', {}, el('strong', { text: 'Quartiers : ' }), document.createTextNode(cur.settings.where)),
      el('p', { text: `Écarts avec la situation de référence en ${r.year}, dans les mêmes futurs simulés (${r.replicates} futurs).` }));

    const cards = $('cartes');
    cards.replaceChildren();
    cards.dataset.run = cur.id;
    cards.dataset.stage = String(cur.stage);
    cards.classList.remove('stale');
    r.headlines.forEach((h, i) => {
      const card = el('article', { class: 'headline', 'data-indicator': h.id });
      card.style.setProperty('--c', COLORS[i % COLORS.length]);
      card.append(el('h3', { text: h.label }),
        el('p', { class: 'indicator', text: `Écart avec la situation de référence en ${r.year}, ensemble des QPV` }),
        el('p', { class: 'value', text: h.no_difference ? 'aucun écart' : h.shown.value }),
        el('p', { class: 'range', text: h.range_fr }),
        h.certainty_fr ? el('p', { class: 'certainty', text: h.certainty_fr }) : null,
        el('p', { class: 'levels', text: `Référence en ${r.year} : ${h.baseline.value} ; avec ce scénario : ${h.scenario.value}` }));
      const prev = previousOf(h.id);
      if (prev) {
        const delta = h.difference.mean - prev.difference.mean;
        const decimals = Math.abs(delta) >= 9.95 ? 0 : Math.abs(delta) >= 0.095 ? 1 : 2;
        let unit = unitOf(h.shown.value) || unitOf(prev.shown.value);
        if (unit.endsWith('s') && Math.abs(Number(delta.toFixed(decimals))) < 2) unit = unit.slice(0, -1);
        if (unit && !unit.endsWith('s') && Math.abs(Number(delta.toFixed(decimals))) >= 2) unit += 's';
        card.append(el('p', { class: 'previous' },
          document.createTextNode(`Essai précédent : ${prev.no_difference ? 'aucun écart' : prev.shown.value}. Cet essai : `),
          el('span', { class: 'delta', text: `${formatFr(delta, decimals, true)}${unit ? NBSP + unit : ''}` }),
          document.createTextNode(' par rapport à l\'essai précédent (moyennes).')));
      }
      cards.append(card);
    });

    const figures = $('graphiques');
    figures.replaceChildren();
    const labels = new Map(r.qpv.map((q) => [q.code, q.label]));
    const numbers = new Map(state.qpvs.map((q) => [q.code, q.number]));
    const chosen = new Set(cur.settings.codes);
    r.headlines.forEach((h, i) => {
      const prev = previousOf(h.id);
      const prevBy = new Map(prev && prev.qpv ? prev.qpv.map((q) => [q.code, q]) : []);
      const bars = h.qpv.map((q) => ({
        code: q.code,
        label: `${numbers.get(q.code) || ''}. ${labels.get(q.code) || q.code}`,
        mean: q.difference.mean, low: q.difference.q05, high: q.difference.q95,
        prev: prevBy.has(q.code) ? prevBy.get(q.code).difference.mean : NaN,
        text: q.no_difference ? 'aucun écart' : q.shown.value,
        interval: q.no_difference ? '' : q.shown.interval,
        bold: chosen.has(q.code),
      }));
      const color = COLORS[i % COLORS.length];
      figures.append(el('figure', { class: 'per-qpv', 'data-indicator': h.id },
        el('figcaption', { text: `${h.label} : écart par quartier en ${r.year}` },
          el('span', { class: 'sub', text: 'Scénario moins situation de référence, dans les mêmes futurs ; ● quartier coché.' })),
        barChart({ title: `${h.label} : écart en ${r.year} par quartier, scénario moins situation de référence, moyenne et 9 futurs sur 10`, unit: `${h.axis}, moyenne ${r.year}`, color, bars, width: 720 })));
      const m = h.months;
      figures.append(el('figure', { class: 'trajectory', 'data-indicator': h.id },
        el('figcaption', { text: `${h.label} : écart mois par mois, ensemble des QPV` }),
        fanChart({ title: `${h.label} : écart entre le scénario et la situation de référence, ensemble des QPV, mois par mois`, unit: h.axis, x: m.x, zero: true, series: [{ label: 'Écart scénario − référence (mêmes futurs)', color, mean: m.mean.map(num), low: m.q05.map(num), high: m.q95.map(num) }] })));
    });

    renderCosts(r);
    renderOthers(r);
    for (const f of hooks.results) f(cur);
    const save = $('enregistrer');
    save.href = `/api/runs/${cur.id}/scenario.toml`;
    save.setAttribute('download', `scenario_atelier_${stamp()}.toml`);
    save.hidden = false;
    $('enregistrer-aide').hidden = false;
  }

  const num = (v) => (v === null || v === undefined ? NaN : v);

  function stamp() {
    const d = new Date();
    const p = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}`;
  }

  function renderCosts(r) {
    const box = $('couts');
    box.replaceChildren(el('h3', { text: 'Dépenses et coût par résultat' }));
    const c = r.costs;
    if (c.levers.length === 0) {
      box.append(el('p', { text: 'Aucune dépense simulée pour ce scénario.' }));
      return;
    }
    const body = el('tbody');
    for (const l of c.levers) {
      body.append(el('tr', {},
        el('th', { scope: 'row', text: l.label }),
        el('td', { class: 'num' }, el('span', { class: 'v', text: l.last_year.value }), el('span', { class: 'ci', text: l.last_year.interval })),
        el('td', { class: 'num' }, el('span', { class: 'v', text: l.total.value }), el('span', { class: 'ci', text: l.total.interval })),
        el('td', { class: 'num', text: l.planned_per_year || 'aucun budget fixé' })));
    }
    box.append(el('table', { class: 'spending' },
      el('caption', { text: 'Ce que coûtent les bénéficiaires, places et passages simulés (moyenne et, en dessous, 9 futurs sur 10).' }),
      el('thead', {}, el('tr', {}, el('th', { text: 'Levier' }), el('th', { class: 'num', text: `Dépense en ${r.year}` }), el('th', { class: 'num', text: `Dépense ${r.horizon}` }), el('th', { class: 'num', text: 'Budget prévu par an' }))),
      body));
    box.append(el('p', {}, el('strong', { text: `Dépense supplémentaire sur ${r.horizon} : ` }), document.createTextNode(`${c.extra_total.value} ${c.extra_total.interval}`)));
    const list = el('ul', { class: 'cost-per-result' });
    for (const e of c.cost_per_result) {
      list.append(el('li', { class: e.defined ? '' : 'uncertain', text: `${e.text}${e.defined ? ' ' + e.interval : ''} (résultat : ${e.extra_effect} sur ${r.horizon})` }));
    }
    if (c.cost_per_result.length) box.append(list);
  }

  function renderOthers(r) {
    const box = $('autres');
    box.replaceChildren();
    if (!r.indicators.length) return;
    const body = el('tbody');
    for (const h of r.indicators) {
      body.append(el('tr', { 'data-indicator': h.id },
        el('th', { scope: 'row', text: h.label }),
        el('td', { class: 'num' }, el('span', { class: 'v', text: h.baseline.value }), el('span', { class: 'ci', text: h.baseline.interval })),
        el('td', { class: 'num' }, el('span', { class: 'v', text: h.no_difference ? 'aucun écart' : h.shown.value }), el('span', { class: 'ci', text: h.no_difference ? '' : h.shown.interval })),
        el('td', { text: h.no_difference ? 'aucun écart' : h.futures_fr ? `fait mieux ${h.futures_fr}` : 'indicateur descriptif' })));
    }
    box.append(el('h3', { text: 'Autres indicateurs de ces leviers' }),
      el('table', { class: 'effects' },
        el('caption', { text: `Ensemble des QPV, ${r.year} ; moyenne des futurs simulés et, en dessous, l'intervalle de 9 futurs sur 10.` }),
        el('thead', {}, el('tr', {}, el('th', { text: 'Indicateur' }), el('th', { class: 'num', text: `Référence ${r.year}` }), el('th', { class: 'num', text: `Écart ${r.year}` }), el('th', { text: 'Le scénario fait mieux…' }))),
        body));
  }

  function addTry(cur, data) {
    const time = new Date().toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' });
    state.tries.push({ n: state.tries.length + 1, time, cur, status: data ? data.status : 'error' });
    const body = el('tbody');
    for (const t of state.tries) {
      const heads = t.cur.results.headlines.map((h) => `${h.label} : ${h.no_difference ? 'aucun écart' : h.shown.value}`).join(' ; ');
      body.append(el('tr', {},
        el('td', { class: 'num', text: String(t.n) }),
        el('td', { text: t.time }),
        el('td', { text: `${t.cur.settings.levers}. Quartiers : ${t.cur.settings.where}.` }),
        el('td', { text: heads }),
        el('td', { class: 'num', text: `${t.cur.replicates}${t.status === 'done' ? '' : ' (arrêté)'}` })));
    }
    $('essais').replaceChildren(el('h3', { text: 'Essais de la séance' }),
      el('table', { class: 'tries' },
        el('caption', { text: 'Chaque essai comparé à la situation de référence en ' + cur.results.year + ', ensemble des QPV.' }),
        el('thead', {}, el('tr', {}, el('th', { class: 'num', text: 'N°' }), el('th', { text: 'Heure' }), el('th', { text: 'Réglages' }), el('th', { text: 'Écarts' }), el('th', { class: 'num', text: 'Futurs simulés' }))),
        body));
  }

  // ------------------------------------------------------------------------------------------

  async function init() {
    let config;
    try {
      const res = await fetch('/api/config');
      config = await res.json();
      if (!res.ok) throw new Error(config.error || String(res.status));
    } catch (e) {
      showError(`Impossible de lire la configuration du serveur : ${e.message}`);
      return;
    }
    state.config = config;
    state.qpvs = config.qpv.map((q, i) => ({ ...q, number: i + 1 }));
    const start = config.start.slice(0, 4), end = config.end.slice(0, 4);
    $('titre').textContent = `Et si… ? Les ${state.qpvs.length} quartiers prioritaires de Valenciennes Métropole, ${start}-${end}`;
    $('pied').textContent = `qpvsim ${config.qpvsim_version} · situation de référence : ${config.baseline.name} · graine ${config.seed} · étapes de ${config.stages.join(', ')} futurs simulés`;
    drawMap();
    drawList();
    for (const q of state.qpvs) state.selected.add(q.code);
    syncSelection();
    buildTransport();
    buildCreche();
    buildTruck();
    $('tous').addEventListener('click', () => { for (const q of state.qpvs) state.selected.add(q.code); syncSelection(); });
    $('aucun').addEventListener('click', () => { state.selected.clear(); syncSelection(); });
    $('lancer').addEventListener('click', startRun);
    $('arreter').addEventListener('click', stopRun);
    $('imprimer').addEventListener('click', () => window.print());
    $('lancer').disabled = false;
    for (const f of hooks.config.splice(0)) f(config);
    document.body.dataset.ready = 'true';
  }

  // What other panels of the page (allocation.js) use: the helpers and charts above, and hooks
  // into the runs, so that their runs are polled and shown like the levers' runs.
  const hooks = { config: [], results: [], request: null };
  window.qpvsim = {
    CLIENT, COLORS, NBSP, el, svgEl, chartSvg, makeAxis, formatFr, px, showError, clearError,
    /** Calls `f(config)` once the server's configuration is read (at once if it is). */
    onConfig(f) { if (state.config) f(state.config); else hooks.config.push(f); },
    /** Calls `f(current)` each time a run's stage is drawn: {id, results, stage, settings, ...}. */
    onResults(f) { hooks.results.push(f); },
    /** `f()` gives {req, settings} for Run, or null to run the levers. */
    setRequest(f) { hooks.request = f; },
  };

  init();
})();
