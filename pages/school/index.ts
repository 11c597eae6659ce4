import type { Router } from 'express';
import type { PageContext } from '../context';
import { incidentPage } from './incident';
import { searchPage } from './search';
import { searchingLearnerPages } from './searching-learners';
import { subscriptionPages } from './subscriptions';
import { verifyPage } from './verify';

// The school's pages: is a workplace recognised for a training on a date, which recognised
// workplaces are there, report a problem with one, and follow changes by webhook. The register
// questions are GET forms: they change nothing, so their answers can be bookmarked and shared.

/** The school's pages: the register, incident reports and webhook subscriptions. */
export function schoolPages(router: Router, ctx: PageContext) {
  verifyPage(router, ctx);
  searchPage(router, ctx);
  incidentPage(router, ctx);
  subscriptionPages(router, ctx);
  searchingLearnerPages(router, ctx);
}
