// Tremplin — shared helpers of the web pages (no dependency, no inline code).
'use strict';

window.Tremplin = (function () {
  // ApiError carries the API's error body: code, French message, field, details.
  class ApiError extends Error {
    constructor(status, body) {
      const e = (body && body.error) || {};
      super(e.message || ('Erreur ' + status));
      this.status = status;
      this.code = e.code || '';
      this.field = e.field || '';
      this.details = e.details || [];
    }
  }

  // api calls the JSON API with the session cookie and the CSRF header.
  async function api(method, path, body, contentType) {
    const headers = { 'Accept': 'application/json', 'X-Tremplin-CSRF': '1' };
    const init = { method: method, headers: headers, credentials: 'same-origin' };
    if (body !== undefined) {
      headers['Content-Type'] = contentType || 'application/json';
      init.body = (typeof body === 'string' || body instanceof Blob) ? body : JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(path, init);
    } catch (err) {
      throw new ApiError(0, { error: { message: 'Le serveur ne répond pas : vérifiez votre connexion et réessayez.' } });
    }
    if (res.status === 429) {
      const wait = Number(res.headers.get('Retry-After') || '1');
      if (wait <= 5 && !init.retried) {
        await new Promise(function (r) { setTimeout(r, wait * 1000); });
        init.retried = true;
        return api(method, path, body, contentType);
      }
    }
    if (res.status === 204) return null;
    let data = null;
    try { data = await res.json(); } catch (err) { data = null; }
    if (res.status === 401) {
      throw new ApiError(401, { error: { message: 'Votre session a expiré : reconnectez-vous.' } });
    }
    if (!res.ok) throw new ApiError(res.status, data);
    return data;
  }

  // el builds an element: el('p', {class: 'x'}, 'text', child…). Text is
  // always set as text, never parsed as HTML.
  function el(tag, attrs) {
    const node = document.createElement(tag);
    for (const k in (attrs || {})) {
      const v = attrs[k];
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : v);
    }
    for (let i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }
  function append(node, child) {
    if (child === undefined || child === null || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return; }
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }

  // The item kinds, their names and headings come from the server's
  // registry (catalog.KindInfos), written into every page (#types-elements).
  const kindRegistry = (function () {
    const n = document.getElementById('types-elements');
    try { return JSON.parse(n ? n.textContent : '[]') || []; } catch (err) { return []; }
  })();
  const kinds = kindRegistry.map(function (k) { return k.value; });
  // learningKinds (formations, certifications) have a price, a duration
  // and a modality; CPF eligibility applies to cpfKinds.
  const learningKinds = kindRegistry.filter(function (k) { return k.learning; }).map(function (k) { return k.value; });
  const cpfKinds = kindRegistry.filter(function (k) { return k.cpf; }).map(function (k) { return k.value; });
  const kindLabels = {};
  const kindPlurals = {};
  kindRegistry.forEach(function (k) { kindLabels[k.value] = k.label; kindPlurals[k.value] = k.heading; });
  const modalityLabels = { presentiel: 'présentiel', distanciel: 'distanciel', hybride: 'hybride' };
  const numberFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

  function number(x) { return numberFormat.format(x); }
  function euros(x) { return x === 0 ? 'gratuit' : number(x) + '\u00a0€'; }
  function date(s) {
    if (!s) return '';
    const p = s.split('-');
    return p.length === 3 ? p[2] + '/' + p[1] + '/' + p[0] : s;
  }

  // facts lists the key facts of a catalog item as [label, value] pairs;
  // the sessions held at place (the location asked for) come first.
  function facts(it, place) {
    const out = [];
    if (!it) return out;
    if (it.provider) out.push(['Organisme', it.provider]);
    if (it.duration_hours != null) out.push(['Durée', number(it.duration_hours) + ' h']);
    if (it.price_eur != null) out.push(['Prix', euros(it.price_eur)]);
    if (it.modality) out.push(['Modalité', modalityLabels[it.modality] || it.modality]);
    if (cpfKinds.includes(it.kind)) out.push(['CPF', it.cpf_eligible ? 'éligible' : 'non éligible']);
    if (it.certification_code) out.push(['Code', it.certification_code]);
    if (it.vae_eligible) out.push(['VAE', 'possible']);
    if (it.location) out.push(['Lieu', it.location]);
    const today = new Date().toISOString().slice(0, 10);
    const here = function (s) { return place && s.location && fold(s.location) === fold(place) ? 0 : 1; };
    const next = (it.sessions || []).filter(function (s) { return s.start >= today; })
      .map(function (s, i) { return [here(s), i, s]; }).sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
      .map(function (x) { return x[2]; }).slice(0, 2);
    if (next.length) out.push(['Prochaines sessions', next.map(function (s) { return date(s.start) + (s.location ? ' (' + s.location + ')' : ''); }).join(', ')]);
    if (it.mentor) {
      const m = it.mentor;
      out.push(['Mentor', m.name + (m.job_title ? ', ' + m.job_title : '')]);
      const free = m.capacity - m.current_mentees;
      out.push(['Disponibilité', free > 0 ? 'disponible (' + free + ' place' + (free > 1 ? 's' : '') + ')' : 'complet']);
    }
    if (it.mission) {
      const ms = it.mission;
      if (ms.department) out.push(['Service', ms.department]);
      out.push(['Dates', date(ms.start_date) + ' → ' + date(ms.end_date)]);
      if (ms.time_share_pct) out.push(['Temps', ms.time_share_pct + ' %']);
    }
    return out;
  }

  // fold compares labels and places: case, accents, apostrophes and spaces aside.
  function fold(s) {
    return String(s).normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[\u2019\u02bc]/g, '\'').replace(/\s+/g, ' ').trim().toLowerCase();
  }

  function factsList(pairs) {
    return el('dl', { class: 'facts' }, pairs.map(function (p) {
      return el('div', null, el('dt', { text: p[0] }), el('dd', { text: p[1] }));
    }));
  }

  // download offers text as a file.
  function download(name, text, type) {
    const url = URL.createObjectURL(new Blob([text], { type: type }));
    const a = el('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  // The plan lives in this tab's sessionStorage only: nothing about the
  // employee is stored on the server.
  const planKey = 'tremplin.plan';
  function loadPlan() {
    try {
      const p = JSON.parse(sessionStorage.getItem(planKey) || 'null');
      if (p && Array.isArray(p.actions)) return p;
    } catch (err) { /* a damaged plan starts afresh */ }
    return { goal: null, projet: '', actions: [] };
  }
  function savePlan(p) { sessionStorage.setItem(planKey, JSON.stringify(p)); }

  // clearTab forgets everything the pages kept in this tab: the plan, the
  // last answer, the form.
  function clearTab() {
    Object.keys(sessionStorage).filter(function (k) { return k.startsWith('tremplin.'); })
      .forEach(function (k) { sessionStorage.removeItem(k); });
  }
  // Signing out ends the plan of this tab: the next person to sign in on
  // this browser never sees it.
  document.addEventListener('submit', function (ev) {
    if (ev.target.matches('form[action="/deconnexion"]')) clearTab();
  });

  // coverage splits the goal's gap skills into those the chosen actions
  // cover and those left uncovered; extra lists skills covered beyond the gap.
  function coverage(p) {
    const key = function (s) { return s.trim().toLowerCase(); };
    const covered = new Map();
    p.actions.forEach(function (a) { (a.covers || []).forEach(function (s) { if (!covered.has(key(s))) covered.set(key(s), s); }); });
    const gap = (p.goal && p.goal.gap_skills) || [];
    const inGap = new Set(gap.map(key));
    return {
      covered: gap.filter(function (s) { return covered.has(key(s)); }),
      uncovered: gap.filter(function (s) { return !covered.has(key(s)); }),
      extra: Array.from(covered.values()).filter(function (s) { return !inGap.has(key(s)); }),
    };
  }

  function metiersText(goal) {
    return ((goal && goal.metiers) || []).slice(0, 3).map(function (m) { return m.label + ' (' + m.code + ')'; }).join(', ');
  }

  // md makes a copied field plain text in Markdown, whatever renders it:
  // one line; HTML metacharacters as entities (a viewer that renders inline
  // HTML sees no tag); Markdown punctuation backslash-escaped.
  function md(v) {
    return String(v == null ? '' : v)
      .replace(/\s+/g, ' ').trim()
      .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;')
      .replace(/</g, '&lt;').replace(/>/g, '&gt;')
      .replace(/[\\`*_[\]|~#!]/g, '\\$&')
      .replace(/^([+-]|\d+[.)])(?=\s|$)/, '\\$1');
  }


  // mdLink returns v as a Markdown autolink when it is an http(s) URL, '' otherwise.
  function mdLink(v) {
    let u;
    try { u = new URL(String(v)); } catch (e) { return ''; }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return '';
    return '<' + u.href.replace(/[<>\s]/g, encodeURIComponent) + '>';
  }

  // planMarkdown writes the plan as a Markdown document for the employee
  // (no internal id); every copied field goes through md or mdLink.
  function planMarkdown(p, today) {
    const list = function (xs) { return (xs || []).map(md).join(', '); };
    const lines = ['# Plan d\'action', '', '_Établi le ' + md(today) + ' avec Tremplin._', ''];
    const g = p.goal || {};
    lines.push('## Objectif', '');
    if (p.projet) lines.push('> ' + md(p.projet), '');
    if (g.target) lines.push('- **Objectif compris :** ' + md(g.target));
    if (metiersText(g)) lines.push('- **Métiers visés :** ' + md(metiersText(g)));
    if ((g.gap_skills || []).length) lines.push('- **Compétences à acquérir :** ' + list(g.gap_skills));
    lines.push('', '## Actions retenues', '');
    if (!p.actions.length) lines.push('_Aucune action pour l\'instant._', '');
    kinds.forEach(function (k) {
      const acts = p.actions.filter(function (a) { return a.kind === k; });
      if (!acts.length) return;
      lines.push('### ' + kindPlurals[k], '');
      acts.forEach(function (a) {
        lines.push('- **' + md(a.title) + '**');
        if (a.facts && a.facts.length) lines.push('  - ' + a.facts.map(function (f) { return md(f[0]) + ' : ' + md(f[1]); }).join(' · '));
        if (a.reason) lines.push('  - Pourquoi : ' + md(a.reason));
        if ((a.covers || []).length) lines.push('  - Compétences couvertes : ' + list(a.covers));
        if (mdLink(a.url)) lines.push('  - Lien : ' + mdLink(a.url));
      });
      lines.push('');
    });
    const c = coverage(p);
    lines.push('## Compétences couvertes', '');
    lines.push(c.covered.length ? c.covered.map(function (s) { return '- ' + md(s); }).join('\n') : '_Aucune compétence visée n\'est encore couverte._', '');
    lines.push('## Compétences restant à couvrir', '');
    lines.push(c.uncovered.length ? c.uncovered.map(function (s) { return '- ' + md(s); }).join('\n') : '_Toutes les compétences visées sont couvertes._', '');
    return lines.join('\n');
  }

  function today() { return new Date().toLocaleDateString('fr-FR'); }

  return {
    loadPlan: loadPlan, savePlan: savePlan, coverage: coverage, planMarkdown: planMarkdown,
    metiersText: metiersText, today: today, md: md,
    api: api, ApiError: ApiError, el: el, facts: facts, factsList: factsList, download: download,
    number: number, euros: euros, date: date, kindLabels: kindLabels, kindPlurals: kindPlurals,
    modalityLabels: modalityLabels, fold: fold, clearTab: clearTab,
    kinds: kinds, learningKinds: learningKinds, cpfKinds: cpfKinds,
  };
})();
