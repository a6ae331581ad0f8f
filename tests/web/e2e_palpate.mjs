// e2e_palpate.mjs — issue 13 B in the browser, at 1280, 768 and 390 px: a
// patient on anticoagulants (a warfarin patient) has a screening that blocks
// the muscles that cannot be compressed: the body chart marks them among the
// ranked muscles, says which sites to palpate first, and learns from
// palpation (a muscle marked "nothing found" moves down, one marked "tender,
// reproduces the pain" comes first); the session runner names the blocked
// muscles and its palpation form offers the sites to palpate first.
// usage: node e2e_palpate.mjs TDN_BINARY SCREENSHOT_DIR      (exit 77 = skipped)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { run, signIn } from './lib_e2e.mjs';

run(async (t) => {
  const { db, env } = t.clinic;
  const cli = (args, input) => execFileSync(t.tdn, ['--db', db, ...args], { env, input }).toString();
  const pid = JSON.parse(cli(['patient', 'add', '--json', '--name', 'Walter Warfarin', '--birth', '1950-03-04'])).id;
  cli(['consent', 'record', '--patient', String(pid), '--by', 'patient']);
  cli(['screening', 'record', '--patient', String(pid), '-'],
    '{"conditions":["anticoagulant"],"planned_regions":["posterior_neck:R","shoulder_top:R"],"consent":{"patient":true}}');
  const sid = JSON.parse(cli(['session', 'open', '--json', '--patient', String(pid)])).id;
  cli(['painmap', 'add', '--session', String(sid), 'temple:R=6', 'posterior_neck:R=5', 'shoulder_top:R=4']);

  for (const width of [1280, 768, 390]) {
    const page = await t.newPage(width, 900);
    await signIn(page, t.url, 'drlee');
    await page.goto(t.url + 'bodychart?patient=' + pid);
    t.check(/Semispinalis capitis/.test(await page.locator('#sv-blocked-muscles').textContent()),
      width + ' px: the body chart names the muscles the screening blocks');
    for (const [region, side] of [['temple', 'R'], ['posterior_neck', 'R'], ['shoulder_top', 'R']]) {
      await page.locator('#pp-region').selectOption(region);
      await page.locator(`input[name=pp-side][value="${side}"]`).check();
      await page.getByRole('button', { name: 'Add to pain map' }).click();
      await page.waitForSelector(`#pain-list li:has-text("(right)")`);
    }
    await page.waitForSelector('#cand-list li.cand[data-muscle="levator_scapulae"]');
    await page.waitForSelector('#cand-list li.palpate-first');
    t.check(/to tell Levator scapulae from Upper trapezius: palpate shoulder blade \/ top of the shoulder/
      .test(await page.locator('#cand-list li.palpate-first').first().textContent()),
    width + ' px: the chart says which sites to palpate first, in words');
    t.check(await page.locator('#cand-list li.cand[data-muscle="multifidus"] .badge.no_go').count() === 1 &&
      await page.locator('#cand-list li.cand[data-muscle="levator_scapulae"] .badge.no_go').count() === 0,
    width + ' px: multifidus (cannot be compressed) is marked blocked by the screening, levator scapulae is not');
    t.check(await page.locator('#cand-list li.cand').first().getAttribute('data-muscle') === 'levator_scapulae',
      width + ' px: levator scapulae ranks first without findings');
    await t.shot(page, 'palpate-chart-' + width);
    await page.locator('#cand-list li.cand[data-muscle="levator_scapulae"]').getByRole('button', { name: 'nothing found' }).click();
    await page.waitForSelector('#cand-list li.cand[data-muscle="levator_scapulae"] .badge:has-text("nothing found")');
    t.check(await page.locator('#cand-list li.cand').first().getAttribute('data-muscle') === 'upper_trapezius',
      width + ' px: marked "nothing found", levator scapulae moves down and upper trapezius leads');
    t.check(await page.locator('#cand-list li.palpate-first').count() === 0, width + ' px: no "palpate first" once there are findings');
    await page.locator('#cand-list li.cand[data-muscle="splenius_cervicis"]').getByRole('button', { name: 'tender, reproduces the pain' }).click();
    await page.waitForSelector('#cand-list li.cand[data-muscle="splenius_cervicis"] .badge:has-text("tender")');
    t.check(await page.locator('#cand-list li.cand').first().getAttribute('data-muscle') === 'splenius_cervicis',
      width + ' px: marked tender, splenius cervicis comes first');
    const wide = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
    t.check(wide, width + ' px: no sideways scroll on the body chart');
    await t.shot(page, 'palpate-chart-findings-' + width);
    await page.locator('#candidates').screenshot({ path: join(t.shots, 'palpate-cands-' + width + '.png') });

    await page.goto(t.url + 'sessions/' + sid);
    t.check(/Semispinalis capitis/.test(await page.locator('#sv-blocked-muscles').textContent()),
      width + ' px: the runner names the blocked muscles');
    t.check(/blocked by the screening/.test(await page.locator('#rs-muscle option[value="semispinalis_capitis"]').first().textContent()),
      width + ' px: the runner\'s muscle list marks a blocked muscle');
    t.check(/to tell Levator scapulae from Upper trapezius/.test(await page.locator('#f-palpate-first').textContent()),
      width + ' px: the palpation form offers the sites to palpate first');
    await t.shot(page, 'palpate-runner-' + width);
    await page.locator('#screen-verdict').screenshot({ path: join(t.shots, 'palpate-verdict-' + width + '.png') });
    await page.context().close();
  }
  t.check(t.problems.length === 0, 'no page errors: ' + t.problems.join('; '));
});
