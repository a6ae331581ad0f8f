/* app.js — the behaviour of tdn's server-rendered pages, no framework.
 * api() sends JSON with the session's CSRF token; each page's code runs when
 * <body data-page> names it. Text from the server is put into the page with
 * textContent only (never innerHTML with data). */
'use strict';

const csrf = () => (document.querySelector('meta[name=csrf]') || {}).content || '';

async function api(method, url, body) {
  const opt = { method, headers: { 'Accept': 'application/json' }, credentials: 'same-origin' };
  if (method !== 'GET') opt.headers['X-CSRF-Token'] = csrf();
  if (body !== undefined) { opt.headers['Content-Type'] = 'application/json'; opt.body = JSON.stringify(body); }
  const r = await fetch(url, opt);
  let data = {};
  try { data = await r.json(); } catch (e) { data = { error: 'server: no JSON answer' }; }
  if (r.status === 401 && !url.startsWith('/api/login')) { location.href = '/login?next=' + encodeURIComponent(location.pathname + location.search); }
  if (!r.ok) { const e = new Error(data.error || ('HTTP ' + r.status)); e.status = r.status; e.data = data; throw e; }
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

/* ---------- body chart ---------- */
const bodyState = { pains: new Map(), selected: null };
const regionNames = {};

function painKey(region, side) { return region + ':' + side; }

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
  document.dispatchEvent(new CustomEvent('painmap', { detail: painMapStrings() }));
  const list = clear($('#cand-list'));
  if (!bodyState.pains.size) { list.append(el('li', { class: 'hint', text: 'Mark a pain region to see the ranked muscles.' })); return; }
  const q = new URLSearchParams({ pains: painMapStrings().join(','), limit: '10' });
  const cond = $('#pp-condition') && $('#pp-condition').value;
  if (cond) q.set('condition', cond);
  try {
    const r = await api('GET', '/api/locate?' + q);
    if (!r.candidates.length) list.append(el('li', { class: 'hint', text: 'No muscle in the knowledge base refers pain there.' }));
    r.candidates.forEach((c) => {
      const li = el('li', { class: 'cand', 'data-muscle': c.muscle },
        el('button', { type: 'button', class: 'linklike', onclick: () => showMuscle(c.muscle, c) }, c.name + ' (' + c.side + ')'),
        ' ', el('span', { text: 'score ' + c.score.toFixed(2) }),
        el('span', { class: 'scorebar w' + Math.round(c.score * 10), 'aria-hidden': 'true' }),
        c.hazards.length ? el('span', { class: 'badge caution', text: 'hazard: ' + c.hazards.join(', ') }) : null,
        el('ul', { class: 'reasons' }, c.reasons.map(r => el('li', { text: r }))));
      list.append(li);
    });
  } catch (e) { list.append(el('li', { class: 'error', text: e.message })); }
}

async function showMuscle(id, cand) {
  const box = clear($('#muscle-detail'));
  try {
    const m = await api('GET', '/api/muscles/' + encodeURIComponent(id));
    const nm = (list) => list.length ? list.map(c => regionNames[c.split(':')[0]] ? regionNames[c.split(':')[0]] + (c.includes(':') ? ' (' + c.split(':')[1] + ')' : '') : c).join(', ') : '—';
    box.append(el('h3', { text: m.name }),
      el('dl', {},
        el('dt', { text: 'Trigger point site' }), el('dd', { text: nm(m.tp_sites) }),
        el('dt', { text: 'Refers to' }), el('dd', { text: nm(m.essential) }),
        el('dt', { text: 'Spillover' }), el('dd', { text: nm(m.spillover) }),
        el('dt', { text: 'Palpation' }), el('dd', { text: m.palpation + (m.palpable ? ', palpable by hand' : ', NOT palpable by hand') }),
        el('dt', { text: 'After withdrawal' }), el('dd', { text: m.compressible ? 'compressible' : 'not compressible (deep)' }),
        el('dt', { text: 'Hazards' }), el('dd', { class: m.hazards.length ? 'error' : '', text: m.hazards.length ? m.hazards.join(', ') : 'none listed' }),
        el('dt', { text: 'Source' }), el('dd', { text: m.source })));
    if (m.hazards.includes('lung')) box.append(el('p', { class: 'danger-box', text: 'Lung field: pneumothorax risk — choose needle length and direction with care.' }));
  } catch (e) { box.append(el('p', { class: 'error', text: e.message })); }
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
      if (e.dataset.list !== undefined) { if (!o[e.name]) o[e.name] = []; if (e.checked) o[e.name].push(e.value); }
      else o[e.name] = e.checked;
      continue;
    }
    if (e.type === 'radio') { if (e.checked) o[e.name] = e.value; continue; }
    if (e.value === '') continue;
    const t = e.dataset.type || ((e.type === 'number' || e.type === 'range') ? 'num' : '');
    o[e.name] = t === 'int' ? parseInt(e.value, 10) : t === 'num' ? Number(e.value) : e.value;
  }
  return o;
}

