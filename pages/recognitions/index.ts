import type { Router } from 'express';
import type { PageContext } from '../context';
import { changePages } from './changes';
import { endingPages } from './ending';
import { mentorsPage } from './mentors';
import { overviewPage } from './overview';
import { recognitionPage } from './recognition';
import { renewalDecisionPage } from './renewal-decision';
import { supervisionPages } from './supervision';

// A recognition's pages (its own, its mentors, ending or withdrawing it, deciding its renewal)
// and the partnership's quality supervision, registered in the order they always were.

export function recognitionPages(router: Router, ctx: PageContext) {
  recognitionPage(router, ctx);
  mentorsPage(router, ctx);
  changePages(router, ctx);
  endingPages(router, ctx);
  renewalDecisionPage(router, ctx);
  supervisionPages(router, ctx);
  overviewPage(router, ctx);
}
