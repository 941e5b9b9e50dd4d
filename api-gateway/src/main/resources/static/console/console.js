// The operator's console: every call goes through the gateway's public routes with the signed-in
// key, as any client's would. The key lives in session storage only (gone with the tab), never in
// a URL; the page is static and has no other origin to talk to.
import { barChart, heatMap, lineChart } from './charts.js';

const KEY = 'crm.console.key';
const ROLE = 'crm.console.role';
const TENANT = 'crm.console.tenant';
const $ = id => document.getElementById(id);

/** An element with attributes and children; strings become text nodes, never markup. */
function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  return node;
}

class SignedOut extends Error {}

async function api(path, { method = 'GET', body, headers = {}, raw = false, signal } = {}) {
  const all = { 'X-API-Key': sessionStorage.getItem(KEY), ...headers };
  const tenant = sessionStorage.getItem(TENANT);
  if (tenant) all['tenant-uuid'] = tenant;
  const res = await fetch(path, { method, body, headers: all, cache: 'no-store', signal });
  if (res.status === 401) {
    signOut('The API key was refused (401). Sign in again.');
    throw new SignedOut();
  }
  if (raw) return res;
  if (!res.ok) throw new Error(await problem(res));
  return res.status === 204 ? null : res.json();
}

async function problem(res) {
  try {
    const p = await res.json();
    return `${res.status}: ${p.detail || p.title || res.statusText}`;
  } catch {
    return `${res.status}: ${res.statusText}`;
  }
}

const percent = v => v == null ? '–' : `${(v * 100).toFixed(1)} %`;
const card = (label, value, id) => h('div', { class: 'card', id }, h('b', {}, value), h('span', {}, label));
const panel = (title, ...body) => h('section', { class: 'panel' }, h('h3', {}, title), ...body);
const table = (head, rows) => h('table', {}, h('thead', {}, h('tr', {}, head.map(c => h('th', {}, c)))),
  h('tbody', {}, rows.map(r => h('tr', {}, r.map(c => h('td', {}, c ?? ''))))));

// --- signing in and out ----------------------------------------------------------------------

function signOut(message) {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(ROLE);
  sessionStorage.removeItem(TENANT);
  $('nav').hidden = true;
  $('view').replaceChildren();
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = message || '';
}

async function signIn(key) {
  // The admin-only list answers 200 for an admin key, 403 for a tenant's, 401 for neither.
  const res = await fetch('/cdr-service/cdr/reports', { headers: { 'X-API-Key': key }, cache: 'no-store' });
  if (res.status === 401) {
    $('sign-in-error').textContent = 'That API key was refused (401).';
    return;
  }
  if (res.status !== 200 && res.status !== 403) {
    $('sign-in-error').textContent = `Could not sign in: ${await problem(res)}`;
    return;
  }
  sessionStorage.setItem(KEY, key);
  sessionStorage.setItem(ROLE, res.status === 200 ? 'admin' : 'tenant');
  $('key').value = '';
  started();
}

function started() {
  const admin = sessionStorage.getItem(ROLE) === 'admin';
  $('sign-in').hidden = true;
  $('nav').hidden = false;
  $('nav-tenants').hidden = !admin;
  $('nav-registry').hidden = !admin;
  $('nav-keys').hidden = admin;
  show(admin && !sessionStorage.getItem(TENANT) ? 'tenants' : 'report');
}

function who() {
  const admin = sessionStorage.getItem(ROLE) === 'admin';
  const tenant = sessionStorage.getItem(TENANT);
  $('who').textContent = admin ? `admin${tenant ? ` · tenant ${tenant}` : ''}` : 'tenant key';
}

const views = { live, followups, report, reconciliation, calls, phonebook, sync, tenants, registry, keys };
/** What an admin sees without choosing a tenant first. */
const CROSS_TENANT = new Set(['tenants', 'registry']);
/** Stops what the shown view keeps running (the live stream), when another is shown. */
let leaving = null;

