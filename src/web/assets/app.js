/* app.js — the behaviour of tdn's server-rendered pages, no framework.
 * api() sends JSON with the session's CSRF token; each page's code runs when
 * <body data-page> names it. Text from the server is put into the page with
 * textContent only (never innerHTML with data). */
'use strict';

const csrf = () => (document.querySelector('meta[name=csrf]') || {}).content || '';

/* An API message as a person reads it: without the leading "field: " the
 * API names (login:, role:, profile:), first letter capital; e.data keeps
 * the API's own answer. */
function words(msg) {
  const m = /^[a-z][a-z0-9_.-]*(\[\d+\])?: (.+)$/s.exec(msg || '');
  const t = m ? m[2] : (msg || '');
  return t.charAt(0).toUpperCase() + t.slice(1);
}

async function api(method, url, body) {
  const opt = { method, headers: { 'Accept': 'application/json' }, credentials: 'same-origin' };
  if (method !== 'GET') opt.headers['X-CSRF-Token'] = csrf();
  if (body !== undefined) { opt.headers['Content-Type'] = 'application/json'; opt.body = JSON.stringify(body); }
  const r = await fetch(url, opt);
  let data = {};
  try { data = await r.json(); } catch (e) { data = { error: 'server: no JSON answer' }; }
  if (r.status === 401 && !url.startsWith('/api/login')) { location.href = '/login?next=' + encodeURIComponent(location.pathname + location.search); }
  if (!r.ok) { const e = new Error(words(data.error || ('HTTP ' + r.status))); e.status = r.status; e.data = data; throw e; }
  return data;
}

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const k of kids.flat()) if (k !== null && k !== undefined) e.append(k.nodeType ? k : document.createTextNode(String(k)));
  return e;
}
const $ = (s, root) => (root || document).querySelector(s);
const $$ = (s, root) => Array.from((root || document).querySelectorAll(s));
function showError(target, err) { const t = typeof target === 'string' ? $(target) : target; if (t) t.textContent = err.message || String(err); }
function clear(node) { while (node.firstChild) node.firstChild.remove(); return node; }

/* ---------- login ---------- */
function pageLogin() {
  const f = $('#login');
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const r = await api('POST', '/api/login', { username: f.username.value, password: f.password.value });
      const next = f.next.value && f.next.value.startsWith('/') && !f.next.value.startsWith('//') ? f.next.value : (r.home || '/');
      location.href = next === '/' ? (r.home || '/') : next;
    } catch (e) { showError('#login-error', e); }
  });
}

/* ---------- welcome: a portal invitation's code and a new password ---------- */
function pageWelcome() {
  const f = $('#welcome');
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (f.password.value !== $('#w-again').value) { showError('#welcome-error', new Error('The two passwords are not the same.')); return; }
    try {
      const r = await api('POST', '/api/login/invitation', { code: f.code.value, password: f.password.value });
      location.href = r.home || '/';
    } catch (e) { showError('#welcome-error', e); }
  });
}

/* ---------- body chart ---------- */
const bodyState = { pains: new Map(), selected: null, palpated: new Map(), ranking: 0 };
const regionNames = {};

function painKey(region, side) { return region + ':' + side; }

/* Codes inside texts from the API as words: "nerve:spinal_accessory" ->
 * "spinal accessory nerve", "temple:R" -> "Temple, right". */
const SIDE_WORDS = { R: 'right', L: 'left', B: 'both sides' };
function hazardWords(h) {
  const [kind, what] = h.split('@')[0].split(':');
  if (!what) return kind === 'lung' ? 'lung (pneumothorax)' : kind.replace(/_/g, ' ');
  return what.replace(/_/g, ' ') + (kind === 'nerve' ? ' nerve' : '');
}
function codeWords(text) {
  return String(text)
    .replace(/\b([a-z][a-z_]*):([LRB])\b/g, (m, c, s) => (regionNames[c] || c.replace(/_/g, ' ')) + ', ' + SIDE_WORDS[s])
    .replace(/\b(nerve|vessel|organ):([a-z_]+)/g, (m) => hazardWords(m))
    .replace(/\b[a-z]+(_[a-z]+)+\b/g, (m) => regionNames[m] || m.replace(/_/g, ' '));
}

