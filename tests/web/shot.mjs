// shot.mjs — dev helper: sign in and screenshot a page. node shot.mjs URL USER PASS PATH OUT [W]
import { chromium } from 'playwright-core';
const [url, user, pass, path, out, w] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const p = await b.newPage({ viewport: { width: Number(w || 1280), height: 900 } });
p.on('console', m => console.log('console:', m.text()));
p.on('pageerror', e => console.log('pageerror:', e.message));
await p.goto(url + 'login');
await p.fill('#username', user); await p.fill('#password', pass);
await Promise.all([p.waitForURL(u => !u.pathname.startsWith('/login')), p.click('button[type=submit]')]);
await p.waitForLoadState('networkidle');
await p.goto(url + path.replace(/^\//, ''));
await p.waitForLoadState('networkidle');
if (process.env.CLICKS) for (const c of process.env.CLICKS.split(' ')) { await p.click(c); await p.waitForTimeout(150); }
await p.waitForTimeout(300);
await p.screenshot({ path: out, fullPage: true });
await b.close();