async function show(name) {
  if (leaving) leaving();
  leaving = null;
  who();
  for (const b of document.querySelectorAll('nav button[data-view]')) b.classList.toggle('active', b.dataset.view === name);
  const view = $('view');
  view.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  view.dataset.view = name;
  if (sessionStorage.getItem(ROLE) === 'admin' && !sessionStorage.getItem(TENANT) && !CROSS_TENANT.has(name)) {
    view.replaceChildren(h('p', {}, 'Choose a tenant under “All tenants” first.'));
    return;
  }
  try {
    await views[name](view);
  } catch (e) {
    if (!(e instanceof SignedOut)) view.replaceChildren(h('p', { class: 'error', role: 'alert' }, e.message));
  }
}

// --- calling now: the screen pop, from the tenant's live stream (GET /cdr/events) -------------

/** Reads a Server-Sent Events stream with the key in a header (EventSource cannot send one). */
async function follow(path, lastId, onEvent, signal) {
  const res = await api(path, { raw: true, headers: { Accept: 'text/event-stream', ...(lastId ? { 'Last-Event-ID': lastId } : {}) }, signal });
  if (!res.ok) throw new Error(await problem(res));
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replaceAll('\r\n', '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = { name: 'message', data: '' };
      for (const line of block.split('\n')) {
        if (line.startsWith('id:')) event.id = line.slice(3).trim();
        else if (line.startsWith('event:')) event.name = line.slice(6).trim();
        else if (line.startsWith('data:')) event.data += line.slice(5).trim();
      }
      if (event.data) onEvent(event);
    }
  }
}

async function live(view) {
  const status = h('p', { id: 'live-status', class: 'muted' }, 'Connecting…');
  const now = h('div', { id: 'live-now', class: 'cards' });
  const recent = h('tbody', { id: 'live-recent' });
  view.replaceChildren(panel('Calling now', status, now, h('p', { class: 'muted', id: 'live-empty' }, 'No call right now.')),
    panel('As it happened', h('table', {}, h('thead', {}, h('tr', {}, ['time', 'call', 'state', 'number', 'contact'].map(c => h('th', {}, c)))), recent)));
  const cards = new Map();
  const stop = new AbortController();
  leaving = () => stop.abort();
  let lastId = null;

  const onEvent = event => {
    if (event.name === 'reset') {
      lastId = null;
      return;
    }
    const e = JSON.parse(event.data);
    lastId = event.id;
    const who = e.otherParty.contact ? e.otherParty.contact.name : 'unknown caller';
    let card = cards.get(e.call.uuid);
    if (!card) {
      card = h('div', { class: 'card live', 'data-call': e.call.uuid });
      cards.set(e.call.uuid, card);
      now.prepend(card);
    }
    card.dataset.state = e.state;
    card.replaceChildren(h('b', {}, who), h('span', {}, `${e.otherParty.number || '–'} · ${e.call.direction || ''} · ${e.state}`));
    if (e.state === 'ended' || e.state === 'missed') {
      setTimeout(() => { card.remove(); cards.delete(e.call.uuid); $('live-empty').hidden = cards.size > 0; }, 10000);
    }
    $('live-empty').hidden = cards.size > 0;
    recent.prepend(h('tr', {}, h('td', {}, new Date(e.at).toLocaleTimeString()), h('td', {}, e.call.uuid),
      h('td', {}, e.state), h('td', {}, e.otherParty.number || ''), h('td', {}, e.otherParty.contact ? e.otherParty.contact.name : '')));
    while (recent.children.length > 50) recent.lastChild.remove();
  };

  (async () => {
    while (!stop.signal.aborted) {
      try {
        status.textContent = 'Live: calls appear here as they ring.';
        await follow('/cdr-service/cdr/events', lastId, onEvent, stop.signal);
      } catch (e) {
        if (stop.signal.aborted || e instanceof SignedOut) return;
        status.textContent = `Reconnecting… (${e.message})`;
      }
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
  })();
}

// --- missed callers nobody called back (GET /cdr/follow-ups) ---------------------------------

async function followups(view) {
  const [list, settings] = await Promise.all([api('/cdr-service/cdr/follow-ups'), api('/cdr-service/cdr/follow-ups/settings')]);
  const minutes = h('input', { id: 'followup-minutes', type: 'number', min: 0, max: 10080, value: settings.returnWithinMinutes });
  const save = h('button', { id: 'followup-save', onclick: async () => {
    await api('/cdr-service/cdr/follow-ups/settings', { method: 'PUT', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ returnWithinMinutes: Number(minutes.value) }) });
    show('followups');
  } }, 'Save');
  const rows = list.map(f => h('tr', { 'data-key': f.key },
    h('td', {}, f.contact || 'unknown caller'), h('td', {}, f.number), h('td', {}, String(f.attempts)),
    h('td', {}, new Date(f.lastAttempt).toLocaleString()),
    h('td', {}, h('button', { class: 'called-back', onclick: async () => {
      await api(`/cdr-service/cdr/follow-ups/${encodeURIComponent(f.key)}/done`, { method: 'POST' });
      show('followups');
    } }, 'Called back'))));
  view.replaceChildren(
    panel('Missed callers nobody called back',
      h('div', { class: 'filters' }, h('label', {}, 'Listed after ', minutes, ' minutes without a return '), save),
      list.length ? h('table', { id: 'followups-table' }, h('thead', {}, h('tr', {},
        ['contact', 'number', 'missed calls', 'last', ''].map(c => h('th', {}, c)))), h('tbody', {}, rows))
        : h('p', { class: 'muted', id: 'followups-empty' }, 'Nobody is waiting for a call back.')));
}