function afterSubmit(then, result) {
  if (!then || then === 'reload') { location.reload(); return; }
  if (then.startsWith('goto:')) location.href = then.slice(5).replace('{id}', encodeURIComponent(result.id));
}

/* Forms whose JSON is not flat name/value pairs (data-body=NAME). */
const bodyBuilders = {
  screening(f) {
    const split = (t) => t.split(/[,\s]+/).map(x => x.trim()).filter(Boolean);
    const profile = {
      age: parseInt($('#sc-age', f).value, 10),
      pregnancy: $('#sc-preg', f).value,
      conditions: $$('.sc-cond', f).filter(c => c.checked).map(c => c.value),
      planned_regions: split($('#sc-planned', f).value),
      consent: { patient: $('#sc-consent-p', f).checked, guardian: $('#sc-consent-g', f).checked },
    };
    const lc = $('#sc-local', f).value, lr = $('#sc-local-region', f).value.trim();
    if (lc) profile.local = [{ condition: lc, region: lr }];
    return { profile };
  },
};

function initForms(root) {
  $$('form[data-api]', root).forEach(f => f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const errBox = $('.error', f);
    if (errBox) errBox.textContent = '';
    const btn = $('button[type=submit]', f); if (btn) btn.disabled = true;
    try {
      const body = f.dataset.body ? bodyBuilders[f.dataset.body](f) : formJSON(f);
      const r = await api(f.dataset.method || 'POST', f.dataset.api, body);
      afterSubmit(f.dataset.then, r);
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
  chart.sessions.slice().reverse().forEach(s => sel.append(el('option', { value: 'session:' + s.id, text: 'Session ' + s.id + ' (' + s.state + ')' })));
  chart.episodes.slice().reverse().forEach(e => sel.append(el('option', { value: 'episode:' + e.id, text: 'Episode: ' + e.condition })));
  if (!sel.options.length) sel.append(el('option', { value: '', text: 'Open an episode or session first' }));
  $('#save-map-btn').addEventListener('click', async () => {
    const out = $('#save-map-msg');
    out.textContent = ''; out.className = '';
    const [kind, id] = sel.value.split(':');
    if (!kind) { out.className = 'error'; out.textContent = 'target: open an episode or a session first'; return; }
    if (!bodyState.pains.size) { out.className = 'error'; out.textContent = 'pains: mark at least one region'; return; }
    try {
      await api('POST', '/api/patients/' + pid + '/pain', { pains: painMapStrings(), [kind]: Number(id) });
      out.className = 'ok'; out.textContent = 'Pain map saved to the chart.';
    } catch (e) { out.className = 'error'; out.textContent = e.message; }
  });
}

const pages = { login: pageLogin, bodychart: () => { initBodyChart([]); initSaveMap(); } };
window.tdn = { api, el, $, $$, clear, showError, pages, initBodyChart, bodyState, formJSON };
document.addEventListener('DOMContentLoaded', () => {
  initForms(document);
  $$('input[data-echo]').forEach(i => i.addEventListener('input', () => { $('#' + i.dataset.echo).textContent = i.value; }));
  const f = pages[document.body.dataset.page];
  if (f) f();
});
