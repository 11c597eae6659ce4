// Answers checked as they are typed, on forms that name a check endpoint (`data-live-check`).
// After a change, or on leaving a text field, the whole form is posted there and the messages
// that come back are shown beside the fields the person has touched, in the markup the server
// renders. Only an enhancement: without it the form works the same, and the server, which
// checks the form again when it is sent, stays the judge.
(() => {
  'use strict';

  const DELAY_MS = 300;
  const TEXT_TYPES = ['text', 'email', 'tel', 'number', 'date', 'textarea'];

  for (const form of document.querySelectorAll('form[data-live-check]')) enhance(form);

  function enhance(form) {
    const url = form.getAttribute('data-live-check');
    /** Names of the fields the person typed in or changed: others get no message yet. */
    const touched = new Set();
    let timer;
    let latest = 0;

    // Announced politely: what appeared or went away beside a field.
    const announcer = document.createElement('div');
    announcer.className = 'visually-hidden';
    announcer.setAttribute('aria-live', 'polite');
    form.prepend(announcer);

    const isField = (el) => el.name && !el.name.startsWith('_') && el.type !== 'hidden' && el.type !== 'submit';
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(check, DELAY_MS);
    };

    form.addEventListener('input', (event) => {
      if (!isField(event.target)) return;
      touched.add(event.target.name);
      // A field with a message is checked while it is typed in, so the message goes once it is right.
      if (document.getElementById(`${event.target.id}-error`)) schedule();
    });
    form.addEventListener('change', (event) => {
      if (!isField(event.target)) return;
      touched.add(event.target.name);
      schedule();
    });
    form.addEventListener('focusout', (event) => {
      if (isField(event.target) && TEXT_TYPES.includes(event.target.type) && touched.has(event.target.name)) schedule();
    });
    form.addEventListener('submit', () => clearTimeout(timer));

    async function check() {
      const mine = ++latest;
      let errors;
      try {
        const response = await fetch(url, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { accept: 'application/json' },
          body: new URLSearchParams(new FormData(form)),
        });
        if (!response.ok || !(response.headers.get('content-type') ?? '').includes('application/json')) return;
        ({ errors } = await response.json());
      } catch {
        return; // Offline or signed out: the server checks the form when it is sent.
      }
      // An answer overtaken by a later check is not shown.
      if (mine !== latest || !errors) return;
      const said = [];
      for (const name of touched) {
        const field = form.elements.namedItem(name);
        if (field?.id) {
          const text = show(field, errors[name]);
          if (text) said.push(text);
        }
      }
      if (said.length) announcer.textContent = said.join(' ');
    }
  }

  /** The message beside one field, put, changed or taken away; returns what to announce. */
  function show(field, message) {
    const wrapper = field.closest('.field');
    if (!wrapper) return undefined;
    const errorId = `${field.id}-error`;
    let element = document.getElementById(errorId);
    const current = element ? messageOf(element) : undefined;
    if (current === message) return undefined;
    const label = document.querySelector(`label[for="${CSS.escape(field.id)}"]`)?.textContent.trim() ?? field.name;
    const checkbox = wrapper.classList.contains('checkbox');
    const describedBy = (field.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((id) => id && id !== errorId);

    if (!message) {
      element.remove();
      wrapper.classList.remove('field-error');
      field.removeAttribute('aria-invalid');
      if (describedBy.length) field.setAttribute('aria-describedby', describedBy.join(' '));
      else field.removeAttribute('aria-describedby');
      forgetInSummary(field.id);
      return `${label}: in orde.`;
    }
    if (!element) {
      // Where the server puts it: above the input, or first in a checkbox's row.
      element = document.createElement('p');
      element.className = 'error-message';
      element.id = errorId;
      if (checkbox) wrapper.prepend(element);
      else field.before(element);
    }
    const hidden = document.createElement('span');
    hidden.className = 'visually-hidden';
    hidden.textContent = 'Fout: ';
    element.replaceChildren(hidden, message);
    wrapper.classList.add('field-error');
    if (!checkbox) field.setAttribute('aria-invalid', 'true');
    field.setAttribute('aria-describedby', [...describedBy, errorId].join(' '));
    const link = document.querySelector(`.error-summary a[href="#${CSS.escape(field.id)}"]`);
    if (link && current && link.textContent.endsWith(current)) {
      link.textContent = link.textContent.slice(0, -current.length) + message;
    }
    return `${label}: ${message}`;
  }

  /** The message of an error element, without its hidden "Fout: ". */
  const messageOf = (element) =>
    [...element.childNodes]
      .filter((node) => node.nodeType === Node.TEXT_NODE)
      .map((node) => node.textContent)
      .join('');

  /** A field set right leaves the error summary; an empty summary goes, with "Fout: " in the title. */
  function forgetInSummary(id) {
    const summary = document.querySelector('.error-summary');
    const link = summary?.querySelector(`a[href="#${CSS.escape(id)}"]`);
    if (!link) return;
    link.closest('li').remove();
    if (summary.querySelector('li, p')) return;
    summary.remove();
    document.title = document.title.replace(/^Fout: /, '');
  }
})();