// --- where the PBX and the stored calls disagree (GET /cdr/reconciliation) ---------------------

async function reconciliation(view) {
  const r = await api('/cdr-service/cdr/reconciliation?days=7');
  const rows = r.days.slice().reverse().map(d => h('tr', { 'data-day': d.day },
    h('td', {}, d.day), h('td', {}, String(d.pbxCalls)), h('td', {}, String(d.storedCalls)),
    h('td', { class: d.missingCalls ? 'error' : '' }, String(d.missingCalls)), h('td', {}, String(d.extraCalls)),
    h('td', { class: d.stuckCalls ? 'error' : '' }, String(d.stuckCalls)),
    h('td', {}, d.unmatchedCalls === null ? 'n/a' : String(d.unmatchedCalls))));
  view.replaceChildren(
    panel('PBX against stored calls, per day (UTC)',
      r.pbxComplete ? null : h('p', { class: 'error' }, 'The PBX had more calls than one report reads: its figures are partial.'),
      h('p', { class: 'muted' }, `Stuck: on a non-final event for over ${r.stuckAfterMinutes} minutes; they are pulled again every few minutes.`),
      h('table', { id: 'reconciliation-table' }, h('thead', {}, h('tr', {},
        ['day', 'at the PBX', 'stored', 'missing', 'not at the PBX', 'stuck', 'no contact'].map(c => h('th', {}, c)))),
        h('tbody', {}, rows))));
}

// --- the report ------------------------------------------------------------------------------

const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

