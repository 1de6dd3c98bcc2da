// Tremplin — edit or deactivate one catalog item (L&D), through the JSON API.
'use strict';

(function () {
  const T = window.Tremplin;
  const form = document.getElementById('form-element');
  if (!form) return;
  const id = form.dataset.id;
  const out = document.getElementById('resultat-element');
  const flashKey = 'tremplin.flash';

  function say(msg, bad) {
    out.hidden = !msg;
    out.textContent = msg || '';
    out.classList.toggle('bad', !!bad);
  }
  const flash = sessionStorage.getItem(flashKey);
  if (flash) {
    sessionStorage.removeItem(flashKey);
    say(flash);
  }

  // setPath sets obj[a][b] for "a.b"; undefined deletes.
  function setPath(obj, path, value) {
    const parts = path.split('.');
    let o = obj;
    for (let i = 0; i < parts.length - 1; i++) {
      if (!o[parts[i]]) return; // e.g. mentor fields of an item without mentor
      o = o[parts[i]];
    }
    const last = parts[parts.length - 1];
    if (value === undefined) delete o[last]; else o[last] = value;
  }

  function apply(item) {
    Array.from(form.elements).forEach(function (f) {
      if (!f.name) return;
      let v;
      if (f.type === 'checkbox') v = f.checked;
      else if (f.type === 'number') v = f.value.trim() === '' ? undefined : Number(f.value);
      else if (f.name === 'skills') v = f.value.split('\n').map(function (s) { return s.trim(); }).filter(Boolean);
      else v = f.value.trim() === '' ? undefined : f.value.trim();
      setPath(item, f.name, v);
    });
    return item;
  }

  function markInvalid(field) {
    form.querySelectorAll('[aria-invalid]').forEach(function (n) { n.removeAttribute('aria-invalid'); });
    if (!field) return;
    const name = field.replace(/\[\d+\]$/, '');
    const input = form.elements[name];
    if (input && input.focus) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
  }

  async function save(change, done) {
    say('Enregistrement…');
    try {
      const item = change(await T.api('GET', '/api/v1/items/' + encodeURIComponent(id)));
      await T.api('PUT', '/api/v1/items/' + encodeURIComponent(id), item);
      sessionStorage.setItem(flashKey, done);
      location.reload();
    } catch (err) {
      say(err.message, true);
      markInvalid(err.field);
    }
  }

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    save(apply, 'Modifications enregistrées.');
  });
  const toggle = document.getElementById('basculer-actif');
  toggle.addEventListener('click', function () {
    const active = toggle.dataset.active === 'true';
    save(function (item) { item.active = !active; return item; },
      active ? 'Élément désactivé : il n\'est plus proposé aux salariés.' : 'Élément réactivé : il est de nouveau proposé aux salariés.');
  });
})();
