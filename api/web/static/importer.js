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
  const maxEditable = 512 * 1024;
  const types = { jsonl: 'application/x-ndjson', json: 'application/json', yaml: 'application/yaml', csv: 'text/csv' };
  const byExtension = { jsonl: 'jsonl', ndjson: 'jsonl', json: 'json', yaml: 'yaml', yml: 'yaml', csv: 'csv' };
  let bigFile = null; // a file too large to edit here is sent as is

  fileInput.addEventListener('change', async function () {
    const f = fileInput.files[0];
    if (!f) return;
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
      const res = await T.api('POST', '/api/v1/items:import', body, types[format.value]);
      showReport(res.imported + ' élément(s) importé(s)' + (res.skipped ? ', ' + res.skipped + ' ignoré(s)' : '') + '. Ils sont déjà proposés aux salariés.', res.problems, true);
    } catch (err) {
      showReport(err.message, err.details, false);
    } finally {
      button.disabled = false;
      message.focus();
    }
  });
  message.setAttribute('tabindex', '-1');
})();