async function report(view) {
  const res = await api(`/cdr-service/cdr/report?tz=${encodeURIComponent(zone())}`, { raw: true });
  if (res.status === 404) {
    view.replaceChildren(h('p', {}, 'No calls yet: sync from the PBX under “Sync”.'));
    return;
  }
  if (!res.ok) throw new Error(await problem(res));
  const r = await res.json();
  const cc = r.call_centre || {};
  const days = (r.calls_per_day || []).slice(-14);
  // Answer rate and service level per day: one report per UTC day of the last 14 days with calls.
  const daily = await Promise.all(days.map(d => {
    const from = `${d.date}T00:00:00Z`;
    const to = new Date(Date.parse(from) + 86400000).toISOString();
    return api(`/cdr-service/cdr/report?from=${from}&to=${to}`).then(x => ({ label: d.date.slice(5),
      values: { answer: x.answer_rate, service: x.call_centre ? x.call_centre.service_level : null } }));
  }));
  view.replaceChildren(
    h('div', { class: 'cards' },
      card('calls', r.total_number_of_calls, 'card-calls'),
      card('answered', r.answered_calls, 'card-answered'),
      card('answer rate', percent(r.answer_rate), 'card-answer-rate'),
      card(`service level (${cc.service_level_seconds ?? 20} s)`, percent(cc.service_level), 'card-service-level'),
      card('avg. speed of answer', cc.average_speed_of_answer_seconds == null ? '–' : `${cc.average_speed_of_answer_seconds} s`),
      card('unmatched calls', r.unmatched_calls ?? '–', 'card-unmatched')),
    h('div', { class: 'grid2' },
      panel(`Calls per day (${r.tz})`, barChart((r.calls_per_day || []).map(d => ({ label: d.date, value: d.calls })), 'calls per day')),
      panel(`Hour of day × day of week (${r.tz})`, heatMap(r.calls_by_weekday_hour, 'calls by weekday and hour')),
      panel('Answer rate and service level per day (UTC days)',
        h('div', { class: 'legend' }, h('span', { class: 'answer' }, '— answer rate'), h('span', { class: 'service' }, '— service level')),
        lineChart(daily, { answer: 'line-answer', service: 'line-service' }, 'answer rate and service level per day')),
      panel('Top numbers', table(['number', 'name', 'calls'],
        (r.top_numbers || []).map(n => [n.number, n.name ?? '—', n.calls])))),
    panel('Per extension', table(['extension', 'calls', 'answered', 'missed', 'talk (s)'],
      (r.per_extension || []).map(e => [e.extension, e.calls, e.answered, e.missed, e.talk_seconds]))));
}

// --- calls -----------------------------------------------------------------------------------

async function calls(view) {
  const direction = h('select', { id: 'filter-direction' }, h('option', { value: '' }, 'any direction'),
    h('option', { value: 'inbound' }, 'inbound'), h('option', { value: 'outbound' }, 'outbound'));
  const answered = h('select', { id: 'filter-answered' }, h('option', { value: '' }, 'answered or not'),
    h('option', { value: 'true' }, 'answered'), h('option', { value: 'false' }, 'not answered'));
  const number = h('input', { id: 'filter-number', placeholder: 'number, any form' });
  const body = h('tbody');
  const more = h('button', { id: 'calls-more', hidden: true }, 'More');
  const status = h('p', { class: 'muted', id: 'calls-status' });
  let cursor = null;
  const filters = () => {
    const p = new URLSearchParams();
    if (direction.value) p.set('direction', direction.value);
    if (answered.value) p.set('answered', answered.value);
    if (number.value.trim()) p.set('number', number.value.trim());
    return p;
  };
  const load = async (fresh) => {
    const p = filters();
    p.set('size', '25');
    if (!fresh && cursor) p.set('cursor', cursor);
    const res = await api(`/cdr-service/cdr/get?${p}`, { raw: true });
    if (!res.ok) {
      status.textContent = await problem(res);
      return;
    }
    cursor = res.headers.get('X-Next-Cursor');
    const rows = await res.json();
    if (fresh) body.replaceChildren();
    for (const c of rows) {
      body.append(h('tr', {}, [c.callStart, c.direction, c.callerNumber, c.callerName, c.destinationNumber,
        c.answerStart ? 'yes' : 'no', c.duration, c.action].map(v => h('td', {}, v ?? ''))));
    }
    more.hidden = !cursor;
    status.textContent = `${body.children.length} calls shown${cursor ? ', more to come' : ''}`;
  };
  const exportCsv = async () => {
    const res = await api(`/cdr-service/cdr/export?${filters()}`, { raw: true });
    if (!res.ok) {
      status.textContent = await problem(res);
      return;
    }
    const link = h('a', { href: URL.createObjectURL(await res.blob()), download: 'calls.csv' });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  };
  more.addEventListener('click', () => load(false));
  view.replaceChildren(
    h('div', { class: 'filters' }, direction, answered, number,
      h('button', { id: 'calls-apply', onclick: () => load(true) }, 'Apply'),
      h('button', { id: 'calls-export', onclick: exportCsv }, 'Export CSV')),
    h('table', { id: 'calls-table' }, h('thead', {}, h('tr', {}, ['start', 'direction', 'caller', 'name', 'destination',
      'answered', 'seconds', 'state'].map(c => h('th', {}, c)))), body),
    more, status);
  await load(true);
}

// --- jobs ------------------------------------------------------------------------------------

