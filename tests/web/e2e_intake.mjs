// e2e_intake.mjs — the visit before the visit, as the three people do it:
// the front desk registers a patient, invites them to the portal and books
// them with the clinician; the patient, on a phone, uses the one-time code,
// chooses a password, answers the health questions (one "not sure"), marks
// where it hurts and a goal, and signs consent; the clinician sees the
// appointment on Today with the intake pending and consent on file, resolves
// the "not sure", records the screening from it and opens the session from
// the appointment.
// usage: node e2e_intake.mjs TDN_BINARY SCREENSHOT_DIR      (exit 77 = skipped)
import { run, signIn } from './lib_e2e.mjs';

const PASSWORD = 'walker-lantern-harbour';

run(async (t) => {
  /* the front desk */
  const desk = await t.newPage(1280, 900);
  await signIn(desk, t.url, 'desk');
  await desk.goto(t.url + 'patients');
  await desk.getByLabel('Full name').fill('Nora Walker');
  await desk.getByLabel('Date of birth').fill('1975-04-09');
  await Promise.all([desk.waitForURL(/\/patients\/\d+$/),
    desk.getByRole('button', { name: 'Register' }).click()]);
  await Promise.all([desk.waitForURL(/\/invitation$/),
    desk.getByRole('button', { name: 'Invite to the portal' }).click()]);
  const code = (await desk.locator('#invite-code').textContent()).trim();
  const user = (await desk.locator('#invite-user').textContent()).trim();
  t.check(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/.test(code), 'the desk shows a one-time code');
  await t.shot(desk, 'intake-desk-invitation');
  await desk.goto(t.url + 'book');
  await desk.getByLabel('Patient', { exact: true }).selectOption({ label: 'Nora Walker (born 1975-04-09)' });
  await desk.getByLabel('Clinician').selectOption('drlee');
  await Promise.all([desk.waitForEvent('load'), desk.getByRole('button', { name: 'Book' }).click()]);
  t.check(await desk.locator('#book-drlee tr', { hasText: 'Nora Walker' }).count() === 1,
    'the desk booked Nora with the clinician');
  await t.shot(desk, 'intake-desk-book');

  /* the patient, on a phone */
  const phone = await t.newPage(390, 844);
  await phone.goto(t.url + 'welcome');
  await phone.getByLabel('Sign-in code').fill(code.toLowerCase());
  await phone.getByLabel('New password (12 or more characters)').fill(PASSWORD);
  await phone.getByLabel('The same password again').fill(PASSWORD);
  await Promise.all([phone.waitForURL(/\/diary/),
    phone.getByRole('button', { name: 'Set my password and sign in' }).click()]);
  t.check(true, 'the patient set a password with the code and is signed in as ' + user);
  await phone.goto(t.url + 'my/intake');
  await phone.getByRole('button', { name: 'Send my answers' }).click();
  await phone.locator('#intake-error').filter({ hasText: 'Please answer' }).waitFor();
  t.check(true, 'an unanswered question is named: ' + await phone.locator('#intake-error').textContent());
  for (const fs of await phone.locator('fieldset.iq').all()) {
    const q = await fs.getAttribute('data-q');
    await fs.locator(`input[value="${q === 'anticoagulant' ? 'unsure' : 'no'}"]`).check();
  }
  await phone.locator('select[name="pain1-region"]').selectOption('shoulder_top');
  await phone.locator('input[name="pain1-n"]').fill('6');
  await phone.locator('input[name="goal1"]').fill('Carry the shopping');
  await phone.locator('input[name="goal1-n"]').fill('3');
  await Promise.all([phone.waitForEvent('load'), phone.getByRole('button', { name: 'Send my answers' }).click()]);
  t.check(await phone.locator('#intake-sent').count() === 1, 'the patient sent the intake');
  await t.shot(phone, 'intake-patient-questions-390');
  await phone.goto(t.url + 'my/consent');
  await phone.getByLabel('Your full name').fill('Nora Walker');
  await phone.getByLabel('I have read the text above and I agree to dry needling').check();
  await Promise.all([phone.waitForEvent('load'), phone.getByRole('button', { name: 'Sign my consent' }).click()]);
  t.check(await phone.locator('#consent-list li', { hasText: 'Nora Walker' }).count() === 1,
    'the patient signed consent');
  t.check(!(await phone.getByRole('button', { name: 'Sign my consent' }).isVisible()),
    'with a consent in force the sign form is folded away');
  await t.shot(phone, 'intake-patient-consent-390');
  const wide = await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  t.check(!wide, 'no sideways scroll on the phone');

  /* the clinician */
  const doc = await t.newPage(1280, 900);
  await signIn(doc, t.url, 'drlee');
  await doc.goto(t.url + 'today');
  const row = doc.locator('#today-appt-table tr', { hasText: 'Nora Walker' });
  t.check(await row.locator('td', { hasText: 'pending review' }).count() === 1, 'Today: intake pending');
  t.check(await row.locator('td', { hasText: 'on file' }).count() === 1, 'Today: consent on file');
  await t.shot(doc, 'intake-clinician-today');
  await Promise.all([doc.waitForURL(/\/patients\/\d+$/), row.getByRole('link', { name: 'Nora Walker' }).click()]);
  const review = doc.locator('#intake-review');
  t.check(await review.locator('td.said.unsure').count() === 1, 'the chart shows the "not sure"');
  await review.getByRole('button', { name: 'Record the screening from it' }).click();
  await review.locator('.error').filter({ hasText: 'not sure' }).waitFor();
  t.check(true, 'a "not sure" must be resolved first');
  await review.locator('select[name="c-anticoagulant"]').selectOption('no');
  await Promise.all([doc.waitForEvent('load'), review.getByRole('button', { name: 'Record the screening from it' }).click()]);
  t.check(await doc.locator('#intake-status', { hasText: 'reviewed' }).count() === 1, 'intake reviewed');
  t.check(await doc.locator('#verdict').count() === 1, 'the screening is recorded from it');
  await t.shot(doc, 'intake-clinician-chart');
  await doc.goto(t.url + 'today');
  await Promise.all([doc.waitForURL(/\/sessions\/\d+$/),
    doc.locator('#today-appt-table tr', { hasText: 'Nora Walker' }).getByRole('button', { name: 'Open session' }).click()]);
  t.check(true, 'the clinician opened the session from the appointment');
  for (const w of [390, 768, 1280]) {
    const p = await t.newPage(w, 900);
    await signIn(p, t.url, 'desk');
    for (const path of ['book', 'today']) {
      await p.goto(t.url + path);
      const over = await p.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      t.check(!over, `${path} at ${w} px: no sideways scroll`);
      await t.shot(p, `intake-desk-${path}-${w}`);
    }
  }
});
