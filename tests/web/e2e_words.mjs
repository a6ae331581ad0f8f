// e2e_words.mjs — every label a person reads is words, not a code: the
// screening form (conditions by name, no pregnancy question for a male
// patient, planned regions picked by name), the episode (condition and plan
// of care by name), the runner's measure site picked from lists, "Saved"
// without a record id, messages without the API's "field:"; and the smaller
// defects a clinic hits: yesterday's unclosed session stays on Today, outcome
// plots dated with the MCID line, the ranked muscle's details next to it, a
// patient picker on the body chart, a due-timer banner that follows the
// cards, the diary's sliders and confirmation, the admin's time zone prompt,
// the nav's aria-current.
// usage: node e2e_words.mjs TDN_BINARY SCREENSHOT_DIR      (exit 77 = skipped)
import { execFileSync } from 'node:child_process';
import { run, signIn, pickMuscle } from './lib_e2e.mjs';

const DAY = 86400;
const now = Math.floor(Date.now() / 1000);
const isoDay = (t) => new Date(t * 1000).toISOString().slice(0, 10); // the clinic is on UTC

// A male patient with two sessions on earlier days: the first still open
// (never closed), the second closed, pain measured before and after.
function setUp(t) {
  const { db, env } = t.clinic;
  const cli = (args, when, input) => execFileSync(t.tdn, ['--db', db, ...args],
    { env: { ...env, TDN_USER: 'drlee', ...(when ? { TDN_NOW: String(when) } : {}) }, input }).toString().trim();
  const t1 = now - 3 * DAY, t2 = now - 2 * DAY;
  const p = cli(['patient', 'add', '--name', 'Sam Male', '--birth', '1970-05-05', '--sex', 'M'], t1);
  cli(['consent', 'record', '--patient', p, '--by', 'patient'], t1);
  cli(['screening', 'record', '--patient', p, '-'], t1,
    '{"age":56,"consent":{"patient":true},"planned_regions":["posterior_neck:R"]}');
  const ep = cli(['episode', 'open', '--patient', p, '--condition', 'neck_pain'], t1);
  cli(['painmap', 'add', '--episode', ep, 'posterior_neck:R=6'], t1);
  const s1 = cli(['session', 'open', '--patient', p, '--episode', ep], t1);
  cli(['measure', 'add', '--session', s1, '--phase', 'pre', '--kind', 'nprs', '--site', 'posterior_neck:R', '--value', '7'], t1);
  cli(['measure', 'add', '--session', s1, '--phase', 'post', '--kind', 'nprs', '--site', 'posterior_neck:R', '--value', '4'], t1);
  const s2 = cli(['session', 'open', '--patient', p, '--episode', ep], t2);
  cli(['measure', 'add', '--session', s2, '--phase', 'pre', '--kind', 'nprs', '--site', 'posterior_neck:R', '--value', '5'], t2);
  cli(['session', 'close', s2], t2 + 600);
  return { p, s1, s2, d1: isoDay(t1), d2: isoDay(t2) };
}

const bodyText = (page) => page.evaluate(() => document.body.innerText);