function renderPainSpots() {
  $$('.spot').forEach(s => {
    s.classList.forEach(c => { if (/^i\d+$/.test(c)) s.classList.remove(c); });
    const p = bodyState.pains.get(painKey(s.dataset.region, s.dataset.side));
    if (p !== undefined) s.classList.add('i' + p);
  });
}

function renderPainList() {
  const ul = clear($('#pain-list'));
  if (!bodyState.pains.size) { ul.append(el('li', { class: 'hint', text: 'No pain marked yet.' })); }
  for (const [k, v] of bodyState.pains) {
    const [code, side] = k.split(':');
    ul.append(el('li', {}, el('span', { text: (regionNames[code] || code) + ' (' + ({ R: 'right', L: 'left', B: 'both/midline' })[side] + ') — ' + v + '/10' }),
      el('button', { type: 'button', class: 'secondary', 'aria-label': 'Remove ' + k, onclick: () => { bodyState.pains.delete(k); painChanged(); } }, 'Remove')));
  }
}

function painMapStrings() { return Array.from(bodyState.pains, ([k, v]) => k + '=' + v); }

async function painChanged() {
  renderPainSpots(); renderPainList();
  const detail = $('#muscle-detail'); // back home before the list is rebuilt
  if (detail && detail.parentElement.closest('#cand-list')) $('#candidates').append(clear(detail));
  document.dispatchEvent(new CustomEvent('painmap', { detail: painMapStrings() }));
  const ranking = ++bodyState.ranking; // a newer change makes this answer stale
  const list = clear($('#cand-list'));
  if (!bodyState.pains.size) { list.append(el('li', { class: 'hint', text: 'Mark a pain region to see the ranked muscles.' })); return; }
  const q = new URLSearchParams({ pains: painMapStrings().join(','), limit: '10' });
  const cond = $('#pp-condition') && $('#pp-condition').value;
  if (cond) q.set('condition', cond);
  if (bodyState.palpated.size) q.set('palpated', Array.from(bodyState.palpated, ([k, v]) => k + '=' + v).join(','));
  const blocked = (($('#candidates') && $('#candidates').dataset.blocked) || '').split(',');
  try {
    const r = await api('GET', '/api/locate?' + q);
    if (ranking !== bodyState.ranking) return; // two quick changes: show only the last one's ranking
    if (!r.candidates.length) list.append(el('li', { class: 'hint', text: 'No muscle in the knowledge base refers pain there.' }));
    (r.palpate_first || []).forEach((h) => list.append(el('li', { class: 'hint palpate-first', text: 'Palpate first — ' + h })));
    r.candidates.forEach((c) => {
      const key = c.muscle + ':' + c.side;
      const palp = (sign, label) => el('button', { type: 'button', class: 'secondary palp' + (bodyState.palpated.get(key) === sign ? ' on' : ''), 'aria-pressed': String(bodyState.palpated.get(key) === sign), onclick: () => { if (bodyState.palpated.get(key) === sign) bodyState.palpated.delete(key); else bodyState.palpated.set(key, sign); painChanged(); } }, label);
      const li = el('li', { class: 'cand', 'data-muscle': c.muscle },
        el('button', { type: 'button', class: 'linklike', onclick: (ev) => showMuscle(c.muscle, c, ev.currentTarget.closest('li')) }, c.name + ' (' + c.side + ')'),
        ' ', el('span', { text: 'score ' + c.score.toFixed(2) }),
        el('span', { class: 'scorebar w' + Math.round(c.score * 10), 'aria-hidden': 'true' }),
        c.hazards.length ? el('span', { class: 'badge caution', text: 'hazard: ' + c.hazards.map(hazardWords).join(', ') }) : null,
        blocked.includes(c.muscle) ? el('span', { class: 'badge no_go', text: 'blocked by the screening' }) : null,
        c.palpated ? el('span', { class: 'badge', text: c.palpated === '+' ? 'palpated: tender, reproduces the pain' : 'palpated: nothing found' }) : null,
        el('ul', { class: 'reasons' }, c.reasons.map(r => el('li', { text: codeWords(r) }))),
        el('p', { class: 'palpation' }, 'Palpated: ', palp('+', 'tender, reproduces the pain'), ' ', palp('-', 'nothing found')));
      list.append(li);
    });
  } catch (e) { if (ranking === bodyState.ranking) list.append(el('li', { class: 'error', text: e.message })); }
}

