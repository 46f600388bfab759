// End-to-end test of the forms portal (output/index.html) in headless Chromium.
//
//   node tests/browser/portal.mjs [OUTPUT_DIR]      (default: output)
//
// It serves OUTPUT_DIR from a tiny static HTTP server on 127.0.0.1, drives the
// page with playwright-core and Debian's Chromium, and checks what a person
// would: thumbnails show, PDF links open, the search box filters as you type,
// it also works from file://, and the page fits a phone screen.
// Any failed check prints "FAIL: ..." and exits with status 1; a pass prints
// one "portal ok: ..." line. Screenshots go to target/browser/ (portal.png,
// the whole page at desktop width; portal-phone.png, at 390x844).
//
// Environment:
//   CHROMIUM=path        the browser binary (default /usr/bin/chromium)
//   PORTAL_VERBOSE=1     print each step as it starts
//   PORTAL_PDF_VIEWER=1  let PDFs open in Chromium's viewer instead of downloading

import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUTPUT_DIR = path.resolve(process.argv[2] ?? 'output');
const SHOT_DIR = path.join(REPO_ROOT, 'target', 'browser');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const STEP_TIMEOUT_MS = 15_000; // any single wait
const WHOLE_RUN_TIMEOUT_MS = 180_000; // the whole test, as a safety net

// Content types the server sends, by file extension.
const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.png': 'image/png',
  '.pdf': 'application/pdf',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

// ---------------------------------------------------------------- helpers --

/** The step running now; named in the message if the run times out. */
let currentStep = 'starting';

/** Marks the start of a step (printed too when PORTAL_VERBOSE=1). */
function step(name) {
  currentStep = name;
  if (process.env.PORTAL_VERBOSE) console.error(`.. ${name}`);
}

/** A failed check: the message is what the user sees. */
class CheckFailed extends Error {}

function check(condition, message) {
  if (!condition) throw new CheckFailed(message);
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** A list of rows as short text, for messages: "QR-XS-003 订单, ...". */
function describe(rows) {
  return rows.length ? rows.map((r) => `${r.number} ${r.title}`).join(', ') : '(none)';
}

/** The rows a query should show: number or title contains it, ignoring case. */
function expectedMatches(rows, query) {
  const q = query.trim().toLowerCase();
  return rows.filter((r) => r.number.toLowerCase().includes(q) || r.title.toLowerCase().includes(q));
}

// ------------------------------------------------------- static file server --

/** Starts a static server for `root` on 127.0.0.1 and a free port. */
async function startServer(root) {
  const server = http.createServer((req, res) => serveFile(root, req, res));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return { server, origin: `http://127.0.0.1:${port}` };
}

/** Answers one request with the file under `root`, or 404/405. */
function serveFile(root, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405).end();
    return;
  }
  let relative;
  try {
    relative = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  if (relative.endsWith('/')) relative += 'index.html';
  const file = path.join(root, relative);
  // Never serve anything outside the root (e.g. "/../../etc/passwd").
  if (file !== root && !file.startsWith(root + path.sep)) {
    res.writeHead(403).end();
    return;
  }
  fs.stat(file, (err, stat) => {
    if (err || !stat.isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'content-length': stat.size, 'cache-control': 'no-store' });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(file).pipe(res);
  });
}

// ----------------------------------------------------------------- browser --

/**
 * Launches Chromium with a fresh, throw-away profile folder.
 *
 * The profile tells Chromium to download PDFs instead of showing them in its
 * built-in viewer: closing a tab while that viewer is still loading can hang
 * headless Chromium, and a download lets us check the bytes too. Set
 * PORTAL_PDF_VIEWER=1 to keep the viewer (the test handles both).
 */
