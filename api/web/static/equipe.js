// Tremplin — « Mon équipe »: each report's next entretien due, those
// overdue, and the progress of their plan d'action.
'use strict';

(function () {
  const T = window.Tremplin;
  const E = T.entretiens;
  const el = T.el;
  const app = document.getElementById('app-equipe');
  if (!app) return;
  const status = document.getElementById('etat-equipe');
  const table = document.getElementById('table-equipe');
  const body = document.getElementById('corps-equipe');

  function row(r) {
    const overdue = r.overdue || [];
    const last = r.last_entretien;
    return el('tr', { 'data-employee': r.employee_id, class: overdue.length ? 'late' : '' },
      el('th', { scope: 'row' }, el('span', { class: 'who-name', text: r.name || r.employee_id }), r.department ? el('span', { class: 'small muted' }, ' · ' + r.department) : null),
      el('td', null, r.next_due ? T.date(r.next_due.date) + ' — ' + E.label('types', r.next_due.kind) : 'rien de dû'),
      el('td', null, overdue.length ? el('span', { class: 'late-badge' }, overdue.length + ' en retard : ' + overdue.map(function (d) { return E.label('types', d.kind) + ' (dû le ' + T.date(d.date) + ')'; }).join(', ')) : 'aucun'),
      el('td', null, r.progress ? r.progress.done + '/' + r.progress.total + ' réalisée' + (r.progress.done > 1 ? 's' : '') : '—'),
      el('td', null, last ? el('a', { href: '/entretiens/' + encodeURIComponent(last.id) }, E.label('types', last.type) + ' du ' + T.date(last.date)) : 'aucun',
        el('div', null, el('button', { type: 'button', class: 'secondary small', 'data-prepare': r.employee_id,
          onclick: function (ev) { prepare(ev.currentTarget, r); } }, 'Préparer son entretien'))));
  }

  // prepare opens a draft entretien for the report, of the kind due next,
  // dated today (both can change it on the page), and goes to it.
  async function prepare(button, r) {
    button.disabled = true;
    try {
      const e = await T.api('POST', E.paths.list, {
        employee_id: r.employee_id,
        type: r.next_due ? r.next_due.kind : 'parcours',
        date: new Date().toISOString().slice(0, 10),
      });
      window.location.assign('/entretiens/' + encodeURIComponent(e.id));
    } catch (err) {
      status.textContent = err.message;
      button.disabled = false;
    }
  }

  async function load() {
    try {
      const resp = await T.api('GET', E.paths.team);
      const reports = (resp && resp.reports) || [];
      status.textContent = reports.length ? reports.length + ' personne' + (reports.length > 1 ? 's' : '') + ' dans votre équipe.' : 'Personne dans votre équipe pour l\'instant.';
      table.hidden = !reports.length;
      body.replaceChildren.apply(body, reports.map(row));
    } catch (err) {
      status.textContent = err.message;
    }
  }
  load();
})();