/* The muscle's details, right under the clicked item (li) and scrolled into view. */
async function showMuscle(id, cand, li) {
  const box = clear($('#muscle-detail'));
  if (li) li.append(box);
  try {
    const m = await api('GET', '/api/muscles/' + encodeURIComponent(id));
    const nm = (list) => list.length ? list.map(c => regionNames[c.split(':')[0]] ? regionNames[c.split(':')[0]] + (c.includes(':') ? ' (' + c.split(':')[1] + ')' : '') : c).join(', ') : '—';
    // One trigger point pattern after another ("sternal: Orbit, Cheek; clavicular: …").
    const byPattern = (key) => m.patterns.length > 1 ? m.patterns.map(p => p.label + ': ' + nm(p[key])).join('; ') : nm(m[key]);
    box.append(el('h3', { text: m.name }),
      el('dl', {},
        el('dt', { text: 'Trigger point site' }), el('dd', { text: nm(m.tp_sites) }),
        el('dt', { text: 'Refers to' }), el('dd', { text: byPattern('essential') }),
        el('dt', { text: 'Spillover' }), el('dd', { text: m.spillover_per_pattern ? byPattern('spillover') : nm(m.spillover) }),
        el('dt', { text: 'Palpation' }), el('dd', { text: m.palpation + (m.palpable ? ', palpable by hand' : ', NOT palpable by hand') }),
        el('dt', { text: 'After withdrawal' }), el('dd', { text: m.compressible ? 'compressible' : 'not compressible (deep)' }),
        el('dt', { text: 'Hazards' }), el('dd', { class: m.hazards.length ? 'error' : '', text: m.hazards.length ? m.hazards.map(hazardWords).join(', ') : 'none listed' }),
        el('dt', { text: 'Source' }), el('dd', { text: m.source })));
    if (m.hazards.includes('lung')) box.append(el('p', { class: 'danger-box', text: 'Lung field: pneumothorax risk — choose needle length and direction with care.' }));
  } catch (e) { box.append(el('p', { class: 'error', text: e.message })); }
  box.scrollIntoView({ block: 'nearest' }); // the details, not somewhere off screen
}

function selectSpot(spot) {
  $$('.spot.sel').forEach(s => s.classList.remove('sel'));
  $$('.spot').filter(s => s.dataset.region === spot.dataset.region && s.dataset.side === spot.dataset.side).forEach(s => s.classList.add('sel'));
  $('#pp-region').value = spot.dataset.region;
  const r = $('input[name=pp-side][value="' + spot.dataset.side + '"]'); if (r) r.checked = true;
  const cur = bodyState.pains.get(painKey(spot.dataset.region, spot.dataset.side));
  if (cur !== undefined) { $('#pp-intensity').value = cur; $('#pp-int-out').textContent = cur; }
  $('#pp-intensity').focus();
}

async function initBodyChart(initial) {
  $$('#pp-region option').forEach(o => { regionNames[o.value] = o.textContent; });
  $$('.spot').forEach(s => {
    s.addEventListener('click', () => selectSpot(s));
    s.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); selectSpot(s); } });
  });
  // the list of regions (phone, tablet): the side comes from the Side choice
  $$('.regionbtn').forEach(b => b.addEventListener('click', () => {
    selectSpot({ dataset: { region: b.dataset.region, side: ($('input[name=pp-side]:checked') || {}).value || 'B' } });
  }));
  $('#pp-intensity').addEventListener('input', () => { $('#pp-int-out').textContent = $('#pp-intensity').value; });
  $('#pp-add').addEventListener('click', () => {
    const side = ($('input[name=pp-side]:checked') || {}).value || 'B';
    bodyState.pains.set(painKey($('#pp-region').value, side), Number($('#pp-intensity').value));
    painChanged();
  });
  $('#pp-clear').addEventListener('click', () => { bodyState.pains.clear(); painChanged(); });
  const sel = $('#pp-condition');
  if (sel) {
    try { (await api('GET', '/api/conditions')).conditions.forEach(c => sel.append(el('option', { value: c.id, text: c.name }))); } catch (e) { /* optional */ }
    sel.addEventListener('change', painChanged);
  }
  (initial || []).forEach(p => { const m = /^([a-z_]+):([LRB])=(\d+)$/.exec(p); if (m) bodyState.pains.set(m[1] + ':' + m[2], Number(m[3])); });
  renderPainSpots(); renderPainList();
  if (bodyState.pains.size) painChanged();
}

