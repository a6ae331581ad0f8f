// e2e_pages.mjs — every page of tdn as every role, on a desktop (1280 px), a
// tablet (768 px) and a phone (390 px): no page scrolls sideways, axe-core
// finds no serious or critical accessibility violation, the body chart's
// targets are at least 44 px wide and high where fingers choose, the session
// runner and the body chart of a patient show the screening verdict in words
// (with its reasons and blocked regions), and the buttons and forms that
// e2e.mjs (the clinical path) does not drive are driven by their visible
// labels: add a user, filter the audit trail, search patients, register a
// patient at the desk, save a diary entry, open and print a handout, print
// the note, pick the patient of the body chart, choose a region from the
// list on a phone, remove and clear the pain map, redirect a needle, record
// an adverse event, a superficial needle's next round, a broken needle, abort
// a session.
// Screenshots: <role>-<page>-<width>.png in the folder given.
// usage: node e2e_pages.mjs TDN_BINARY SCREENSHOT_DIR      (exit 77 = skipped)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { run, signIn, pickMuscle } from './lib_e2e.mjs';

const WIDTHS = [1280, 768, 390];
const require = createRequire(import.meta.url);
let axeSource = null;
try { axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'); } catch (e) { /* checked below */ }

// The demo data every page shows: Casey (antiplatelet, an infected right
// calf: caution, calf blocked) with an episode, a pain map, a closed session
// (note, handout) and an open one (the runner).
function setUp(t) {
  const { db, env, patientId: p } = t.clinic;
  const tdn = (...args) => JSON.parse(execFileSync(t.tdn, ['--db', db, ...args, '--json'], { env }).toString() || '{}');
  const tdnIn = (input, ...args) => JSON.parse(execFileSync(t.tdn, ['--db', db, ...args], { env, input }).toString());
  execFileSync(t.tdn, ['--db', db, 'consent', 'record', '--patient', String(p), '--by', 'patient'], { env });
  const ep = tdn('episode', 'open', '--patient', String(p), '--condition', 'neck_pain', '--goal', 'turn the head').id;
  tdnIn(JSON.stringify({ conditions: ['antiplatelet'], planned_regions: ['posterior_neck:R', 'shoulder_top:R'],
    local: [{ condition: 'infection', region: 'calf:R' }] }), 'screening', 'record', '--json', '--patient', String(p), '-');
  execFileSync(t.tdn, ['--db', db, 'painmap', 'add', '--episode', String(ep), 'posterior_neck:R=6', 'temple:R=4'], { env });
  const closed = tdn('session', 'open', '--patient', String(p), '--episode', String(ep)).id;
  execFileSync(t.tdn, ['--db', db, 'needle', 'in', '--session', String(closed), '--muscle', 'upper_trapezius',
    '--side', 'R', '--technique', 'deep'], { env });
  execFileSync(t.tdn, ['--db', db, 'needle', 'out', '--session', String(closed), '--needle', '1'], { env });
  execFileSync(t.tdn, ['--db', db, 'session', 'close', String(closed)], { env });
  const open = tdn('session', 'open', '--patient', String(p), '--episode', String(ep)).id;
  return { p, ep, closed, open };
}

// The pages each role can reach: [short name, path].
function pagesOf(d) {
  const clinical = [['today', '/today'], ['patients', '/patients'], ['chart', '/patients/' + d.p],
    ['runner', '/sessions/' + d.open], ['note', '/sessions/' + d.closed + '/note'],
    ['handout', '/sessions/' + d.closed + '/handout'], ['bodychart', '/bodychart'],
    ['bodychart-patient', '/bodychart?patient=' + d.p], ['reports', '/reports']];
  return {
    admin: [...clinical, ['users', '/admin/users'], ['audit', '/audit']],
    drlee: clinical,
    desk: [['today', '/today'], ['patients', '/patients'], ['chart', '/patients/' + d.p],
      ['handout', '/sessions/' + d.closed + '/handout']],
    casey: [['diary', '/diary'], ['handouts', '/my/handouts'], ['handout', '/sessions/' + d.closed + '/handout']],
  };
}

async function noSidewaysScroll(t, page, what) {
  const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
  t.check(sw <= iw, what + ': no sideways scroll (scrollWidth ' + sw + ' <= ' + iw + ')');
}

async function axeViolations(page) {
  await page.evaluate(axeSource);
  return page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] }))
    .violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ' (' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ') + ')'));
}