/** Polls a job until it has ended, drawing its progress; its last state. */
async function watchJob(url, bar, status) {
  for (;;) {
    const job = await api(url);
    bar.max = job.total || 1;
    bar.value = job.total ? job.done : 0;
    status.textContent = `${job.state}: ${job.done} of ${job.total ?? '?'} done` +
      (job.errorCount ? `, ${job.errorCount} error${job.errorCount === 1 ? '' : 's'}` : '') + (job.failure ? ` — ${job.failure}` : '');
    status.dataset.state = job.state;
    if (job.state === 'succeeded' || job.state === 'failed') return job;
    await new Promise(r => setTimeout(r, 300));
  }
}

/** Starts long work with Prefer: respond-async; the job's path, resolved against the request's. */
async function startJob(path, init) {
  const res = await api(path, { ...init, method: 'POST', headers: { ...(init.headers || {}), Prefer: 'respond-async' }, raw: true });
  if (res.status !== 202) throw new Error(await problem(res));
  return new URL(res.headers.get('Location'), new URL(path, location.origin)).pathname;
}

// --- the phone book --------------------------------------------------------------------------

async function phonebook(view) {
  const q = h('input', { id: 'contacts-q', placeholder: 'name or number' });
  const body = h('tbody');
  const search = async () => {
    const rows = await api(`/phonebook-service/phone_book/records?q=${encodeURIComponent(q.value)}&page=0&size=25`);
    body.replaceChildren(...rows.map(c => h('tr', {}, h('td', {}, c.name), h('td', {}, c.callerNumber), h('td', {}, c.emailId ?? ''))));
  };
  const file = h('input', { id: 'import-file', type: 'file', accept: '.csv,text/csv' });
  const bar = h('progress', { id: 'import-progress', value: 0, max: 1 });
  const status = h('p', { id: 'import-status', class: 'muted' });
  const errors = h('ul', { id: 'import-errors' });
  const start = async () => {
    if (!file.files.length) {
      status.textContent = 'Choose a CSV file (header name,email,number) first.';
      return;
    }
    errors.replaceChildren();
    try {
      const url = await startJob('/phonebook-service/phone_book/records/import',
        { body: file.files[0], headers: { 'Content-Type': 'text/csv' } });
      const job = await watchJob(url, bar, status);
      if (job.result) status.textContent += ` — imported ${job.result.imported}, updated ${job.result.updated},` +
        ` unchanged ${job.result.unchanged}, rejected ${job.result.rejected}`;
      errors.replaceChildren(...job.errors.slice(0, 20).map(e => h('li', {}, `line ${e.line}: ${e.reason}`)));
      await search();
    } catch (e) {
      if (!(e instanceof SignedOut)) status.textContent = e.message;
    }
  };
  view.replaceChildren(
    panel('Import a directory (CSV)', h('div', { class: 'filters' }, file, h('button', { id: 'import-start', onclick: start }, 'Import')),
      bar, status, errors),
    panel('Contacts', h('div', { class: 'filters' }, q, h('button', { id: 'contacts-search', onclick: search }, 'Search')),
      h('table', { id: 'contacts-table' }, h('thead', {}, h('tr', {}, h('th', {}, 'name'), h('th', {}, 'number'), h('th', {}, 'e-mail'))), body)));
  await search();
}

// --- sync ------------------------------------------------------------------------------------

async function sync(view) {
  const res = await api('/cdr-service/cdr/report', { raw: true });
  const last = res.ok ? (await res.json()).latest_sync_date : null;
  const inbox = await api('/pbx-integration-service/pbx/inbox');
  const bar = h('progress', { id: 'sync-progress', value: 0, max: 1 });
  const status = h('p', { id: 'sync-status', class: 'muted' });
  const button = h('button', { id: 'sync-now' }, 'Sync now');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const job = await watchJob(await startJob('/cdr-service/cdr/update_cdr', {}), bar, status);
      if (job.result) status.textContent += ` — fetched ${job.result.fetched}, inserted ${job.result.inserted}, updated ${job.result.updated}`;
    } catch (e) {
      if (!(e instanceof SignedOut)) status.textContent = e.message;
    } finally {
      button.disabled = false;
    }
  });
  view.replaceChildren(
    h('div', { class: 'cards' },
      card('last sync', last ? new Date(last).toLocaleString() : 'never', 'card-last-sync'),
      card('webhooks waiting', inbox.pending, 'card-backlog'),
      card('oldest waiting since', inbox.oldestPending ? new Date(inbox.oldestPending).toLocaleTimeString() : '–'),
      card('webhooks set aside', inbox.rejected)),
    panel('Pull every call from the PBX', button, bar, status));
}

