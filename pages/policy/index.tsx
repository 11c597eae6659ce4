import type { Request, Response, Router } from 'express';
import { notFound } from '../../api/problem';
import { type PageContext, call, forOperation, page, principalOf, signedInPage } from '../context';
import { inDutch } from '../dutch';
import { type FormErrors, type FormValues, formErrors, formValues, stringOf } from '../forms';
import { render } from '../layout';
import { may } from '../may';
import { paths, patterns } from '../paths';
import type { Partnership } from './fields';
import { PolicyPage } from './page';
import { formPath, inFormOrder, policyOf, valuesOf } from './values';

// A partnership's policy: its coordinator (or an admin) changes it in a form, its reviewers read
// it, and everyone who sees it sees its history. Terms are a number and a unit, as people say
// them ("21 dagen"); the API keeps ISO 8601 durations (P21D).

const NOTICES: Record<string, string> = {
  bewaard: 'Het beleid is bewaard. Dossiers volgen het vanaf hun volgende stap.',
};

const HISTORY_LIMIT = 20;

const partnerships = async (ctx: PageContext, res: Response): Promise<Partnership[]> =>
  (await call(ctx, res, ctx.api.catalogue.allPartnerships)).body;

/** The partnership shown: a reviewer's or coordinator's own, an admin's choice (the first by default). */
async function partnershipFor(ctx: PageContext, res: Response, chosen: string) {
  const principal = principalOf(res);
  const all = await partnerships(ctx, res);
  const id = principal.role === 'admin' ? chosen || all[0]?.id : 'partnershipId' in principal ? principal.partnershipId : '';
  const partnership = all.find((p) => p.id === id);
  if (!partnership) throw notFound(`No partnership ${id}`);
  return { partnership, all };
}

async function historyOf(ctx: PageContext, res: Response, partnershipId: string, before: string) {
  const reply = await call(ctx, res, ctx.api.catalogue.policyHistory, {
    params: { id: partnershipId },
    query: { limit: String(HISTORY_LIMIT), ...(before ? { before } : {}) },
  });
  return reply.body;
}

/** A stored policy beyond today's bounds is shown with its fields marked, for an admin or coordinator to repair. */
function repairOf(partnership: Partnership): FormErrors | undefined {
  if (!partnership.policyProblems?.length) return undefined;
  return {
    general: 'Dit beleid voldoet niet aan de grenzen. Pas de aangeduide velden aan en bewaar het.',
    fields: Object.fromEntries(partnership.policyProblems.map((p) => [formPath(p.path.replace(/^policy\./, '')), inDutch(p)])),
  };
}

async function show(
  ctx: PageContext,
  req: Request,
  res: Response,
  options: { partnershipId: string; values?: FormValues; errors?: FormErrors; status?: number },
) {
  const principal = principalOf(res);
  const { partnership, all } = await partnershipFor(ctx, res, options.partnershipId);
  const changes = await historyOf(ctx, res, partnership.id, stringOf(req.query.voor));
  const editable = may(principal, ctx.api.catalogue.putPolicy);
  const errors = options.errors ?? (editable ? repairOf(partnership) : undefined);
  const query = principal.role === 'admin' ? `partnershipId=${encodeURIComponent(partnership.id)}&` : '';
  const older =
    changes.length === HISTORY_LIMIT
      ? `${paths.policy}?${query}voor=${encodeURIComponent(changes.at(-1)!.id)}#geschiedenis`
      : undefined;
  render(
    res,
    <PolicyPage
      {...signedInPage(res)}
      notice={options.errors ? undefined : NOTICES[stringOf(req.query.gelukt)]}
      partnership={partnership}
      all={all}
      changes={changes}
      older={older}
      editable={editable}
      values={options.values ?? valuesOf(partnership.policy)}
      errors={errors}
    />,
    options.status ?? 200,
  );
}

export function policyPages(router: Router, ctx: PageContext) {
  router.get(
    patterns.policy,
    forOperation(ctx.api.catalogue.policyHistory),
    page(async (req, res) => show(ctx, req, res, { partnershipId: stringOf(req.query.partnershipId) })),
  );

  router.post(
    patterns.policy,
    forOperation(ctx.api.catalogue.putPolicy),
    page(async (req, res) => {
      const principal = principalOf(res);
      const values = formValues(req.body);
      // The partnership the form was for: another than a coordinator's own is refused by the API
      // (not found), never quietly applied to its own.
      const own = 'partnershipId' in principal ? principal.partnershipId : '';
      const partnershipId = values.partnershipId || own;
      const stored = (await partnerships(ctx, res)).find((p) => p.id === partnershipId)?.policy ?? {};
      const { body, errors: unreadable, rows } = policyOf(values, stored);
      try {
        await call(ctx, res, ctx.api.catalogue.putPolicy, { params: { id: partnershipId }, body });
      } catch (error) {
        const refused = formErrors(error);
        if (!refused) throw error;
        const fields: Record<string, string> = {};
        for (const [path, message] of Object.entries(refused.fields)) fields[formPath(path, rows)] ??= message;
        const errors = { ...refused, fields: inFormOrder({ ...fields, ...unreadable }) };
        return show(ctx, req, res, { partnershipId, values, errors, status: 400 });
      }
      const query = principal.role === 'admin' ? `&partnershipId=${encodeURIComponent(partnershipId)}` : '';
      res.redirect(303, `${paths.policy}?gelukt=bewaard${query}`);
    }),
  );
}