async function accessible(t, page, what) {
  const found = await axeViolations(page);
  t.check(found.length === 0, what + ': no serious or critical accessibility violation' + (found.length ? ': ' + found.join('; ') : ''));
}

// Every body chart target a finger may press (spots that take a pointer,
// the region buttons, the body part headings) is at least 44 x 44 px.
async function fingerTargets(t, page, what) {
  for (const s of await page.locator('.region-list summary').all()) await s.click();
  const small = await page.evaluate(() => Array.from(document.querySelectorAll('[data-region], .region-list summary'))
    .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && getComputedStyle(e).pointerEvents !== 'none'; })
    .map(e => { const r = e.getBoundingClientRect(); return [e.dataset.region || e.textContent, Math.round(r.width), Math.round(r.height)]; })
    .filter(([, w, h]) => w < 44 || h < 44));
  const n = await page.locator('.regionbtn').count();
  t.check(n > 0 && small.length === 0, what + ': ' + n + ' region buttons, every body chart target >= 44 px' +
    (small.length ? '; too small: ' + small.slice(0, 5).map(s => s.join(' ')).join(', ') : ''));
}

async function verdictShown(t, page, what) {
  const box = page.locator('#screen-verdict');
  t.check((await box.locator('#sv-decision').textContent()) === 'caution', what + ': verdict "caution" shown');
  const text = await box.textContent();
  t.check(/Antiplatelet medication/.test(text) && !/bleeding\.antiplatelet|shoulder_top|_trapezius/.test(text),
    what + ': the reasons are the rules\' advice in words, not rule ids or codes');
  t.check(/Blocked regions:.*Calf \(right\)/.test(await box.locator('#sv-blocked').textContent()), what + ': blocked region Calf (right) named');
  t.check(/Casey Portal, \d+ years/.test(await page.locator('#patient-id').textContent()), what + ': patient named with age');
}