// --- all tenants (admin) ---------------------------------------------------------------------

async function tenants(view) {
  const all = await api('/cdr-service/cdr/reports');
  const open = id => () => {
    sessionStorage.setItem(TENANT, id);
    show('report');
  };
  view.replaceChildren(panel('All tenants', h('table', { id: 'tenants-table' },
    h('thead', {}, h('tr', {}, ['tenant', 'calls', 'answered', 'answer rate', 'unmatched', 'last sync', ''].map(c => h('th', {}, c)))),
    h('tbody', {}, all.map(r => h('tr', {}, h('td', {}, r.tenant_uuid), h('td', {}, r.total_number_of_calls),
      h('td', {}, r.answered_calls), h('td', {}, percent(r.answer_rate)), h('td', {}, r.unmatched_calls ?? '–'),
      h('td', {}, r.latest_sync_date ? new Date(r.latest_sync_date).toLocaleString() : 'never'),
      h('td', {}, h('button', { onclick: open(r.tenant_uuid) }, 'Open'))))))));
}

// --- the tenant registry (admin): tenants, their keys, shown once -----------------------------

const REGISTRY = '/tenant-service/tenants';
const when = t => t ? new Date(t).toLocaleString() : '–';
const json = body => ({ method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });

async function registry(view) {
  const error = h('p', { class: 'error', role: 'alert', id: 'registry-error' });
  const fail = e => { if (!(e instanceof SignedOut)) error.textContent = e.message; };
  const name = h('input', { id: 'tenant-name', placeholder: 'name', maxlength: 100, required: true });
  const region = h('input', { id: 'tenant-region', placeholder: 'region (CY)', size: 8 });
  const zone = h('input', { id: 'tenant-zone', placeholder: 'time zone (Europe/Nicosia)' });
  const create = h('form', { id: 'tenant-create', class: 'filters', onsubmit: async e => {
    e.preventDefault();
    const body = { name: name.value };
    if (region.value) body.region = region.value;
    if (zone.value) body.timeZone = zone.value;
    try {
      const created = await api(REGISTRY, json(body));
      error.textContent = '';
      await registry(view);
      await tenantKeys(view, created);
    } catch (err) { fail(err); }
  } }, name, region, zone, h('button', { type: 'submit' }, 'Register'));
  const all = await api(`${REGISTRY}?size=1000`);
  const suspend = t => async () => {
    try {
      if (t.suspendedAt) await api(`${REGISTRY}/${t.id}`, { ...json({ suspended: false }), method: 'PATCH' });
      else await api(`${REGISTRY}/${t.id}`, { method: 'DELETE' });
      await registry(view);
    } catch (err) { fail(err); }
  };
  view.replaceChildren(panel('Register a tenant', create, error),
    panel('Tenants', h('table', { id: 'registry-table' },
      h('thead', {}, h('tr', {}, ['name', 'id', 'region', 'time zone', 'registered', 'status', '', ''].map(c => h('th', {}, c)))),
      h('tbody', {}, all.map(t => h('tr', { 'data-tenant': t.id }, h('td', {}, t.name), h('td', {}, t.id), h('td', {}, t.region),
        h('td', {}, t.timeZone), h('td', {}, when(t.createdAt)), h('td', {}, t.suspendedAt ? 'suspended' : 'active'),
        h('td', {}, h('button', { class: 'keys', onclick: () => tenantKeys(view, t).catch(fail) }, 'Keys'),
          h('button', { class: 'pbx', onclick: () => tenantPbx(t).catch(fail) }, 'PBX')),
        h('td', {}, h('button', { class: 'suspend', onclick: suspend(t) }, t.suspendedAt ? 'Lift suspension' : 'Suspend'))))))),
    h('div', { id: 'pbx-panel' }), h('div', { id: 'keys-panel' }));
}

