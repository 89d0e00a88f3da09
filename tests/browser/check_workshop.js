// End-to-end test of the workshop page in a real browser (ctest browser.workshop, through
// check_workshop.cmake): starts `qpvsim serve --port 0`, drives Debian's Chromium, headless,
// with playwright-core (installed by ../../setup.sh with `npm ci`), and checks
// what an official sees: the page loads with the 15 QPV and the levers; Run gives a first
// estimate (the time it took is printed, not asserted), refined to the final stage; moving a
// lever (the truck's passages per year) and running again changes the displayed numbers and
// shows the previous try; "Enregistrer ce scénario" downloads a scenario file that
// `qpvsim validate` accepts; a value out of range shows a French message naming the key; the
// print view hides the controls; the panel "Répartir une enveloppe": the envelope, a share
// moved under a total of 100 %, the split run (its first estimate printed) with its three
// outcomes, the envelope's curves and frontier, a refused envelope; no script error. Saves
// screenshots (atelier.png, repartition.png) in --out.
//   node check_workshop.js --qpvsim <qpvsim> --out <dir> [--chromium /usr/bin/chromium]
// Plain CommonJS for Debian 12's Node.js 18.
'use strict';

const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}
const qpvsim = option('--qpvsim');
const outDir = option('--out');
const executablePath = option('--chromium', '/usr/bin/chromium');
if (!qpvsim || !outDir) {
  console.error('usage: node check_workshop.js --qpvsim <qpvsim> --out <dir> [--chromium <path>]');
  process.exit(2);
}

let chromium;
try {
  ({ chromium } = require('playwright-core'));
} catch (e) {
  console.error('playwright-core is not installed in tests/browser: run ./setup.sh (it runs ' +
    '`npm ci` there, from npm\'s registry)');
  process.exit(2);
}

