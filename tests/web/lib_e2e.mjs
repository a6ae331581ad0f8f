// lib_e2e.mjs — what every browser test of tdn shares: a fresh clinic in a
// temporary SQLite file with one user per role, a real `tdn serve` on a free
// loopback port, Debian's chromium driven by playwright-core, and a check()
// that prints "ok - what" or throws. A test file calls run(main) and gets
// exit 0 (passed), 1 (failed) or 77 (skipped: no chromium or playwright-core).
//   import { run } from './lib_e2e.mjs';
//   run(async (t) => { const page = await t.newPage(1280); ... t.check(ok, 'what'); });
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = process.env.TDN_CHROMIUM || '/usr/bin/chromium';

// The users of the test clinic, one per role: username -> [role, display name, password].
export const USERS = {
  admin: ['admin', 'Ada Admin', 'e2e-admin-pass'],
  drlee: ['clinician', 'Dr Lee', 'e2e-clinician-pass'],
  desk: ['front_desk', 'Dee Desk', 'e2e-desk-pass'],
  casey: ['patient', 'Casey Portal', 'e2e-patient-pass'],
};

export function check(ok, what) {
  if (!ok) throw new Error('check failed: ' + what);
  console.log('ok - ' + what);
}

// Creates the clinic (the patient user is linked to a registered patient,
// Casey Portal) and starts `tdn serve`; resolves to { url, db, work, env, patientId, stop }.
export async function startClinic(tdn) {
  const work = mkdtempSync(join(tmpdir(), 'tdn-e2e-'));
  const db = join(work, 't.db');
  const env = { ...process.env, TDN_USER: 'setup' };
  execFileSync(tdn, ['--db', db, 'init'], { env });
  const out = execFileSync(tdn, ['--db', db, 'patient', 'add', '--json', '--name', 'Casey Portal',
    '--birth', '1988-02-11'], { env }).toString();
  const patientId = JSON.parse(out).id;
  for (const [name, [role, display, pass]] of Object.entries(USERS))
    execFileSync(tdn, ['--db', db, 'user', 'add', '--username', name, '--role', role,
      '--display', display, ...(role === 'patient' ? ['--patient', String(patientId)] : []),
      '--password-stdin'], { input: pass + '\n', env });
  const server = spawn(tdn, ['--db', db, 'serve', '--listen', '127.0.0.1:0'],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', d => { out += d; const m = /serving (http:\S+)/.exec(out); if (m) resolve(m[1]); });
    server.on('exit', c => reject(new Error('tdn serve exited with ' + c)));
    setTimeout(() => reject(new Error('tdn serve did not start')), 10000);
  });
  const stop = async () => {
    server.kill('SIGTERM');
    await new Promise(r => server.exitCode !== null ? r() : server.on('exit', r));
    rmSync(work, { recursive: true, force: true });
  };
  return { url, db, work, env, patientId, stop };
}

// Signs `username` in on page (any page of the app) and waits for the landing page.
export async function signIn(page, url, username) {
  await page.goto(url + 'login');
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(USERS[username][2]);
  await Promise.all([page.waitForURL(u => !/\/login/.test(u.toString())),
    page.getByRole('button', { name: 'Sign in' }).click()]);
}

// Picks a muscle on the session runner and waits until its hazard notes have
// rendered: they arrive from the server and push the technique choices down,
// so a click made before they land can hit the wrong spot.
export async function pickMuscle(page, muscle) {
  await page.getByLabel('Muscle', { exact: true }).selectOption(muscle);
  await page.waitForSelector('#rs-hazards .hint');
}

// Runs main(t) against a fresh clinic; t = { url, tdn, shots, clinic, check,
// newPage(width, height), shot(page, name), problems }. Exits the process.
export async function run(main) {
  let chromium;
  try { ({ chromium } = await import('playwright-core')); } catch (e) {
    console.log('SKIP: playwright-core is not installed (npm ci --prefix tests/web)'); process.exit(77);
  }
  if (!existsSync(CHROMIUM)) { console.log('SKIP: no ' + CHROMIUM + ' (scripts/deps.sh --browser)'); process.exit(77); }
  const [tdn, shots] = process.argv.slice(2);
  mkdirSync(shots, { recursive: true });
  const clinic = await startClinic(tdn);
  const problems = [];
  let browser;
  const t = {
    url: clinic.url, tdn, shots, clinic, check, problems,
    async newPage(width = 1280, height = 900) {
      if (!browser)
        browser = await chromium.launch({
          executablePath: CHROMIUM, headless: true,
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', '--no-first-run'],
        });
      const ctx = await browser.newContext({ viewport: { width, height } });
      const page = await ctx.newPage();
      page.on('pageerror', e => problems.push('page error: ' + e.message));
      page.on('console', m => {
        if (m.type() === 'error' && !/status of 40[0-9]/.test(m.text())) problems.push('console: ' + m.text());
      });
      page.on('dialog', d => d.accept());
      return page;
    },
    // a record for people to look at, not a check: Chromium now and then
    // answers "Unable to capture screenshot" under load; try again twice
    shot: async (page, name) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await page.screenshot({ path: join(shots, name + '.png'), fullPage: true });
        } catch (e) {
          if (attempt === 3 || !/Unable to capture screenshot/.test(e.message)) throw e;
          await page.waitForTimeout(250);
        }
      }
    },
  };
  let code = 0;
  try {
    await main(t);
    check(problems.length === 0, 'no page errors or CSP violations' + (problems.length ? ': ' + problems.join(' | ') : ''));
  } catch (e) { console.error('FAIL: ' + e.message); code = 1; }
  if (browser) await browser.close();
  await clinic.stop();
  console.log(code ? 'browser test failed' : 'browser test passed; screenshots in ' + shots);
  process.exit(code);
}
