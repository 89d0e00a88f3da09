// Opens a qpvsim HTML report in Debian's Chromium, as a reader would, and checks what is seen:
// the headline figures, the charts, the section headings, no "NaN"; that the page raises no
// error and asks for nothing but itself; and that it prints one section per page. Saves a
// full-page screenshot.
//
//   node check_report.mjs <report.html> <screenshot.png>
//
// Exits 0 when every check passes, 1 when one fails, 2 on bad usage or when the browser cannot
// start. Chromium is /usr/bin/chromium (Debian's package; $CHROMIUM overrides it): playwright-core
// never downloads a browser of its own.
import { chromium } from 'playwright-core';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [reportArg, shotArg] = process.argv.slice(2);
if (!reportArg || !shotArg) {
  console.error('usage: node check_report.mjs <report.html> <screenshot.png>');
  process.exit(2);
}
const report = path.resolve(reportArg);
if (!existsSync(report)) {
  console.error(`check_report: no report at ${report}`);
  process.exit(2);
}
const reportUrl = pathToFileURL(report).href;
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`check_report: no browser at ${executablePath}; run ./setup.sh (Debian package chromium)`);
  process.exit(2);
}

// Without the background-networking flags Chromium keeps trying to reach outside hosts, which
// this network refuses (BUILD_NOTES.md).
const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const failures = [];
const fail = (message) => failures.push(message);

const userDataDir = mkdtempSync(path.join(tmpdir(), 'qpvsim-chromium-'));
let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args,
    viewport: { width: 1280, height: 900 },
    locale: 'fr-FR',
  });
} catch (error) {
  rmSync(userDataDir, { recursive: true, force: true });
  console.error(`check_report: cannot start ${executablePath}: ${error.message}`);
  process.exit(2);
}

