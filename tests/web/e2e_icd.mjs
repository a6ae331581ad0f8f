// e2e_icd.mjs — the side and site of an episode's diagnosis in the browser:
// on the chart, a clinician opens a shoulder-pain episode with "Affected side"
// right and sees its coded ICD-10-CM diagnosis M25.511 (icd.laterality), then
// a myofascial-pain episode at the back of the neck coded M79.12 (icd.site),
// at 390, 768 and 1280 px (screenshots icd-<width>.png); the form refuses an
// unknown side sent to the API (400, the field named).
// usage: node e2e_icd.mjs TDN_BINARY SCREENSHOT_DIR      (exit 77 = skipped)
import { run, signIn } from './lib_e2e.mjs';

run(async (t) => {
  const { patientId } = t.clinic;
  const page = await t.newPage(1280, 900);
  await signIn(page, t.url, 'drlee');
  await page.goto(t.url + 'patients/' + patientId);
  await page.getByLabel('Condition', { exact: true }).selectOption('shoulder_pain');
  await page.getByLabel('Affected side').selectOption({ label: 'Right' });
  await page.getByRole('button', { name: 'Open episode' }).click();
  await page.waitForSelector('#episodes li:has-text("Shoulder pain"), #episodes .error:not(:empty)');
  t.check(!(await page.locator('#episodes .error').innerText()), 'the episode opened: ' +
    await page.locator('#episodes .error').innerText());
  let text = await page.locator('#episodes').innerText();
  t.check(/Shoulder pain, right \(ICD-10-CM M25\.511\)/.test(text), 'the episode is coded M25.511, right shoulder');
  await page.getByLabel('Condition', { exact: true }).selectOption('myofascial_pain');
  await page.getByLabel('Affected region').selectOption({ label: 'Back of the neck' });
  await page.getByRole('button', { name: 'Open episode' }).click();
  await page.waitForSelector('#episodes li:has-text("Back of the neck")');
  text = await page.locator('#episodes').innerText();
  t.check(/Back of the neck \(ICD-10-CM M79\.12\)/.test(text), 'head and neck myalgia is coded M79.12');
  const bad = await page.evaluate(async (p) => {
    const r = await fetch('/api/patients/' + p + '/episodes', { method: 'POST',
      headers: { 'Content-Type': 'application/json',
        'X-CSRF-Token': (document.querySelector('meta[name=csrf]') || {}).content || '' },
      body: JSON.stringify({ condition: 'knee_pain', side: 'up' }) });
    return { status: r.status, body: await r.text() };
  }, patientId);
  t.check(bad.status === 400 && bad.body.includes("side: 'up' must be R, L or B"),
    'the API refuses an unknown side, naming the field: ' + bad.status);
  for (const width of [390, 768, 1280]) {
    const p = await t.newPage(width, 900);
    await signIn(p, t.url, 'drlee');
    await p.goto(t.url + 'patients/' + patientId);
    await p.locator('#episodes').scrollIntoViewIfNeeded();
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    t.check(!overflow, 'the chart fits ' + width + ' px');
    await p.locator('#episodes').screenshot({ path: t.shots + '/icd-' + width + '.png' });
  }
});
