import type { Request, Response } from 'express';
import type { Api } from '../../api/api';
import { Problem } from '../../api/problem';
import type { ApplicationView } from '../../models/application-dossier';
import { type PageContext, call, catalogueNames, page, principalOf, signedInPage } from '../context';
import { readUploads } from '../documents';
import { type FormErrors, type FormValues, formErrors, formValues, stringOf } from '../forms';
import { render } from '../layout';
import { may } from '../may';
import { paths } from '../paths';
import { DossierPage } from './dossier-view';
import { policyOfPartnership } from '../policy/of-partnership';

// One dossier, with the information request, visit and decision forms for whoever acts on it.

/** What a reviewer does with a dossier: each operation answers the dossier after it. */
type DossierAction = Api['applications']['requestInformation' | 'recordVisit' | 'decide'];

/** Success notices after a redirect, by code: the text never comes from the address itself. */
const NOTICES: Record<string, string> = {
  informatie: 'Uw vraag is naar de onderneming verstuurd. De beslissingstermijn loopt opnieuw zodra zij de aanvraag aanvult.',
  bezoek: 'Het bedrijfsbezoek is vastgelegd.',
  goedgekeurd: 'De aanvraag is goedgekeurd en de erkenning is aangemaakt. De onderneming krijgt bericht.',
  afgewezen: 'De aanvraag is afgewezen. De onderneming krijgt de redenen en kan bezwaar aantekenen.',
};

export async function dossier(
  ctx: PageContext,
  req: Request,
  res: Response,
  form: { values?: FormValues; errors?: FormErrors; status?: number } = {},
) {
  const principal = principalOf(res);
  const id = String(req.params.id);
  const [reply, names, uploads] = await Promise.all([
    call(ctx, res, ctx.api.applications.get, { params: { id } }),
    catalogueNames(ctx),
    readUploads(ctx, res, id),
  ]);
  const { visitChecklist } = await policyOfPartnership(ctx, res, reply.body.partnershipId);
  render(
    res,
    <DossierPage
      {...signedInPage(res)}
      notice={NOTICES[stringOf(req.query.gelukt)]}
      application={reply.body}
      names={names}
      uploads={uploads}
      acts={may(principal, ctx.api.applications.decide)}
      values={form.values}
      errors={form.errors}
      visitChecklist={visitChecklist}
    />,
    form.status,
  );
}

/**
 * Posts one of the dossier's forms: on success back to the dossier with a notice, on a refusal
 * the dossier again with the values kept and the messages beside the fields.
 */
export function action(
  ctx: PageContext,
  operation: DossierAction,
  build: (values: FormValues) => unknown,
  notice: (reply: ApplicationView) => string,
) {
  return page(async (req, res) => {
    const id = String(req.params.id);
    const values = formValues(req.body);
    try {
      const reply = await call(ctx, res, operation, { params: { id }, body: build(values) });
      res.redirect(303, `${paths.dossier(id)}?gelukt=${notice(reply.body)}`);
    } catch (error) {
      const errors = formErrors(error);
      if (!errors) throw error;
      await dossier(ctx, req, res, { values, errors, status: error instanceof Problem && error.status === 409 ? 409 : 400 });
    }
  });
}
