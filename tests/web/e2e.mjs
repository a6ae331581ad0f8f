// e2e.mjs — tdn's browser test: playwright-core drives Debian's chromium
// (headless) through the whole clinical path against a real `tdn serve` on a
// free loopback port: sign in, register a patient, consent, episode,
// screening, mark a pain map on the body chart and see the ranked muscles,
// run a session (needles in, LTR, a timer that counts down and comes due),
// see the close refused while a needle is in, then close, open the note, the
// handout and the outcome plot. Screenshots go to the folder given.
// usage: node e2e.mjs TDN_BINARY SCREENSHOT_DIR      (exit 77 = skipped)
import { run, pickMuscle } from './lib_e2e.mjs';

run(async (t) => {
  const { url, check } = t;
  const page = await t.newPage(1280, 900);
  const shot = (name) => t.shot(page, name);

  // sign in
  await page.goto(url + 'login');
  await shot('01-login');
  await page.getByLabel('User name').fill('drlee');
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForSelector('#login-error:has-text("wrong")');
  check(true, 'a wrong password is refused on the page');
  await page.getByLabel('Password').fill('e2e-clinician-pass');
  await Promise.all([page.waitForURL(/\/today$/), page.getByRole('button', { name: 'Sign in' }).click()]);
  check(true, 'signed in, on today\'s list');

  // register a patient
  await page.getByLabel('Full name').fill('Pat Browser <Test>');
  await page.getByLabel('Date of birth').fill('1979-04-03');
  await Promise.all([page.waitForURL(/\/patients\/\d+$/), page.getByRole('button', { name: 'Register' }).click()]);
  const pid = page.url().match(/patients\/(\d+)/)[1];
  check((await page.locator('h1').textContent()) === 'Pat Browser <Test>', 'patient registered; the name is shown as text, escaped');

  // consent, episode, screening
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Record consent' }).click()]);
  await page.waitForSelector('#consent li:has-text("Given by the patient")');
  await page.getByLabel('Condition', { exact: true }).selectOption('neck_pain');
  await page.getByLabel('Goal').fill('turn the head without pain');
  await page.getByRole('button', { name: 'Open episode' }).click();
  await page.waitForSelector('#episodes li:has-text("Neck pain")');
  check(true, 'consent and an episode recorded');
  await page.locator('#screening summary').click();
  await page.getByLabel('Anticoagulant medication').check();
  for (const region of ['Back of the neck', 'Top of the shoulder']) {
    await page.getByLabel('Add a region').selectOption({ label: region });
    await page.getByLabel('Side of the region').selectOption({ label: 'right' });
    await page.getByRole('button', { name: 'Add region' }).click();
  }
  await page.getByRole('button', { name: 'Screen and record' }).click();
  await page.waitForSelector('#verdict');
  const verdict = await page.locator('#verdict').textContent();
  check(verdict === 'caution', 'screening recorded: verdict ' + verdict);
  check(await page.locator('#screening .reasons-list li').count() > 0, 'screening reasons listed');
  await shot('02-chart-screened');

  // body chart: mark a pain map, see the ranked muscles, save it. The
  // ranking of the first region alone is held back until the second one's
  // has come: the list must show only the newer ranking, not both.
  await page.goto(url + 'bodychart?patient=' + pid);
  let releaseFirst;
  const firstHeld = new Promise((resolve) => { releaseFirst = resolve; });
  await page.route(/\/api\/locate\?/, async (route) => {
    const pains = new URL(route.request().url()).searchParams.get('pains') || '';
    if (!pains.includes(',')) await firstHeld;
    await route.continue();
  });
  await page.locator('.spot[data-region="temple"][data-side="R"]').first().click();
  await page.getByLabel(/Intensity/).fill('7');
  await page.getByRole('button', { name: 'Add to pain map' }).click();
  await page.locator('.spot[data-region="posterior_neck"][data-side="R"]').first().click();
  const newer = page.waitForResponse((r) => /\/api\/locate\?pains=[^&]*%2C/.test(r.url()));
  await page.getByRole('button', { name: 'Add to pain map' }).click();
  const ranked = await (await newer).json();
  const stale = page.waitForResponse((r) => /\/api\/locate\?/.test(r.url()) && !/%2C/.test(r.url()));
  releaseFirst();
  await stale;
  await page.waitForSelector('#cand-list li.cand');
  await page.unroute(/\/api\/locate\?/);
  const first = await page.locator('#cand-list li.cand').first().getAttribute('data-muscle');
  check(first === 'upper_trapezius', 'ranked muscles shown, first: ' + first);
  const shown = await page.locator('#cand-list li.cand').count();
  check(shown === ranked.candidates.length,
        'a late answer for an older pain map is dropped: ' + shown + ' shown, ' +
        ranked.candidates.length + ' in the newer ranking');
  await page.locator('#cand-list li.cand button').first().click();
  await page.waitForSelector('#muscle-detail dt:has-text("Hazards")');
  await page.getByLabel('Save the pain map to').selectOption({ index: 0 });
  await page.getByRole('button', { name: 'Save pain map' }).click();
  await page.waitForSelector('#save-map-msg.ok');
  check(true, 'pain map saved to the chart');
  await shot('03-bodychart');

  // open a session from the chart
  await page.goto(url + 'patients/' + pid);
  await Promise.all([page.waitForURL(/\/sessions\/\d+$/), page.getByRole('button', { name: 'Open a session' }).click()]);
  const sid = page.url().match(/sessions\/(\d+)/)[1];
  await page.waitForSelector('#rs-state:has-text("screened")');
  check(true, 'session ' + sid + ' opened screened');

  // measures before
  await page.getByLabel('Site').selectOption({ label: 'Back of the neck, right' });
  await page.getByLabel('Value').fill('7');
  await page.getByRole('button', { name: 'Add measure' }).click();
  await page.waitForSelector('#rs-measure .ok:has-text("Saved")');

  // a palpation finding
  await page.getByLabel('Muscle palpated').selectOption('upper_trapezius');
  await page.getByLabel('taut band').check();
  await page.getByLabel('LTR on palpation').check();
  await page.getByRole('button', { name: 'Record finding' }).click();
  await page.waitForSelector('#rs-finding .ok:has-text("Saved")');
  check(true, 'palpation finding recorded');

  // needle 1: deep, upper trapezius R (suggested by the pain map) — lung hazard shown
  await pickMuscle(page, 'upper_trapezius');
  await page.waitForSelector('#rs-hazards .danger-box');
  check(true, 'lung-field hazard warning shown for upper trapezius');
  await page.getByRole('button', { name: 'Needle in' }).click();
  await page.waitForSelector('.needle[data-needle="1"] .timer');
  const t1 = await page.locator('.needle[data-needle="1"] .timer').textContent();
  // the countdown ticks every second (allow for a busy machine)
  await page.waitForFunction((t) => {
    const e = document.querySelector('.needle[data-needle="1"] .timer');
    return e && e.textContent !== t;
  }, t1, { timeout: 10000 });
  const t2 = await page.locator('.needle[data-needle="1"] .timer').textContent();
  check(/^\d+:\d\d$/.test(t1) && t1 !== t2, 'deep dwell countdown runs: ' + t1 + ' -> ' + t2);
  await page.getByRole('button', { name: 'Count an LTR for needle 1' }).click();
  await page.waitForSelector('.needle[data-needle="1"] .ltr:has-text("1")');
  check(true, 'LTR counted');
  await page.locator('#rs-estim summary').click();
  await page.getByLabel('Duration (s)').fill('120');
  await page.getByRole('button', { name: 'Start e-stim' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.needle[data-needle="1"] .timer').length === 2);
  check(true, 'e-stim started on needle 1: its end has a timer of its own');

  // needle 2: superficial levator scapulae R: its 30 s timer comes due
  await pickMuscle(page, 'levator_scapulae');
  await page.getByLabel(/Superficial/).check();
  await page.getByRole('button', { name: 'Needle in' }).click();
  await page.waitForSelector('.needle[data-needle="2"] .timer');
  await page.waitForSelector('.needle[data-needle="2"] .timer.due', { timeout: 40000 });
  check(true, 'superficial 30 s timer came due (shown red, with a sound)');
  await shot('04-runner-timers');

  // close refused while a needle is in
  await page.getByRole('button', { name: 'Withdraw needle 2' }).click();
  await page.waitForSelector('.needle[data-needle="2"] .badge:has-text("out")');
  await page.getByRole('button', { name: 'Close the session' }).click();
  await page.waitForSelector('#runner-msg.error');
  const refusal = await page.locator('#runner-msg').textContent();
  check(/upper_trapezius/.test(refusal), 'close refused while needle 1 is in: ' + refusal);
  await shot('05-close-refused');
  await page.getByRole('button', { name: 'Withdraw needle 1' }).click();
  await page.waitForSelector('.needle[data-needle="1"] .badge:has-text("out")');
  await page.getByLabel('Phase').selectOption('post');
  await page.getByLabel('Value').fill('3');
  await page.getByRole('button', { name: 'Add measure' }).click();
  await page.waitForSelector('#rs-measure .ok:has-text("Saved")');
  await page.getByRole('button', { name: 'Close the session' }).click();
  await page.waitForSelector('#runner-msg.ok');
  const closed = await page.locator('#runner-msg').textContent();
  check(/CPT 20560/.test(closed), 'session closed: ' + closed);
  await shot('06-closed');

  // note, handout, plot
  await page.getByRole('link', { name: 'Session note' }).click();
  await page.waitForSelector('#note');
  check(/20560/.test(await page.locator('#note').textContent()), 'session note shows CPT 20560');
  await page.goto(url + 'sessions/' + sid + '/handout');
  await page.waitForSelector('article.handout');
  const handout = await page.locator('article.handout').textContent();
  check(/24|48/.test(handout) && /breath/i.test(handout), 'handout: soreness 24-48 h and the breathing warning');
  await page.emulateMedia({ media: 'print' });
  await shot('07-handout-print');
  await page.emulateMedia({ media: 'screen' });
  await page.goto(url + 'patients/' + pid);
  await page.waitForSelector('#outcomes svg.plot');
  check(await page.locator('#outcomes svg.plot circle.pt-pre').count() >= 1 &&
        await page.locator('#outcomes svg.plot circle.pt-post').count() >= 1, 'outcome plot with pre and post points');
  await shot('08-chart-plot');
  await page.setViewportSize({ width: 820, height: 1180 });
  await page.goto(url + 'bodychart?patient=' + pid);
  await shot('09-tablet-bodychart');
  // sign out from the menu: the session ends, pages send back to sign-in
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(url + 'today');
  await Promise.all([page.waitForURL(/\/login/), page.getByRole('button', { name: 'Sign out' }).click()]);
  await page.goto(url + 'today');
  check(/\/login/.test(page.url()), 'signed out: today\'s list asks to sign in again');
  const me = await page.evaluate(async () => (await fetch('/api/me')).status);
  check(me === 401, 'signed out: the API answers 401 (' + me + ')');
});
