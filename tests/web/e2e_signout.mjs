// e2e_signout.mjs — sign out works in the browser for every role: each user
// signs in through the form, presses "Sign out" in the menu, and is then a
// stranger again (pages send to sign-in, the API answers 401, the back
// button does not bring the signed-in page back). Chromium posts the sign-out
// form itself, with the headers it really sends (Origin, Sec-Fetch-Site).
// usage: node e2e_signout.mjs TDN_BINARY SCREENSHOT_DIR      (exit 77 = skipped)
import { run, signIn, USERS } from './lib_e2e.mjs';

run(async (t) => {
  for (const name of Object.keys(USERS)) {
    const page = await t.newPage(1280, 900);
    await signIn(page, t.url, name);
    const landed = page.url();
    t.check((await page.evaluate(async () => (await fetch('/api/me')).status)) === 200,
      name + ' (' + USERS[name][0] + ') signed in, on ' + new URL(landed).pathname);
    await Promise.all([page.waitForURL(/\/login/), page.getByRole('button', { name: 'Sign out' }).click()]);
    t.check((await page.evaluate(async () => (await fetch('/api/me')).status)) === 401,
      name + ' signed out: the API answers 401');
    await page.goto(landed);
    t.check(/\/login/.test(page.url()), name + ' signed out: ' + new URL(landed).pathname + ' asks to sign in again');
    await page.context().close();
  }
});
