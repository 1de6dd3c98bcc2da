// Tremplin — import a catalog file (L&D) and show the per-line report.
'use strict';

(function () {
  const T = window.Tremplin;
  const el = T.el;
  const form = document.getElementById('form-import');
  if (!form) return;
  const fileInput = document.getElementById('fichier');
  const format = document.getElementById('format');
  const text = document.getElementById('contenu-fichier');
  const report = document.getElementById('rapport');
  const message = document.getElementById('rapport-message');
  const table = document.getElementById('rapport-table');
  const button = document.getElementById('importer');
  const skipInvalid = document.getElementById('ignorer-invalides');
  const maxEditable = 512 * 1024;
  const types = { jsonl: 'application/x-ndjson', json: 'application/json', yaml: 'application/yaml', csv: 'text/csv' };
  const byExtension = { jsonl: 'jsonl', ndjson: 'jsonl', json: 'json', yaml: 'yaml', yml: 'yaml', csv: 'csv' };
  let bigFile = null; // a file too large to edit here is sent as is
  let fileName = ''; // the chosen file's name, which problems are reported under

  // count writes "1 nouveau", "3 nouveaux", "0 modifié".
  function count(n, one, many) { return T.number(n) + ' ' + (n > 1 ? many : one); }

  // summary says what an import did: "3 nouveaux, 2 modifiés, 10 inchangés".
  function summary(res) {
    const parts = [];
    if (res.created) parts.push(count(res.created, 'nouveau', 'nouveaux'));
    if (res.updated) parts.push(count(res.updated, 'modifié', 'modifiés'));
    if (res.unchanged) parts.push(count(res.unchanged, 'inchangé', 'inchangés'));
    let msg = 'Import terminé : ' + (parts.join(', ') || 'aucun élément');
    if (res.skipped) msg += ' ; ' + count(res.skipped, 'ligne ignorée', 'lignes ignorées') + ' (voir ci-dessous)';
    msg += '.';
    if (res.created || res.updated) msg += (res.created + res.updated > 1 ? ' Ils sont' : ' Il est') + ' déjà proposé' + (res.created + res.updated > 1 ? 's' : '') + ' aux salariés.';
    return msg;
  }

  fileInput.addEventListener('change', async function () {
    const f = fileInput.files[0];
    if (!f) return;
    fileName = f.name;
    const ext = (f.name.split('.').pop() || '').toLowerCase();
    if (byExtension[ext]) format.value = byExtension[ext];
    if (f.size > maxEditable) {
      bigFile = f;
      text.value = '';
      text.disabled = true;
      text.placeholder = 'Fichier trop volumineux pour être affiché ici (' + T.number(Math.round(f.size / 1024)) + ' Kio) : il sera envoyé tel quel.';
      return;
    }
    bigFile = null;
    text.disabled = false;
    text.placeholder = '';
    text.value = await f.text();
  });

  // goToLine selects line n of the text so that it can be fixed.
  function goToLine(n) {
    const lines = text.value.split('\n');
    let start = 0;
    for (let i = 0; i < n - 1 && i < lines.length; i++) start += lines[i].length + 1;
    const end = start + (lines[n - 1] || '').length;
    text.focus();
    text.setSelectionRange(start, end);
    const lineHeight = text.scrollHeight / Math.max(lines.length, 1);
    text.scrollTop = Math.max(0, (n - 3) * lineHeight);
  }

  function showReport(msg, problems, ok) {
    report.hidden = false;
    message.textContent = msg;
    message.className = ok ? 'status' : 'error';
    const body = table.querySelector('tbody');
    body.replaceChildren.apply(body, (problems || []).map(function (p) {
      return el('tr', null,
        el('td', null, p.line ? (bigFile ? String(p.line) : el('button', { type: 'button', class: 'link', 'aria-label': 'Aller à la ligne ' + p.line, onclick: function () { goToLine(p.line); } }, String(p.line))) : '—'),
        el('td', null, p.field ? el('code', { text: p.field }) : '—'),
        el('td', { text: p.id || '—' }),
        el('td', { text: p.message }));
    }));
    table.hidden = !(problems || []).length;
  }

  form.addEventListener('submit', async function (ev) {
    ev.preventDefault();
    const body = bigFile || text.value;
    if (!bigFile && !text.value.trim()) {
      showReport('Choisissez un fichier ou collez son contenu.', []);
      return;
    }
    button.disabled = true;
    message.textContent = 'Import en cours…';
    try {
      const q = new URLSearchParams();
      if (skipInvalid.checked) q.set('skip_invalid', 'true');
      if (fileName) q.set('filename', fileName);
      const qs = q.toString();
      const res = await T.api('POST', '/api/v1/items:import' + (qs ? '?' + qs : ''), body, types[format.value]);
      showReport(summary(res), res.problems, true);
    } catch (err) {
      showReport(err.message, err.details, false);
    } finally {
      button.disabled = false;
      message.focus();
    }
  });
  message.setAttribute('tabindex', '-1');
})();