/** A tenant's PBX connection, or null when it has none. */
async function connectionOf(tenant) {
  const res = await api(`${REGISTRY}/${tenant}/pbx`, { raw: true });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(await problem(res));
  return res.json();
}

/** What pbx-integration-service last saw of the PBX, as the registry holds it. */
const pbxStatus = c => table(['PBX', 'kind', 'last pull', 'last webhook', 'subscription', 'last error'],
  [[c.baseUrl, c.kind, when(c.status.lastPullAt), when(c.status.lastWebhookAt), c.status.subscription ?? '–',
    c.status.lastError ? `${c.status.lastError} (${when(c.status.lastErrorAt)})` : '–']]);

/** Connect a tenant's PBX (a generated secret shown once, with a copy button), see its status, disconnect. */
async function tenantPbx(tenant) {
  const holder = $('pbx-panel');
  const error = h('p', { class: 'error', role: 'alert', id: 'pbx-error' });
  const current = await connectionOf(tenant.id);
  const url = h('input', { id: 'pbx-url', placeholder: 'the PBX\'s base URL (http or https)', size: 40, required: true,
    value: current ? current.baseUrl : '' });
  const kind = h('select', { id: 'pbx-kind' }, h('option', { value: 'signed' }, 'signed'),
    h('option', { value: 'original' }, 'original (unsigned, this tenant only)'));
  if (current) kind.value = current.kind;
  const credentials = h('input', { id: 'pbx-credentials', type: 'password', placeholder: 'Authorization header (optional)' });
  const secret = h('input', { id: 'pbx-secret', type: 'password', placeholder: 'webhook secret (optional: made for you)' });
  const shown = h('div', { id: 'pbx-secret-shown', hidden: true });
  const connect = h('form', { id: 'pbx-connect', class: 'filters', onsubmit: async e => {
    e.preventDefault();
    const body = { baseUrl: url.value, kind: kind.value };
    if (credentials.value) body.credentials = credentials.value;
    if (secret.value) body.webhookSecret = secret.value;
    try {
      const saved = await api(`${REGISTRY}/${tenant.id}/pbx`, { ...json(body), method: 'PUT' });
      await tenantPbx(tenant);
      if (saved.webhookSecret) {
        const text = h('input', { id: 'pbx-secret-text', readonly: true, value: saved.webhookSecret, size: 60 });
        $('pbx-secret-shown').replaceChildren(h('p', {}, 'Webhook secret: shown this once. The PBX signs with it.'), text,
          h('button', { id: 'copy-secret', type: 'button', onclick: async () => {
            text.select();
            try { await navigator.clipboard.writeText(saved.webhookSecret); } catch { /* selected: Ctrl+C */ }
          } }, 'Copy'));
        $('pbx-secret-shown').hidden = false;
      }
    } catch (err) { if (!(err instanceof SignedOut)) $('pbx-error').textContent = err.message; }
  } }, url, kind, credentials, secret, h('button', { type: 'submit' }, current ? 'Change' : 'Connect'));
  const disconnect = current ? h('button', { id: 'pbx-disconnect', type: 'button', onclick: async () => {
    try {
      await api(`${REGISTRY}/${tenant.id}/pbx`, { method: 'DELETE' });
      await tenantPbx(tenant);
    } catch (err) { if (!(err instanceof SignedOut)) error.textContent = err.message; }
  } }, 'Disconnect') : '';
  holder.replaceChildren(panel(`PBX of ${tenant.name}`, connect, error, shown,
    current ? h('div', { id: 'pbx-status' }, pbxStatus(current), disconnect) : h('p', { id: 'pbx-status' }, 'No PBX connected.')));
}

