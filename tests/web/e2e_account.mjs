// e2e_account.mjs — signing out everywhere in the browser: the clinician is
// signed in on two devices (two browser contexts); on one, the name in the
// menu leads to /account, whose "Sign out everywhere" ends both sessions (the
// other device is asked to sign in again). Then the admin ends a user's
// sessions with "End sessions" on /admin/users.
// usage: node e2e_account.mjs TDN_BINARY SCREENSHOT_DIR      (exit 77 = skipped)
import { run, signIn } from './lib_e2e.mjs';

const status = (page) => page.evaluate(async () => (await fetch('/api/me')).status);

run(async (t) => {
  const phone = await t.newPage(390, 844);
  const desk = await t.newPage(1280, 900);
  await signIn(phone, t.url, 'drlee');
  await signIn(desk, t.url, 'drlee');
  await Promise.all([desk.waitForURL(/\/account/), desk.locator('a.who').click()]);
  await t.shot(desk, 'account');
  await Promise.all([desk.waitForURL(/\/login/),
    desk.getByRole('button', { name: 'Sign out everywhere' }).click()]);
  t.check(await status(desk) === 401, 'sign out everywhere: this device is signed out');
  t.check(await status(phone) === 401, 'sign out everywhere: the other device is signed out too');
  await phone.goto(t.url + 'today');
  t.check(/\/login/.test(phone.url()), 'the other device is asked to sign in again');

  await signIn(phone, t.url, 'drlee');
  const admin = await t.newPage(1280, 900);
  await signIn(admin, t.url, 'admin');
  await admin.goto(t.url + 'admin/users');
  const row = admin.locator('#users-table tr', { hasText: 'drlee' });
  await Promise.all([admin.waitForEvent('load'), row.getByRole('button', { name: 'End sessions' }).click()]);
  t.check(await status(phone) === 401, "the admin ended the clinician's sessions");
  t.check(await status(admin) === 200, 'the admin is still signed in');
});