/* ---------- generic forms: <form data-api=URL [data-method] [data-then]> ---------- */
function formJSON(f) {
  const o = {};
  for (const e of f.elements) {
    if (!e.name || e.name === 'csrf' || e.disabled || e.dataset.skip !== undefined) continue;
    if (e.type === 'checkbox') {
      if (e.dataset.join !== undefined) { if (e.checked) o[e.name] = o[e.name] ? o[e.name] + ',' + e.value : e.value; continue; }
      if (e.dataset.list !== undefined) { if (!o[e.name]) o[e.name] = []; if (e.checked) o[e.name].push(e.value); }
      else o[e.name] = e.checked;
      continue;
    }
    if (e.type === 'radio') { if (e.checked) o[e.name] = e.value; continue; }
    if (e.value === '' && e.dataset.empty === undefined) continue; /* data-empty: send "" to clear */
    const t = e.dataset.type || ((e.type === 'number' || e.type === 'range') ? 'num' : '');
    o[e.name] = t === 'int' ? parseInt(e.value, 10) : t === 'num' ? Number(e.value) : e.value;
  }
  return o;
}

function afterSubmit(then, result, f) {
  if (then === 'none') {
    const ok = $('.ok', f); if (ok) { ok.textContent = 'Saved at ' + new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }) + '.'; }
    return;
  }
  if (!then || then === 'reload') {
    if (f.dataset.saved) { // shown once after the reload (showFlash)
      const body = formJSON(f);
      sessionStorage.setItem('tdn-flash', f.dataset.saved.replace(/\{(\w+)\}/g, (m, k) => body[k] === undefined ? '' : String(body[k])));
    }
    location.reload(); return;
  }
  if (then.startsWith('goto:')) location.href = then.slice(5).replace('{id}', encodeURIComponent(result.id));
}

/* Forms whose JSON is not flat name/value pairs (data-body=NAME). */
const bodyBuilders = {
  screening(f) {
    const preg = $('#sc-preg', f);
    const profile = {
      age: parseInt($('#sc-age', f).value, 10),
      pregnancy: preg ? preg.value : 'none',
      conditions: $$('.sc-cond', f).filter(c => c.checked).map(c => c.value),
      planned_regions: $$('.sc-plan', f).filter(c => c.checked).map(c => c.value),
      consent: { patient: $('#sc-consent-p', f).checked, guardian: $('#sc-consent-g', f).checked },
    };
    const lc = $('#sc-local', f).value;
    if (lc) profile.local = [{ condition: lc, region: $('#sc-local-region', f).value + ':' + $('#sc-local-side', f).value }];
    return { profile };
  },
  /* the patient's intake (page_intake.c): answers, places, pains, goals */
  intake(f) {
    const answers = {}, places = {}, pains = [], goals = [];
    $$('fieldset.iq', f).forEach(fs => {
      const q = fs.dataset.q, r = $$('input[type=radio]', fs).find(x => x.checked);
      if (r) answers[q] = r.value;
      const reg = $('select[name$="-region"]', fs);
      if (reg && reg.value && r && r.value === 'yes') places[q] = reg.value + ':' + $('select[name$="-side"]', fs).value;
    });
    for (let i = 1; i <= 3; i++) {
      const reg = f.elements['pain' + i + '-region'].value, n = f.elements['pain' + i + '-n'].value;
      if (reg) pains.push(reg + ':' + f.elements['pain' + i + '-side'].value + (n !== '' ? '=' + n : ''));
      const a = f.elements['goal' + i].value.trim(), s = f.elements['goal' + i + '-n'].value;
      if (a) goals.push({ activity: a, score: s === '' ? -1 : parseInt(s, 10) });
    }
    return { intake: { answers, places, pains, goals } };
  },
  /* the clinician's review of an intake: each answer confirmed or corrected */
  confirm(f) {
    const answers = {};
    $$('select.confirm', f).forEach(s => { if (s.value) answers[s.name.slice(2)] = s.value; });
    return { confirmation: { answers } };
  },
};