run(async (t) => {
  if (!axeSource) { console.log('SKIP: axe-core is not installed (npm ci --prefix tests/web)'); process.exit(77); }
  const d = setUp(t);
  const { url, check } = t;

  // the accessibility check can fail: an input without a label is found
  const login = await t.newPage(1280);
  await login.goto(url + 'login');
  await login.evaluate(() => document.querySelector('main').append(document.createElement('input')));
  check((await axeViolations(login)).some(v => v.startsWith('label')), 'axe-core finds an input without a label');

  // every page, every role, every width
  for (const w of WIDTHS) {
    await login.setViewportSize({ width: w, height: 900 });
    await login.goto(url + 'login');
    await noSidewaysScroll(t, login, 'sign-in ' + w);
    await t.shot(login, 'stranger-login-' + w);
    if (w !== 768) await accessible(t, login, 'sign-in ' + w);
  }
  for (const [role, pages] of Object.entries(pagesOf(d))) {
    const page = await t.newPage(1280);
    await signIn(page, url, role);
    for (const [name, path] of pages)
      for (const w of WIDTHS) {
        const what = role + ' ' + name + ' ' + w;
        await page.setViewportSize({ width: w, height: 900 });
        await page.goto(url + path.slice(1));
        check(!(await page.locator('h1').first().textContent()).match(/Not found|went wrong|Not for your role/), what + ': page shown');
        if (name === 'runner') await page.waitForSelector('#rs-ledger:not(:empty)');
        if (name === 'runner' || name === 'bodychart-patient') { if (w === 1280) await verdictShown(t, page, what); }
        if (name.startsWith('bodychart') && w !== 1280) await fingerTargets(t, page, what);
        await noSidewaysScroll(t, page, what);
        if (w === 390) check(!/<\/[a-z]|&lt;|&amp;|&quot;/.test(await page.locator('body').innerText()), what + ': no markup shown as text');
        await t.shot(page, role + '-' + name + '-' + w);
        if (w === 390) await accessible(t, page, what); // what axe checks does not change with the width
      }
    await page.context().close();
  }

  // the body chart from the menu: pick the patient; it marks their blocked regions
  const dr = await t.newPage(390, 800);
  await signIn(dr, url, 'drlee');
  await dr.getByRole('link', { name: 'Body chart' }).click();
  await dr.getByLabel('Patient', { exact: true }).selectOption({ label: 'Casey Portal (born 1988-02-11)' });
  await Promise.all([dr.waitForURL(/\/bodychart\?patient=\d+$/), dr.getByRole('button', { name: 'Open their body chart' }).click()]);
  check((await dr.locator('h1').textContent()) === 'Body chart — Casey Portal', 'body chart names the patient');
  check(await dr.locator('.spot.blocked[data-region="calf"][data-side="R"]').count() === 1 &&
    await dr.locator('.spot.blocked[data-region="calf"][data-side="L"]').count() === 0, 'body chart marks the right calf blocked, not the left');
  check(/blocked on the right/.test(await dr.locator('.regionbtn[data-region="calf"]').textContent()), 'region list says the calf is blocked on the right');

  await dr.goto(url + 'bodychart?patient=9999');
  check((await dr.locator('h1').first().textContent()) === 'Not found', 'the body chart of an unknown patient is not found');
  await dr.goBack();

  // a phone: choose a region from the list, mark it, remove it, clear the map
  await dr.getByText('head & neck', { exact: true }).click();
  await dr.getByRole('button', { name: 'Temple', exact: true }).click();
  await dr.getByLabel(/Intensity/).fill('6');
  await dr.getByRole('button', { name: 'Add to pain map' }).click();
  await dr.waitForSelector('#pain-list li:has-text("Temple (right) — 6/10")');
  await dr.waitForSelector('#cand-list li.cand');
  check(true, 'phone: a region chosen from the list is on the pain map, muscles ranked');
  check(await dr.locator('.spot.i6[data-region="temple"][data-side="R"]').count() > 0, 'phone: the figure shows the marked region');
  await dr.locator('#cand-list li.cand button').first().click();
  await dr.waitForSelector('#muscle-detail h3');
  const top = await dr.locator('#muscle-detail h3').evaluate(e => e.getBoundingClientRect().top);
  check(top >= 0 && top < 800, 'phone: a ranked muscle\'s details come into view (top at ' + Math.round(top) + ' px)');
  await dr.getByRole('button', { name: 'Remove temple:R' }).click();
  await dr.waitForSelector('#pain-list li.hint');
  await dr.getByRole('button', { name: 'Temple', exact: true }).click();
  await dr.getByRole('button', { name: 'Add to pain map' }).click();
  await dr.waitForSelector('#pain-list li:has-text("Temple")');
  await dr.getByRole('button', { name: 'Clear map' }).click();
  await dr.waitForSelector('#pain-list li.hint');
  check(true, 'pain map entries removed one by one and cleared');

  // the runner on a phone: redirect a needle, record an adverse event, abort
  await dr.goto(url + 'sessions/' + d.open);
  await dr.waitForSelector('#rs-ledger:not(:empty)');
  await pickMuscle(dr, 'upper_trapezius');
  await dr.getByRole('button', { name: 'Needle in' }).click();
  await dr.waitForSelector('.needle[data-needle="1"] .timer');
  await dr.getByRole('button', { name: 'Redirect' }).click();
  await dr.waitForSelector('.needle[data-needle="1"]:has-text("redirections 1")');
  check(true, 'runner: needle redirected');
  await noSidewaysScroll(t, dr, 'runner with a needle in, 390');
  await t.shot(dr, 'drlee-runner-needle-390');
  await dr.getByLabel('Kind', { exact: true }).last().selectOption('bruising');
  await dr.getByLabel('Action taken').fill('pressure for two minutes');
  await dr.getByRole('button', { name: 'Record adverse event' }).click();
  await dr.waitForSelector('#rs-ae .ok:has-text("Saved")');
  check(true, 'runner: adverse event recorded');
  await dr.getByRole('button', { name: 'Withdraw needle 1' }).click();
  await dr.waitForSelector('.needle[data-needle="1"] .badge:has-text("out")');
  dr.removeAllListeners('dialog');
  // a superficial needle: out, next round, then it breaks (the incident note asked for)
  await pickMuscle(dr, 'levator_scapulae');
  await dr.getByLabel(/Superficial/).check();
  await dr.getByRole('button', { name: 'Needle in' }).click();
  await dr.waitForSelector('.needle[data-needle="2"] .timer');
  await dr.getByRole('button', { name: 'Withdraw needle 2' }).click();
  await dr.getByRole('button', { name: 'Next round (in again)' }).click();
  await dr.waitForSelector('.needle[data-needle="2"]:has-text("round 2")');
  check(true, 'runner: a superficial needle goes in again for its next round');
  dr.once('dialog', dlg => dlg.accept('tip broke at the skin, removed with tweezers'));
  await dr.locator('.needle[data-needle="2"]').getByRole('button', { name: 'Broken' }).click();
  await dr.waitForSelector('#rs-ledger:has-text("broken 1")');
  check(true, 'runner: a broken needle is recorded with its incident note');
  dr.once('dialog', dlg => dlg.accept('the patient felt faint'));
  await dr.getByRole('button', { name: 'Abort…' }).click();
  await dr.waitForSelector('#rs-state:has-text("aborted")');
  check(true, 'runner: session aborted with a reason');

  // the note and the handout print; the handout link from the runner
  await dr.goto(url + 'sessions/' + d.closed + '/note');
  await dr.evaluate(() => { window.print = () => { document.body.dataset.printed = 'yes'; }; });
  await dr.getByRole('button', { name: 'Print' }).click();
  check((await dr.locator('body').getAttribute('data-printed')) === 'yes', 'note: Print opens the browser\'s print');

  // admin: add a user, filter the audit trail
  const admin = await t.newPage(390, 800);
  await signIn(admin, url, 'admin');
  await admin.goto(url + 'admin/users');
  await admin.getByLabel('User name').fill('nurse');
  await admin.getByLabel('Display name').fill('Nia Nurse');
  await admin.getByLabel('Role').selectOption('clinician');
  await admin.getByLabel(/^Password/).fill('nurse-pass-123');
  await admin.getByRole('button', { name: 'Add user' }).click();
  await admin.waitForSelector('td:has-text("Nia Nurse")');
  check(true, 'admin: user added through the form');
  await admin.goto(url + 'audit');
  await admin.getByLabel('Patient id').fill(String(d.p));
  await Promise.all([admin.waitForURL(/\/audit\?patient=/), admin.getByRole('button', { name: 'Filter' }).click()]);
  const patients = await admin.locator('#audit-table tbody td:nth-child(5)').allTextContents();
  check(patients.length > 0 && patients.every(x => x === String(d.p)), 'admin: audit filtered to patient ' + d.p + ' (' + patients.length + ' rows)');
  await noSidewaysScroll(t, admin, 'audit filtered 390');

  // front desk: search patients, register one
  const desk = await t.newPage(390, 800);
  await signIn(desk, url, 'desk');
  await desk.goto(url + 'patients');
  await desk.getByLabel('Name contains').fill('Casey');
  await Promise.all([desk.waitForURL(/search=Casey/), desk.getByRole('button', { name: 'Search' }).click()]);
  check(await desk.locator('#patient-table td:has-text("Casey Portal")').count() === 1, 'desk: search finds Casey Portal');
  await desk.getByLabel('Name contains').fill('Nobody-here');
  await Promise.all([desk.waitForURL(/search=Nobody/), desk.getByRole('button', { name: 'Search' }).click()]);
  check(await desk.locator('#patient-table td.hint').count() === 1, 'desk: a search that finds nobody says so');
  await desk.goto(url + 'today');
  await desk.getByLabel('Full name').fill('Dana Desk-Walkin');
  await desk.getByLabel('Date of birth').fill('1990-06-01');
  await Promise.all([desk.waitForURL(/\/patients\/\d+$/), desk.getByRole('button', { name: 'Register' }).click()]);
  check((await desk.locator('h1').textContent()) === 'Dana Desk-Walkin', 'desk: patient registered from Today');
  await noSidewaysScroll(t, desk, 'desk new chart 390');

  // patient: save a diary entry, open the handout from the list, print it
  const casey = await t.newPage(390, 800);
  await signIn(casey, url, 'casey');
  await casey.getByLabel(/^Pain/).fill('4');
  await casey.getByLabel(/^Soreness/).fill('2');
  await casey.getByLabel('Note (optional)').fill('stiff in the morning');
  await casey.getByRole('button', { name: 'Save today\'s entry' }).click();
  await casey.waitForSelector('td:has-text("stiff in the morning")');
  check(true, 'patient: diary entry saved');
  await casey.goto(url + 'my/handouts');
  await Promise.all([casey.waitForURL(/\/handout$/), casey.getByRole('link', { name: /Aftercare after the session/ }).click()]);
  await casey.evaluate(() => { window.print = () => { document.body.dataset.printed = 'yes'; }; });
  await casey.getByRole('button', { name: 'Print the handout' }).click();
  check((await casey.locator('body').getAttribute('data-printed')) === 'yes', 'patient: handout opened from the list, Print opens the browser\'s print');
});
