// The workshop panel "Répartir une enveloppe" (docs/workshop.md). Officials set a yearly
// envelope, share it between the three levers under a fixed total of 100 %, pick how the QPVs
// share each lever, and run the split like any try of the page: app.js sends it, polls it and
// draws its stages (window.qpvsim hooks); the server writes the split as a scenario file by the
// allocation study's own rules and adds the split's outcomes over the envelope's years.
// Where the split sits is drawn on the envelope's landscape, computed by the server once per
// envelope: each lever's budget-response curve, and the employment-screening frontier of a grid
// of splits.
'use strict';
(function () {
  const Q = window.qpvsim;
  if (!Q) return; // app.js did not load: it says so itself
  const { el, svgEl, chartSvg, makeAxis, formatFr, px, COLORS, NBSP } = Q;
  const $ = (id) => document.getElementById(id);
  const LANDSCAPE_POLL_MS = 1500;
  const OUTCOMES = ['employment_person_years', 'screenings', 'creche_child_years'];
  const X_OUTCOME = 'employment_person_years';
  const Y_OUTCOME = 'screenings';
  // The outcomes' units in French, singular and plural (the server names them in English).
  const UNITS = {
    'person-years': ["année d'emploi", "années d'emploi"],
    screenings: ['dépistage', 'dépistages'],
    'child-years': ['année-enfant en crèche', 'années-enfants en crèche'],
  };
  const AXES = {
    employment_person_years: "Années d'emploi en plus",
    screenings: 'Dépistages en plus',
    creche_child_years: 'Années-enfants en crèche en plus',
  };

  const st = {
    cfg: null, // /api/config's "allocation"
    qpvs: 0,
    finalReplicates: 0,
    mode: 'levers',
    shares: {}, // lever id -> share of the envelope in [0, 1]; they add up to 1
    landscapes: new Map(), // envelope in whole euros -> the server's finished landscape
    wanted: NaN, // the envelope whose landscape is shown or awaited
    askedAt: 0,
    timer: null,
    curveOutcome: X_OUTCOME,
    run: null, // the allocation run shown: {envelope, targeting, outcomes, replicates}
  };

  const ids = () => st.cfg.levers.map((l) => l.id);
  const euros = (v) => `${formatFr(Math.round(v), 0)}${NBSP}€`;
  const years = () => `${st.cfg.first_year}–${st.cfg.last_year}`;
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);

  function unitFr(unit, value) {
    const u = UNITS[unit];
    if (!u) return unit;
    return Math.abs(value) >= 2 ? u[1] : u[0];
  }
  /** Decimals for an outcome: none from 10 up, one below. */
  function decimalsOf(o) {
    return Math.max(Math.abs(o.mean), Math.abs(o.q05), Math.abs(o.q95)) >= 10 ? 0 : 1;
  }
  function amount(value, unit, decimals) {
    return `${formatFr(value, decimals, true)}${NBSP}${unitFr(unit, value)}`;
  }

  /** The envelope typed, in euros a year, or NaN. */
  function envelope() {
    const text = $('enveloppe').value;
    const v = Number(text);
    return text !== '' && Number.isFinite(v) ? v : NaN;
  }

  /** Whole percentages of `shares` adding up to exactly 100 (largest remainders), to show. */
  function percents(shares) {
    const raw = ids().map((id) => Math.round((shares[id] || 0) * 1e8) / 1e6);
    const out = raw.map(Math.floor);
    let left = 100 - sum(out);
    const order = raw.map((r, i) => [r - out[i], i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    for (const [, i] of order) {
      if (left <= 0) break;
      out[i] += 1;
      left -= 1;
    }
    return Object.fromEntries(ids().map((id, i) => [id, out[i]]));
  }

  // ------------------------------------------------------------------------------------------
  // The controls

  /** Moves lever `id` to `pct` % and rescales the others in proportion: the total stays 100 %. */
  function setShare(id, pct) {
    const v = Math.min(100, Math.max(0, pct)) / 100;
    const others = ids().filter((j) => j !== id);
    const before = sum(others.map((j) => st.shares[j]));
    for (const j of others) st.shares[j] = before > 1e-9 ? (st.shares[j] * (1 - v)) / before : (1 - v) / others.length;
    st.shares[id] = v;
    syncShares();
  }

  function statusQuo() {
    const total = sum(st.cfg.levers.map((l) => l.status_quo));
    for (const l of st.cfg.levers) st.shares[l.id] = l.status_quo / total;
    syncShares();
  }

  /** Sliders, percentages and euros from st.shares and the envelope; the markers follow. */
  function syncShares() {
    const pct = percents(st.shares);
    const env = envelope();
    for (const id of ids()) {
      const range = $(`part-${id}`);
      range.value = String(pct[id]);
      range.setAttribute('aria-valuetext', `${pct[id]} %`);
      $(`part-${id}-pct`).textContent = `${pct[id]}${NBSP}%`;
      $(`part-${id}-eur`).textContent = Number.isFinite(env) ? `${euros(st.shares[id] * env)} par an` : '';
    }
    const total = sum(Object.values(pct));
    $('parts').dataset.total = String(total);
    $('parts-total').textContent = `Total : ${total}${NBSP}%` + (Number.isFinite(env) ? ` de ${euros(env)} par an` : '');
    const n = st.cfg.last_year - st.cfg.first_year + 1;
    $('enveloppe-texte').textContent = Number.isFinite(env)
      ? `soit ${euros(env)} par an, ${euros(env * n)} sur ${years()}`
      : 'Saisissez un montant en euros par an.';
    drawLandscape();
  }

  function targeting() {
    const on = document.querySelector('input[name="ciblage"]:checked');
    return on ? on.value : 'need';
  }

  /** The run request of the split, and its settings in words (results, tries, minutes). */
  function request() {
    const env = envelope();
    const total = sum(ids().map((id) => st.shares[id]));
    const shares = Object.fromEntries(ids().map((id) => [id, st.shares[id] / total]));
    const how = targeting();
    const pct = percents(shares);
    const parts = st.cfg.levers.map((l) => `${l.label} ${pct[l.id]}${NBSP}%${Number.isFinite(env) ? ` (${euros(shares[l.id] * env)})` : ''}`);
    const typed = $('enveloppe').value;
    return {
      req: { client: Q.CLIENT, allocation: { envelope_eur_per_year: Number.isFinite(env) ? env : typed, shares, targeting: how } },
      settings: {
        levers: `répartir ${Number.isFinite(env) ? euros(env) : `« ${typed} » €`} par an (${years()}) : ${parts.join(', ')}`,
        where: `les ${st.qpvs} quartiers, ${how === 'need' ? 'selon le besoin' : 'selon la population'}`,
        codes: [],
        allocation: { envelope: env, targeting: how, shares },
      },
    };
  }

  function setMode(mode) {
    st.mode = mode;
    const split = mode === 'allocation';
    $('quartiers').hidden = split;
    $('leviers').hidden = split;
    $('repartition').hidden = !split;
    $('repartition-vue').hidden = !split;
    $('mode-leviers').setAttribute('aria-selected', String(!split));
    $('mode-repartition').setAttribute('aria-selected', String(split));
    $('lancer').textContent = split ? 'Simuler cette répartition' : 'Lancer la simulation';
    if ($('etape').dataset.status === 'idle') {
      $('etape-texte').textContent = split
        ? "Répartissez l'enveloppe, puis simulez : une première estimation arrive en quelques secondes, puis elle s'affine."
        : 'Réglez les leviers, puis lancez la simulation : une première estimation arrive en quelques secondes, puis elle s\'affine.';
    }
    Q.clearError();
    if (split) loadLandscape();
  }

  function build(config) {
    st.cfg = config.allocation;
    if (!st.cfg || !st.cfg.levers || !st.cfg.levers.length) {
      $('mode-repartition').hidden = true; // a server without the panel
      return;
    }
    st.qpvs = config.qpv.length;
    st.finalReplicates = config.stages[config.stages.length - 1];
    const box = $('parts');
    st.cfg.levers.forEach((l, i) => {
      const range = el('input', { type: 'range', id: `part-${l.id}`, min: 0, max: 100, step: 1, value: 0, 'aria-label': `Part de l'enveloppe pour : ${l.label}` });
      range.style.setProperty('accent-color', COLORS[i % COLORS.length]);
      range.addEventListener('input', () => setShare(l.id, Number(range.value)));
      const row = el('div', { class: 'share', 'data-key': `shares.${l.id}`, 'data-share': l.id },
        el('label', { for: range.id, text: l.label }),
        el('span', { class: 'share-value' }, el('strong', { id: `part-${l.id}-pct` }), el('span', { id: `part-${l.id}-eur`, class: 'unit' })),
        range);
      row.style.setProperty('--c', COLORS[i % COLORS.length]);
      box.append(row);
    });
    const sq = percents(Object.fromEntries(st.cfg.levers.map((l) => [l.id, l.status_quo])));
    $('statu-quo-texte').textContent = `les parts d'aujourd'hui : ${st.cfg.levers.map((l) => `${l.label.toLowerCase()} ${sq[l.id]}${NBSP}%`).join(', ')}`;
    const env = $('enveloppe');
    env.value = String(st.cfg.envelope_eur_per_year);
    env.addEventListener('input', syncShares);
    env.addEventListener('change', () => { if (st.mode === 'allocation') loadLandscape(); });
    $('statu-quo').addEventListener('click', statusQuo);
    $('mode-leviers').addEventListener('click', () => setMode('levers'));
    $('mode-repartition').addEventListener('click', () => setMode('allocation'));
    const pick = el('select', { id: 'courbes-resultat', 'aria-label': 'Résultat montré par les courbes' });
    for (const id of OUTCOMES) pick.append(el('option', { value: id, text: AXES[id], selected: id === st.curveOutcome }));
    pick.addEventListener('change', () => { st.curveOutcome = pick.value; drawLandscape(); });
    $('paysage-graphiques').before(el('p', { class: 'curve-pick', id: 'courbes-choix', hidden: true }, el('label', { for: pick.id, text: 'Courbes : ' }), pick));
    Q.setRequest(() => (st.mode === 'allocation' ? request() : null));
    Q.onResults(showResults);
    statusQuo();
    $('repartition').dataset.ready = 'true';
  }

  // ------------------------------------------------------------------------------------------
  // The split's outcomes, once a run's stage is drawn

  function showResults(cur) {
    const box = $('repartition-resultats');
    const a = cur.results.allocation;
    if (!a || !cur.settings.allocation) {
      st.run = null; // a try of the levers
      box.replaceChildren();
      delete box.dataset.run;
      drawLandscape();
      return;
    }
    const s = cur.settings.allocation;
    st.run = { envelope: Math.round(s.envelope), targeting: s.targeting, outcomes: a, replicates: cur.results.replicates };
    const cards = el('div', { class: 'cards outcomes' });
    OUTCOMES.filter((id) => a[id]).forEach((id, i) => {
      const o = a[id];
      const d = decimalsOf(o);
      const card = el('article', { class: 'headline outcome', 'data-outcome': id },
        el('h3', { text: o.label }),
        el('p', { class: 'indicator', text: `${years()}, les ${st.qpvs} quartiers ensemble, par rapport à la situation de référence dans les mêmes futurs` }),
        el('p', { class: 'value' }, formatFr(o.mean, d, true), el('span', { class: 'unit', text: `${NBSP}${unitFr(o.unit, o.mean)}` })),
        el('p', { class: 'range', text: `Dans 9 futurs sur 10, entre ${formatFr(o.q05, d, true)} et ${amount(o.q95, o.unit, d)}.` }));
      card.style.setProperty('--c', COLORS[i % COLORS.length]);
      cards.append(card);
    });
    box.replaceChildren(el('h3', { text: `Ce que produit cette répartition en ${years()} (${cur.results.replicates} futurs simulés)` }), cards);
    box.dataset.run = cur.id;
    box.dataset.stage = String(cur.stage);
    drawLandscape();
  }

  // ------------------------------------------------------------------------------------------
  // The envelope's landscape: asked for, polled while the server computes it, then drawn

  function landscapeStatus(status, text) {
    $('repartition-paysage').dataset.status = status;
    $('paysage-etat').textContent = text;
  }

  function loadLandscape() {
    clearTimeout(st.timer);
    const env = envelope();
    const key = Number.isFinite(env) ? Math.round(env) : NaN;
    st.wanted = key;
    if (st.landscapes.has(key)) return drawLandscape();
    $('paysage-graphiques').replaceChildren();
    $('courbes-choix').hidden = true;
    if (!Number.isFinite(key)) return landscapeStatus('error', 'Saisissez une enveloppe en euros par an pour voir les courbes.');
    st.askedAt = performance.now();
    landscapeStatus('computing', 'Calcul des courbes pour cette enveloppe…');
    return pollLandscape(key);
  }

  async function pollLandscape(key) {
    if (st.wanted !== key || st.mode !== 'allocation') return;
    let res, data;
    try {
      res = await fetch(`/api/allocation/landscape?envelope=${encodeURIComponent(key)}`);
      data = await res.json().catch(() => ({}));
    } catch (e) {
      if (st.wanted === key) landscapeStatus('error', 'Le serveur ne répond pas : les courbes ne peuvent pas être calculées.');
      return;
    }
    if (st.wanted !== key) return; // another envelope was typed meanwhile
    // 429: the server computes two other envelopes already; this one waits its turn.
    if (res.status === 429 || (res.ok && data.status === 'computing')) {
      const s = (performance.now() - st.askedAt) / 1000;
      landscapeStatus('computing', `Calcul des courbes pour cette enveloppe… (${formatFr(s, 0)} s ; une demi-minute environ, une seule fois par enveloppe)${res.status === 429 ? ' ' + (data.error || '') : ''}`);
      st.timer = setTimeout(() => pollLandscape(key), LANDSCAPE_POLL_MS);
      return;
    }
    if (!res.ok || data.status !== 'done') {
      landscapeStatus('error', `Courbes indisponibles : ${data.error || `le serveur a répondu ${res.status}.`}`);
      return;
    }
    st.landscapes.set(key, data);
    drawLandscape();
  }

  function drawLandscape() {
    const land = st.landscapes.get(st.wanted);
    if (!land || st.mode !== 'allocation') return;
    landscapeStatus('done', `Courbes indicatives : ${land.replicates} futurs simulés par point (le résultat final d'un essai en a ${st.finalReplicates}), quartiers servis selon le besoin, ${years()}. Calculées une fois pour une enveloppe de ${euros(land.envelope_eur_per_year)} par an.`);
    $('courbes-choix').hidden = false;
    $('paysage-graphiques').replaceChildren(curvesFigure(land), frontierFigure(land));
  }

  /** The mean of a piecewise-linear curve at `at`. */
  function interpolate(xs, ys, at) {
    if (at <= xs[0]) return ys[0];
    for (let k = 1; k < xs.length; ++k) {
      if (at <= xs[k]) return ys[k - 1] + ((ys[k] - ys[k - 1]) * (at - xs[k - 1])) / (xs[k] - xs[k - 1]);
    }
    return ys[ys.length - 1];
  }

  function curvesFigure(land) {
    const id = st.curveOutcome;
    const env = land.envelope_eur_per_year;
    const pct = percents(st.shares);
    let label = AXES[id], unit = '';
    const series = land.curves.map((c) => {
      const i = Math.max(0, ids().indexOf(c.lever));
      // No euros, no effect: the curve starts at (0, 0).
      const pts = [{ eur: 0, o: { mean: 0, q05: 0, q95: 0 } }].concat(c.points.map((p) => ({ eur: p.eur, o: p.outcomes[id] })));
      for (const p of c.points) if (p.outcomes[id]) ({ label, unit } = p.outcomes[id]);
      const x = pts.map((p) => p.eur);
      const mean = pts.map((p) => (p.o ? p.o.mean : NaN));
      const at = (st.shares[c.lever] || 0) * env;
      const y = interpolate(x, mean, at);
      return {
        label: c.label, color: COLORS[i % COLORS.length], x, mean,
        low: pts.map((p) => (p.o ? p.o.q05 : NaN)), high: pts.map((p) => (p.o ? p.o.q95 : NaN)),
        marker: { x: at, y, text: `la part choisie, ${pct[c.lever]}${NBSP}% : ${euros(at)} par an, ${amount(y, unit, Math.abs(y) >= 10 ? 0 : 1)}` },
      };
    });
    const title = `${label} selon les euros par an mis dans chaque levier seul (enveloppe de ${euros(env)} par an, ${years()}) : moyenne et 9 futurs sur 10, sur ${land.replicates} futurs simulés`;
    return el('figure', { class: 'curves', 'data-outcome': id },
      el('figcaption', { text: 'Ce que rapporte chaque levier seul, selon la somme qu\'on y met' },
        el('span', { class: 'sub', text: `${label}, ${years()}, de 0 à ${euros(1.5 * env)} par an (150 % de l'enveloppe) ; le point marque la part choisie. Quand la courbe s'aplatit, chaque euro de plus rapporte moins.` })),
      curveChart({ title, yLabel: `${AXES[id] || label}, ${years()}`, xLabel: '€ par an mis dans le levier', series }));
  }

  function frontierFigure(land) {
    const label = (g) => ids().map((id) => {
      const l = st.cfg.levers.find((v) => v.id === id);
      return `${l.label.toLowerCase()} ${Math.round((g.shares[id] || 0) * 100)}${NBSP}%`;
    }).join(', ');
    const points = land.grid.map((g) => {
      const x = g.outcomes[X_OUTCOME].mean, y = g.outcomes[Y_OUTCOME].mean;
      return { x, y, title: `${label(g)} : ${amount(x, g.outcomes[X_OUTCOME].unit, 0)}, ${amount(y, g.outcomes[Y_OUTCOME].unit, 0)}` };
    });
    const line = land.frontier.map((i) => points[i]).filter(Boolean).sort((a, b) => a.x - b.x);
    const run = st.run;
    let current = null, note = '';
    if (run && run.envelope === Math.round(land.envelope_eur_per_year)) {
      const ox = run.outcomes[X_OUTCOME], oy = run.outcomes[Y_OUTCOME];
      current = { x: ox.mean, y: oy.mean, x05: ox.q05, x95: ox.q95, y05: oy.q05, y95: oy.q95,
        title: `La répartition simulée (${run.replicates} futurs) : ${amount(ox.mean, ox.unit, 0)}, ${amount(oy.mean, oy.unit, 0)}` };
      if (run.targeting !== 'need') note = ' La répartition simulée sert les quartiers selon la population ; la grille, selon le besoin.';
    } else if (run) {
      note = ` La répartition simulée porte sur une autre enveloppe (${euros(run.envelope)} par an) : simulez-la pour la placer ici.`;
    } else {
      note = ' Simulez une répartition pour la placer sur ce graphique.';
    }
    // The grid's step: its smallest share above zero.
    const step = Math.round(100 * Math.min(...land.grid.flatMap((g) => Object.values(g.shares)).filter((v) => v > 1e-6), 1));
    const title = `Années d'emploi et dépistages en plus, ${years()}, des répartitions de ${euros(land.envelope_eur_per_year)} par an entre les trois leviers, et la frontière de celles qu'aucune autre ne dépasse sur les deux à la fois`;
    return el('figure', { class: 'frontier' },
      el('figcaption', { text: 'Emploi ou dépistage : ce que l\'on gagne sur l\'un, ce que l\'on perd sur l\'autre' },
        el('span', { class: 'sub', text: `Chaque point gris est une répartition de l'enveloppe par tranches de ${step}${NBSP}% (${land.grid.length} répartitions, ${land.replicates} futurs simulés chacune) ; le trait relie celles qu'aucune autre ne dépasse à la fois en emploi et en dépistages.${note}` })),
      frontierChart({ title, xLabel: `${AXES[X_OUTCOME]}, ${years()}`, yLabel: `${AXES[Y_OUTCOME]}, ${years()}`, points, line, current }));
  }

  // ------------------------------------------------------------------------------------------
  // Charts, in the style of app.js's (the report's: analysis/present/charts.cpp)

  /** The axis from zero: a dip below zero too small to see does not add a whole tick. */
  function axisFromZero(lo, hi, target) {
    if (lo < 0 && hi > 0 && -lo < 0.015 * (hi - lo)) lo = 0;
    return makeAxis(lo, hi, true, target);
  }

  /** Lines with their 90 % bands against euros a year, and a marker on each. */
  function curveChart(c) {
    const left = 64, right = 44, top = 24, bottom = 48, legendRow = 18;
    const w = c.width || 640, h = c.height || 290;
    const s = chartSvg(c.title, w, h + legendRow * (c.series.length + 1) + 6);
    s.append(svgEl('text', { x: 4, y: 14, fill: '#333', text: c.yLabel }));
    let lo = Infinity, hi = -Infinity, xMax = 0;
    for (const se of c.series) {
      for (const arr of [se.mean, se.low, se.high]) for (const v of arr) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      for (const v of se.x) xMax = Math.max(xMax, v);
    }
    if (!Number.isFinite(lo)) lo = hi = 0;
    const ya = axisFromZero(lo, hi, 5), xa = makeAxis(0, xMax, true, 5);
    const y = (v) => h - bottom + ((v - ya.lo) / (ya.hi - ya.lo)) * (top - (h - bottom));
    const x = (v) => left + ((v - xa.lo) / (xa.hi - xa.lo)) * (w - right - left);
    let grid = '', ticks = `M${px(left)} ${px(h - bottom)}H${px(w - right)}`;
    for (const t of ya.ticks) {
      grid += `M${px(left)} ${px(y(t))}H${px(w - right)}`;
      s.append(svgEl('text', { x: px(left - 6), y: px(y(t)), 'text-anchor': 'end', 'dominant-baseline': 'middle', fill: '#333', text: formatFr(t, ya.decimals) }));
    }
    for (const t of xa.ticks) {
      ticks += `M${px(x(t))} ${px(h - bottom)}v5`;
      s.append(svgEl('text', { x: px(x(t)), y: px(h - bottom + 18), 'text-anchor': 'middle', fill: '#333', text: formatFr(t, xa.decimals) }));
    }
    s.append(svgEl('path', { class: 'grid', d: grid, stroke: '#e3e3e3', fill: 'none' }));
    s.append(svgEl('path', { class: 'axis', d: ticks, stroke: '#666', fill: 'none' }));
    s.append(svgEl('text', { x: px((left + w - right) / 2), y: px(h - bottom + 36), 'text-anchor': 'middle', fill: '#333', text: c.xLabel }));
    s.append(svgEl('path', { class: 'zero', d: `M${px(left)} ${px(y(0))}H${px(w - right)}`, stroke: '#444', fill: 'none' }));
    for (const se of c.series) {
      const ok = se.x.map((_, k) => Number.isFinite(se.low[k]) && Number.isFinite(se.high[k]));
      const keep = se.x.map((_, k) => k).filter((k) => ok[k]);
      if (keep.length > 1) {
        let band = keep.map((k, n) => `${n ? 'L' : 'M'}${px(x(se.x[k]))} ${px(y(se.high[k]))}`).join('');
        band += keep.slice().reverse().map((k) => `L${px(x(se.x[k]))} ${px(y(se.low[k]))}`).join('') + 'Z';
        s.append(svgEl('path', { class: 'data band', d: band, fill: se.color, 'fill-opacity': 0.18, stroke: 'none' }));
      }
      const pts = se.x.map((_, k) => k).filter((k) => Number.isFinite(se.mean[k]));
      s.append(svgEl('path', { class: 'data line', 'data-lever': se.label, d: pts.map((k, n) => `${n ? 'L' : 'M'}${px(x(se.x[k]))} ${px(y(se.mean[k]))}`).join(''), fill: 'none', stroke: se.color, 'stroke-width': 2, 'stroke-linejoin': 'round' }));
    }
    for (const se of c.series) {
      if (!se.marker || !Number.isFinite(se.marker.y)) continue;
      s.append(svgEl('circle', { class: 'data marker', cx: px(x(se.marker.x)), cy: px(y(se.marker.y)), r: 6, fill: se.color, stroke: '#222', 'stroke-width': 1.5 },
        svgEl('title', { text: `${se.label} : ${se.marker.text}` })));
    }
    let ly = h + 8;
    for (const se of c.series) {
      s.append(svgEl('rect', { x: left, y: px(ly), width: 22, height: 12, fill: se.color, 'fill-opacity': 0.18 }));
      s.append(svgEl('path', { d: `M${left} ${px(ly + 6)}h22`, stroke: se.color, 'stroke-width': 2 }));
      s.append(svgEl('circle', { cx: left + 11, cy: px(ly + 6), r: 4, fill: se.color, stroke: '#222' }));
      s.append(svgEl('text', { x: left + 28, y: px(ly + 10.5), fill: '#222', text: `${se.label} — ${se.marker ? se.marker.text : ''}` }));
      ly += legendRow;
    }
    s.append(svgEl('text', { x: left, y: px(ly + 10.5), fill: '#555', 'font-size': 11, text: 'Trait : moyenne des futurs simulés ; zone colorée : 9 futurs sur 10 ; ● : la part choisie.' }));
    return s;
  }

  /** Grey dots (the grid's splits), the frontier line, and the simulated split with its 90 % intervals. */
  function frontierChart(c) {
    const left = 70, right = 30, top = 24, bottom = 48, legendRow = 18;
    const w = c.width || 640, h = c.height || 320;
    const s = chartSvg(c.title, w, h + legendRow * 2 + 6);
    s.append(svgEl('text', { x: 4, y: 14, fill: '#333', text: c.yLabel }));
    const xs = c.points.map((p) => p.x), ys = c.points.map((p) => p.y);
    if (c.current) {
      xs.push(c.current.x05, c.current.x95, c.current.x);
      ys.push(c.current.y05, c.current.y95, c.current.y);
    }
    const finite = (a) => a.filter(Number.isFinite);
    const xa = axisFromZero(Math.min(...finite(xs), 0), Math.max(...finite(xs), 0), 5);
    const ya = axisFromZero(Math.min(...finite(ys), 0), Math.max(...finite(ys), 0), 5);
    const y = (v) => h - bottom + ((v - ya.lo) / (ya.hi - ya.lo)) * (top - (h - bottom));
    const x = (v) => left + ((v - xa.lo) / (xa.hi - xa.lo)) * (w - right - left);
    let grid = '', ticks = `M${px(left)} ${px(h - bottom)}H${px(w - right)}M${px(left)} ${px(top)}V${px(h - bottom)}`;
    for (const t of ya.ticks) {
      grid += `M${px(left)} ${px(y(t))}H${px(w - right)}`;
      s.append(svgEl('text', { x: px(left - 6), y: px(y(t)), 'text-anchor': 'end', 'dominant-baseline': 'middle', fill: '#333', text: formatFr(t, ya.decimals) }));
    }
    for (const t of xa.ticks) {
      grid += `M${px(x(t))} ${px(top)}V${px(h - bottom)}`;
      ticks += `M${px(x(t))} ${px(h - bottom)}v5`;
      s.append(svgEl('text', { x: px(x(t)), y: px(h - bottom + 18), 'text-anchor': 'middle', fill: '#333', text: formatFr(t, xa.decimals) }));
    }
    s.append(svgEl('path', { class: 'grid', d: grid, stroke: '#e3e3e3', fill: 'none' }));
    s.append(svgEl('path', { class: 'axis', d: ticks, stroke: '#666', fill: 'none' }));
    s.append(svgEl('text', { x: px((left + w - right) / 2), y: px(h - bottom + 36), 'text-anchor': 'middle', fill: '#333', text: c.xLabel }));
    if (c.line.length > 1) {
      s.append(svgEl('path', { class: 'data frontier', d: c.line.map((p, n) => `${n ? 'L' : 'M'}${px(x(p.x))} ${px(y(p.y))}`).join(''), fill: 'none', stroke: '#0b4f8a', 'stroke-width': 2.2, 'stroke-linejoin': 'round' }));
    }
    for (const p of c.points) {
      s.append(svgEl('circle', { class: 'data grid-point', cx: px(x(p.x)), cy: px(y(p.y)), r: 4.5, fill: '#9a9a9a', stroke: '#fff', 'stroke-width': 1 }, svgEl('title', { text: p.title })));
    }
    const cur = c.current;
    if (cur && Number.isFinite(cur.x) && Number.isFinite(cur.y)) {
      const g = svgEl('g', { class: 'data current' }, svgEl('title', { text: cur.title }));
      if ([cur.x05, cur.x95, cur.y05, cur.y95].every(Number.isFinite)) {
        g.append(svgEl('path', { class: 'whisker', d: `M${px(x(cur.x05))} ${px(y(cur.y))}H${px(x(cur.x95))}M${px(x(cur.x))} ${px(y(cur.y05))}V${px(y(cur.y95))}`, stroke: '#d55e00', 'stroke-width': 1.3, fill: 'none' }));
      }
      g.append(svgEl('path', { d: `M${px(x(cur.x))} ${px(y(cur.y) - 8)}l8 8l-8 8l-8 -8Z`, fill: '#d55e00', stroke: '#222', 'stroke-width': 1.4 }));
      g.append(svgEl('text', { x: px(x(cur.x) + 11), y: px(y(cur.y) - 9), fill: '#222', 'font-weight': 'bold', text: 'cette répartition' }));
      s.append(g);
    }
    let ly = h + 8;
    s.append(svgEl('circle', { cx: left + 6, cy: px(ly + 6), r: 4.5, fill: '#9a9a9a' }));
    s.append(svgEl('path', { d: `M${left + 16} ${px(ly + 6)}h22`, stroke: '#0b4f8a', 'stroke-width': 2.2 }));
    s.append(svgEl('text', { x: left + 44, y: px(ly + 10.5), fill: '#222', text: 'une répartition de la grille ; trait : la frontière' }));
    ly += legendRow;
    s.append(svgEl('path', { d: `M${left + 6} ${px(ly)}l6 6l-6 6l-6 -6Z`, fill: '#d55e00', stroke: '#222' }));
    s.append(svgEl('text', { x: left + 20, y: px(ly + 10.5), fill: '#222', text: 'la répartition simulée (moyenne ; traits : 9 futurs sur 10)' }));
    return s;
  }

  Q.onConfig(build);
})();
