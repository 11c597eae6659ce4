// A radio choice's own field, shown only while that choice is picked: `data-conditional` names
// the radio group and `data-conditional-value` the choice ("Een andere vestiging" and its
// number). Only an enhancement: without it the field is always there and the server, which
// reads it only with that choice, works the same.
(() => {
  'use strict';

  for (const block of document.querySelectorAll('[data-conditional]')) {
    const form = block.closest('form');
    if (!form) continue;
    const name = block.getAttribute('data-conditional');
    const value = block.getAttribute('data-conditional-value');
    const radios = [...form.querySelectorAll('input[type="radio"]')].filter((radio) => radio.name === name);
    const owner = radios.find((radio) => radio.value === value);
    if (!owner) continue;
    owner.setAttribute('aria-controls', block.id);
    // A field with a message stays in view, whatever is picked. No aria-expanded: a radio may not
    // carry it (axe aria-allowed-attr), as GOV.UK Frontend found too.
    const sync = () => {
      const open = owner.checked || block.querySelector('.field-error') !== null;
      block.hidden = !open;
    };
    for (const radio of radios) radio.addEventListener('change', sync);
    sync();
  }
})();
