// Tremplin — one entretien, saved on the server: the employee prepares it
// (bilan, projet, suggestions, free actions, questions), the manager opens
// the same page in the meeting; both comment and sign; afterwards the
// actions are followed up. Nothing of it is kept in the browser.
'use strict';

(function () {
  const T = window.Tremplin;
  const E = T.entretiens;
  const el = T.el;
  const app = document.getElementById('app-entretien');
  if (!app) return;
  const id = app.dataset.id;
  const me = app.dataset.moi;

  let rec = null;      // the record as last saved (or loaded)
  let draft = null;    // the record with the changes on screen
  let dirty = false;
  let saving = false;
  let stale = false;   // someone saved in between: reload before anything else

  const stateBox = document.getElementById('etat-enregistrement');
  const errorBox = document.getElementById('erreur-entretien');
  const saveButton = document.getElementById('enregistrer');
  const reloadButton = document.getElementById('recharger');

  function myRole(e) {
    if (me && me === e.employee_id) return 'employee';
    if (me && me === e.manager_id) return 'manager';
    return '';
  }
  function editable() { return !!myRole(draft) && !E.signed(draft) && !stale; }
  function followable() { return !!myRole(draft) && !stale; }

  function setState(text, kind) {
    stateBox.textContent = text;
    stateBox.className = kind || '';
  }
  function showError(msg) {
    errorBox.hidden = !msg;
    errorBox.textContent = msg || '';
  }
  function time(t) { return new Date(t).toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' }); }

  function savedState() {
    setState('Enregistré à ' + time(rec.updated_at) + ' (version ' + rec.version + ').', 'saved');
  }
  function markDirty() {
    if (stale) return;
    dirty = true;
    setState('Modifications non enregistrées.', 'unsaved');
    saveButton.disabled = saving;
    renderSignatures();
  }

  async function load() {
    showError('');
    try {
      rec = await T.api('GET', E.paths.one(id));
    } catch (err) {
      setState('');
      showError(err.status === 404 ? 'Entretien introuvable.' : err.message);
      return;
    }
    draft = JSON.parse(JSON.stringify(rec));
    dirty = false;
    stale = false;
    reloadButton.hidden = true;
    document.getElementById('corps-entretien').hidden = false;
    savedState();
    render();
  }

  // writeBody is what a party writes (EntretienWrite in openapi.json): the
  // version read, the fields, the plan d'action and an optional new
  // comment; the rest of the record is the server's.
  function writeBody(comment) {
    const body = { version: draft.version, type: draft.type, date: draft.date,
      bilan: draft.bilan || '', projet: draft.projet || '', questions: draft.questions || '' };
    body.actions = (draft.actions || []).map(function (a) {
      const w = { status: a.status };
      if (a.id) w.id = a.id;
      if (a.item) w.item_id = a.item.item_id; else w.title = a.title;
      ['target_date', 'abandon_reason', 'funding'].forEach(function (f) { if (a[f]) w[f] = a[f]; });
      return w;
    });
    body.target_metier = metierCode(draft.metier_text !== undefined ? draft.metier_text : E.metierText(draft.target_metier));
    if (comment) body.comment = comment;
    return body;
  }

  // save sends the record with the version it was read at (and comment, a
  // new comment, when given); a 409 means someone saved in between: the
  // page says so and offers to reload.
  async function save(comment) {
    if (saving || stale) return false;
    readFields();
    saving = true;
    saveButton.disabled = true;
    setState('Enregistrement en cours…', 'saving');
    showError('');
    try {
      rec = await T.api('PUT', E.paths.one(id), writeBody(typeof comment === 'string' ? comment : ''));
      draft = JSON.parse(JSON.stringify(rec));
      dirty = false;
      savedState();
      render();
      return true;
    } catch (err) {
      if (err.status === 409) {
        stale = true;
        setState('Modifié entre-temps : rechargez.', 'stale');
        showError('Quelqu\'un a enregistré cet entretien entre-temps : rechargez-le pour voir sa version (vos modifications non enregistrées seront perdues ; copiez-les avant si besoin).');
        reloadButton.hidden = false;
        render();
      } else {
        setState('Non enregistré : ' + err.message, 'unsaved');
        showError(err.message);
      }
      return false;
    } finally {
      saving = false;
      saveButton.disabled = !dirty || stale;
      if (draft) renderSignatures();
    }
  }

  // --- fields ---
  const fields = ['type', 'date', 'bilan', 'projet', 'questions'];
  function readFields() {
    if (!editable()) return;
    fields.forEach(function (f) {
      const n = document.getElementById(f);
      if (n) draft[f] = n.value;
    });
    draft.metier_text = metierBox.value;
  }

  // --- target métier: chosen from the référentiel's métiers ---
  const metierBox = document.getElementById('metier-vise');
  const metierList = document.getElementById('metiers-proposes');
  // metierCode is the code of what the box holds ("Label (M1403)" as the
  // list proposes it, or a code typed whole); other text is sent as is,
  // for the server to refuse.
  function metierCode(text) {
    const t = (text || '').trim();
    const m = /\(([^()\s]+)\)$/.exec(t);
    return m ? m[1] : t;
  }
  let metierTimer = null;
  metierBox.addEventListener('input', function () {
    markDirty();
    clearTimeout(metierTimer);
    const q = metierBox.value.trim();
    if (q.length < 2 || /\([^()\s]+\)$/.test(q)) return;
    metierTimer = setTimeout(async function () {
      try {
        const res = await T.api('GET', '/api/v1/metiers?limit=8&q=' + encodeURIComponent(q));
        const seen = {};
        metierList.replaceChildren.apply(metierList, (res.metiers || []).filter(function (m) {
          if (seen[m.code]) return false;
          seen[m.code] = true;
          return true;
        }).map(function (m) { return el('option', { value: m.metier + ' (' + m.code + ')' }); }));
      } catch (err) { /* the box still takes a code typed whole */ }
    }, 200);
  });
  fields.forEach(function (f) {
    const n = document.getElementById(f);
    if (n) n.addEventListener('input', markDirty);
  });

  function render() {
    const role = myRole(draft);
    document.getElementById('titre-entretien').textContent = E.label('types', draft.type) + ' — ' + E.employeeName(draft);
    document.getElementById('sous-titre').textContent = 'Salarié·e : ' + E.employeeName(draft) + ' · Manager : ' + E.managerName(draft) +
      ' · ' + (role === 'employee' ? 'vous êtes la personne reçue en entretien.' : role === 'manager' ? 'vous êtes son manager.' : 'lecture seule.');
    document.getElementById('lecture-seule').hidden = !E.signed(draft);
    fields.forEach(function (f) {
      const n = document.getElementById(f);
      if (!n) return;
      if (document.activeElement !== n) n.value = draft[f] || '';
      n.readOnly = !editable();
      n.disabled = !editable() && n.tagName === 'SELECT';
    });
    if (document.activeElement !== metierBox) metierBox.value = draft.metier_text !== undefined ? draft.metier_text : E.metierText(draft.target_metier);
    metierBox.readOnly = !editable();
    document.getElementById('chercher-suggestions').hidden = !editable();
    document.getElementById('form-action-libre').hidden = !editable();
    document.getElementById('form-commentaire').hidden = !editable();
    if (!editable()) document.getElementById('suggestions').replaceChildren();
    renderActions();
    renderComments();
    renderSignatures();
  }

  // --- the plan d'action ---
  function renderActions() {
    const list = document.getElementById('liste-actions');
    const acts = draft.actions || [];
    document.getElementById('nombre-actions').textContent = '(' + acts.length + ')';
    document.getElementById('actions-vide').hidden = acts.length > 0;
    document.getElementById('progression').textContent = acts.length ? 'Avancement : ' + E.progress(acts).text + '.' : '';
    list.replaceChildren.apply(list, acts.map(function (a, i) { return actionItem(a, i); }));
    refreshSuggestionButtons();
  }
  function select(idp, group, value, onchange, disabled, withEmpty) {
    const opts = (E.L[group] || []).map(function (x) { return el('option', { value: x.value, selected: x.value === value }, x.label); });
    if (withEmpty) opts.unshift(el('option', { value: '', selected: !value }, 'À décider'));
    return el('select', { id: idp, onchange: onchange, disabled: disabled }, opts);
  }
  function actionItem(a, i) {
    const key = 'a' + i;
    const title = E.actionTitle(a);
    const facts = [];
    if (a.item) {
      if (a.item.provider) facts.push(['Organisme', a.item.provider]);
      if (a.item.duration_hours != null) facts.push(['Durée', T.number(a.item.duration_hours) + ' h']);
      if (a.item.price_eur != null) facts.push(['Prix', T.euros(a.item.price_eur)]);
      if (a.item.certification_code) facts.push(['Code RNCP', a.item.certification_code]);
    }
    const canEdit = editable();
    const canFollow = followable();
    const reason = el('div', { class: 'field', hidden: a.status !== 'abandonnee' },
      el('label', { for: key + '-motif', text: 'Motif d\'abandon' }),
      el('input', { id: key + '-motif', type: 'text', maxlength: 5000, value: a.abandon_reason || '', readonly: !canFollow,
        oninput: function (ev) { a.abandon_reason = ev.target.value; markDirty(); } }));
    return el('li', { class: 'action', 'data-id': a.id || '' },
      el('p', { class: 'action-title' }, el('strong', { text: title }), ' ', el('span', { class: 'kind', text: E.actionKind(a) })),
      facts.length ? T.factsList(facts) : null,
      el('div', { class: 'grid action-fields' },
        el('div', { class: 'field' }, el('label', { for: key + '-statut', text: 'Statut' }),
          select(key + '-statut', 'statuses', a.status, function (ev) {
            a.status = ev.target.value;
            if (a.status !== 'abandonnee') a.abandon_reason = '';
            reason.hidden = a.status !== 'abandonnee';
            markDirty();
          }, !canFollow)),
        el('div', { class: 'field' }, el('label', { for: key + '-echeance', text: 'Échéance' }),
          el('input', { id: key + '-echeance', type: 'date', value: a.target_date || '', readonly: !canEdit,
            oninput: function (ev) { a.target_date = ev.target.value; markDirty(); } })),
        el('div', { class: 'field' }, el('label', { for: key + '-financement', text: 'Financement' }),
          select(key + '-financement', 'fundings', a.funding || '', function (ev) { a.funding = ev.target.value; markDirty(); }, !canEdit, true))),
      reason,
      canEdit ? el('button', { type: 'button', class: 'link', 'aria-label': 'Retirer du plan : ' + title,
        onclick: function () { draft.actions.splice(i, 1); markDirty(); renderActions(); } }, 'Retirer du plan') : null);
  }

  document.getElementById('form-action-libre').addEventListener('submit', function (ev) {
    ev.preventDefault();
    const input = document.getElementById('action-libre');
    const title = input.value.trim();
    if (!title) { input.focus(); return; }
    draft.actions = draft.actions || [];
    draft.actions.push({ title: title, status: 'proposee' });
    input.value = '';
    markDirty();
    renderActions();
    setState('Action libre ajoutée au plan — modifications non enregistrées.', 'unsaved');
  });

  // --- suggestions from the recommender, one click to the plan ---
  let shown = [];
  document.getElementById('chercher-suggestions').addEventListener('click', async function () {
    readFields();
    const box = document.getElementById('suggestions');
    if (!(draft.projet || '').trim()) {
      box.replaceChildren(el('p', { class: 'error', text: 'Décrivez d\'abord votre projet.' }));
      document.getElementById('projet').focus();
      return;
    }
    box.setAttribute('aria-busy', 'true');
    box.replaceChildren(el('p', { class: 'muted', text: 'Recherche en cours…' }));
    try {
      const resp = await T.api('POST', '/api/v1/recommendations', { projet: draft.projet });
      shown = [];
      (resp.suggestions || []).forEach(function (g) { (g.items || []).forEach(function (s) { shown.push(s); }); });
      box.replaceChildren(
        el('h3', { text: shown.length ? shown.length + ' suggestion' + (shown.length > 1 ? 's' : '') : 'Aucune suggestion' }),
        el('ul', { class: 'suggestion-list' }, shown.map(function (s) {
          return el('li', { 'data-id': s.id },
            el('p', null, el('a', { href: '/fiche/' + encodeURIComponent(s.id), text: s.title }), ' ', el('span', { class: 'kind', text: T.kindLabels[s.kind] || s.kind })),
            s.reason ? el('p', { class: 'small', text: s.reason }) : null,
            el('button', { type: 'button', class: 'secondary add-suggestion', 'data-id': s.id, onclick: function (ev) { addSuggestion(s, ev.target); } }, 'Ajouter au plan'));
        })));
      refreshSuggestionButtons();
    } catch (err) {
      box.replaceChildren(el('p', { class: 'error', text: err.message }));
    } finally {
      box.setAttribute('aria-busy', 'false');
    }
  });
  function inPlan(itemID) { return (draft.actions || []).some(function (a) { return a.item && a.item.item_id === itemID; }); }
  function refreshSuggestionButtons() {
    document.querySelectorAll('.add-suggestion').forEach(function (b) {
      const added = inPlan(b.dataset.id);
      b.textContent = added ? 'Dans le plan ✓' : 'Ajouter au plan';
      b.classList.toggle('added', added);
      b.disabled = added || !editable();
    });
  }
  // addSuggestion adds the item as the catalog has it now: the server
  // keeps this snapshot, so later catalog edits never rewrite the record.
  async function addSuggestion(s, button) {
    if (inPlan(s.id)) return;
    button.disabled = true;
    let it = null;
    try { it = await T.api('GET', '/api/v1/items/' + encodeURIComponent(s.id)); } catch (err) { it = null; }
    const snap = { item_id: s.id, title: s.title, kind: s.kind };
    if (it) {
      if (it.price_eur != null) snap.price_eur = it.price_eur;
      if (it.duration_hours != null) snap.duration_hours = it.duration_hours;
      if (it.provider) snap.provider = it.provider;
      if (it.certification_code) snap.certification_code = it.certification_code;
    }
    draft.actions = draft.actions || [];
    draft.actions.push({ item: snap, status: 'proposee' });
    markDirty();
    renderActions();
    setState('« ' + s.title + ' » ajouté au plan — modifications non enregistrées.', 'unsaved');
  }

  // --- comments ---
  function renderComments() {
    const list = document.getElementById('liste-commentaires');
    const cs = draft.comments || [];
    list.replaceChildren.apply(list, cs.length ? cs.map(function (c) {
      const who = c.author === 'manager' ? 'Manager (' + E.managerName(draft) + ')' : 'Salarié·e (' + E.employeeName(draft) + ')';
      return el('li', { class: 'comment ' + c.author }, el('p', { class: 'small muted' }, who + (c.at ? ', le ' + E.when(c.at) : '')), el('p', { text: c.text }));
    }) : [el('li', { class: 'muted', text: 'Aucun commentaire.' })]);
  }
  document.getElementById('form-commentaire').addEventListener('submit', async function (ev) {
    ev.preventDefault();
    const box = document.getElementById('commentaire');
    const text = box.value.trim();
    if (!text) { box.focus(); return; }
    markDirty();
    if (await save(text)) box.value = '';
  });

  // --- signatures ---
  function renderSignatures() {
    const list = document.getElementById('liste-signatures');
    const line = function (who, name, sig) {
      return el('li', null, el('strong', { text: who + ' (' + name + ') : ' }), sig ? 'signé le ' + E.when(sig.at) : 'pas encore signé');
    };
    list.replaceChildren(line('Salarié·e', E.employeeName(draft), draft.employee_signature), line('Manager', E.managerName(draft), draft.manager_signature));
    const role = myRole(draft);
    const mine = role === 'employee' ? draft.employee_signature : role === 'manager' ? draft.manager_signature : null;
    const button = document.getElementById('signer');
    const help = document.getElementById('aide-signer');
    button.hidden = !role || !!mine || E.signed(draft) || stale;
    button.disabled = dirty || saving;
    help.textContent = !role ? '' : E.signed(draft) ? 'Signé par les deux parties le ' + E.when(draft.updated_at) + ' (version ' + draft.signed_version + ').'
      : mine ? 'Vous avez signé. Toute modification du contenu avant la seconde signature annule les signatures.'
        : dirty ? 'Enregistrez vos modifications avant de signer.' : 'Signer vaut accord sur le contenu enregistré (version ' + draft.version + ').';
  }
  document.getElementById('signer').addEventListener('click', async function () {
    const role = myRole(draft);
    if (!role || dirty) return;
    const button = document.getElementById('signer');
    button.disabled = true;
    setState('Signature en cours…', 'saving');
    try {
      rec = await T.api('POST', E.paths.sign(id), { version: rec.version, role: role });
      draft = JSON.parse(JSON.stringify(rec));
      savedState();
      render();
      setState('Signé. ' + stateBox.textContent, 'saved');
    } catch (err) {
      if (err.status === 409) {
        stale = true;
        setState('Modifié entre-temps : rechargez.', 'stale');
        reloadButton.hidden = false;
      }
      showError(err.message);
      button.disabled = false;
    }
  });

  saveButton.addEventListener('click', save);
  reloadButton.addEventListener('click', load);
  document.getElementById('exporter-md').addEventListener('click', function () {
    T.download('entretien-' + (draft.date || 'tremplin') + '.md', E.markdown(rec, app.dataset.employeur), 'text/markdown;charset=utf-8');
  });
  window.addEventListener('beforeunload', function (ev) {
    if (dirty && !stale) { ev.preventDefault(); ev.returnValue = ''; }
  });
  load();
})();