/* The screening form's planned-region picker: adds a ticked box in words. */
function initPlanPicker() {
  const add = $('#sc-plan-add');
  if (!add) return;
  add.addEventListener('click', () => {
    const reg = $('#sc-plan-region'), side = $('#sc-plan-side');
    const value = reg.value + ':' + side.value;
    const old = $$('.sc-plan').find(c => c.value === value);
    if (old) { old.checked = true; return; }
    const words = reg.options[reg.selectedIndex].textContent + ', ' + side.options[side.selectedIndex].textContent;
    $('#sc-plan-list').append(el('label', {}, el('input', { type: 'checkbox', class: 'sc-plan', value, checked: true, 'data-skip': true }), ' ' + words));
  });
}

/* A confirmation kept across a reload (data-saved), shown at the top once. */
function showFlash() {
  const text = sessionStorage.getItem('tdn-flash');
  if (!text) return;
  sessionStorage.removeItem('tdn-flash');
  const h1 = $('main h1');
  if (h1) h1.after(el('p', { class: 'ok', id: 'flash', role: 'status', text }));
}

function initForms(root) {
  $$('form[data-api]', root).forEach(f => f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const errBox = $('.error', f);
    if (errBox) errBox.textContent = '';
    const unset = $$('[data-must-set]', f).find(e => e.dataset.set === undefined);
    if (unset) { if (errBox) errBox.textContent = unset.dataset.mustSet; unset.focus(); return; }
    const btn = $('button[type=submit]', f); if (btn) btn.disabled = true;
    try {
      const body = f.dataset.body ? bodyBuilders[f.dataset.body](f) : formJSON(f);
      /* data-api="/api/users/{username}": a {name} takes that field's value */
      const url = f.dataset.api.replace(/\{(\w+)\}/g, (_, k) => encodeURIComponent(f.elements[k].value));
      const r = await api(f.dataset.method || 'POST', url, body);
      afterSubmit(f.dataset.then, r, f);
    } catch (e) { if (errBox) errBox.textContent = e.message; else alert(e.message); }
    finally { if (btn) btn.disabled = false; }
  }));
}

/* ---------- body chart with a patient: save the map to an episode or session ---------- */
async function initSaveMap() {
  const box = $('#save-map');
  if (!box) return;
  const pid = box.dataset.patient;
  const chart = await api('GET', '/api/patients/' + pid);
  const sel = $('#save-target');
  chart.sessions.slice().reverse().forEach(s => sel.append(el('option', { value: 'session:' + s.id, text: 'Session ' + s.id + ' (' + s.state.replace(/_/g, ' ') + ')' })));
  const names = {};
  try { (await api('GET', '/api/conditions')).conditions.forEach(c => { names[c.id] = c.name; }); } catch (e) { /* the code then */ }
  chart.episodes.slice().reverse().forEach(e => sel.append(el('option', { value: 'episode:' + e.id, text: 'Episode: ' + (names[e.condition] || codeWords(e.condition)) })));
  if (!sel.options.length) sel.append(el('option', { value: '', text: 'Open an episode or session first' }));
  $('#save-map-btn').addEventListener('click', async () => {
    const out = $('#save-map-msg');
    out.textContent = ''; out.className = '';
    const [kind, id] = sel.value.split(':');
    if (!kind) { out.className = 'error'; out.textContent = 'Open an episode or a session first.'; return; }
    if (!bodyState.pains.size) { out.className = 'error'; out.textContent = 'Mark at least one region first.'; return; }
    try {
      await api('POST', '/api/patients/' + pid + '/pain', { pains: painMapStrings(), [kind]: Number(id) });
      out.className = 'ok'; out.textContent = 'Pain map saved to the chart.';
    } catch (e) { out.className = 'error'; out.textContent = e.message; }
  });
}

