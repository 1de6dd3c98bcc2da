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

  const pickers = T.newSkillPickers();

  // --- the request ---
  function numberField(name) {
    const v = form.elements[name].value.trim();
    return v === '' ? undefined : Number(v);
  }
  // buildRequest reads the form; a skill typed but not added counts when it
  // is a skill of the taxonomy, otherwise its field says why and there is
  // no request (null).
  async function buildRequest() {
    for (const k of Object.keys(pickers)) {
      const p = pickers[k];
      if (!p.input.value.trim()) continue;
      if (!await p.add(p.input.value)) { p.input.focus(); return null; }
      p.input.value = '';
    }
    const kinds = Array.from(form.querySelectorAll('input[name=kinds]:checked')).map(function (c) { return c.value; });
    const c = { max_price_eur: numberField('max_price_eur'), max_hours: numberField('max_hours'),
      modality: form.elements.modality.value || undefined, cpf_only: form.elements.cpf_only.checked || undefined,
      location: form.elements.location.value.trim() || undefined,
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
    form.elements.location.value = c.location || '';
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
    const req = await buildRequest();
    if (!req) return;
    if (!req.projet && !req.desired_skills.length) return showError('Décrivez votre projet ou ajoutez au moins une compétence souhaitée.', 'projet');
    if (req.constraints.kinds && !req.constraints.kinds.length) return showError('Choisissez au moins un type de suggestion.', 'kinds');
    showError('');
    results.setAttribute('aria-busy', 'true');
    results.classList.add('busy');
    button.disabled = true;
    status.textContent = 'Recherche en cours…';
    try {
      const resp = await T.api('POST', '/api/v1/recommendations', req);
      await loadDetails(resp);
      current = { request: req, response: resp };
      sessionStorage.setItem(lastKey, JSON.stringify({ request: req, response: resp, details: Array.from(details) }));
      render(resp, prefer);
      prefer = '';
      showResults();
    } catch (err) {
      status.textContent = '';
      showError(err.message, err.field);
    } finally {
      results.setAttribute('aria-busy', 'false');
      results.classList.remove('busy');
      button.disabled = false;
    }
  });
  // showResults brings the answer into view when it is not (on a phone the
  // form fills the screen) and moves the focus to its heading.
  function showResults() {
    const heading = document.getElementById('titre-resultats');
    const top = results.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight / 2) results.scrollIntoView({ block: 'start' });
    heading.focus({ preventScroll: true });
  }

  // clearForm empties the form and the answer shown; the plan stays.
  function clearForm() {
    form.reset();
    Object.keys(pickers).forEach(function (k) { pickers[k].set([]); pickers[k].fail(''); });
    showError('');
    sessionStorage.removeItem(lastKey);
    current = null;
    document.getElementById('notice').hidden = true;
    ['objectif', 'notes', 'rien-ne-convient', 'plan-propose'].forEach(function (id) { document.getElementById(id).hidden = true; });
    document.getElementById('groupes').replaceChildren();
    status.textContent = 'Remplissez le formulaire pour obtenir des suggestions.';
    renderPlan();
  }
  // clearAll forgets everything of this tab, the plan included: the next
  // person in the meeting room starts afresh.
  function clearAll() {
    clearForm();
    T.clearTab();
    renderPlan();
    status.textContent = 'Tout est effacé : le formulaire, les suggestions et le plan.';
    form.elements.projet.focus();
  }
  const confirmClear = document.getElementById('confirmer-effacer');
  document.getElementById('effacer').addEventListener('click', function () {
    const n = T.loadPlan().actions.length;
    if (!n) { clearAll(); return; }
    document.getElementById('effacer-nombre').textContent = '(' + n + ' action' + (n > 1 ? 's' : '') + ')';
    confirmClear.showModal();
  });
  document.getElementById('tout-effacer').addEventListener('click', function () { confirmClear.close(); clearAll(); });
  document.getElementById('effacer-formulaire').addEventListener('click', function () {
    confirmClear.close();
    clearForm();
    form.elements.projet.focus();
  });
  document.getElementById('annuler-effacer').addEventListener('click', function () { confirmClear.close(); });

  // loadDetails reads the catalog item of every suggestion (key facts).
  async function loadDetails(resp) {
    const ids = [];
    const want = [];
    (resp.suggestions || []).forEach(function (g) { (g.items || []).forEach(function (s) { want.push(s.id); }); });
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
  function render(resp, preferKind) {
    const notice = document.getElementById('notice');
    notice.hidden = !resp.degraded;
    notice.textContent = resp.degraded ? (resp.notice || 'Réponse partielle : une partie de la recherche est indisponible.') : '';
    renderGoal(resp.goal || {});
    renderNotes(resp.notes);
    renderNothingFits(resp);
    renderProposed(resp.plan);
    groups.render(resp, current && current.request, preferKind);
    const n = (resp.suggestions || []).reduce(function (a, g) { return a + (g.items || []).length; }, 0);
    if (n > 0) status.textContent = n + ' suggestion' + (n > 1 ? 's' : '') + '.';
    else if (resp.nothing_fits) status.textContent = 'Aucune suggestion dans le catalogue de l\'entreprise pour ce projet.';
    else status.textContent = 'Aucune suggestion ne respecte ces contraintes : élargissez le budget, la durée ou les types.';
    refreshButtons();
    renderPlan();
  }

  // renderNotes says how the request was read ("Seules les offres
  // éligibles au CPF sont proposées…"), above the suggestions.
  function renderNotes(notes) {
    const box = document.getElementById('notes');
    notes = notes || [];
    box.hidden = !notes.length;
    box.replaceChildren.apply(box, notes.map(function (n) { return el('li', { text: n }); }));
  }

  // renderNothingFits says plainly that the company catalog has nothing
  // for this goal and lists the routes outside it. Only http(s) URLs become
  // links; another route is named without a link.
  function renderNothingFits(resp) {
    const box = document.getElementById('rien-ne-convient');
    box.hidden = !resp.nothing_fits;
    if (!resp.nothing_fits) return box.replaceChildren();
    const routes = resp.routes || [];
    box.replaceChildren.apply(box, [
      el('h3', { text: 'Rien dans le catalogue de l\'entreprise pour ce projet' }),
      el('p', { text: 'Aucune formation, certification, aucun mentor ni aucune mission interne ne correspond à ce projet pour l\'instant.' +
        (routes.length ? ' D\'autres voies existent en dehors de l\'entreprise :' : '') }),
      routes.length ? el('ul', { class: 'routes' }, routes.map(function (r) {
        const name = httpURL(r.url)
          ? el('a', { href: r.url, target: '_blank', rel: 'noopener noreferrer' }, r.name, el('span', { class: 'sr-only', text: ' (nouvel onglet)' }))
          : el('strong', { text: r.name });
        return el('li', null, name, r.description ? el('span', { class: 'small' }, ' — ' + r.description) : null);
      })) : null,
    ].filter(Boolean));
  }

  // httpURL reports whether s is an absolute http or https URL.
  function httpURL(s) {
    try {
      const u = new URL(s);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch (err) { return false; }
  }

  function renderGoal(g) {
    const box = document.getElementById('objectif');
    const parts = [];
    if (g.target) parts.push(el('p', null, el('strong', { text: 'Objectif compris : ' }), g.target));
    if (g.current) parts.push(el('p', null, el('strong', { text: 'Situation actuelle : ' }), g.current));
    if (T.metiersText(g)) parts.push(el('p', null, el('strong', { text: 'Métiers visés : ' }), T.metiersText(g)));
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
    box.replaceChildren.apply(box, [ // replaceChildren would write a null as "null"
      el('h3', { text: 'Plan proposé par Tremplin' }),
      el('ol', null, actions.map(function (a) {
        return el('li', null, el('a', { href: '/fiche/' + encodeURIComponent(a.id), text: a.title }),
          el('span', { class: 'muted small' }, ' — ' + (T.kindLabels[a.kind] || a.kind) + (a.bloc ? ', bloc ' + a.bloc : '')),
          a.reason ? el('br') : null, a.reason ? el('span', { class: 'small', text: a.reason }) : null);
      })),
      totals.length ? el('p', { class: 'small' }, 'Total : ' + totals.join(' · ')) : null,
      (p.uncovered || []).length ? el('p', { class: 'small' }, 'Non couvert : ' + p.uncovered.join(', ')) : null,
      el('button', { type: 'button', class: 'secondary', id: 'adopter-plan', onclick: function () { adopt(actions); } }, 'Ajouter ces actions à mon plan'),
    ].filter(Boolean));
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
      delete plan.kept;
    }
  }

  function adopt(actions) {
    const plan = shownPlan();
    actions.forEach(function (a) {
      if (!plan.actions.some(function (x) { return x.id === a.id; })) addAction(plan, a);
    });
    T.savePlan(plan);
    renderPlan();
    refreshButtons();
    status.textContent = actions.length > 1 ? actions.length + ' actions du plan proposé ajoutées à votre plan.' : 'L\'action du plan proposé est ajoutée à votre plan.';
  }

  const groups = T.newGroups(document.getElementById('groupes'), {
    details: details,
    onToggle: function (s) { togglePlan(s); },
    onRelax: relax,
    location: function () { return current && current.request.constraints.location; },
  });
  let prefer = ''; // the kind to show after the next answer

  // relax searches again without the constraints named (fields of the
  // request's constraints), showing the kind they emptied.
  function relax(fields, kind) {
    fields.forEach(function (f) {
      if (f === 'cpf_only') form.elements.cpf_only.checked = false;
      else form.elements[f].value = '';
    });
    prefer = kind;
    form.requestSubmit();
  }

  // --- the plan ---
  function togglePlan(s) {
    const plan = shownPlan();
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
    groups.refresh(new Set(shownPlan().actions.map(function (a) { return a.id; })));
  }

  // foreign reports whether the plan of this tab was begun for another
  // projet than the one on screen: it is then set aside, never shown.
  function foreign(plan) {
    if (!plan.actions.length || !current || plan.kept === projetKey(current.request.projet)) return false;
    return projetKey(plan.projet) !== projetKey(current.request.projet);
  }
  function projetKey(s) { return T.fold(s || ''); }
  // shownPlan is the plan the page shows: an empty one while the plan of
  // this tab belongs to another projet.
  function shownPlan() {
    const plan = T.loadPlan();
    return foreign(plan) ? { goal: null, projet: '', actions: [] } : plan;
  }

  function renderPlan() {
    const stored = T.loadPlan();
    const aside = foreign(stored);
    const plan = aside ? { goal: null, projet: '', actions: [] } : stored;
    document.getElementById('plan-autre').hidden = !aside;
    if (aside) {
      const n = stored.actions.length;
      document.getElementById('plan-autre-texte').textContent = 'Un plan de ' + n + ' action' + (n > 1 ? 's' : '') +
        ' a été commencé dans cet onglet pour un autre projet : il est mis de côté. Reprenez-le s\'il est le vôtre, sinon effacez-le.';
    }
    document.getElementById('plan-outils').hidden = aside;
    document.getElementById('plan-nombre').textContent = '(' + plan.actions.length + ')';
    document.getElementById('barre-plan-nombre').textContent = '(' + plan.actions.length + ')';
    document.getElementById('barre-plan').setAttribute('aria-label', 'Aller à Mon plan : ' + plan.actions.length + ' action' + (plan.actions.length > 1 ? 's' : ''));
    document.getElementById('plan-vide').hidden = plan.actions.length > 0 || aside;
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
  document.getElementById('reprendre-plan').addEventListener('click', function () {
    const plan = T.loadPlan();
    plan.kept = projetKey(current && current.request.projet);
    T.savePlan(plan);
    renderPlan();
    refreshButtons();
  });
  document.getElementById('effacer-autre-plan').addEventListener('click', function () {
    T.savePlan({ goal: null, projet: '', actions: [] });
    renderPlan();
    refreshButtons();
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
