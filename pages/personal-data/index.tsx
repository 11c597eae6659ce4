import type { Response, Router } from 'express';
import { type PageContext, call, forOperation, page, signedInPage } from '../context';
import { todayInBrussels } from '../dutch';
import { type FormErrors, type FormValues, formErrors, formValues, isoFromTyped } from '../forms';
import { render } from '../layout';
import { patterns } from '../paths';
import { ConfirmErasurePage, ErasedPage, FoundPage } from './places';
import { PERSON_LABELS, StartPage } from './start-page';

// The administrator answers a person who asks what Erkend holds of them, or asks to be erased
// (GDPR art. 15, 17 and 20): a search by e-mail address (a contact) or by name and birth date
// (a mentor), every place found with what would be kept and why, the export as a JSON file, and
// the erasure after a confirmation, answered with what was erased and what is kept. Searches
// are posted, never put in a URL: the person's data stays out of browser histories and logs.
// The page also shows the retention schedule and what the nightly runs did.

const PERSON_FIELDS = Object.keys(PERSON_LABELS);

/** The person as the API takes them: the fields filled in, a typed date as YYYY-MM-DD. */
function personOf(values: FormValues): Record<string, string> {
  const person: Record<string, string> = {};
  for (const field of PERSON_FIELDS) {
    const value = values[field];
    if (value) person[field] = field === 'birthDate' ? isoFromTyped(value) : value;
  }
  return person;
}

async function showStart(ctx: PageContext, res: Response, form: { values?: FormValues; errors?: FormErrors } = {}, status = 200) {
  const { body: runs } = await call(ctx, res, ctx.api.personalData.retentionRuns, { query: { limit: '5' } });
  render(res, <StartPage {...signedInPage(res)} runs={runs} {...form} />, status);
}

async function search(ctx: PageContext, res: Response, person: Record<string, string>) {
  return (await call(ctx, res, ctx.api.personalData.find, { query: person })).body;
}

export function personalDataPages(router: Router, ctx: PageContext) {
  const { personalData } = ctx.api;
  const admin = [forOperation(personalData.find)];

  router.get(
    patterns.personalData,
    ...admin,
    page((_req, res) => showStart(ctx, res)),
  );

  router.post(
    patterns.personalData,
    ...admin,
    page(async (req, res) => {
      const values = formValues(req.body);
      const person = personOf(values);
      let found;
      try {
        found = await search(ctx, res, person);
      } catch (error) {
        const errors = formErrors(error);
        if (!errors) throw error;
        // The search is the API's query: its fields are named `query.email` there.
        const fields = Object.fromEntries(
          Object.entries(errors.fields).map(([path, text]) => [path.replace(/^query\./, ''), text]),
        );
        return showStart(ctx, res, { values, errors: { ...errors, fields } }, 400);
      }
      render(res, <FoundPage {...signedInPage(res)} person={person} found={found} />);
    }),
  );

  router.post(
    patterns.personalDataExport,
    ...admin,
    page(async (req, res) => {
      const found = await search(ctx, res, personOf(formValues(req.body)));
      res
        .type('application/json')
        .attachment(`persoonsgegevens-${todayInBrussels()}.json`)
        .send(`${JSON.stringify(found, null, 2)}\n`);
    }),
  );

  router.post(
    patterns.personalDataErasure,
    ...admin,
    page(async (req, res) => {
      const values = formValues(req.body);
      const person = personOf(values);
      if (values.bevestigd !== 'ja') {
        const found = await search(ctx, res, person);
        return render(res, <ConfirmErasurePage {...signedInPage(res)} person={person} found={found} />);
      }
      const { body: report } = await call(ctx, res, personalData.erase, { body: person });
      render(res, <ErasedPage {...signedInPage(res)} person={person} report={report} />);
    }),
  );
}