/* ---------- session runner ---------- */
const runner = { id: null, data: null, offset: 0, beeped: new Set(), audio: null };

function beep() {
  try {
    if (!runner.audio) runner.audio = new (window.AudioContext || window.webkitAudioContext)();
    const ctx = runner.audio, o = ctx.createOscillator(), g = ctx.createGain();
    o.type = 'sine'; o.frequency.value = 880; g.gain.value = 0.15;
    o.connect(g); g.connect(ctx.destination); o.start(); o.stop(ctx.currentTime + 0.35);
  } catch (e) { /* no audio: the visible timer still turns red */ }
}

function fmtClock(s) {
  const neg = s < 0; s = Math.abs(Math.round(s));
  const m = Math.floor(s / 60), r = s % 60;
  return (neg ? '+' : '') + m + ':' + String(r).padStart(2, '0');
}

function serverNow() { return Math.floor(Date.now() / 1000) + runner.offset; }

/* Counts every timer down; the banner (#rs-due) lists the timers due now,
 * rebuilt on each tick from the cards, so it never outlives them. */
function tickTimers() {
  const due = [];
  $$('.timer[data-due-at]').forEach(t => {
    const rem = Number(t.dataset.dueAt) - serverNow();
    t.textContent = rem > 0 ? fmtClock(rem) : 'due ' + fmtClock(rem);
    const key = t.dataset.key;
    if (rem <= 0) {
      t.classList.add('due');
      if (!due.includes(t.dataset.message)) due.push(t.dataset.message);
      if (!runner.beeped.has(key)) { runner.beeped.add(key); beep(); }
    }
  });
  let banner = $('#rs-due');
  if (!banner && $('#runner-msg')) {
    banner = el('p', { id: 'rs-due', class: 'danger-box hidden', role: 'alert' });
    $('#runner-msg').before(banner);
  }
  if (!banner) return;
  const text = due.join(' · ');
  if (banner.textContent !== text) banner.textContent = text;
  banner.classList.toggle('hidden', !due.length);
}

async function runnerAction(url, body) {
  const msg = $('#runner-msg'); msg.textContent = ''; msg.className = '';
  try {
    const r = await api('POST', url, body || {});
    if (r.warnings && r.warnings.length) { msg.className = 'warn'; msg.textContent = r.warnings.join(' · '); }
    await loadRunner();
    return r;
  } catch (e) { msg.className = 'error'; msg.textContent = e.message; await loadRunner(); throw e; }
}