run(async (t) => {
  const { url, check } = t;
  const rec = setUp(t);
  const page = await t.newPage(1280, 900);
  await signIn(page, url, 'drlee');

  // Today: the nav marks the page; yesterday's unclosed session is listed
  check(await page.locator('nav a[aria-current="page"]').count() === 1 &&
        (await page.locator('nav a[aria-current="page"]').textContent()) === 'Today', 'the nav marks Today as the current page');
  const unfinished = page.locator('#unfinished-table');
  check(await unfinished.count() === 1 && /Sam Male/.test(await unfinished.textContent()) &&
        (await unfinished.textContent()).includes(rec.d1), 'Today lists the unclosed session of ' + rec.d1);
  check(!/Sam Male/.test(await page.locator('#today-table').textContent()), 'it is not among today\'s sessions');
  await t.shot(page, 'words-01-today');

  // the chart of a male patient: words, no pregnancy question
  await page.goto(url + 'patients/' + rec.p);
  await page.locator('#screening summary').click();
  check(await page.getByLabel('Bleeding disorder').count() === 1, 'the screening form has a "Bleeding disorder" checkbox');
  check(await page.getByLabel('Pregnancy').count() === 0, 'no pregnancy question for a male patient');
  let text = await bodyText(page);
  for (const code of ['bleeding_disorder', 'anticoagulant', 'first_trimester', 'neck_pain', 'dry_needling', 'posterior_neck', 'REGION:SIDE'])
    check(!text.includes(code), 'the chart page shows no "' + code + '"' + (text.includes(code) ? ': ' + text.split('\n').filter(l => l.includes(code)).join(' | ') : ''));
  check(text.includes('Neck pain (cervicalgia)'), 'the episode is named by its condition');
  check(await page.locator('#sc-plan-list input:checked').count() === 1 &&
        /Back of the neck, right/.test(await page.locator('#sc-plan-list').textContent()), 'the planned regions are prefilled from the pain map in words');

  // planned regions picked, not typed; the codes reach the API
  await page.getByLabel('Anticoagulant medication').check();
  await page.getByLabel('Add a region').selectOption({ label: 'Calf' });
  await page.getByLabel('Side of the region').selectOption({ label: 'left' });
  await page.getByRole('button', { name: 'Add region' }).click();
  check(await page.getByLabel('Calf, left').isChecked(), 'a planned region is added by name: "Calf, left"');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Screen and record' }).click()]);
  await page.waitForSelector('#verdict');
  const chart = await page.evaluate(async (p) => (await fetch('/api/patients/' + p)).json(), rec.p);
  const raw = chart.screenings[chart.screenings.length - 1].profile;
  const profile = typeof raw === 'string' ? JSON.parse(raw) : raw;
  check(JSON.stringify(profile.planned_regions) === '["posterior_neck:R","calf:L"]' && profile.pregnancy === 'none' &&
        profile.conditions.includes('anticoagulant'), 'the API gets the codes: ' + JSON.stringify(profile.planned_regions));

  // the plan of care and the condition in words
  await page.getByLabel('Condition', { exact: true }).selectOption({ label: 'Tension-type headache (G44.209)' });
  await page.getByLabel('Massage').check();
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Open episode' }).click()]);
  await page.waitForSelector('#episodes li:has-text("Tension-type headache")');
  text = await page.locator('#episodes').innerText();
  check(/Dry needling, exercise, stretching, massage/.test(text) && !/tension_type_headache|dry_needling/.test(text),
    'the episode reads "Tension-type headache" and "Dry needling, exercise, stretching, massage"');

  // the outcome plot: dates on the x axis, the MCID line with its source
  const xs = await page.locator('#outcomes svg.plot text.xdate').allTextContents();
  check(JSON.stringify(xs) === JSON.stringify([rec.d1, rec.d2]), 'plot x labels are the sessions\' dates: ' + xs.join(', '));
  check(!(await page.locator('#outcomes svg.plot').first().textContent()).match(/\bS\d\b/), 'no S1, S2 on the plot');
  check(await page.locator('#outcomes .refline').count() === 1 && /Farrar/.test(await page.locator('#outcomes .refnote').textContent()),
    'the NPRS plot has an MCID line 2 points below the first value, with its source');
  check(/Back of the neck, right/.test(await page.locator('#outcomes figcaption').first().textContent()), 'the plot is titled in words');
  await t.shot(page, 'words-02-chart');

  // the runner: the measure site is picked from lists; "Saved" without an id
  await page.goto(url + 'sessions/' + rec.s1);
  await page.waitForSelector('#rs-state');
  check(await page.getByLabel('Site').evaluate(e => e.tagName) === 'SELECT', 'the measure site is a list, not a text box');
  await page.getByLabel('Site').selectOption({ label: 'Back of the neck, right' });
  check(await page.locator('#m-side').inputValue() === 'R', 'a site from the pain map brings its side');
  await page.getByLabel('Value').fill('6');
  await page.getByRole('button', { name: 'Add measure' }).click();
  await page.waitForSelector('#rs-measure .ok:has-text("Saved")');
  check(!/id/.test(await page.locator('#rs-measure .ok').textContent()), 'the confirmation names no record id');
  await page.locator('#m-kind').selectOption('rom');
  await page.getByLabel('Site').selectOption({ label: 'Cervical rotation' });
  await page.getByLabel('Motion').selectOption('active');
  await page.getByLabel('Value').fill('60');
  await page.locator('#rs-measure .ok').evaluate(e => { e.textContent = ''; });
  await page.getByRole('button', { name: 'Add measure' }).click();
  await page.waitForSelector('#rs-measure .ok:has-text("Saved")');
  await page.locator('#m-kind').selectOption('psfs');
  await page.getByLabel('New activity').fill('reversing the car');
  await page.getByLabel('Value').fill('4');
  await page.locator('#rs-measure .ok').evaluate(e => { e.textContent = ''; });
  await page.getByRole('button', { name: 'Add measure' }).click();
  await page.waitForSelector('#rs-measure .ok:has-text("Saved")');
  const measures = (await page.evaluate(async (p) => (await fetch('/api/patients/' + p)).json(), rec.p)).measures;
  const sites = measures.map(m => m.kind + ':' + m.site + (m.motion ? ':' + m.motion : ''));
  check(sites.includes('nprs:posterior_neck') && sites.includes('rom:cervical_rotation:active') && sites.includes('psfs:reversing the car'),
    'measures recorded by region, joint motion (active) and activity, all picked in words');
  await t.shot(page, 'words-03-runner');

  // the due-timer banner follows the cards: shown while due, gone when withdrawn
  await pickMuscle(page, 'levator_scapulae');
  await page.getByLabel(/Superficial/).check();
  await page.getByRole('button', { name: 'Needle in' }).click();
  await page.waitForSelector('.needle[data-needle="1"] .timer.due', { timeout: 45000 });
  await page.waitForSelector('#rs-due:not(.hidden)');
  check((await page.locator('#rs-due').textContent()).length > 0, 'the banner shows the due timer: ' + await page.locator('#rs-due').textContent());
  await page.getByRole('button', { name: 'Withdraw needle 1' }).click();
  await page.waitForSelector('.needle[data-needle="1"] .badge:has-text("out")');
  await page.waitForSelector('#rs-due.hidden', { state: 'attached' });
  check(await page.locator('#rs-due').textContent() === '', 'the banner is gone once the needle is out');

  // the body chart from the menu: a patient picker; the muscle's details by the muscle
  await page.getByRole('link', { name: 'Body chart' }).click();
  await page.getByLabel('Patient', { exact: true }).selectOption({ label: 'Sam Male (born 1970-05-05)' });
  await Promise.all([page.waitForURL(/bodychart\?patient=\d+/), page.getByRole('button', { name: 'Open their body chart' }).click()]);
  check(page.url().endsWith('patient=' + rec.p), 'the menu\'s body chart lets one pick the patient');
  await page.locator('.spot[data-region="posterior_neck"][data-side="R"]').first().click();
  await page.getByRole('button', { name: 'Add to pain map' }).click();
  await page.waitForSelector('#cand-list li.cand');
  const item = page.locator('#cand-list li.cand').nth(2);
  await item.locator('button').first().click();
  await page.waitForSelector('#muscle-detail dt:has-text("Hazards")');
  const inItem = await item.locator('#muscle-detail').count();
  const box = await page.locator('#muscle-detail').boundingBox();
  const vh = page.viewportSize().height;
  check(inItem === 1 && box && box.y >= 0 && box.y < vh, 'the muscle\'s details are under the clicked muscle, on screen (y=' + Math.round(box && box.y) + ')');
  const ranked = await page.locator('#candidates').innerText();
  check(!/[a-z]_[a-z]|\b(nerve|vessel|organ):|:[LRB]\b/.test(ranked), 'ranked muscles, reasons and hazards read as words');
  await t.shot(page, 'words-04-bodychart');

  // a message in words, not "role: ..."
  const desk = await t.newPage(1280, 900);
  await signIn(desk, url, 'desk');
  await desk.goto(url + 'bodychart');
  const msg = await desk.locator('main p.error').textContent();
  check(!/^[a-z_]+: /.test(msg), 'an error page speaks words: ' + msg);

  // the patient's diary: sliders not set until moved, a confirmation, dates
  const diary = await t.newPage(1280, 900);
  await signIn(diary, url, 'casey');
  check(await diary.locator('#d-pain-out').textContent() === 'not set', 'the pain slider starts "not set"');
  await diary.getByRole('button', { name: "Save today's entry" }).click();
  await diary.waitForSelector('#diary-form .error:has-text("pain slider")');
  const entries = await diary.evaluate(async () => (await fetch('/api/my/diary')).json());
  check(JSON.stringify(entries).indexOf('"pain"') < 0, 'nothing saved while the sliders are not set');
  await diary.getByLabel(/^Pain/).fill('3');
  await diary.getByLabel(/^Soreness/).fill('2');
  await Promise.all([diary.waitForNavigation(), diary.getByRole('button', { name: "Save today's entry" }).click()]);
  await diary.waitForSelector('#flash');
  const today = isoDay(now);
  check((await diary.locator('#flash').textContent()) === 'Saved your entry for ' + today + ': pain 3, soreness 2.', 'the diary confirms: ' + await diary.locator('#flash').textContent());
  check(JSON.stringify(await diary.locator('svg.plot text.xdate').allTextContents()) === JSON.stringify([today]), 'the diary plot is dated, not S1');
  await t.shot(diary, 'words-05-diary');

  // the admin is asked for the clinic's time zone until it is set
  const admin = await t.newPage(1280, 900);
  await signIn(admin, url, 'admin');
  await admin.goto(url + 'today');
  check(await admin.locator('#tz-prompt').count() === 1, 'an admin is asked to set the time zone on Today');
  await admin.getByLabel('Time zone').fill('Europe/Madird');
  await admin.getByRole('button', { name: 'Set the time zone' }).click();
  await admin.waitForSelector('#tz-prompt .error:has-text("Europe/Madrid")');
  check(!/^timezone:/.test(await admin.locator('#tz-prompt .error').textContent()), 'a misspelt zone is refused in words, with the right one suggested');
  await admin.getByLabel('Time zone').fill('Europe/Madrid');
  await Promise.all([admin.waitForNavigation(), admin.getByRole('button', { name: 'Set the time zone' }).click()]);
  await admin.waitForSelector('#flash');
  check(await admin.locator('#tz-prompt').count() === 0 && /Europe\/Madrid/.test(await admin.locator('#flash').textContent()),
    'once set, the prompt is gone: ' + await admin.locator('#flash').textContent());
});
