// Tremplin — the record of one entretien as the document given to the
// employee, read from the server.
'use strict';

(function () {
  const T = window.Tremplin;
  const E = T.entretiens;
  const el = T.el;
  const app = document.getElementById('app-imprimer');
  if (!app) return;
  document.getElementById('imprimer-maintenant').addEventListener('click', function () { window.print(); });
  const status = document.getElementById('etat-impression');

  function paragraphs(text) {
    const parts = String(text || '').split(/\n+/).filter(function (l) { return l.trim(); });
    return parts.length ? parts.map(function (l) { return el('p', { text: l }); }) : [el('p', { class: 'muted', text: 'Non renseigné.' })];
  }
  function fill(idp, children) {
    const n = document.getElementById(idp);
    n.replaceChildren.apply(n, children);
  }

  async function load() {
    let e;
    try {
      e = await T.api('GET', E.paths.one(app.dataset.id));
    } catch (err) {
      status.textContent = err.status === 404 ? 'Entretien introuvable.' : err.message;
      return;
    }
    status.textContent = '';
    status.hidden = true;
    document.getElementById('document').hidden = false;
    document.getElementById('d-titre').textContent = E.label('types', e.type);
    document.title = E.label('types', e.type) + ' — ' + E.employeeName(e) + ' · Tremplin';
    fill('d-faits', [['Salarié·e', E.employeeName(e)], ['Manager', E.managerName(e)], ['Date de l\'entretien', T.date(e.date)],
      ['Type', E.label('types', e.type)], ['Version', String(e.version)]].map(function (p) {
      return el('div', null, el('dt', { text: p[0] }), el('dd', { text: p[1] }));
    }));
    document.getElementById('d-brouillon').hidden = E.signed(e);
    fill('d-bilan', paragraphs(e.bilan));
    fill('d-projet', paragraphs(e.projet).concat(e.target_metier ? [el('p', null, el('strong', { text: 'Métier visé : ' }), E.metierText(e.target_metier))] : []));
    const acts = e.actions || [];
    fill('d-actions', acts.length ? [el('ol', { class: 'doc-actions' }, acts.map(function (a) {
      return el('li', null, el('p', null, el('strong', { text: E.actionTitle(a) }), ' — ' + E.actionKind(a)), T.factsList(E.actionFacts(a)));
    }))] : [el('p', { class: 'muted', text: 'Aucune action.' })]);
    const cs = e.comments || [];
    fill('d-commentaires', cs.length ? [el('ul', null, cs.map(function (c) {
      return el('li', null, el('strong', { text: (c.author === 'manager' ? 'Manager' : 'Salarié·e') + ', le ' + E.when(c.at) + ' : ' }), c.text);
    }))] : [el('p', { class: 'muted', text: 'Aucun commentaire.' })]);
    const sig = function (who, name, s) {
      return el('div', { class: 'sig' }, el('p', null, el('strong', { text: who })), el('p', { text: name }),
        el('p', { text: s ? 'Signé le ' + E.when(s.at) : 'Non signé' }));
    };
    fill('d-signatures', [el('div', { class: 'sig-row' }, sig('Salarié·e', E.employeeName(e), e.employee_signature), sig('Manager', E.managerName(e), e.manager_signature))]);
  }
  load();
})();