function needleCard(n, due, ended) {
  const base = '/api/sessions/' + runner.id + '/needles/' + n.number;
  const isIn = n.state === 'in';
  const kinds = { deep_dwell: 'dwell limit', superficial_first: 'reassess', superficial_second: 'round ends', estim_end: 'e-stim ends' };
  const timers = due.filter(d => d.needle === n.number).map(d => el('span', { class: 'timerbox' },
    el('span', { class: 'timerlabel', text: kinds[d.kind] || d.kind }),
    el('span', { class: 'timer' + (d.due ? ' due' : ''), 'data-due-at': d.due_at, 'data-key': n.number + ':' + d.kind + ':' + d.due_at, 'data-message': d.message, 'aria-label': (kinds[d.kind] || d.kind) + ' timer for needle ' + n.number })));
  const acts = [];
  if (ended) return el('div', { class: 'needle', 'data-needle': n.number },
    el('div', { class: 'row' }, el('strong', { text: '#' + n.number + ' ' + n.muscle.replace(/_/g, ' ') + ' (' + n.side + ')' }),
      el('span', { class: 'badge', text: n.technique }), el('span', { class: 'badge go', text: n.state }),
      el('span', {}, 'LTR ', el('span', { class: 'ltr', text: String(n.ltr_count) })),
      el('span', { text: 'in situ ' + Math.round(n.dwell_s / 60) + ' min' })));
  if (isIn && n.technique === 'deep') {
    acts.push(el('button', { type: 'button', onclick: () => runnerAction(base + '/ltr'), 'aria-label': 'Count an LTR for needle ' + n.number }, '+ LTR'));
    acts.push(el('button', { type: 'button', class: 'secondary', onclick: () => runnerAction(base + '/redirect') }, 'Redirect'));
  }
  if (isIn) acts.push(el('button', { type: 'button', class: 'withdraw', onclick: () => runnerAction(base + '/out'), 'aria-label': 'Withdraw needle ' + n.number }, 'Needle out'));
  if (!isIn && n.state === 'out' && n.technique === 'superficial') acts.push(el('button', { type: 'button', class: 'secondary', onclick: () => runnerAction(base + '/reinsert') }, 'Next round (in again)'));
  if (isIn) acts.push(el('button', { type: 'button', class: 'danger', onclick: () => {
    const note = prompt('Needle ' + n.number + ' broke: incident note (what happened, what was done)');
    if (note) runnerAction(base + '/broken', { severity: 'moderate', incident: note });
  } }, 'Broken'));
  return el('div', { class: 'needle' + (isIn ? ' in' : ''), 'data-needle': n.number },
    el('div', { class: 'row' },
      el('strong', { text: '#' + n.number + ' ' + n.muscle.replace(/_/g, ' ') + ' (' + n.side + ')' }),
      el('span', { class: 'badge', text: n.technique }), el('span', { class: 'badge ' + (isIn ? 'caution' : 'go'), text: n.state }),
      el('span', {}, 'LTR ', el('span', { class: 'ltr', text: String(n.ltr_count) })),
      el('span', { text: 'redirections ' + n.redirections + (n.rounds > 1 ? ', round ' + n.rounds : '') }),
      ...timers),
    el('div', { class: 'row' }, ...acts));
}

async function loadRunner() {
  const d = await api('GET', '/api/sessions/' + runner.id);
  runner.data = d; runner.offset = d.now - Math.floor(Date.now() / 1000);
  const s = d.needling;
  $('#rs-state').textContent = s.state.replace(/_/g, ' ');
  $('#rs-state').className = 'badge ' + (s.state === 'closed' ? 'go' : s.state === 'aborted' ? 'no_go' : 'caution');
  const un = $('#rs-unscreened');
  un.textContent = s.unscreened ? 'Not screened: ' + s.unscreened + ' — needling needs a written override reason.' : '';
  un.classList.toggle('hidden', !s.unscreened);
  const l = s.ledger;
  $('#rs-ledger').textContent = 'inserted ' + l.inserted + ' · withdrawn ' + l.withdrawn + ' · broken ' + l.broken + ' · in ' + l.in;
  const list = clear($('#rs-needles'));
  if (!s.needles.length) list.append(el('p', { class: 'hint', text: 'No needle yet.' }));
  const ended = s.state === 'closed' || s.state === 'aborted';
  s.needles.slice().reverse().forEach(n => list.append(needleCard(n, d.due, ended)));
  const es = clear($('#es-needle'));
  s.needles.filter(n => n.state === 'in').forEach(n => es.append(el('option', { value: n.number, text: '#' + n.number + ' ' + n.muscle.replace(/_/g, ' ') + ' (' + n.side + ')' })));
  $('#rs-estim').classList.toggle('hidden', ended || !es.options.length);
  $$('#rs-insert button, #rs-close, #rs-abort').forEach(b => { b.disabled = ended; });
  $('#rs-links').classList.toggle('hidden', !ended);
  tickTimers();
}

