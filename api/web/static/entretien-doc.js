// Tremplin — what the entretien pages share: the API paths of the saved
// records, the French labels, and the record as a Markdown document.
'use strict';

(function () {
  const T = window.Tremplin;

  // labels are the French names of types, statuses and fundings, written by
  // the server into the page (#libelles, a JSON data block).
  function labels() {
    const n = document.getElementById('libelles');
    try { return JSON.parse(n ? n.textContent : '{}'); } catch (err) { return {}; }
  }
  const L = labels();
  function label(group, v) { return ((L[group] || []).find(function (x) { return x.value === v; }) || { label: v || '' }).label; }

  // paths of the plan routes of the JSON API.
  const paths = {
    list: '/api/v1/entretiens',
    one: function (id) { return '/api/v1/entretiens/' + encodeURIComponent(id); },
    sign: function (id) { return '/api/v1/entretiens/' + encodeURIComponent(id) + '/signatures'; },
    team: '/api/v1/equipe',
  };

  // metierText names a target métier as "Label (CODE)"; "" for none.
  function metierText(m) { return m ? m.label + ' (' + m.code + ')' : ''; }
  function actionTitle(a) { return a.title || (a.item && a.item.title) || ''; }
  function actionKind(a) { return a.item ? (T.kindLabels[a.item.kind] || a.item.kind) : 'Action libre'; }
  // actionFacts lists what the record kept of the catalog item.
  function actionFacts(a) {
    const out = [];
    const it = a.item;
    if (it) {
      if (it.provider) out.push(['Organisme', it.provider]);
      if (it.duration_hours != null) out.push(['Durée', T.number(it.duration_hours) + ' h']);
      if (it.price_eur != null) out.push(['Prix', T.euros(it.price_eur)]);
      if (it.certification_code) out.push(['Code RNCP', it.certification_code]);
    }
    if (a.funding) out.push(['Financement', label('fundings', a.funding)]);
    if (a.target_date) out.push(['Échéance', T.date(a.target_date)]);
    out.push(['Statut', label('statuses', a.status)]);
    if (a.status === 'abandonnee' && a.abandon_reason) out.push(['Motif d\'abandon', a.abandon_reason]);
    return out;
  }
  function signed(e) { return !!(e.employee_signature && e.manager_signature); }
  function employeeName(e) { return e.employee_name || e.employee_id; }
  function managerName(e) { return e.manager_name || e.manager_id; }
  function when(t) { return t ? new Date(t).toLocaleDateString('fr-FR') : ''; }
  // progress counts the actions done, under way and given up.
  function progress(actions) {
    const n = (actions || []).length;
    const done = (actions || []).filter(function (a) { return a.status === 'realisee'; }).length;
    const dropped = (actions || []).filter(function (a) { return a.status === 'abandonnee'; }).length;
    return { total: n, done: done, dropped: dropped, text: n ? done + ' action' + (done > 1 ? 's' : '') + ' réalisée' + (done > 1 ? 's' : '') + ' sur ' + n + (dropped ? ' (' + dropped + ' abandonnée' + (dropped > 1 ? 's' : '') + ')' : '') : 'aucune action' };
  }

  // markdown writes the record as the document given to the employee;
  // every copied field goes through T.md.
  function markdown(e, employer) {
    const md = T.md;
    const lines = ['# ' + md(label('types', e.type)), ''];
    if (employer) lines.push('**Employeur :** ' + md(employer) + '  ');
    lines.push('**Salarié·e :** ' + md(employeeName(e)) + '  ', '**Manager :** ' + md(managerName(e)) + '  ',
      '**Date de l\'entretien :** ' + md(T.date(e.date)) + '  ', '**Version :** ' + md(String(e.version)), '');
    if (!signed(e)) lines.push('_Document provisoire : l\'entretien n\'est pas encore signé par les deux parties._', '');
    const block = function (title, text) {
      lines.push('## ' + title, '');
      lines.push(text ? String(text).split(/\n+/).map(function (l) { return md(l); }).filter(Boolean).join('\n\n') : '_Non renseigné._', '');
    };
    block('Bilan', e.bilan);
    block('Projet professionnel', e.projet);
    if (e.target_metier) lines.push('**Métier visé :** ' + md(metierText(e.target_metier)), '');
    lines.push('## Plan d\'action', '');
    if (!(e.actions || []).length) lines.push('_Aucune action._', '');
    (e.actions || []).forEach(function (a, i) {
      lines.push((i + 1) + '. **' + md(actionTitle(a)) + '** (' + md(actionKind(a)) + ')');
      lines.push('   - ' + actionFacts(a).map(function (f) { return md(f[0]) + ' : ' + md(f[1]); }).join(' · '));
    });
    lines.push('', '## Commentaires', '');
    if (!(e.comments || []).length) lines.push('_Aucun commentaire._');
    (e.comments || []).forEach(function (c) {
      lines.push('- **' + (c.author === 'manager' ? 'Manager' : 'Salarié·e') + '**, le ' + md(when(c.at)) + ' : ' + md(c.text));
    });
    lines.push('', '## Signatures', '');
    lines.push('- Salarié·e (' + md(employeeName(e)) + ') : ' + (e.employee_signature ? 'signé le ' + md(when(e.employee_signature.at)) : 'non signé'));
    lines.push('- Manager (' + md(managerName(e)) + ') : ' + (e.manager_signature ? 'signé le ' + md(when(e.manager_signature.at)) : 'non signé'), '');
    return lines.join('\n');
  }

  T.entretiens = {
    L: L, label: label, paths: paths, metierText: metierText, actionTitle: actionTitle, actionKind: actionKind, actionFacts: actionFacts,
    signed: signed, employeeName: employeeName, managerName: managerName, when: when, progress: progress, markdown: markdown,
  };
})();
