// Tremplin — « Mon plan d'action »: the skill pickers, whose chips are only
// skills of the taxonomy (chosen in the autocomplete list or typed whole).
'use strict';

(function () {
  const T = window.Tremplin;
  const el = T.el;
  const fold = T.fold;

  // newSkillPickers sets up every .skillpicker of the page and returns
  // them by their data-list name.
  T.newSkillPickers = function () {
    const pickers = {};
    const suggestions = new Map(); // lower-cased text → labels, oldest first; shared by the pickers
    document.querySelectorAll('.skillpicker').forEach(function (box) {
      const id = box.dataset.list;
      const input = box.querySelector('input');
      const list = box.querySelector('ul');
      const options = box.querySelector('datalist');
      const fieldError = box.querySelector('.field-error');
      const picker = { skills: [], input: input };
      pickers[id] = picker;
      let timer = 0, seq = 0, shown = '';

      picker.render = function () {
        list.replaceChildren.apply(list, picker.skills.map(function (s) {
          return el('li', null, s, el('button', {
            type: 'button', 'aria-label': 'Retirer ' + s, title: 'Retirer',
            onclick: function () { picker.remove(s); input.focus(); },
          }, '×'));
        }));
      };
      // fail says in the field why the text typed is not a skill.
      picker.fail = function (msg) {
        fieldError.textContent = msg || '';
        fieldError.hidden = !msg;
        if (msg) input.setAttribute('aria-invalid', 'true');
        else input.removeAttribute('aria-invalid');
      };
      // add makes a chip of text only when it is a skill of the taxonomy:
      // chosen in the autocomplete list or typed whole (compared folded). A
      // fragment ("Management d") is refused with the reason in the field.
      // It resolves to true when the skill is (or already was) a chip.
      picker.add = async function (text) {
        const s = (text || '').trim();
        if (!s) return false;
        if (picker.skills.length >= 50) { picker.fail('50 compétences au plus : retirez-en une pour en ajouter une autre.'); return false; }
        let label;
        try { label = await taxonomyLabel(s); } catch (err) {
          picker.fail('La liste des compétences est indisponible : réessayez dans un instant.');
          return false;
        }
        if (!label) {
          picker.fail('Choisissez une compétence proposée dans la liste\u00a0: «\u00a0' + s + '\u00a0» n\'en fait pas partie.');
          return false;
        }
        picker.fail('');
        if (!picker.skills.some(function (x) { return fold(x) === fold(label); })) picker.skills.push(label);
        picker.render();
        return true;
      };
      picker.remove = function (s) { picker.skills = picker.skills.filter(function (x) { return x !== s; }); picker.render(); };
      picker.set = function (skills) { picker.skills = (skills || []).slice(); picker.render(); };

      async function addTyped() {
        const typed = input.value;
        if (await picker.add(typed) && input.value === typed) input.value = '';
      }
      box.querySelector('.add-skill').addEventListener('click', function () {
        input.focus();
        addTyped();
      });
      input.addEventListener('keydown', function (ev) {
        if (ev.key === 'Enter') {
          ev.preventDefault();
          addTyped();
        }
      });
      input.addEventListener('input', function () { if (!fieldError.hidden) picker.fail(''); });
      const show = function (labels) {
        options.replaceChildren.apply(options, labels.map(function (l) { return el('option', { value: l }); }));
      };
      input.addEventListener('input', function () {
        clearTimeout(timer);
        const q = input.value.trim();
        if (q.length < 2) return;
        const key = q.toLowerCase();
        if (key === shown) return;
        if (suggestions.has(key)) { shown = key; show(suggestions.get(key)); return; }
        // Asked only once typing pauses, and once per text: the rate limit is
        // shared by everything the page does.
        timer = setTimeout(async function () {
          const mine = ++seq;
          try {
            const res = await T.api('GET', '/api/v1/skills?limit=8&q=' + encodeURIComponent(q));
            const labels = res.skills.map(function (s) { return s.label; });
            if (suggestions.size >= 200) suggestions.delete(suggestions.keys().next().value);
            suggestions.set(key, labels);
            if (mine !== seq) return;
            shown = key;
            show(labels);
          } catch (err) { /* autocomplete is a convenience: typing still works */ }
        }, 300);
      });
    });

    // taxonomyLabel returns the label of the taxonomy's skill whose label or
    // other label is s whole (folded), or '' when there is none. The
    // autocomplete endpoint gives the taxonomy's matches.
    async function taxonomyLabel(s) {
      if (s.length > 100) return ''; // longer than any label the endpoint completes
      const res = await T.api('GET', '/api/v1/skills?limit=50&q=' + encodeURIComponent(s));
      const want = fold(s);
      const hit = (res.skills || []).find(function (k) {
        return fold(k.label) === want || (k.alt_labels || []).some(function (a) { return fold(a) === want; });
      });
      return hit ? hit.label : '';
    }

    return pickers;
  };
})();