const summary = {};
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30000);

  // The report must be self-contained: any request but the file itself is a failure, and is
  // refused so that nothing leaves the machine.
  const requests = new Set();
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url === reportUrl) return route.continue();
    requests.add(url);
    return route.abort();
  });
  page.on('request', (request) => {
    const url = request.url();
    if (url !== reportUrl && !url.startsWith('data:')) requests.add(url);
  });
  page.on('pageerror', (error) => fail(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') fail(`console error: ${message.text()}`);
  });

  const response = await page.goto(reportUrl, { waitUntil: 'load' });
  if (response && !response.ok()) fail(`the report did not load (status ${response.status()})`);

  // Sections: each has a visible heading, and the navigation bar points to it.
  const sections = await page.locator('main > section').evaluateAll((nodes) =>
    nodes.map((s) => ({ id: s.id, heading: s.querySelector('h1, h2')?.innerText.trim() ?? '' })),
  );
  summary.sections = sections.length;
  const ids = sections.map((s) => s.id);
  for (const id of ['synthese', 'quartiers', 'methode']) {
    if (!ids.includes(id)) fail(`no section "${id}"`);
  }
  const alternatives = ids.filter((id) => id.startsWith('levier-'));
  if (alternatives.length > 0 && !ids.includes('cout')) fail('alternatives but no section "cout"');
  for (const s of sections) {
    const heading = page.locator(`section[id="${s.id}"]`).locator('h1, h2').first();
    if (!s.heading) fail(`section "${s.id}" has no heading`);
    else if (!(await heading.isVisible())) fail(`the heading of section "${s.id}" is not visible`);
    if ((await page.locator(`nav a[href="#${s.id}"]`).count()) === 0)
      fail(`the navigation bar has no link to "${s.id}"`);
  }
  const expected = { quartiers: 'Par quartier', cout: 'Coût par résultat', methode: 'Méthode et provenance' };
  for (const [id, title] of Object.entries(expected)) {
    const s = sections.find((x) => x.id === id);
    if (s && s.heading !== title) fail(`section "${id}" is titled "${s.heading}", expected "${title}"`);
  }

  // Headline cards: 3 to 5, each with a visible figure that has digits.
  const cards = page.locator('#synthese .headline');
  const cardCount = await cards.count();
  summary.headlines = cardCount;
  if (cardCount < 3 || cardCount > 5) fail(`${cardCount} headline cards, expected 3 to 5`);
  const headlineValues = [];
  for (let i = 0; i < cardCount; ++i) {
    const value = cards.nth(i).locator('.value');
    if ((await value.count()) !== 1 || !(await value.isVisible())) {
      fail(`headline card ${i + 1} shows no figure`);
      continue;
    }
    const text = (await value.innerText()).trim();
    headlineValues.push(text);
    if (!/\d/.test(text)) fail(`headline card ${i + 1} shows "${text}", which has no digit`);
    const box = await value.boundingBox();
    if (!box || box.width < 1 || box.height < 1) fail(`the figure of headline card ${i + 1} has no size`);
  }
  for (const id of alternatives) {
    const scenario = id.slice('levier-'.length);
    if ((await page.locator(`#synthese .headline[data-scenario="${scenario}"]`).count()) !== 1)
      fail(`no headline card for scenario "${scenario}"`);
  }

  // Charts: every one laid out with a size, with data drawn inside it, and no NaN coordinate.
  const charts = await page.locator('svg.chart').evaluateAll((nodes) =>
    nodes.map((svg) => {
      const r = svg.getBoundingClientRect();
      const style = getComputedStyle(svg);
      const drawn = [...svg.querySelectorAll('.data')].filter((el) => {
        const b = el.getBBox();
        return b.width > 0 || b.height > 0;
      }).length;
      const bad = [...svg.querySelectorAll('[d], [x], [y], [width], [height]')].some((el) =>
        ['d', 'x', 'y', 'width', 'height'].some((a) => /NaN|Infinity/.test(el.getAttribute(a) ?? '')),
      );
      return {
        label: svg.getAttribute('aria-label') ?? '',
        title: svg.querySelector('title')?.textContent ?? '',
        width: r.width,
        height: r.height,
        shown: style.display !== 'none' && style.visibility !== 'hidden' && style.opacity !== '0',
        shapes: svg.querySelectorAll('path.data, rect.data').length,
        drawn,
        bad,
      };
    }),
  );
  summary.charts = charts.length;
  if (charts.length === 0) fail('no chart in the report');
  charts.forEach((c, i) => {
    const name = `chart ${i + 1} ("${c.label.slice(0, 60)}")`;
    if (!c.shown) fail(`${name} is hidden`);
    if (!(c.width > 0 && c.height > 0)) fail(`${name} has no size (${c.width} x ${c.height})`);
    if (c.shapes === 0) fail(`${name} draws no path or rectangle of data`);
    else if (c.drawn === 0) fail(`${name}: its data shapes are all empty`);
    if (c.bad) fail(`${name} has NaN or infinite coordinates`);
    if (!c.label || !c.title) fail(`${name} has no aria-label or title`);
  });

  // What a reader sees: no NaN, no "undefined", nothing in English where French is expected.
  const visible = await page.locator('body').innerText();
  const svgText = await page.locator('svg.chart text').allTextContents();
  for (const [what, text] of [['page', visible], ['chart', svgText.join('\n')]]) {
    const m = text.match(/\b(NaN|nan|inf|Infinity|undefined|null)\b/);
    if (m) fail(`the ${what} text shows "${m[0]}": …${text.slice(Math.max(0, m.index - 40), m.index + 40)}…`);
  }
  summary.characters = visible.length;

  summary.screenshot = path.resolve(shotArg);
  await page.screenshot({ path: summary.screenshot, fullPage: true });

  // Printing: no navigation bar, every section after the first on a new page.
  await page.emulateMedia({ media: 'print' });
  const print = await page.evaluate(() => ({
    nav: getComputedStyle(document.querySelector('nav') ?? document.body).display,
    breaks: [...document.querySelectorAll('main > section')]
      .slice(1)
      .filter((s) => !['page', 'always'].includes(getComputedStyle(s).breakBefore)).length,
  }));
  if (print.nav !== 'none') fail('the navigation bar is printed');
  if (print.breaks > 0) fail(`${print.breaks} section(s) do not start a new printed page`);

  summary.requests = requests.size;
  for (const url of requests) fail(`request to something other than the report: ${url}`);
  summary.headlineValues = headlineValues;
} catch (error) {
  fail(`check aborted: ${error.message}`);
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}

const size = (() => {
  try {
    return `${Math.round(statSync(report).size / 1024)} KiB`;
  } catch {
    return '?';
  }
})();
console.log(
  `check_report: ${path.basename(report)} (${size}): ${summary.sections ?? 0} sections, ` +
    `${summary.headlines ?? 0} headline cards [${(summary.headlineValues ?? []).join(' | ')}], ` +
    `${summary.charts ?? 0} charts, ${summary.requests ?? 0} outside requests; ` +
    `screenshot ${summary.screenshot ?? '(none)'}`,
);
if (failures.length > 0) {
  for (const f of failures) console.error(`FAIL: ${f}`);
  console.error(`check_report: ${failures.length} check(s) failed`);
  process.exit(1);
}
console.log('check_report: all checks passed');