/** A tenant's keys: issue one (shown once, with a copy button), revoke, see last use. */
async function tenantKeys(view, tenant) {
  const holder = $('keys-panel');
  const error = h('p', { class: 'error', role: 'alert' });
  const list = await api(`${REGISTRY}/${tenant.id}/keys`);
  const keyName = h('input', { id: 'key-name', placeholder: 'key name', maxlength: 100, required: true });
  const role = h('select', { id: 'key-role' }, h('option', { value: 'tenant' }, 'tenant'), h('option', { value: 'read-only' }, 'read-only'));
  const shown = h('div', { id: 'new-key', hidden: true });
  const issue = h('form', { id: 'key-issue', class: 'filters', onsubmit: async e => {
    e.preventDefault();
    try {
      const issued = await api(`${REGISTRY}/${tenant.id}/keys`, json({ name: keyName.value, role: role.value }));
      await tenantKeys(view, tenant);
      const text = h('input', { id: 'new-key-text', readonly: true, value: issued.key, size: 60 });
      const copied = h('span', { class: 'muted', id: 'new-key-copied' });
      $('new-key').replaceChildren(h('p', {}, `Key “${issued.name}”: shown this once. Copy it now and hand it over.`), text,
        h('button', { id: 'copy-key', type: 'button', onclick: async () => {
          text.select();
          try { await navigator.clipboard.writeText(issued.key); copied.textContent = ' copied'; }
          catch { copied.textContent = ' selected: press Ctrl+C'; }
        } }, 'Copy'), copied);
      $('new-key').hidden = false;
    } catch (err) { if (!(err instanceof SignedOut)) error.textContent = err.message; }
  } }, keyName, role, h('button', { type: 'submit' }, 'Issue key'));
  const revoke = k => async () => {
    try {
      await api(`${REGISTRY}/${tenant.id}/keys/${k.id}`, { method: 'DELETE' });
      await tenantKeys(view, tenant);
    } catch (err) { if (!(err instanceof SignedOut)) error.textContent = err.message; }
  };
  holder.replaceChildren(panel(`Keys of ${tenant.name}`, issue, error, shown, h('table', { id: 'keys-table' },
    h('thead', {}, h('tr', {}, ['name', 'prefix', 'role', 'issued', 'last used', 'expires', 'revoked', ''].map(c => h('th', {}, c)))),
    h('tbody', {}, list.map(k => h('tr', { 'data-key': k.id }, h('td', {}, k.name), h('td', {}, k.prefix ?? '(configured)'),
      h('td', {}, k.role), h('td', {}, when(k.createdAt)), h('td', {}, when(k.lastUsedAt)), h('td', {}, when(k.expiresAt)),
      h('td', {}, when(k.revokedAt)), h('td', {}, k.revokedAt ? '' : h('button', { class: 'revoke', onclick: revoke(k) }, 'Revoke'))))))));
}

// --- the signed-in tenant's own keys: names and last use, never a key -------------------------

async function keys(view) {
  const [own] = await api(REGISTRY);
  if (!own) {
    view.replaceChildren(h('p', {}, 'The tenant registry has no record of this key\'s tenant.'));
    return;
  }
  const list = await api(`${REGISTRY}/${own.id}/keys`);
  const pbx = await connectionOf(own.id);
  view.replaceChildren(panel('Our PBX', pbx ? h('div', { id: 'own-pbx' }, pbxStatus(pbx)) : h('p', { id: 'own-pbx' }, 'No PBX connected.')),
    panel(`Keys of ${own.name}`, h('table', { id: 'own-keys' },
    h('thead', {}, h('tr', {}, ['name', 'role', 'last used', 'expires', 'revoked'].map(c => h('th', {}, c)))),
    h('tbody', {}, list.map(k => h('tr', {}, h('td', {}, k.name), h('td', {}, k.role), h('td', {}, when(k.lastUsedAt)),
      h('td', {}, when(k.expiresAt)), h('td', {}, when(k.revokedAt))))))));
}

// --- start -----------------------------------------------------------------------------------

$('sign-in').addEventListener('submit', e => {
  e.preventDefault();
  signIn($('key').value);
});
$('sign-out').addEventListener('click', () => signOut());
for (const b of document.querySelectorAll('nav button[data-view]')) b.addEventListener('click', () => show(b.dataset.view));
if (sessionStorage.getItem(KEY)) started(); else signOut();