async function launchBrowser() {
  step('launching Chromium');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ctrldoc-chromium-'));
  if (!process.env.PORTAL_PDF_VIEWER) {
    fs.mkdirSync(path.join(profile, 'Default'));
    fs.writeFileSync(path.join(profile, 'Default', 'Preferences'),
      JSON.stringify({ plugins: { always_open_pdf_externally: true } }));
  }
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  return { context, profile };
}

/**
 * Opens a new tab on `url` and records what must never happen on a
 * self-contained page: script errors and requests that leave `allowedPrefix`.
 */
async function openPage(context, url, allowedPrefix) {
  step(`opening ${url}`);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`script error: ${err.message}`));
  page.on('request', (req) => {
    const u = req.url();
    const own = [allowedPrefix, 'data:', 'blob:', 'chrome:', 'chrome-extension:']; // last two: Chromium's PDF viewer
    if (!own.some((prefix) => u.startsWith(prefix))) {
      problems.push(`request outside the output folder: ${u}`);
    }
  });
  const response = await page.goto(url, { waitUntil: 'load' });
  if (response) check(response.ok(), `${url} answered HTTP ${response.status()}`);
  return { page, problems };
}

function checkNoProblems(problems, where) {
  check(problems.length === 0, `${where}:\n  ${problems.join('\n  ')}`);
}

// ------------------------------------------------------------- page reading --

/** Every entry row as { number, title, group }, read from the DOM. */
async function readRows(page) {
  return page.$$eval('section.group tr.entry', (trs) => trs.map((tr) => ({
    number: tr.dataset.number ?? '',
    title: tr.dataset.title ?? '',
    group: tr.closest('section.group').dataset.group ?? '',
  })));
}

/**
 * What the filter currently shows: for each row and section, whether it has
 * the `hidden` attribute and whether it is really rendered (CSS could undo
 * `hidden`, e.g. `tr { display: table-row }`), plus the #count text.
 */
async function readFilterState(page) {
  return page.evaluate(() => {
    const shown = (el) => el.checkVisibility();
    return {
      rows: [...document.querySelectorAll('section.group tr.entry')].map((tr) => ({
        number: tr.dataset.number,
        hiddenAttr: tr.hasAttribute('hidden'),
        rendered: shown(tr),
      })),
      sections: [...document.querySelectorAll('section.group')].map((s) => ({
        group: s.dataset.group,
        hiddenAttr: s.hasAttribute('hidden'),
        rendered: shown(s),
      })),
      count: document.getElementById('count')?.textContent ?? null,
    };
  });
}

/** Numbers written in a piece of text, e.g. "显示 1 / 12 项" -> [1, 12]. */
function numbersIn(text) {
  return (text.match(/\d+/g) ?? []).map(Number);
}

/** Lists what is wrong with the filter state for the expected rows; [] if nothing. */
function filterErrors(state, allRows, expected) {
  const want = new Set(expected.map((r) => r.number));
  const errors = [];
  for (const row of state.rows) {
    const shouldShow = want.has(row.number);
    if (shouldShow && (row.hiddenAttr || !row.rendered)) errors.push(`${row.number} should be visible but is hidden`);
    if (!shouldShow && !row.hiddenAttr) errors.push(`${row.number} should have the hidden attribute`);
    if (!shouldShow && row.rendered) errors.push(`${row.number} should not be rendered`);
  }
  const groupsWithMatches = new Set(allRows.filter((r) => want.has(r.number)).map((r) => r.group));
  for (const s of state.sections) {
    const shouldShow = groupsWithMatches.has(s.group);
    if (shouldShow && (s.hiddenAttr || !s.rendered)) errors.push(`section "${s.group}" has matches but is hidden`);
    if (!shouldShow && (!s.hiddenAttr || s.rendered)) errors.push(`section "${s.group}" has no matches but is not hidden`);
  }
  if (state.count === null) errors.push('#count is missing');
  else if (!numbersIn(state.count).includes(expected.length)) {
    errors.push(`#count says "${state.count}", which does not contain ${expected.length}`);
  }
  return errors;
}