async function showHazards() {
  const m = $('#rs-muscle').value, box = clear($('#rs-hazards'));
  if (!m) return;
  try {
    const info = await api('GET', '/api/muscles/' + encodeURIComponent(m));
    if (info.hazards.includes('lung')) box.append(el('p', { class: 'danger-box', text: 'Lung field (pneumothorax risk): choose the needle length and direction with care; never both sides of the thorax in one session.' }));
    const other = info.hazards.filter(h => h !== 'lung');
    if (other.length) box.append(el('p', { class: 'warn', text: 'Nearby: ' + other.map(hazardWords).join(', ') }));
    if (!info.compressible) box.append(el('p', { class: 'warn', text: 'Not compressible after withdrawal (deep): take care with bleeding risk.' }));
    box.append(el('p', { class: 'hint', text: 'Palpation: ' + info.palpation + (info.palpable ? '' : ' — not palpable by hand') }));
  } catch (e) { box.append(el('p', { class: 'error', text: e.message })); }
}

/* The measure form: the site list follows the kind (regions, muscles, joint
 * motions, activities, from the page's <template>s); a site on the pain map
 * brings its side; ROM asks active or passive; a new PSFS activity is typed. */
function initMeasure() {
  const kind = $('#m-kind'), site = $('#m-site');
  if (!kind || !site) return;
  const activity = $('#m-activity'), motion = $('#m-motion');
  const sync = () => {
    const opt = site.options[site.selectedIndex];
    if (opt && opt.dataset.side) $('#m-side').value = opt.dataset.side;
    const typed = kind.value === 'psfs' && site.value === '';
    activity.disabled = !typed; activity.required = typed; site.required = !typed;
    $('#m-activity-p').classList.toggle('hidden', !typed);
  };
  kind.addEventListener('change', () => {
    clear(site).append($('#m-sites-' + kind.value).content.cloneNode(true));
    site.selectedIndex = 0;
    motion.disabled = kind.value !== 'rom';
    $('#m-motion-p').classList.toggle('hidden', kind.value !== 'rom');
    sync();
  });
  site.addEventListener('change', sync);
  sync();
}

function pageSession() {
  initMeasure();
  runner.id = document.body.dataset.session || $('#runner').dataset.session;
  $('#rs-muscle').addEventListener('change', showHazards);
  $('#rs-insert').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = ev.target, body = formJSON(f);
    try { await runnerAction('/api/sessions/' + runner.id + '/needles', body); f.override.value = ''; } catch (e) { /* shown */ }
  });
  $('#rs-close').addEventListener('click', async () => {
    try { const r = await runnerAction('/api/sessions/' + runner.id + '/close'); $('#runner-msg').className = 'ok'; $('#runner-msg').textContent = 'Session closed' + (r.cpt ? ': CPT ' + r.cpt.code + ' (' + r.cpt.descriptor + ')' : ' (no needle: no CPT code)'); } catch (e) { /* shown */ }
  });
  $('#rs-estim-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = formJSON(ev.target);
    try { await runnerAction('/api/sessions/' + runner.id + '/needles/' + $('#es-needle').value + '/estim', body); } catch (e) { /* shown */ }
  });
  $('#rs-abort').addEventListener('click', async () => {
    const reason = prompt('Abort the session: why? (recorded in the note and the audit)');
    if (reason) { try { await runnerAction('/api/sessions/' + runner.id + '/abort', { reason }); } catch (e) { /* shown */ } }
  });
  loadRunner();
  setInterval(tickTimers, 1000);
  setInterval(() => { if (document.visibilityState === 'visible') loadRunner().catch(() => {}); }, 15000);
}

const pages = { login: pageLogin, welcome: pageWelcome, bodychart: () => { initBodyChart([]); initSaveMap(); }, session: pageSession };
window.tdn = { api, words, el, $, $$, clear, showError, pages, initBodyChart, bodyState, formJSON };
document.addEventListener('DOMContentLoaded', () => {
  initForms(document);
  initPlanPicker();
  showFlash();
  $$('[data-must-set]').forEach(i => ['input', 'change'].forEach(t => i.addEventListener(t, () => { i.dataset.set = ''; })));
  $$('button[data-print]').forEach(b => b.addEventListener('click', () => window.print()));
  $$('input[data-echo]').forEach(i => i.addEventListener('input', () => { $('#' + i.dataset.echo).textContent = i.value; }));
  const f = pages[document.body.dataset.page];
  if (f) f();
});
