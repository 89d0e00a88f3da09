// End-to-end test of the workshop page in a real browser (ctest browser.workshop, through
// check_workshop.cmake): starts `qpvsim serve --port 0`, drives Debian's Chromium, headless,
// with playwright-core (vendored in vendor/, installed offline by ../../setup.sh), and checks
// what an official sees: the page loads with the 15 QPV and the levers; Run gives a first
// estimate (the time it took is printed, not asserted), refined to the final stage; moving a
// lever (the truck's passages per year) and running again changes the displayed numbers and
// shows the previous try; "Enregistrer ce scénario" downloads a scenario file that
// `qpvsim validate` accepts; a value out of range shows a French message naming the key; the
// print view hides the controls; no script error. Saves a screenshot (atelier.png) in --out.
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
  console.error('playwright-core is not installed in tests/browser: run ./setup.sh (it installs ' +
    'tests/browser/vendor/playwright-core-*.tgz offline)');
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