/** Waits (the filter may be debounced) until the page shows exactly `expected`. */
async function expectFilter(page, allRows, expected, label) {
  const deadline = Date.now() + 5_000;
  let errors;
  do {
    errors = filterErrors(await readFilterState(page), allRows, expected);
    if (errors.length === 0) return;
    await page.waitForTimeout(100);
  } while (Date.now() < deadline);
  throw new CheckFailed(`${label}: expected ${describe(expected)}\n  ${errors.join('\n  ')}`);
}

// ------------------------------------------------------------- interaction --

/** Empties #search with real keys (select all, Backspace). */
async function clearSearch(page) {
  await page.click('#search');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  check((await page.inputValue('#search')) === '', '#search did not clear with Ctrl+A, Backspace');
}

/** Clears #search, types `query` key by key and checks the filter result. */
async function searchFor(page, allRows, query) {
  step(`searching for "${query}"`);
  await clearSearch(page);
  await page.type('#search', query);
  const expected = expectedMatches(allRows, query);
  await expectFilter(page, allRows, expected, `search "${query}"`);
  return expected;
}

/**
 * Clicks `link` and waits for the PDF it points to: depending on the
 * Chromium build, a PDF opens inline (a response with content-type
 * application/pdf, maybe in a new tab) or is downloaded (a download event).
 * Returns how it arrived.
 */
async function clickAndExpectPdf(context, page, link) {
  step('clicking a PDF link');
  const target = await link.evaluate((a) => a.href);
  const listeners = [];
  const on = (emitter, event, fn) => { emitter.on(event, fn); listeners.push(() => emitter.off(event, fn)); };
  const arrived = new Promise((resolve) => {
    const watchDownloads = (p) => on(p, 'download', (d) => resolve({ kind: 'download', download: d }));
    watchDownloads(page);
    on(context, 'page', watchDownloads); // a link with target=_blank opens a new tab
    on(context, 'response', (r) => {
      // A download also starts with this response; give it a moment to show.
      if (r.url() === target) sleep(2_000).then(() => resolve({ kind: 'response', response: r }));
    });
  });
  try {
    // A navigation that turns into a download makes click's own wait fail;
    // the outcome is judged from `arrived`, so that error is not a failure.
    const clicked = link.click({ noWaitAfter: true }).catch(() => {});
    const timeout = sleep(STEP_TIMEOUT_MS).then(() => {
      throw new CheckFailed(`clicking ${target} gave neither a download nor a response`);
    });
    const result = await Promise.race([arrived, timeout]);
    await clicked;
    return await describePdfArrival(result, target);
  } finally {
    listeners.forEach((off) => off());
  }
}

/** Checks that a download or response really is the PDF; returns a short note. */
async function describePdfArrival(result, target) {
  if (result.kind === 'response') {
    const r = result.response;
    check(r.status() === 200, `clicking the PDF link: ${target} answered HTTP ${r.status()}`);
    const type = r.headers()['content-type'] ?? '';
    check(type.startsWith('application/pdf'), `clicking the PDF link: content-type was "${type}"`);
    // Navigate the tab away once the viewer has loaded; closing it while the
    // viewer is still starting up can hang headless Chromium.
    const page = r.frame().page();
    await page.waitForLoadState('load').catch(() => {});
    await page.waitForTimeout(1_000);
    await page.goto('about:blank').catch(() => {});
    return 'opened inline as application/pdf';
  }
  const d = result.download;
  check(d.url() === target, `clicking the PDF link downloaded ${d.url()}, not ${target}`);
  const file = await d.path();
  check(file, `the download of ${target} failed: ${await d.failure()}`);
  check(fs.readFileSync(file).subarray(0, 5).toString('latin1') === '%PDF-', `the download of ${target} is not a PDF`);
  return `downloaded as ${d.suggestedFilename()}`;
}

// ------------------------------------------------------------------ checks --

