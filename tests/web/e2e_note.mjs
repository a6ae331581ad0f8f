// e2e_note.mjs — the session note a clinician signs, in the browser: the
// admin sets the clinic's letterhead and the clinician's full name and
// credentials on the admin page; the clinician fills Subjective, Objective,
// Assessment and Plan on the note page, signs it, sees the fields locked and
// only "Add addendum" offered, adds an addendum; an edit sent to the API
// after signing is refused (409); the print view is a page with letterhead,
// patient and signature (screenshot note-print.png); the handout names the
// patient, the clinic and its phone and gives the blood-thinner advice.
// usage: node e2e_note.mjs TDN_BINARY SCREENSHOT_DIR      (exit 77 = skipped)
import { execFileSync } from 'node:child_process';
import { run, signIn } from './lib_e2e.mjs';

run(async (t) => {
  const { db, patientId } = t.clinic;
  const env = { ...process.env, TDN_USER: 'drlee' };
  const cli = (...a) => execFileSync(t.tdn, ['--db', db, ...a], { env, input: a.input }).toString().trim();
  // the admin: letterhead and the clinician's name and credentials
  const admin = await t.newPage(1280, 900);
  await signIn(admin, t.url, 'admin');
  await admin.goto(t.url + 'admin/users');
  await admin.getByLabel('Clinic name').fill('Harbour Physio');
  await admin.getByLabel('Address').fill('1 Quay Street, Portsmouth');
  await admin.getByLabel('Phone').fill('+44 23 9200 0000');
  await Promise.all([admin.waitForEvent('load'), admin.getByRole('button', { name: 'Save the letterhead' }).click()]);
  t.check(await admin.getByLabel('Phone').inputValue() === '+44 23 9200 0000', 'the admin saved the letterhead');
  await admin.getByLabel('User', { exact: true }).selectOption('drlee');
  await admin.getByLabel('Full name').fill('Dr Jane Lee');
  await admin.getByLabel('Credentials').fill('PT, DPT');
  await Promise.all([admin.waitForEvent('load'), admin.getByRole('button', { name: 'Save name and credentials' }).click()]);
  t.check((await admin.locator('#users-table').innerText()).includes('Dr Jane Lee, PT, DPT'),
    'the users table shows the full name and credentials');
  await admin.context().close();

  // a closed session of an antiplatelet patient (the note saved at close names
  // the clinician as set above)
  cli('consent', 'record', '--patient', String(patientId), '--by', 'patient');
  execFileSync(t.tdn, ['--db', db, 'screening', 'record', '--patient', String(patientId), '-'],
    { env, input: '{"age":38,"conditions":["antiplatelet"],"consent":{"patient":true}}' });
  const sid = cli('session', 'open', '--patient', String(patientId));
  cli('needle', 'in', '--session', sid, '--muscle', 'infraspinatus', '--side', 'R', '--technique', 'deep');
  cli('needle', 'out', '--session', sid, '--needle', '1');
  cli('session', 'close', sid);


  // the clinician: S/O/A/P, sign, locked, addendum
  const page = await t.newPage(1280, 900);
  await signIn(page, t.url, 'drlee');
  await page.goto(t.url + 'sessions/' + sid + '/note');
  t.check(await page.getByRole('button', { name: 'Sign note' }).isVisible(), 'an unsigned closed note offers "Sign note"');
  await page.getByLabel('Subjective (the patient\'s account)').fill('Right shoulder ache for 3 weeks.');
  await page.getByLabel('Objective notes').fill('Taut band in right infraspinatus.');
  await page.getByLabel('Assessment').fill('Myofascial pain, improving.');
  await page.getByLabel('Plan').fill('Review in one week.\nHome stretches.');
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Save the note' }).click()]);
  const draft = await page.locator('#note').innerText();
  t.check(draft.includes('Subjective: Right shoulder ache for 3 weeks.') && draft.includes('Assessment: Myofascial pain, improving.')
    && draft.includes('Not signed.'), 'the saved S/O/A/P text is in the draft note');
  t.check(draft.includes('Screening of') && draft.includes('Antiplatelet') && !/bleeding\.antiplatelet|billing\.cpt/.test(draft),
    'the note carries the screening in words, without rule ids');
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Sign note' }).click()]);
  const signed = await page.locator('#note').innerText();
  t.check(signed.includes('Signed electronically by Dr Jane Lee, PT, DPT'), 'the note is signed with full name and credentials');
  t.check(signed.includes('clinician Dr Jane Lee, PT, DPT'), 'the note names the clinician, not the username');
  t.check(await page.getByLabel('Assessment').isDisabled() && await page.getByLabel('Plan').isDisabled(),
    'after signing the S/O/A/P fields are locked');
  t.check(await page.getByRole('button', { name: 'Sign note' }).count() === 0
    && await page.getByRole('button', { name: 'Save the note' }).count() === 0, 'no "Sign note" or "Save the note" after signing');
  const status = await page.evaluate(async (s) => (await fetch('/api/sessions/' + s + '/note', {
    method: 'POST', headers: { 'Content-Type': 'application/json',
      'X-CSRF-Token': document.querySelector('meta[name=csrf]').content },
    body: JSON.stringify({ plan: 'changed after signing' }) })).status, sid);
  t.check(status === 409, 'the store refuses an edit of the signed note (409, got ' + status + ')');
  await page.getByLabel('Addendum').fill('Patient phoned: soreness settled.');
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Add addendum' }).click()]);
  const withAdd = await page.locator('#note').innerText();
  t.check(/Addendum of \d{4}-\d\d-\d\d .*signed by Dr Jane Lee, PT, DPT/.test(withAdd)
    && withAdd.includes('Patient phoned: soreness settled.') && !withAdd.includes('changed after signing'),
    'the addendum is added, signed and dated; the refused edit left no trace');
  await t.shot(page, 'note-signed');

  // the print view: letterhead, patient, date, signature; no menu or forms
  await page.emulateMedia({ media: 'print' });
  t.check(await page.locator('header.letterhead').isVisible()
    && (await page.locator('header.letterhead').innerText()).includes('Harbour Physio'), 'the print view has the letterhead');
  t.check(!(await page.locator('#note-addendum').isVisible()) && !(await page.locator('header.top').isVisible()),
    'the print view hides the menu and the forms');
  const printed = await page.locator('#note-doc').innerText();
  t.check(printed.includes('Patient: Casey Portal') && /SESSION NOTE \d{4}-\d\d-\d\d/.test(printed)
    && printed.includes('Signed electronically'), 'the printed page names patient, date and signature');
  await t.shot(page, 'note-print');
  await page.emulateMedia({ media: 'screen' });

  // the handout: patient, clinic, phone, blood-thinner advice
  await page.goto(t.url + 'sessions/' + sid + '/handout');
  const handout = await page.locator('article.handout').innerText();
  t.check(handout.includes('For Casey Portal') && handout.includes('Harbour Physio'), 'the handout names patient and clinic');
  t.check(handout.includes('When to call the clinic: +44 23 9200 0000'), 'the handout gives the clinic phone number');
  t.check(handout.includes('press on it firmly'), 'the handout of an antiplatelet patient gives the pressure advice');
  await t.shot(page, 'handout-letterhead');
});
