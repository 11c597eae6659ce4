import type { Connection } from 'mongoose';
import type { Caps } from '../models/caps';
import { z } from 'zod';
import { dayInBrussels } from '../models/dates';
import { type Mandate, type MandateEntry, inForce, mandateInput, mandateKey, mandateView } from '../models/mandate';
import { newestFirst } from '../models/read-models';
import { capResponse } from '../models/caps';
import { capSlots } from '../store/cap-slots';
import { createMandate, mandateModel, writeMandate } from '../store/mandates';
import { refusal } from '../models/problem-codes';
import { fieldProblem, fieldRefusal, notFound } from './problem';
import type { ReadModels } from './read-models';
import type { Routes } from './routes';
import { type SchoolMandates, takeCapSlot } from './tenancy';

// Mandates: a company lets a school file applications for it. The store holds one document per
// company and school, keyed `enterprise:school`, so the intake's check is one read by `_id`;
// granting again replaces it and two writers of the same pair just leave one of their versions,
// which is all a grant or revocation asks. The lists (a company's grants, a school's mandates,
// an admin's all) come from the read models, fed by the change feed like the dossiers' lists,
// rather than a per-tenant document whose array FerretDB could lose an element of when two
// companies grant the same school at once. A company holds at most `mandatesPerCompany` of them
// (models/caps.ts): each school it gives one first takes one of its cap's slots.

interface Dependencies {
  db: Connection;
  readModels: ReadModels;
  now: () => Date;
  caps: Caps;
}

const idParam = z.object({ id: z.string().trim().min(1).max(200) });

const toView = ({ savedAt: _saved, ...mandate }: MandateEntry): Mandate => mandate;

export function mandateRoutes(routes: Routes, deps: Dependencies) {
  const mandates = mandateModel(deps.db);
  const slots = capSlots(deps.db);
  const cap = deps.caps.mandatesPerCompany;

  async function save(mandate: Parameters<typeof writeMandate>[1]) {
    const entry = await writeMandate(deps.db, mandate);
    // The caller's next list shows it at once, not a feed's poll later.
    deps.readModels.apply({ kind: 'mandate', entry });
    return entry;
  }

  const give = routes.add({
    method: 'post',
    path: '/api/v1/mandates',
    summary: 'Give a school a mandate to file applications for this company until a date (company)',
    tag: 'Mandates',
    roles: ['company'],
    body: mandateInput,
    responses: {
      201: { description: 'The mandate; one given before to the same school is replaced', schema: mandateView },
      409: capResponse('mandatesPerCompany'),
    },
    handler: async ({ body, principal }) => {
      const now = new Date();
      if (body.validUntil < dayInBrussels(deps.now()))
        throw fieldRefusal('validUntil', 'today-or-later', 'must be today or later');
      const { enterpriseNumber } = principal;
      const id = mandateKey(enterpriseNumber, body.schoolId);
      const mandate = {
        _id: id,
        enterpriseNumber,
        schoolId: body.schoolId,
        validUntil: body.validUntil,
        grantedAt: now.toISOString(),
        grantedBy: principal.sub,
        savedAt: now.toISOString(),
      };
      const reply = (entry: MandateEntry) => ({
        status: 201,
        body: toView(entry),
        headers: { Location: `/api/v1/mandates/${encodeURIComponent(id)}` },
      });
      if (!(await mandates.exists({ _id: id }))) {
        // A school given none before takes a slot. Mandates granted before the cap hold none
        // but count among those held, so only grants at once could pass it, by as many.
        const held = deps.readModels.mandates.list({ enterpriseNumber }, () => 0, Number.MAX_SAFE_INTEGER).length;
        const slot = await takeCapSlot(slots, 'mandatesPerCompany', cap, enterpriseNumber, id, held);
        const entry = await createMandate(deps.db, mandate);
        if (entry) {
          deps.readModels.apply({ kind: 'mandate', entry });
          return reply(entry);
        }
        // Another grant to the same school at once made it first, with its own slot.
        await slots.free('mandatesPerCompany', enterpriseNumber, slot, id);
      }
      return reply(await save(mandate));
    },
  });

  const list = routes.add({
    method: 'get',
    path: '/api/v1/mandates',
    compiled: true,
    summary: 'Mandates: a company those it gave, a school those given to it, an admin all',
    tag: 'Mandates',
    roles: ['company', 'school', 'admin'],
    responses: { 200: { description: 'Newest first, revoked and expired ones included', schema: z.array(mandateView) } },
    handler: async ({ principal }) => {
      const filter =
        principal.role === 'company'
          ? { enterpriseNumber: principal.enterpriseNumber }
          : principal.role === 'school'
            ? { schoolId: principal.schoolId }
            : {};
      const entries = deps.readModels.mandates.list(filter, newestFirst('grantedAt'), 1000);
      return { status: 200, body: entries.map(toView) };
    },
  });

  const revoke = routes.add({
    method: 'delete',
    path: '/api/v1/mandates/:id',
    summary: 'Revoke a mandate (the company that gave it): the school can no longer file for the company',
    tag: 'Mandates',
    roles: ['company'],
    params: idParam,
    responses: { 200: { description: 'The mandate, revoked', schema: mandateView } },
    handler: async ({ params, principal }) => {
      const found = await mandates.findById(params.id).lean();
      if (!found || found.enterpriseNumber !== principal.enterpriseNumber) throw notFound(`No mandate ${params.id}`);
      // Revoked before: written again as it is, so an attempt cut off before its feed is fed now.
      const now = new Date().toISOString();
      const revoked = found.revokedAt ? found : { ...found, revokedAt: now, revokedBy: principal.sub, savedAt: now };
      return { status: 200, body: toView(await save(revoked)) };
    },
  });

  return { ...schoolMandates(deps), operations: { give, list, revoke } };
}

/** Whether a school may file for an enterprise: the intake's check, and the lists' filter. */
function schoolMandates(deps: Dependencies) {
  const mandates = mandateModel(deps.db);

  /** Refuses (403 on `enterpriseNumber`) unless the school holds a mandate of the enterprise in force today. */
  async function requireMandate(enterpriseNumber: string, schoolId: string): Promise<void> {
    const mandate = await mandates.findById(mandateKey(enterpriseNumber, schoolId)).lean();
    const path = 'enterpriseNumber';
    if (!mandate) throw fieldProblem(refusal(path, 'no-mandate', 'this school has no mandate of this enterprise'), 403);
    if (!inForce(mandate, dayInBrussels(deps.now()))) {
      const { revokedAt, validUntil: endedOn } = mandate;
      throw fieldProblem(
        revokedAt
          ? refusal(path, 'mandate-revoked', 'this school’s mandate of this enterprise was revoked')
          : refusal(path, 'mandate-ended', `this school’s mandate of this enterprise ended on ${endedOn}`, { endedOn }),
        403,
      );
    }
  }

  /** From the read models: in every process within a second of a grant or revocation, at once in this one. */
  const inForceToday: SchoolMandates['inForce'] = (enterpriseNumber, schoolId) => {
    const mandate = deps.readModels.mandates.get(mandateKey(enterpriseNumber, schoolId));
    return mandate !== undefined && inForce(mandate, dayInBrussels(deps.now()));
  };

  return { requireMandate, inForce: inForceToday };
}
