// Tremplin — « Mon plan d'action »: the request form, the suggestions and
// the plan kept in this tab's sessionStorage.
'use strict';

(function () {
  const T = window.Tremplin;
  const el = T.el;
  const form = document.getElementById('form-projet');
  if (!form) return;
  const lastKey = 'tremplin.dernier';
  const details = new Map(); // item id → catalog item (or null when unreadable)
  let current = null;        // {request, response} shown on screen

  // --- skill pickers (autocomplete from the taxonomy) ---
  const pickers = {};
  const suggestions = new Map(); // lower-cased text → labels, oldest first; shared by the pickers
  document.querySelectorAll('.skillpicker').forEach(function (box) {
    const id = box.dataset.list;
    const input = box.querySelector('input');
    const list = box.querySelector('ul');
    const options = box.querySelector('datalist');
    const picker = { skills: [], input: input };
    pickers[id] = picker;
    let timer = 0, seq = 0, shown = '';

    picker.render = function () {
      list.replaceChildren.apply(list, picker.skills.map(function (s) {
        return el('li', null, s, el('button', {
          type: 'button', 'aria-label': 'Retirer ' + s, title: 'Retirer',
          onclick: function () { picker.remove(s); input.focus(); },
        }, '×'));
      }));
    };
    picker.add = function (text) {
      const s = (text || '').trim();
      if (!s || picker.skills.length >= 50) return false;
      if (!picker.skills.some(function (x) { return x.toLowerCase() === s.toLowerCase(); })) picker.skills.push(s);
      picker.render();
      return true;
    };
    picker.remove = function (s) { picker.skills = picker.skills.filter(function (x) { return x !== s; }); picker.render(); };
    picker.set = function (skills) { picker.skills = (skills || []).slice(); picker.render(); };

    box.querySelector('.add-skill').addEventListener('click', function () {
      if (picker.add(input.value)) input.value = '';
      input.focus();
    });
    input.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter') {
        ev.preventDefault();
        if (picker.add(input.value)) input.value = '';
      }
    });
    const show = function (labels) {
      options.replaceChildren.apply(options, labels.map(function (l) { return el('option', { value: l }); }));
    };
    input.addEventListener('input', function () {
      clearTimeout(timer);
      const q = input.value.trim();
      if (q.length < 2) return;
      const key = q.toLowerCase();
      if (key === shown) return;
      if (suggestions.has(key)) { shown = key; show(suggestions.get(key)); return; }
      // Asked only once typing pauses, and once per text: the rate limit is
      // shared by everything the page does.
      timer = setTimeout(async function () {
        const mine = ++seq;
        try {
          const res = await T.api('GET', '/api/v1/skills?limit=8&q=' + encodeURIComponent(q));
          const labels = res.skills.map(function (s) { return s.label; });
          if (suggestions.size >= 200) suggestions.delete(suggestions.keys().next().value);
          suggestions.set(key, labels);
          if (mine !== seq) return;
          shown = key;
          show(labels);
        } catch (err) { /* autocomplete is a convenience: typing still works */ }
      }, 300);
    });
  });

  // --- the request ---
  function numberField(name) {
    const v = form.elements[name].value.trim();
    return v === '' ? undefined : Number(v);
  }
  function buildRequest() {
    Object.keys(pickers).forEach(function (k) { // a skill typed but not added counts
      const p = pickers[k];
      if (p.add(p.input.value)) p.input.value = '';
    });
    const kinds = Array.from(form.querySelectorAll('input[name=kinds]:checked')).map(function (c) { return c.value; });
    const c = { max_price_eur: numberField('max_price_eur'), max_hours: numberField('max_hours'),
      modality: form.elements.modality.value || undefined, cpf_only: form.elements.cpf_only.checked || undefined,
      kinds: kinds.length === 4 ? undefined : kinds };
    return {
      projet: form.elements.projet.value.trim(),
      current_role: form.elements.current_role.value.trim() || undefined,
      desired_skills: pickers.souhaitees.skills.slice(),
      current_skills: pickers.actuelles.skills.slice(),
      constraints: c,
    };
  }
  function fillForm(req) {
    form.elements.projet.value = req.projet || '';
    form.elements.current_role.value = req.current_role || '';
    pickers.souhaitees.set(req.desired_skills);
    pickers.actuelles.set(req.current_skills);
    const c = req.constraints || {};
    form.elements.max_price_eur.value = c.max_price_eur != null ? c.max_price_eur : '';
    form.elements.max_hours.value = c.max_hours != null ? c.max_hours : '';
    form.elements.modality.value = c.modality || '';
    form.elements.cpf_only.checked = !!c.cpf_only;
    form.querySelectorAll('input[name=kinds]').forEach(function (box) { box.checked = !c.kinds || c.kinds.includes(box.value); });
  }

  const errorBox = document.getElementById('erreur-projet');
  function showError(msg, field) {
    form.querySelectorAll('[aria-invalid]').forEach(function (n) { n.removeAttribute('aria-invalid'); });
    errorBox.hidden = !msg;
    errorBox.textContent = msg || '';
    const target = field && (form.elements[field.split('.').pop()] || (field.startsWith('desired_skills') && pickers.souhaitees.input));
    if (target && target.focus) {
      target.setAttribute('aria-invalid', 'true');
      target.focus();
    }
  }

  const status = document.getElementById('etat');
  const results = document.getElementById('resultats');
  const button = document.getElementById('chercher');

  form.addEventListener('submit', async function (ev) {
    ev.preventDefault();
    const req = buildRequest();
    if (!req.projet && !req.desired_skills.length) return showError('Décrivez votre projet ou ajoutez au moins une compétence souhaitée.', 'projet');
    if (req.constraints.kinds && !req.constraints.kinds.length) return showError('Choisissez au moins un type de suggestion.', 'kinds');
    showError('');
    const start = performance.now();
    results.setAttribute('aria-busy', 'true');
    results.classList.add('busy');
    button.disabled = true;
    status.textContent = 'Recherche en cours…';
    try {
      const resp = await T.api('POST', '/api/v1/recommendations', req);
      await loadDetails(resp);
      current = { request: req, response: resp };
      sessionStorage.setItem(lastKey, JSON.stringify({ request: req, response: resp, details: Array.from(details) }));
      render(resp, (performance.now() - start) / 1000);
    } catch (err) {
      status.textContent = '';
      showError(err.message, err.field);
    } finally {
      results.setAttribute('aria-busy', 'false');
      results.classList.remove('busy');
      button.disabled = false;
    }
  });
  form.addEventListener('reset', function () {
    setTimeout(function () {
      pickers.souhaitees.set([]);
      pickers.actuelles.set([]);
      showError('');
      sessionStorage.removeItem(lastKey);
      current = null;
      document.getElementById('notice').hidden = true;
      ['objectif', 'plan-propose'].forEach(function (id) { document.getElementById(id).hidden = true; });
      document.getElementById('groupes').replaceChildren();
      status.textContent = 'Remplissez le formulaire pour obtenir des suggestions.';
    });
  });

  // loadDetails reads the catalog item of every suggestion (key facts).
  async function loadDetails(resp) {
    const ids = [];
    const want = [];
    (resp.suggestions || []).forEach(function (g) { g.items.forEach(function (s) { want.push(s.id); }); });
    ((resp.plan && resp.plan.actions) || []).forEach(function (a) { want.push(a.id); });
    want.forEach(function (id) { if (!details.has(id) && !ids.includes(id)) ids.push(id); });
    let next = 0;
    async function worker() {
      while (next < ids.length) {
        const id = ids[next++];
        try { details.set(id, await T.api('GET', '/api/v1/items/' + encodeURIComponent(id))); } catch (err) { details.set(id, null); }
      }
    }
    await Promise.all([worker(), worker(), worker(), worker()]);
  }

  // --- rendering the answer ---
  function render(resp, seconds) {
    const notice = document.getElementById('notice');
    notice.hidden = !resp.degraded;
    notice.textContent = resp.degraded ? (resp.notice || 'Réponse partielle : une partie de la recherche est indisponible.') : '';
    renderGoal(resp.goal || {});
    renderProposed(resp.plan);
    const groups = document.getElementById('groupes');
    groups.replaceChildren.apply(groups, (resp.suggestions || []).map(renderGroup));
    const n = (resp.suggestions || []).reduce(function (a, g) { return a + g.items.length; }, 0);
    status.textContent = n === 0
      ? 'Aucune suggestion ne respecte ces contraintes : élargissez le budget, la durée ou les types.'
      : n + ' suggestion' + (n > 1 ? 's' : '') + (seconds ? ' en ' + duration(seconds) : '') + '.';
    refreshButtons();
  }

  function duration(seconds) {
    return seconds < 1 ? Math.max(1, Math.round(seconds * 1000)) + ' ms' : T.number(Math.round(seconds * 10) / 10) + ' s';
  }

  function renderGoal(g) {
    const box = document.getElementById('objectif');
    const parts = [];
    if (g.target) parts.push(el('p', null, el('strong', { text: 'Objectif compris : ' }), g.target));
    if (g.current) parts.push(el('p', null, el('strong', { text: 'Situation actuelle : ' }), g.current));
    if (T.metiersText(g)) parts.push(el('p', null, el('strong', { text: 'Métier(s) visé(s) : ' }), T.metiersText(g)));
    if ((g.gap_skills || []).length) {
      parts.push(el('p', null, el('strong', { text: 'Compétences à acquérir :' })));
      parts.push(el('ul', { class: 'chips', 'aria-label': 'Compétences à acquérir' }, g.gap_skills.map(function (s) { return el('li', { class: 'gap', text: s }); })));
    }
    box.hidden = !parts.length;
    box.className = 'goal';
    box.replaceChildren.apply(box, parts);
  }

  // renderProposed shows the plan d'action Tremplin composed from the
  // suggestions, which the employee can take as a whole.
  function renderProposed(p) {
    const box = document.getElementById('plan-propose');
    const actions = (p && p.actions) || [];
    box.hidden = !actions.length;
    if (!actions.length) return box.replaceChildren();
    const totals = [];
    if (p.total_hours) totals.push(T.number(p.total_hours) + ' h');
    if (p.total_price_eur) totals.push(T.euros(p.total_price_eur));
    box.replaceChildren(
      el('h3', { text: 'Plan proposé par Tremplin' }),
      el('ol', null, actions.map(function (a) {
        return el('li', null, el('a', { href: '/fiche/' + encodeURIComponent(a.id), text: a.title }),
          el('span', { class: 'muted small' }, ' — ' + (T.kindLabels[a.kind] || a.kind) + (a.bloc ? ', bloc ' + a.bloc : '')),
          a.reason ? el('br') : null, a.reason ? el('span', { class: 'small', text: a.reason }) : null);
      })),
      totals.length ? el('p', { class: 'small' }, 'Total : ' + totals.join(' · ')) : null,
      (p.uncovered || []).length ? el('p', { class: 'small' }, 'Non couvert : ' + p.uncovered.join(', ')) : null,
      el('button', { type: 'button', class: 'secondary', id: 'adopter-plan', onclick: function () { adopt(actions); } }, 'Ajouter ces actions à mon plan'));
  }

  // addAction appends a suggestion or a proposed action to the plan, with
  // its key facts, and records the goal the plan serves.
  function addAction(plan, a) {
    const it = details.get(a.id);
    plan.actions.push({ id: a.id, kind: a.kind, title: a.title, reason: a.reason, covers: a.covers || [],
      facts: T.facts(it), url: it && it.url ? it.url : '' });
    if (current) {
      plan.goal = current.response.goal || null;
      plan.projet = current.request.projet;
    }
  }

  function adopt(actions) {
    const plan = T.loadPlan();
    actions.forEach(function (a) {
      if (!plan.actions.some(function (x) { return x.id === a.id; })) addAction(plan, a);
    });
    T.savePlan(plan);
    renderPlan();
    refreshButtons();
    status.textContent = actions.length + ' action(s) du plan proposé ajoutée(s) à votre plan.';
  }

  function renderGroup(group) {
    const title = (T.kindPlurals[group.kind] || group.kind) + ' (' + group.items.length + ')';
    return el('section', { class: 'kind-group kind-' + group.kind, 'data-kind': group.kind, 'aria-label': title },
      el('h3', { text: title }),
      el('ol', { class: 'suggestions' }, group.items.map(renderSuggestion)));
  }

  function renderSuggestion(s) {
    const it = details.get(s.id);
    const facts = T.facts(it);
    return el('li', { class: 'suggestion', 'data-id': s.id },
      el('h4', null, el('a', { href: '/fiche/' + encodeURIComponent(s.id), text: s.title })),
      s.reason ? el('p', { class: 'reason', text: s.reason }) : null,
      facts.length ? T.factsList(facts) : null,
      el('div', { class: 'actions' },
        el('button', { type: 'button', class: 'secondary add-plan', 'data-id': s.id, onclick: function () { togglePlan(s); } }, 'Ajouter au plan'),
        it && it.url ? el('a', { href: it.url, target: '_blank', rel: 'noopener noreferrer' }, 'Site de l\'organisme', el('span', { class: 'sr-only', text: ' (nouvel onglet)' })) : null));
  }

  // --- the plan ---
  function togglePlan(s) {
    const plan = T.loadPlan();
    const at = plan.actions.findIndex(function (a) { return a.id === s.id; });
    if (at >= 0) {
      plan.actions.splice(at, 1);
    } else {
      addAction(plan, s);
    }
    T.savePlan(plan);
    renderPlan();
    refreshButtons();
  }

  function refreshButtons() {
    const ids = new Set(T.loadPlan().actions.map(function (a) { return a.id; }));
    document.querySelectorAll('button.add-plan').forEach(function (b) {
      const inPlan = ids.has(b.dataset.id);
      b.textContent = inPlan ? 'Retirer du plan' : 'Ajouter au plan';
      b.classList.toggle('added', inPlan);
    });
  }

  function renderPlan() {
    const plan = T.loadPlan();
    document.getElementById('plan-nombre').textContent = '(' + plan.actions.length + ')';
    document.getElementById('plan-vide').hidden = plan.actions.length > 0;
    const list = document.getElementById('plan-actions');
    list.replaceChildren.apply(list, plan.actions.map(function (a) {
      return el('li', { 'data-id': a.id },
        el('a', { href: '/fiche/' + encodeURIComponent(a.id), text: a.title }),
        el('span', { class: 'kind', text: T.kindLabels[a.kind] || a.kind }),
        el('button', { type: 'button', class: 'link', 'aria-label': 'Retirer ' + a.title + ' du plan',
          onclick: function () { togglePlan(a); } }, 'Retirer'));
    }));
    const c = T.coverage(plan);
    const box = document.getElementById('plan-couverture');
    const parts = [];
    if (plan.actions.length && plan.goal && (plan.goal.gap_skills || []).length) {
      parts.push(el('h3', { text: 'Compétences couvertes' }),
        c.covered.length ? el('ul', { class: 'chips', id: 'couvertes' }, c.covered.map(function (s) { return el('li', { class: 'ok', text: s }); }))
          : el('p', { class: 'muted', text: 'Aucune pour l\'instant.' }),
        el('h3', { text: 'Restant à couvrir' }),
        c.uncovered.length ? el('ul', { class: 'chips', id: 'non-couvertes' }, c.uncovered.map(function (s) { return el('li', { class: 'gap', text: s }); }))
          : el('p', { class: 'muted', text: 'Toutes les compétences visées sont couvertes.' }));
    }
    box.replaceChildren.apply(box, parts);
  }

  document.getElementById('exporter-md').addEventListener('click', function () {
    T.download('plan-action-tremplin.md', T.planMarkdown(T.loadPlan(), T.today()), 'text/markdown;charset=utf-8');
  });
  document.getElementById('vider-plan').addEventListener('click', function () {
    T.savePlan({ goal: null, projet: '', actions: [] });
    renderPlan();
    refreshButtons();
  });

  // Coming back to the page (e.g. from the print page) shows the last answer again.
  try {
    const last = JSON.parse(sessionStorage.getItem(lastKey) || 'null');
    if (last && last.request && last.response) {
      (last.details || []).forEach(function (kv) { details.set(kv[0], kv[1]); });
      fillForm(last.request);
      current = { request: last.request, response: last.response };
      render(last.response);
    }
  } catch (err) { sessionStorage.removeItem(lastKey); }
  renderPlan();
})();
