// A part of a page that changes while something runs (an import's progress): `data-follow`
// holds the milliseconds between two looks. Its content is read again from this page's URL
// and put in place; once the page says it no longer runs, the whole page is shown anew. Only an
// enhancement: without it the page offers a link to look again.
(() => {
  'use strict';

  const block = document.querySelector('[data-follow]');
  if (!block || !window.fetch || !window.DOMParser) return;
  const every = Number(block.getAttribute('data-follow')) || 3000;
  const look = async () => {
    try {
      const response = await fetch(window.location.href, { headers: { accept: 'text/html' } });
      if (!response.ok) return setTimeout(look, every * 2);
      const fresh = new DOMParser().parseFromString(await response.text(), 'text/html').getElementById(block.id);
      if (!fresh || !fresh.hasAttribute('data-follow')) return window.location.reload();
      block.innerHTML = fresh.innerHTML;
    } catch {
      // A moment without the server: look again later.
    }
    setTimeout(look, every);
  };
  setTimeout(look, every);
})();