/** Every thumbnail of an entry is a PNG that really loaded. */
async function checkThumbnails(page) {
  step('checking thumbnails');
  const thumbs = page.locator('tr.entry img.thumb');
  const total = await thumbs.count();
  check(total === (await page.locator('tr.entry').count()), `every entry needs an img.thumb; found ${total}`);
  for (let i = 0; i < total; i++) {
    const img = thumbs.nth(i);
    await img.scrollIntoViewIfNeeded(); // lazy images load only once near the screen
    const src = await img.getAttribute('src');
    check(src && /\.png$/i.test(src), `thumbnail ${i + 1} src "${src}" is not a .png`);
    check((await img.getAttribute('alt')) !== null, `thumbnail ${src} has no alt text`);
    try {
      await img.evaluate((el) => (el.complete ? null : new Promise((ok) => {
        el.addEventListener('load', ok, { once: true });
        el.addEventListener('error', ok, { once: true });
      })));
    } catch { /* judged just below */ }
    const width = await img.evaluate((el) => el.naturalWidth);
    check(width > 0, `thumbnail ${src} did not load (naturalWidth 0)`);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  return total;
}

/** Fetches `url` from Node and checks status, content type and magic bytes. */
async function checkServed(url, wantType, magic) {
  const res = await fetch(url);
  check(res.status === 200, `${decodeURI(url)} answered HTTP ${res.status}`);
  const type = res.headers.get('content-type') ?? '';
  check(type.startsWith(wantType), `${decodeURI(url)} has content-type "${type}", not ${wantType}`);
  const head = Buffer.from(await res.arrayBuffer()).subarray(0, magic.length);
  check(head.equals(magic), `${decodeURI(url)} does not start like a ${wantType} file`);
}

/** Every a.pdf of an entry has a relative href to a PDF that the server serves. */
async function checkPdfLinks(page) {
  step('checking PDF links');
  const links = await page.$$eval('tr.entry a.pdf', (as) => as.map((a) => ({ raw: a.getAttribute('href'), abs: a.href })));
  check(links.length === (await page.locator('tr.entry').count()), `every entry needs an a.pdf; found ${links.length}`);
  for (const { raw, abs } of links) {
    check(raw && !/^([a-z]+:|\/)/i.test(raw), `PDF link "${raw}" must be relative (to work from file://)`);
    await checkServed(abs, 'application/pdf', Buffer.from('%PDF-'));
  }
  return links.length;
}

/** nav#lists links to the master list and records list, and every link in it works. */
async function checkListsNav(page) {
  step('checking nav#lists');
  const hrefs = await page.$$eval('nav#lists a', (as) => as.map((a) => ({ raw: a.getAttribute('href'), abs: a.href })));
  for (const name of ['master-list.pdf', 'records-list.pdf']) {
    check(hrefs.some((h) => h.raw?.split(/[?#]/)[0] === name), `nav#lists has no link to ${name}`);
  }
  for (const { raw, abs } of hrefs) {
    check(raw && !/^([a-z]+:|\/)/i.test(raw), `nav#lists link "${raw}" must be relative`);
    if (/\.pdf$/i.test(raw)) await checkServed(abs, 'application/pdf', Buffer.from('%PDF-'));
    else check((await fetch(abs)).status === 200, `nav#lists link ${raw} is broken`);
  }
  return hrefs.length;
}

/** If the build wrote manifest.json, every form and document in it has a row. */
function checkAgainstManifest(rows) {
  const file = path.join(OUTPUT_DIR, 'manifest.json');
  if (!fs.existsSync(file)) return 'no manifest.json';
  const outputs = JSON.parse(fs.readFileSync(file, 'utf8')).outputs ?? [];
  const listed = new Set(rows.map((r) => r.number));
  const wanted = [...new Set(outputs.filter((o) => o.kind === 'form' || o.kind === 'master').map((o) => o.number))];
  const missing = wanted.filter((n) => !listed.has(n));
  check(missing.length === 0, `manifest.json has ${missing.join(', ')} but the portal has no row for it`);
  return `all ${wanted.length} forms/documents of manifest.json listed`;
}

/** At desktop width each column starts at the same place in every
 * department's table: number, title, version, effective date, retention. */
async function checkColumnsAlign(page) {
  step('checking that the columns line up across departments');
  const starts = await page.evaluate(() =>
    Array.from(document.querySelectorAll('tr.entry')).map((tr) =>
      Array.from(tr.children).map((td) => Math.round(td.getBoundingClientRect().left)),
    ),
  );
  check(starts.length > 0, 'no rows to line up');
  const first = JSON.stringify(starts[0]);
  const off = starts.filter((s) => JSON.stringify(s) !== first);
  check(off.length === 0, `the columns of ${off.length} rows start elsewhere than the first row's (${first}): ${JSON.stringify(off[0])}`);
  // Just wide enough for the table, a title still has room for twelve
  // characters; narrower, the page is laid out as on a phone.
  const narrow = await page.evaluate(() => {
    const css = Array.from(document.styleSheets).flatMap((s) => Array.from(s.cssRules)).map((r) => r.cssText).join('\n');
    const found = css.match(/@media \(max-width: (\d+)px\)/);
    return found ? Number(found[1]) : null;
  });
  check(narrow !== null, 'the page says no width below which it is laid out as on a phone');
  const before = page.viewportSize();
  await page.setViewportSize({ width: narrow + 1, height: 900 });
  const title = await page.evaluate(() => document.querySelector('tr.entry td.title').getBoundingClientRect().width);
  check(title >= 12 * 15 * 0.9, `at ${narrow + 1}px a title has ${Math.round(title)}px, less than twelve characters`);
  await page.setViewportSize(before);
}

/** The page fits a phone screen: no horizontal scrolling. */
async function checkPhoneLayout(page) {
  step('checking the phone layout');
  await page.setViewportSize({ width: 390, height: 844 });
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  check(scrollWidth <= innerWidth + 1, `at 390x844 the page scrolls sideways (scrollWidth ${scrollWidth} > ${innerWidth})`);
  check(await page.locator('#search').isVisible(), 'at 390x844 the search box is not visible');
}

// -------------------------------------------------------------------- main --

/** The checks over http; returns facts for the summary. */
async function testOverHttp(context, origin) {
  const { page, problems } = await openPage(context, `${origin}/index.html`, origin + '/');
  const title = (await page.title()).trim();
  check(title.length > 0, 'index.html has an empty <title>');
  check(await page.locator('input#search[type="search"]').count() === 1, 'no <input id="search" type="search">');

  const rows = await readRows(page);
  check(rows.length > 0, 'no tr.entry rows inside section.group');
  check(rows.every((r) => r.number && r.title), 'every tr.entry needs data-number and data-title');
  const manifestNote = checkAgainstManifest(rows);
  await expectFilter(page, rows, rows, 'before any search');

  const thumbs = await checkThumbnails(page);
  const pdfs = await checkPdfLinks(page);
  const lists = await checkListsNav(page);
  await checkColumnsAlign(page);

  // Search by (part of) a title: the expected rows come from the DOM above.
  const byTitle = await searchFor(page, rows, '订单');
  check(byTitle.length > 0 && byTitle.length < rows.length, `"订单" should match some but not all rows; it matches ${byTitle.length}`);

  // Search by number, in lower case: exactly one row, and a whole section goes away.
  const byNumber = await searchFor(page, rows, 'qr-xs-008');
  check(byNumber.length === 1, `"qr-xs-008" should match exactly one row; the page lists ${describe(byNumber)}`);
  const emptyGroups = new Set(rows.map((r) => r.group));
  emptyGroups.delete(byNumber[0].group);
  check(emptyGroups.size > 0, 'every row is in the same section, so hiding an empty section cannot be checked');

  // Clearing the search brings every row back.
  step('clearing the search');
  await clearSearch(page);
  await expectFilter(page, rows, rows, 'after clearing the search');

  // Full-size screenshot of the whole list.
  step('taking the screenshot');
  fs.mkdirSync(SHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SHOT_DIR, 'portal.png'), fullPage: true });

  checkNoProblems(problems, 'over http');

  // Click the PDF link of the QR-XS-008 row while it is the only one shown.
  await searchFor(page, rows, 'qr-xs-008');
  const link = page.locator('tr.entry:not([hidden]) a.pdf');
  check(await link.count() === 1, 'expected exactly one visible a.pdf after searching "qr-xs-008"');
  const pdfNote = await clickAndExpectPdf(context, page, link);
  await page.close();
  return { title, rows: rows.length, thumbs, pdfs, lists, byTitle, manifestNote, pdfNote };
}

/** The phone-size check over http, with its own screenshot. */
async function testPhone(context, origin) {
  const { page, problems } = await openPage(context, `${origin}/index.html`, origin + '/');
  await checkPhoneLayout(page);
  await page.screenshot({ path: path.join(SHOT_DIR, 'portal-phone.png'), fullPage: false });
  checkNoProblems(problems, 'phone size');
  await page.close();
}

/** The search also works with the page opened straight from disk. */
async function testOverFile(context) {
  const url = pathToFileURL(path.join(OUTPUT_DIR, 'index.html')).href;
  const { page, problems } = await openPage(context, url, pathToFileURL(OUTPUT_DIR).href + '/');
  const rows = await readRows(page);
  await searchFor(page, rows, '订单');
  await searchFor(page, rows, 'qr-xs-008');
  await clearSearch(page);
  await expectFilter(page, rows, rows, 'file://, after clearing the search');
  checkNoProblems(problems, 'over file://');
  await page.close();
}

async function main() {
  check(fs.existsSync(path.join(OUTPUT_DIR, 'index.html')), `${OUTPUT_DIR}/index.html does not exist (build first)`);
  check(fs.existsSync(CHROMIUM), `${CHROMIUM} not found (apt-get install chromium, or set CHROMIUM)`);
  const started = Date.now();
  const { server, origin } = await startServer(OUTPUT_DIR);
  let browser;
  try {
    browser = await launchBrowser();
    const facts = await testOverHttp(browser.context, origin);
    await testPhone(browser.context, origin);
    await testOverFile(browser.context);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `portal ok: "${facts.title}", ${facts.rows} rows, ${facts.thumbs} thumbnails loaded, ` +
      `${facts.pdfs} PDF links + ${facts.lists} list links serve, "订单" -> ${describe(facts.byTitle)}, ` +
      `"qr-xs-008" -> 1 row, PDF click ${facts.pdfNote}, file:// search ok, 390px no side scroll, ` +
      `${facts.manifestNote}; screenshot ${path.relative(REPO_ROOT, SHOT_DIR)}/portal.png (${seconds}s)`,
    );
  } finally {
    if (browser) {
      // Chromium is killed anyway when this process exits, so never wait long.
      await Promise.race([browser.context.close().catch(() => {}), sleep(10_000)]);
      fs.rmSync(browser.profile, { recursive: true, force: true });
    }
    server.closeAllConnections?.();
    await new Promise((resolve) => server.close(resolve));
  }
}

// A safety net: never hang forever, whatever the browser does.
const watchdog = setTimeout(() => {
  console.error(`FAIL: portal test did not finish within ${WHOLE_RUN_TIMEOUT_MS / 1000}s (stuck at: ${currentStep})`);
  process.exit(1);
}, WHOLE_RUN_TIMEOUT_MS);
watchdog.unref();

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`FAIL: ${err instanceof CheckFailed ? err.message : err.stack ?? err}`);
    process.exit(1);
  },
);
