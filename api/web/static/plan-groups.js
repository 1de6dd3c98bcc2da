// Tremplin — « Mon plan d'action »: the suggestions of one answer, one tab
// per kind with its count, and the constraints that may have emptied a kind.
'use strict';

(function () {
  const T = window.Tremplin;
  const el = T.el;

  // relaxable are the constraints of the form a manager can lift in one
  // click: the request field, the kinds it can exclude (a mentor has no
  // price, a mission no duration) and the button's words.
  const relaxable = [
    { field: 'max_price_eur', kinds: T.learningKinds, label: function (v) { return 'Retirer le budget maximal (' + T.euros(v) + ')'; } },
    { field: 'max_hours', kinds: T.learningKinds, label: function (v) { return 'Retirer la durée maximale (' + T.number(v) + '\u00a0h)'; } },
    { field: 'modality', kinds: T.learningKinds, label: function (v) { return 'Retirer la modalité (' + (T.modalityLabels[v] || v) + ')'; } },
    { field: 'cpf_only', kinds: T.cpfKinds, label: function () { return 'Ne plus exiger l\'éligibilité au CPF'; } },
    { field: 'location', kinds: T.kinds, label: function (v) { return 'Retirer le lieu (' + v + ')'; } },
  ];

  // activeConstraints lists the constraints of request c that can exclude
  // items of kind k.
  function activeConstraints(c, k) {
    c = c || {};
    return relaxable.filter(function (r) {
      const v = c[r.field];
      return r.kinds.includes(k) && v !== undefined && v !== null && v !== '' && v !== false;
    });
  }

  // newGroups renders answers into box. opts: details (id → catalog item),
  // onToggle(suggestion), onRelax(fields, kind), location (preferred place).
  function newGroups(box, opts) {
    let selected = '';

    function render(resp, request, prefer) {
      const groups = resp.suggestions || [];
      if (!groups.length) { box.replaceChildren(); return; }
      const has = function (k) { return groups.some(function (g) { return g.kind === k; }); };
      if (prefer && has(prefer)) selected = prefer;
      else if (!has(selected)) {
        const full = groups.find(function (g) { return (g.items || []).length; });
        selected = (full || groups[0]).kind;
      }
      const c = (request && request.constraints) || {};
      const tabs = groups.map(function (g) { return tab(g); });
      const list = el('div', { role: 'tablist', class: 'tabs', 'aria-label': 'Suggestions par type' }, tabs);
      list.addEventListener('keydown', function (ev) { moveFocus(ev, tabs); });
      box.replaceChildren(list);
      groups.forEach(function (g) { box.append(panel(g, c)); });
    }

    function tab(g) {
      const n = (g.items || []).length;
      const on = g.kind === selected;
      return el('button', { type: 'button', role: 'tab', id: 'onglet-' + g.kind, 'aria-controls': 'panneau-' + g.kind,
        'aria-selected': on ? 'true' : 'false', tabindex: on ? '0' : '-1', class: 'tab' + (n ? '' : ' empty'), 'data-kind': g.kind,
        onclick: function () { select(g.kind, true); } },
      (T.kindPlurals[g.kind] || g.kind) + ' ', el('span', { class: 'count', text: '(' + n + ')' }));
    }

    function select(kind, focus) {
      selected = kind;
      box.querySelectorAll('[role=tab]').forEach(function (b) {
        const on = b.dataset.kind === kind;
        b.setAttribute('aria-selected', on ? 'true' : 'false');
        b.tabIndex = on ? 0 : -1;
        if (on && focus) b.focus();
      });
      box.querySelectorAll('[role=tabpanel]').forEach(function (p) { p.hidden = p.dataset.kind !== kind; });
    }

    // moveFocus follows the tabs pattern: arrows, Home and End choose a tab.
    function moveFocus(ev, tabs) {
      const at = tabs.indexOf(document.activeElement);
      if (at < 0) return;
      const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[ev.key];
      if (to === undefined) return;
      ev.preventDefault();
      select(tabs[(to + tabs.length) % tabs.length].dataset.kind, true);
    }

    function panel(g, c) {
      const items = g.items || [];
      const title = (T.kindPlurals[g.kind] || g.kind) + ' (' + items.length + ')';
      return el('section', { role: 'tabpanel', id: 'panneau-' + g.kind, 'aria-labelledby': 'onglet-' + g.kind, tabindex: '0',
        class: 'kind-group kind-' + g.kind, 'data-kind': g.kind, hidden: g.kind !== selected },
      el('h3', { class: 'sr-only', text: title }),
      items.length ? el('ol', { class: 'suggestions' }, items.map(card)) : empty(g, c));
    }

    // empty shows the notice of a kind with nothing and, when constraints
    // of the request can exclude this kind, one button per constraint to
    // search again without it.
    function empty(g, c) {
      const active = activeConstraints(c, g.kind);
      const out = [el('p', { class: 'kind-empty', text: g.notice || 'Aucune suggestion de ce type pour ce projet.' })];
      if (!active.length) return out;
      out.push(el('p', { class: 'relax-intro', text: active.length > 1
        ? 'Ces critères peuvent écarter les ' + T.kindPlurals[g.kind].toLowerCase() + ' : retirez-en un pour chercher à nouveau.'
        : 'Ce critère peut écarter les ' + T.kindPlurals[g.kind].toLowerCase() + ' : retirez-le pour chercher à nouveau.' }));
      const buttons = active.map(function (r) {
        return el('li', null, el('button', { type: 'button', class: 'secondary relax', 'data-field': r.field,
          onclick: function () { opts.onRelax([r.field], g.kind); } }, r.label(c[r.field])));
      });
      if (active.length > 1) {
        buttons.push(el('li', null, el('button', { type: 'button', class: 'link relax-all',
          onclick: function () { opts.onRelax(active.map(function (r) { return r.field; }), g.kind); } }, 'Retirer tous ces critères')));
      }
      out.push(el('ul', { class: 'relax-list' }, buttons));
      return out;
    }

    function pertinenceBadge(s) {
      if (!['forte', 'moyenne', 'faible'].includes(s.pertinence)) return null;
      return el('span', { class: 'pertinence pertinence-' + s.pertinence, text: 'Pertinence ' + s.pertinence });
    }

    // card shows one suggestion: title, pertinence, reason, facts.
    function card(s) {
      const it = opts.details.get(s.id);
      const facts = T.facts(it, opts.location());
      if (typeof s.distance_km === 'number') facts.push(['Distance', '≈\u00a0' + T.number(Math.round(s.distance_km)) + '\u00a0km']);
      return el('li', { class: 'suggestion', 'data-id': s.id },
        el('h4', null, el('a', { href: '/fiche/' + encodeURIComponent(s.id), text: s.title }), ' ', pertinenceBadge(s)),
        s.reason ? el('p', { class: 'reason', text: s.reason }) : null,
        facts.length ? T.factsList(facts) : null,
        el('div', { class: 'actions' },
          el('button', { type: 'button', class: 'secondary add-plan', 'data-id': s.id, 'data-title': s.title,
            'aria-label': addLabel(s.title, false), onclick: function () { opts.onToggle(s); } }, 'Ajouter au plan'),
          it && it.url ? el('a', { href: it.url, target: '_blank', rel: 'noopener noreferrer' }, 'Site de l\'organisme',
            el('span', { class: 'sr-only', text: ' (nouvel onglet)' })) : null));
    }

    // refresh marks the suggestions already in the plan.
    function refresh(ids) {
      box.querySelectorAll('button.add-plan').forEach(function (b) {
        const inPlan = ids.has(b.dataset.id);
        b.textContent = inPlan ? 'Retirer du plan' : 'Ajouter au plan';
        b.setAttribute('aria-label', addLabel(b.dataset.title, inPlan));
        b.classList.toggle('added', inPlan);
      });
    }

    return { render: render, refresh: refresh, select: select };
  }

  // addLabel names the item in the plan button for screen readers, after
  // the words the button shows (WCAG 2.5.3, label in name).
  function addLabel(title, inPlan) {
    return (inPlan ? 'Retirer du plan' : 'Ajouter au plan') + ' : «\u00a0' + title + '\u00a0»';
  }

  T.newGroups = newGroups;
})();
