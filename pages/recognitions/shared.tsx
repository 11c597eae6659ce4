import type { Request, Response, Router } from 'express';
import type { Operation } from '../../api/routes';
import type { Recognition } from '../../models/recognition';
import type { Principal } from '../../platform/auth';
import { type CatalogueNames, type PageContext, call, catalogueNames, forOperation, page, signedInPage } from '../context';
import { type FormErrors, type FormValues, formValues, refusal } from '../forms';
import { may } from '../may';
import { Page, render } from '../layout';
import { type RecognitionAction, paths, patterns } from '../paths';

// What the recognition pages and the supervision pages share: the notices after a form, how a
// refusal is shown again, and the frame of a page about one recognition.

/** Short texts after a successful form, named in the redirect (`?gelukt=`). */
const NOTICES = {
  afgesloten: 'Alles in orde: de controle is afgesloten.',
  beantwoord:
    'Bedankt voor uw antwoorden. De controle is nog niet afgesloten: het partnerschap beoordeelt uw antwoorden en laat u weten wat er volgt.',
  verlengd: 'Uw erkenning is verlengd.',
  'verlenging-gevraagd': 'Uw vraag tot verlenging ligt bij het partnerschap.',
  beeindigd: 'De erkenning is beëindigd.',
  mentoren: 'De mentoren zijn bijgewerkt.',
  geschorst: 'De erkenning is geschorst. De onderneming krijgt bericht.',
  hersteld: 'De schorsing is opgeheven: de erkenning geldt weer.',
  ingetrokken: 'De erkenning is ingetrokken.',
  'verlenging-beslist': 'De beslissing over de verlenging is bewaard. De onderneming krijgt bericht.',
  beoordeeld: 'De controle is beoordeeld en afgesloten.',
  gewijzigd: 'De wijzigingen gelden vanaf nu.',
  'wijziging-gevraagd':
    'Wat meteen kon, geldt vanaf nu. De rest beoordeelt het partnerschap eerst; u krijgt bericht zodra het beslist heeft.',
  'niets-gewijzigd': 'Er was niets veranderd: de gegevens blijven zoals ze waren.',
  'wijziging-beslist': 'De beslissing over de wijziging is bewaard. De onderneming krijgt bericht.',
} as const;

export type NoticeName = keyof typeof NOTICES;

/** A path parameter (Express types allow a list, which these routes never have). */
export const idOf = (req: Request, name = 'id') => String(req.params[name]);

export const noticeOf = (req: Request): string | undefined => (NOTICES as Record<string, string>)[String(req.query.gelukt ?? '')];

/** The recognition's page with a notice, at one of its sections. */
export const recognitionWith = (id: string, notice: NoticeName, section?: string) =>
  `${paths.recognition(id)}?gelukt=${notice}${section ? `#${section}` : ''}`;

/** What the person may do on a recognition's pages, by the roles of the operations that do it. */
export type Powers = ReturnType<typeof powersOf>;

export function powersOf(ctx: PageContext, principal: Principal) {
  const { recognitions, qualityChecks } = ctx.api;
  return {
    change: may(principal, recognitions.change),
    decideChange: may(principal, recognitions.decideChange),
    answer: may(principal, qualityChecks.answer),
    evaluate: may(principal, qualityChecks.evaluate),
    renew: may(principal, recognitions.renew),
    changeMentors: may(principal, recognitions.replaceMentors),
    decide: may(principal, recognitions.suspend),
    terminate: may(principal, recognitions.terminate),
  };
}

/** A form shown again after a refusal: its values and messages, and the page's status. */
export interface Refusal {
  values: FormValues;
  errors: FormErrors;
  status: number;
}

export const trainingTitle = (recognition: Recognition, names: CatalogueNames) => names.training(recognition.trainingCode);

export const reasonsHint = 'Eén reden per regel. De onderneming leest ze.';

export const FORM_LABELS: Record<string, string> = { reasons: 'Redenen' };

export async function recognitionOf(ctx: PageContext, res: Response, id: string) {
  return (await call(ctx, res, ctx.api.recognitions.get, { params: { id } })).body;
}

export function Cancel(props: { id: string }) {
  return (
    <p>
      <a href={paths.recognition(props.id)}>Annuleren</a>
    </p>
  );
}

/** A page of its own about one recognition, with the way back to it. */
export async function subPage(
  ctx: PageContext,
  req: Request,
  res: Response,
  options: {
    title: string;
    status?: number;
    errors?: FormErrors;
    labels?: Record<string, string>;
    body: (r: Recognition, names: CatalogueNames) => unknown;
  },
) {
  const [r, names] = await Promise.all([recognitionOf(ctx, res, idOf(req)), catalogueNames(ctx)]);
  render(
    res,
    <Page
      title={options.title}
      {...signedInPage(res)}
      errors={options.errors}
      labels={options.labels ?? FORM_LABELS}
      back={{ href: paths.recognition(r.id), text: 'Terug naar de erkenning' }}
    >
      <p class="caption">
        {r.companyName} – {trainingTitle(r, names)}
      </p>
      <h1>{options.title}</h1>
      {options.body(r, names) as never}
    </Page>,
    options.status,
  );
}

/**
 * A page of its own with one form about a recognition, for those its operation allows: GET shows
 * it, POST sends it (`send` calls the operation) and returns to the recognition with a notice; a
 * refusal shows the form again with its values and messages.
 */
export function formPage(
  router: Router,
  action: RecognitionAction,
  operation: Operation,
  form: {
    show: (req: Request, res: Response, refused?: Refusal) => Promise<void>;
    send: (req: Request, res: Response, values: FormValues) => Promise<unknown>;
    /** The notice, or which one by what the operation answered. */
    notice: NoticeName | ((result: unknown) => NoticeName);
    /** The values as the form shows them again (default: as posted). */
    values?: (posted: FormValues) => FormValues;
    /** The operation's messages under the form's names for its fields. */
    errors?: (errors: FormErrors) => FormErrors;
  },
) {
  const allowed = [forOperation(operation)];
  router.get(
    patterns.recognitionAction(action),
    ...allowed,
    page((req, res) => form.show(req, res)),
  );
  router.post(
    patterns.recognitionAction(action),
    ...allowed,
    page(async (req, res) => {
      const values = (form.values ?? ((posted) => posted))(formValues(req.body));
      try {
        const result = await form.send(req, res, values);
        const notice = typeof form.notice === 'function' ? form.notice(result) : form.notice;
        res.redirect(303, recognitionWith(idOf(req), notice));
      } catch (error) {
        const refused = refusal(error);
        await form.show(req, res, { values, errors: form.errors?.(refused.errors) ?? refused.errors, status: refused.status });
      }
    }),
  );
}
