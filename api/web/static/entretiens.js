// Tremplin — « Mes entretiens »: the records of the person signed in (as
// employee and as manager), and a new one to prepare.
'use strict';

(function () {
  const T = window.Tremplin;
  const E = T.entretiens;
  const el = T.el;
  const app = document.getElementById('app-entretiens');
  if (!app) return;
  const me = app.dataset.moi;
  const status = document.getElementById('etat-liste');
  const list = document.getElementById('liste-entretiens');

  function row(e) {
    const role = e.employee_id === me ? 'employee' : 'manager';
    const p = E.progress(e.actions);
    const state = E.signed(e) ? 'signé par les deux parties' : e.employee_signature || e.manager_signature ? 'signé par une partie' : 'en préparation';
    return el('li', { class: 'card entretien-row', 'data-id': e.id },
      el('h3', null, el('a', { href: '/entretiens/' + encodeURIComponent(e.id) }, E.label('types', e.type) + ' du ' + T.date(e.date))),
      el('p', { class: 'small' }, role === 'employee' ? 'Avec ' + E.managerName(e) : 'Entretien de ' + E.employeeName(e)),
      el('p', { class: 'small' }, el('span', { class: 'badge-state ' + (E.signed(e) ? 'ok' : 'draft'), text: state }), ' · Plan : ' + p.text));
  }

  async function load() {
    try {
      const resp = await T.api('GET', E.paths.list);
      const items = (resp && resp.entretiens) || [];
      status.textContent = items.length ? items.length + ' entretien' + (items.length > 1 ? 's' : '') + '.' : 'Aucun entretien pour l\'instant.';
      list.replaceChildren.apply(list, items.map(row));
    } catch (err) {
      status.textContent = err.message;
    }
  }

  const form = document.getElementById('form-nouveau');
  if (form) {
    form.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      const box = document.getElementById('erreur-nouveau');
      box.hidden = true;
      const button = document.getElementById('creer-entretien');
      button.disabled = true;
      try {
        const e = await T.api('POST', E.paths.list, { type: form.elements.type.value, date: form.elements.date.value });
        location.assign('/entretiens/' + encodeURIComponent(e.id));
      } catch (err) {
        box.hidden = false;
        box.textContent = err.message;
        button.disabled = false;
      }
    });
  }
  load();
})();
