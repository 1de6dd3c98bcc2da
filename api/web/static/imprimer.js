// Tremplin — the print-friendly plan, read from this tab's sessionStorage.
'use strict';

(function () {
  const T = window.Tremplin;
  const el = T.el;
  const plan = T.loadPlan();
  document.getElementById('date-plan').textContent = T.today();
  document.getElementById('imprimer-maintenant').addEventListener('click', function () { window.print(); });
  if (!plan.actions.length) {
    document.getElementById('plan-absent').hidden = false;
    return;
  }
  function show(id, children) {
    document.getElementById(id).hidden = false;
    const body = document.getElementById(id + '-corps');
    body.replaceChildren.apply(body, children);
  }
  const g = plan.goal || {};
  show('p-objectif', [
    plan.projet ? el('blockquote', { text: plan.projet }) : null,
    g.target ? el('p', null, el('strong', { text: 'Objectif compris : ' }), g.target) : null,
    T.metiersText(g) ? el('p', null, el('strong', { text: 'Métiers visés : ' }), T.metiersText(g)) : null,
    (g.gap_skills || []).length ? el('p', null, el('strong', { text: 'Compétences à acquérir : ' }), g.gap_skills.join(', ')) : null,
  ].filter(Boolean));
  const groups = [];
  T.kinds.forEach(function (k) {
    const acts = plan.actions.filter(function (a) { return a.kind === k; });
    if (!acts.length) return;
    groups.push(el('h3', { text: T.kindPlurals[k] }));
    acts.forEach(function (a) {
      groups.push(el('div', { class: 'item', 'data-id': a.id },
        el('p', null, el('strong', { text: a.title })),
        a.facts && a.facts.length ? T.factsList(a.facts) : null,
        a.reason ? el('p', { text: 'Pourquoi : ' + a.reason }) : null,
        (a.covers || []).length ? el('p', { text: 'Compétences couvertes : ' + a.covers.join(', ') }) : null,
        a.url ? el('p', null, el('a', { href: a.url, text: 'Site de l\'organisme' })) : null));
    });
  });
  show('p-actions', groups);
  const c = T.coverage(plan);
  show('p-couverture', [
    el('h3', { text: 'Couvertes par le plan' }),
    c.covered.length ? el('ul', { id: 'couvertes' }, c.covered.map(function (s) { return el('li', { text: s }); })) : el('p', { text: 'Aucune pour l\'instant.' }),
    el('h3', { text: 'Restant à couvrir' }),
    c.uncovered.length ? el('ul', { id: 'non-couvertes' }, c.uncovered.map(function (s) { return el('li', { text: s }); })) : el('p', { text: 'Toutes les compétences visées sont couvertes.' }),
  ]);
})();
