// In-page checks of a qpvsim HTML report, run by Debian's Chromium (check_report.cmake injects
// this script at the top of the report's <head> and loads the copy headless with --dump-dom).
// It looks at the laid-out page as a reader sees it: the headline figures, the charts, the
// section headings, no "NaN"; that the page raises no error and asks for nothing but itself;
// that printing hides the navigation bar and starts each section on a new page. The result is
// written into <pre id="qpvsim-check">: one line per failure ("FAIL: ..."), a summary line
// ("SUMMARY: ..."), and last "RESULT: pass" or "RESULT: fail".
(function () {
  'use strict';
  const failures = [];
  const fail = (message) => failures.push(message);
  // Registered before the report's own content is parsed, so that nothing escapes them.
  window.addEventListener('error', (e) => fail(`page error: ${e.message}`));
  window.addEventListener('unhandledrejection', (e) => fail(`page error: ${e.reason}`));
  document.addEventListener('securitypolicyviolation', (e) =>
    fail(`blocked request to something other than the report: ${e.blockedURI}`));
  const consoleError = console.error.bind(console);
  console.error = (...args) => {
    fail(`console error: ${args.join(' ')}`);
    consoleError(...args);
  };

  const visible = (el) =>
    !!el && el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) &&
    el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().height > 0;

  function check() {
    const summary = {};
    // Sections: each has a visible heading, and the navigation bar points to it.
    const sections = [...document.querySelectorAll('main > section')];
    summary.sections = sections.length;
    const ids = sections.map((s) => s.id);
    for (const id of ['synthese', 'quartiers', 'methode']) {
      if (!ids.includes(id)) fail(`no section "${id}"`);
    }
    const alternatives = ids.filter((id) => id.startsWith('levier-'));
    if (alternatives.length > 0 && !ids.includes('cout')) fail('alternatives but no section "cout"');
    for (const s of sections) {
      const heading = s.querySelector('h1, h2');
      if (!heading || !heading.innerText.trim()) fail(`section "${s.id}" has no heading`);
      else if (!visible(heading)) fail(`the heading of section "${s.id}" is not visible`);
      if (!document.querySelector(`nav a[href="#${s.id}"]`))
        fail(`the navigation bar has no link to "${s.id}"`);
    }
    const titles = { quartiers: 'Par quartier', cout: 'Coût par résultat', methode: 'Méthode et provenance' };
    for (const [id, title] of Object.entries(titles)) {
      const h = document.querySelector(`section[id="${id}"] h1, section[id="${id}"] h2`);
      if (h && h.innerText.trim() !== title)
        fail(`section "${id}" is titled "${h.innerText.trim()}", expected "${title}"`);
    }

    // Headline cards: 3 to 5, each with a visible figure that has digits; one per alternative.
    const cards = [...document.querySelectorAll('#synthese .headline')];
    summary.headlines = cards.length;
    if (cards.length < 3 || cards.length > 5) fail(`${cards.length} headline cards, expected 3 to 5`);
    const values = [];
    cards.forEach((card, i) => {
      const value = card.querySelectorAll('.value');
      if (value.length !== 1 || !visible(value[0])) {
        fail(`headline card ${i + 1} shows no figure`);
        return;
      }
      const text = value[0].innerText.trim();
      values.push(text);
      if (!/\d/.test(text)) fail(`headline card ${i + 1} shows "${text}", which has no digit`);
    });
    summary.values = values;
    for (const id of alternatives) {
      const scenario = id.slice('levier-'.length);
      if (document.querySelectorAll(`#synthese .headline[data-scenario="${scenario}"]`).length !== 1)
        fail(`no headline card for scenario "${scenario}"`);
    }
    // Each effect card shows its 20-dot quantile plot, the filled dots as many as its caption
    // counts; a line under the cards says what the intervals include.
    document.querySelectorAll('#synthese .headline-effect').forEach((card, i) => {
      const dots = card.querySelector('figure.dots');
      if (!dots || !visible(dots)) return fail(`headline card ${i + 1} has no visible dot plot`);
      const all = dots.querySelectorAll('circle.data').length;
      const filled = dots.querySelectorAll('circle.data.better').length;
      if (all !== 20) fail(`headline card ${i + 1}: ${all} dots, expected 20`);
      if (String(filled) !== dots.dataset.favourable)
        fail(`headline card ${i + 1}: ${filled} filled dots, caption says ${dots.dataset.favourable}`);
    });
    const included = document.querySelector('#synthese p.included');
    if (!included || !visible(included) || !/incluent/.test(included.innerText))
      fail('no visible line saying what the intervals include');

    // Charts: every one laid out with a size, with data drawn inside it, and no NaN coordinate.
    const charts = [...document.querySelectorAll('svg.chart')];
    summary.charts = charts.length;
    if (charts.length === 0) fail('no chart in the report');
    charts.forEach((svg, i) => {
      const name = `chart ${i + 1} ("${(svg.getAttribute('aria-label') || '').slice(0, 60)}")`;
      if (!visible(svg)) fail(`${name} is hidden or has no size`);
      const shapes = [...svg.querySelectorAll('path.data, rect.data, circle.data')];
      const drawn = [...svg.querySelectorAll('.data')].filter((el) => {
        const b = el.getBBox();
        return b.width > 0 || b.height > 0;
      });
      if (shapes.length === 0) fail(`${name} draws no path, rectangle or dot of data`);
      else if (drawn.length === 0) fail(`${name}: its data shapes are all empty`);
      const bad = [...svg.querySelectorAll('[d], [x], [y], [width], [height], [cx], [cy]')].some((el) =>
        ['d', 'x', 'y', 'width', 'height', 'cx', 'cy'].some((a) => /NaN|Infinity/.test(el.getAttribute(a) || '')));
      if (bad) fail(`${name} has NaN or infinite coordinates`);
      if (!svg.getAttribute('aria-label') || !svg.querySelector('title'))
        fail(`${name} has no aria-label or title`);
    });

    // What a reader sees: no NaN, no "undefined".
    const texts = [
      ['page', document.body.innerText],
      ['chart', [...document.querySelectorAll('svg.chart text')].map((t) => t.textContent).join('\n')],
    ];
    for (const [what, text] of texts) {
      const m = text.match(/\b(NaN|nan|inf|Infinity|undefined|null)\b/);
      if (m) fail(`the ${what} text shows "${m[0]}": ...${text.slice(Math.max(0, m.index - 40), m.index + 40)}...`);
    }

    // Nothing loaded but the report itself (data: URIs are not resources).
    for (const r of performance.getEntriesByType('resource')) {
      if (!r.name.startsWith('data:') && r.name !== location.href)
        fail(`request to something other than the report: ${r.name}`);
    }

    // Printing (the print style sheet): no navigation bar, each section after the first on a
    // new page.
    let navHidden = false;
    let sectionBreak = false;
    for (const sheet of document.styleSheets) {
      for (const rule of sheet.cssRules) {
        if (!(rule instanceof CSSMediaRule) || !rule.media.mediaText.includes('print')) continue;
        for (const inner of rule.cssRules) {
          const sel = inner.selectorText || '';
          if (/\bnav\b/.test(sel) && inner.style.display === 'none') navHidden = true;
          if (/section/.test(sel) && ['page', 'always'].includes(inner.style.breakBefore || inner.style.pageBreakBefore))
            sectionBreak = true;
        }
      }
    }
    if (!navHidden) fail('the print style does not hide the navigation bar');
    if (!sectionBreak) fail('the print style does not start sections on a new page');

    const out = document.createElement('pre');
    out.id = 'qpvsim-check';
    out.hidden = true;
    out.textContent = failures.map((f) => `FAIL: ${f}`).join('\n') +
      `\nSUMMARY: ${summary.sections} sections, ${summary.headlines} headline cards [${(summary.values || []).join(' | ')}], ${summary.charts} charts\n` +
      `RESULT: ${failures.length === 0 ? 'pass' : 'fail'}\n`;
    document.body.appendChild(out);
  }

  window.addEventListener('load', () => {
    try {
      check();
    } catch (e) {
      const out = document.createElement('pre');
      out.id = 'qpvsim-check';
      out.textContent = `FAIL: check aborted: ${e}\nRESULT: fail\n`;
      document.body.appendChild(out);
    }
  });
})();