const failures = [];
function check(ok, message) {
  if (!ok) failures.push(message);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${message}`);
}

/** Starts `qpvsim serve --port 0` and resolves with {proc, url, log} once it listens. */
function startServer() {
  return new Promise((resolve, reject) => {
    const proc = spawn(qpvsim, ['serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const server = { proc, url: null, log: '', exit: null };
    const timer = setTimeout(() => reject(new Error(`qpvsim serve did not listen within 60 s:\n${server.log}`)), 60000);
    const onData = (chunk) => {
      server.log += chunk.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(server.log);
      if (m && !server.url) {
        server.url = m[1];
        clearTimeout(timer);
        resolve(server);
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('exit', (code, signal) => {
      server.exit = { code, signal };
      if (!server.url) {
        clearTimeout(timer);
        reject(new Error(`qpvsim serve exited (${code}, ${signal}) before listening:\n${server.log}`));
      }
    });
  });
}

/** Ctrl-C, as an official would stop it; resolves with the exit status. */
function stopServer(server) {
  return new Promise((resolve) => {
    if (server.exit) return resolve(server.exit);
    const kill = setTimeout(() => server.proc.kill('SIGKILL'), 20000);
    server.proc.on('exit', (code, signal) => {
      clearTimeout(kill);
      resolve({ code, signal });
    });
    server.proc.kill('SIGINT');
  });
}

const headlineValues = (page) =>
  page.$$eval('#cartes .headline', (cards) =>
    Object.fromEntries(cards.map((c) => [c.dataset.indicator, c.querySelector('.value').textContent])));

/** Clicks Run and waits until the page shows the new run's final stage. */
async function runAndWait(page) {
  const before = await page.getAttribute('#cartes', 'data-run');
  const t0 = Date.now();
  await page.click('#lancer');
  await page.waitForFunction((id) => {
    const c = document.getElementById('cartes');
    return c.dataset.run && c.dataset.run !== id && c.querySelector('.headline');
  }, before, { timeout: 60000 });
  const first = (Date.now() - t0) / 1000;
  const stage = await page.$eval('#etape', (e) => ({ text: e.textContent.trim(), stage: e.dataset.stage, pageFirst: e.dataset.first }));
  await page.waitForFunction((id) => {
    const c = document.getElementById('cartes');
    const s = document.getElementById('etape');
    return c.dataset.run !== id && s.dataset.status === 'done';
  }, before, { timeout: 240000 });
  return { first, stage, total: (Date.now() - t0) / 1000 };
}

const shareValues = (page) => page.$$eval('#parts input[type=range]', (rs) => rs.map((r) => Number(r.value)));
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

/** Keeps the console errors `step` provokes on purpose (422 responses) out of `errors`. */
async function provoking(errors, expected, step) {
  const seen = errors.length;
  await step();
  const provoked = errors.splice(seen);
  expected.push(...provoked.filter((e) => /status of 422/.test(e)));
  errors.push(...provoked.filter((e) => !/status of 422/.test(e)));
}

/** The panel "Répartir une enveloppe": the envelope, the shares under a total of 100 %, a run
 * with its first estimate and outcomes, the envelope's curves and frontier, a refused envelope. */
async function checkAllocationPanel(page, errors, expected) {
  await page.click('#mode-repartition');
  check(await page.isVisible('#repartition') && !(await page.isVisible('#leviers')) && !(await page.isVisible('#quartiers')),
    'the panel "Répartir une enveloppe" takes the place of the QPV and the levers');
  check((await page.textContent('#lancer')).trim() === 'Simuler cette répartition', 'the Run button says what it runs');
  check(await page.inputValue('#enveloppe') === '600000', 'the envelope starts at the configured 600 000 € a year');
  const statusQuo = await shareValues(page);
  check(statusQuo.length === 3 && sum(statusQuo) === 100, `three share sliders at the status quo, adding up to 100 %: ${statusQuo}`);

  // The envelope: the euros of each share follow; the landscape of this envelope is computed.
  await page.fill('#enveloppe', '800000');
  await page.press('#enveloppe', 'Enter');
  const computing = await page.textContent('#paysage-etat');
  check(/Calcul des courbes pour cette enveloppe/.test(computing), `the curves are being computed: "${computing.trim()}"`);
  check((await page.textContent('#parts-total')).replace(/\s/g, '') === 'Total:100%de800000€paran', 'the total says 100 % of the new envelope');

  // Move a slider: the other two shares are rescaled, the total stays 100 %.
  await page.focus('#part-transport_aid');
  for (let i = 0; i < 10; ++i) await page.keyboard.press('ArrowRight');
  const moved = await shareValues(page);
  check(moved[0] === statusQuo[0] + 10 && sum(moved) === 100 && moved[1] < statusQuo[1] && moved[2] <= statusQuo[2],
    `moving one share rescales the others and keeps 100 %: ${statusQuo} -> ${moved} (total shown ${await page.getAttribute('#parts', 'data-total')} %)`);
  const eur = (await page.textContent('#part-transport_aid-eur')).replace(/\s/g, '');
  check(eur === `${moved[0] * 8000}€paran`, `each share in € a year: "${eur}"`);
  await page.click('#statu-quo');
  check(JSON.stringify(await shareValues(page)) === JSON.stringify(statusQuo), '"Statu quo" restores the status-quo shares');
  await page.focus('#part-screening_truck');
  for (let i = 0; i < 6; ++i) await page.keyboard.press('ArrowRight');
  await page.check('#ciblage-population');
  await page.check('#ciblage-besoin');

  // Run the split: the page's stages, and the three outcomes with their 90 % interval.
  const t0 = Date.now();
  await page.click('#lancer');
  await page.waitForSelector('#repartition-resultats .outcome', { timeout: 60000 });
  const first = (Date.now() - t0) / 1000;
  console.log(`allocation panel: first estimate ${first.toFixed(2)} s (800 000 € a year, shares ${await shareValues(page)} %, ` +
    `while the server computes the curves; page's own measure ${await page.getAttribute('#etape', 'data-first')} s)`);
  await page.waitForFunction(() => document.getElementById('etape').dataset.status === 'done', null, { timeout: 240000 });
  console.log(`allocation panel: final stage after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const outcomes = await page.$$eval('#repartition-resultats .outcome', (cs) => cs.map((c) => ({
    id: c.dataset.outcome, value: c.querySelector('.value').textContent, range: c.querySelector('.range').textContent })));
  console.log('allocation outcomes:', JSON.stringify(outcomes));
  check(outcomes.map((o) => o.id).join() === 'employment_person_years,screenings,creche_child_years', 'the three outcomes of the split are shown');
  check(outcomes.every((o) => /\d/.test(o.value) && /^Dans 9 futurs sur 10, entre .*\d.* et .*\d/.test(o.range)),
    'each outcome with its interval in French ("Dans 9 futurs sur 10, entre … et …")');
  check(/répartir 800\s000\s€ par an/.test(await page.textContent('#resume')), 'the results say which split was run');
  check(await page.locator('#cartes .headline').count() >= 1, 'the usual headline cards are shown too');

  // Where the split sits: the envelope's curves and frontier.
  await page.waitForSelector('#repartition-paysage[data-status="done"]', { timeout: 150000 });
  console.log(`allocation panel: curves and frontier of 800 000 € shown ${((Date.now() - t0) / 1000).toFixed(1)} s after the run was started`);
  const note = await page.textContent('#paysage-etat');
  check(/indicatives/.test(note) && /10 futurs simulés/.test(note), `the curves say they are indicative, on 10 futures: "${note.trim()}"`);
  check(await page.locator('#paysage-graphiques figure.curves svg .data.line').count() === 3, 'one budget-response curve per lever');
  check(await page.locator('#paysage-graphiques figure.curves svg .data.band').count() === 3, 'each curve with its 90 % band');
  check(await page.locator('#paysage-graphiques figure.curves svg .data.marker').count() === 3, 'a marker at each lever\'s current euros');
  check(await page.locator('#paysage-graphiques figure.frontier svg .data.grid-point').count() >= 3, 'the frontier chart shows the grid of splits');
  check(await page.locator('#paysage-graphiques figure.frontier svg .data.frontier').count() === 1, 'and the frontier line');
  check(await page.locator('#paysage-graphiques figure.frontier svg .data.current').count() === 1, 'and the split just run');
  const labels = await page.$$eval('#paysage-graphiques svg[role=img]', (ss) => ss.map((x) => x.getAttribute('aria-label')));
  check(labels.length === 2 && /^Années d'emploi en plus/.test(labels[0]) && /^Années d'emploi et dépistages/.test(labels[1]), `the charts are described in French: ${JSON.stringify(labels)}`);
  const results = await page.textContent('#resultats');
  check(!/NaN|undefined|\bnull\b/.test(results), 'no NaN, undefined or null in the results of the split');
  await page.screenshot({ path: path.join(outDir, 'repartition.png'), fullPage: true });

  // A refused envelope: a French message naming the key, the control marked.
  await provoking(errors, expected, async () => {
    await page.fill('#enveloppe', '5');
    await page.press('#enveloppe', 'Enter');
    await page.waitForSelector('#repartition-paysage[data-status="error"]', { state: 'attached', timeout: 30000 });
    await page.click('#lancer');
    await page.waitForSelector('#erreur:not([hidden])', { timeout: 30000 });
  });
  const message = await page.textContent('#erreur');
  check(/envelope_eur_per_year/.test(message) && /entre 10\s000 et 10\s000\s000 € par an/.test(message) && !/null|undefined/.test(message), `a bad envelope gets a French message naming the key: "${message.trim()}"`);
  check(await page.locator('[data-key="envelope_eur_per_year"].invalid').count() === 1, 'the envelope is marked');
  check(/Courbes indisponibles/.test(await page.textContent('#paysage-etat')), 'and the curves say why they are missing');
}

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const server = await startServer();
  console.log(`server: ${server.url}`);
  const browser = await chromium.launch({
    executablePath,
    // BUILD_NOTES.md: without the background-networking flags Chromium keeps trying to reach
    // outside hosts; --no-sandbox because tests may run as root.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const errors = [];
  const expected = []; // console errors a step provokes on purpose (a 422 response)
  try {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1100 }, acceptDownloads: true, locale: 'fr-FR' });
    const page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') errors.push(`console error: ${m.text()}`); });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    const outside = [];
    page.on('request', (r) => { if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) outside.push(r.url()); });

    await page.goto(server.url + '/');
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
    check(await page.locator('#liste-quartiers input[type=checkbox]').count() === 15, 'the list shows the 15 QPV with a checkbox each');
    check(await page.locator('#carte .qpv').count() === 15, 'the schematic map shows the 15 QPV');
    check(await page.locator('#liste-quartiers input:checked').count() === 15, 'every QPV is selected at first');
    check(await page.locator('#levier-screening_truck input[type=range]').count() === 2, 'the truck has its two sliders');

    // 1. The default levers.
    const one = await runAndWait(page);
    console.log(`first estimate: ${one.first.toFixed(2)} s (default levers: the three levers on the 15 QPV; ` +
      `stage ${one.stage.stage}, page's own measure ${one.stage.pageFirst} s); final stage after ${one.total.toFixed(1)} s`);
    check(/Première estimation|Estimation affinée|Résultat final/.test(one.stage.text), `a stage indicator is shown: "${one.stage.text}"`);
    const before = await headlineValues(page);
    console.log('headlines (default levers):', JSON.stringify(before));
    check(Object.keys(before).length >= 3, 'one headline card per lever');
    check(Object.values(before).every((v) => /\d/.test(v)), 'every headline card shows a figure');
    const finalText = await page.textContent('#etape-texte');
    check(/Résultat final : 100 futurs simulés/.test(finalText), `the final stage says so: "${finalText.trim()}"`);
    check(await page.locator('#graphiques figure.per-qpv svg .data.bar').count() > 0, 'the per-QPV charts draw bars');
    check((await page.textContent('#cartes')).includes('futurs simulés sur 10'), 'uncertainty in plain French ("dans 9 futurs simulés sur 10")');

    // 2. Move a lever: twice the truck passages.
    await page.fill('#screening_truck-passages_per_year-nombre', '48');
    check(await page.inputValue('#screening_truck-passages_per_year-curseur') === '48', 'the slider follows the number box');
    const two = await runAndWait(page);
    const after = await headlineValues(page);
    console.log('headlines (48 truck passages):', JSON.stringify(after), `(final stage after ${two.total.toFixed(1)} s)`);
    check(after.screening_breast && after.screening_breast !== before.screening_breast,
      `the screening headline changed: ${before.screening_breast} -> ${after.screening_breast}`);
    check((await page.textContent('#cartes .headline[data-indicator="screening_breast"]')).includes('Essai précédent'),
      'the screening card compares with the previous try');
    check(await page.locator('#essais tbody tr').count() === 2, 'the tries table lists both tries');
    const results = await page.textContent('#resultats');
    check(!/NaN|undefined|\bnull\b/.test(results), 'no NaN, undefined or null in the results');

    // 3. Save this scenario: a scenario file qpvsim accepts.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#enregistrer')]);
    const saved = path.join(outDir, 'scenario_atelier.toml');
    await download.saveAs(saved);
    const toml = fs.readFileSync(saved, 'utf8');
    check(/passages_per_year = 48\b/.test(toml), 'the saved file holds the lever as moved (passages_per_year = 48)');
    check(toml.includes('base = "embedded:valenciennes/baseline.toml"'), 'the saved file is a variant of the embedded baseline');
    let validated = '';
    try {
      validated = execFileSync(qpvsim, ['validate', saved], { encoding: 'utf8' });
    } catch (e) {
      validated = `failed: ${e.stdout || ''}${e.stderr || ''}`;
    }
    check(/valid/.test(validated) && !/failed/.test(validated), `qpvsim validate accepts the saved file: ${validated.trim()}`);

    // 4. The print view for the minutes: no controls, the results and the tries.
    await page.emulateMedia({ media: 'print' });
    check(!(await page.isVisible('#reglages')) && await page.isVisible('#resume') && await page.isVisible('#essais'),
      'the print view hides the controls and keeps the results and the tries');
    await page.screenshot({ path: path.join(outDir, 'atelier_impression.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await page.screenshot({ path: path.join(outDir, 'atelier.png'), fullPage: true });
    console.log(`screenshot: ${path.join(outDir, 'atelier.png')}`);

    // 5. A value out of range: a French message naming the key, and the page still works.
    await page.fill('#screening_truck-passages_per_year-nombre', '500');
    const seen = errors.length;
    await page.click('#lancer');
    await page.waitForSelector('#erreur:not([hidden])', { timeout: 30000 });
    const message = await page.textContent('#erreur');
    check(message.includes('passages_per_year') && /hors des limites/.test(message), `a French error names the key: "${message.trim()}"`);
    check(await page.locator('[data-key="screening_truck.passages_per_year"].invalid').count() === 1, 'the control at fault is marked');
    // Chromium logs the 422 response itself as a console error: expected here, and only here.
    const provoked = errors.splice(seen);
    expected.push(...provoked.filter((e) => /status of 422/.test(e)));
    errors.push(...provoked.filter((e) => !/status of 422/.test(e)));
    // 6. The panel "Répartir une enveloppe".
    await checkAllocationPanel(page, errors, expected);
    check(outside.length === 0, `the page asks for nothing outside the server${outside.length ? ': ' + outside.join(', ') : ''}`);
  } finally {
    await browser.close();
    const status = await stopServer(server);
    check(status.code === 0, `Ctrl-C stops the server cleanly (exit ${status.code}, signal ${status.signal})`);
    fs.writeFileSync(path.join(outDir, 'serve.log'), server.log);
  }
  check(errors.length === 0, `no script error${errors.length ? ': ' + errors.join(' | ') : ''}`);
  if (expected.length) console.log(`(expected console message of the bad request: ${expected.join(' | ')})`);
  if (failures.length) {
    console.log(`RESULT: fail (${failures.length})\nserver log:\n${fs.readFileSync(path.join(outDir, 'serve.log'), 'utf8')}`);
    process.exit(1);
  }
  console.log('RESULT: pass');
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
