import type { Request, Response, Router } from 'express';
import type { ComponentChildren, VNode } from 'preact';
import type { z } from 'zod';
import { Problem } from '../api/problem';
import { INCIDENT_ROLES, REGISTER_ROLES } from '../platform/auth';
import type { companyRecognitions, searchResult, Verification } from '../models/register';
import { incidentInput, type Recognition as RecognitionView } from '../models/recognition';
import { type SubscriptionView, subscriptionInput } from '../models/subscription';
import { type CatalogueNames, type PageContext, callAs, catalogueNames, forRoles, page, principalOf, signedIn } from './context';
import {
  RECOGNITION_STATUS_TEXT,
  enterpriseNumberText,
  establishmentNumberText,
  inDutch,
  longDate,
  todayInBrussels,
} from './dutch';
import { type FormErrors, type FormValues, formErrors, formInput, formValues } from './forms';
import { Button, Checkbox, Form, Notice, Page, Select, Summary, Tag, TextArea, TextField, render } from './layout';

// The school's pages: is a workplace recognised for a training on a date, which recognised
// workplaces are there, report a problem with one, and follow changes by webhook. The register
// questions are GET forms: they change nothing, so their answers can be bookmarked and shared.

type CompanyRecognitions = z.infer<typeof companyRecognitions>;
type SearchResult = z.infer<typeof searchResult>;

/** The page's `:id`. */
const idOf = (req: Request) => String(req.params.id);

/** The values that were filled in, as an operation's query. */
const filledIn = (values: FormValues, names: string[]) =>
  Object.fromEntries(names.filter((name) => values[name]).map((name) => [name, values[name]!]));

/** A refused query, its messages beside the form's fields (the API names them `query.<field>`). */
function queryErrors(error: unknown): FormErrors | undefined {
  const errors = formErrors(error);
  if (!errors) return undefined;
  return {
    ...errors,
    fields: Object.fromEntries(Object.entries(errors.fields).map(([path, m]) => [path.replace(/^query\./, ''), m])),
  };
}

const trainingOptions = (names: CatalogueNames) =>
  [...names.trainings].sort((a, b) => a.name.localeCompare(b.name, 'nl')).map((t) => ({ value: t.code, text: t.name }));

/** A company's recognitions in the register, found by its enterprise number; undefined when it has none. */
async function companyOf(ctx: PageContext, res: Response, enterpriseNumber: string): Promise<CompanyRecognitions | undefined> {
  try {
    const reply = await callAs(ctx, res, 'get', '/api/v1/register/companies', { query: { enterpriseNumber } });
    return (reply.body as CompanyRecognitions[])[0];
  } catch (error) {
    if (error instanceof Problem && error.status === 400) return undefined;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Verify

const VERIFY_LABELS: Record<string, string> = {
  enterpriseNumber: 'Ondernemingsnummer',
  establishmentNumber: 'Vestigingseenheidsnummer',
  trainingCode: 'Opleiding',
  date: 'Datum',
};

function Verdict(props: {
  result: Verification;
  training: string;
  date: string;
  enterpriseNumber: string;
  establishmentNumber: string;
  company?: CompanyRecognitions;
  canReport: boolean;
}) {
  const { result, company } = props;
  const found = company?.recognitions.find((r) => r.recognitionId === result.recognitionId);
  const who = company?.companyName ?? 'Deze werkplek';
  const on = longDate(props.date);
  const sentence = result.recognized
    ? `${who} is op ${on} erkend als leeronderneming voor ${props.training}.`
    : result.status === 'none'
      ? `${who} heeft op ${on} geen erkenning voor ${props.training} op deze vestiging.`
      : `De erkenning van ${who} voor ${props.training} is op ${on} ${RECOGNITION_STATUS_TEXT[result.status]!.toLowerCase()}.`;
  const rows: Array<[string, ComponentChildren]> = [
    [
      'Onderneming',
      company ? `${company.companyName} (${enterpriseNumberText(company.enterpriseNumber)})` : props.enterpriseNumber,
    ],
    [
      'Vestiging',
      found
        ? `${establishmentNumberText(found.establishmentNumber)}, ${found.address.postcode} ${found.address.municipality}`
        : props.establishmentNumber,
    ],
    ['Opleiding', props.training],
    ['Datum', on],
    [
      'Stand',
      <Tag tone={result.recognized ? 'green' : result.status === 'suspended' ? 'yellow' : 'red'}>
        {result.status === 'none' ? 'Geen erkenning' : RECOGNITION_STATUS_TEXT[result.status]}
      </Tag>,
    ],
  ];
  if (result.validFrom && result.validUntil)
    rows.push(['Geldigheid', `van ${longDate(result.validFrom)} tot ${longDate(result.validUntil)}`]);
  return (
    <section aria-labelledby="antwoord">
      <div class={result.recognized ? 'panel' : 'panel negative'}>
        <h2 class="verdict" id="antwoord">
          {result.recognized ? 'Erkend' : 'Niet erkend'}
        </h2>
        <p>{sentence}</p>
      </div>
      <Summary rows={rows} />
      {result.recognitionId && props.canReport ? (
        <p>
          Loopt er iets mis op deze werkplek?{' '}
          <a href={`/erkenningen/${result.recognitionId}/melding${company ? `?onderneming=${company.enterpriseNumber}` : ''}`}>
            Meld een probleem aan het sectoraal partnerschap
          </a>
          .
        </p>
      ) : null}
    </section>
  );
}

function verifyPage(router: Router, ctx: PageContext) {
  router.get(
    '/register',
    signedIn,
    forRoles(...REGISTER_ROLES),
    page(async (req, res) => {
      const principal = principalOf(res);
      const names = await catalogueNames(ctx);
      const values = formValues(req.query);
      values.date ||= todayInBrussels();
      const asked = 'enterpriseNumber' in req.query;
      let verdict: VNode | undefined;
      let errors: FormErrors | undefined;
      if (asked) {
        try {
          const query = filledIn(values, Object.keys(VERIFY_LABELS));
          const reply = await callAs(ctx, res, 'get', '/api/v1/register/verify', { query });
          const company = await companyOf(ctx, res, query.enterpriseNumber!);
          verdict = (
            <Verdict
              result={reply.body as Verification}
              training={names.training(values.trainingCode!)}
              date={values.date}
              enterpriseNumber={values.enterpriseNumber!}
              establishmentNumber={values.establishmentNumber!}
              company={company}
              canReport={INCIDENT_ROLES.includes(principal.role)}
            />
          );
        } catch (error) {
          errors = queryErrors(error);
          if (!errors) throw error;
        }
      }
      render(
        res,
        <Page
          title="Is deze werkplek erkend?"
          principal={principal}
          csrf={res.locals.csrf}
          errors={errors}
          labels={VERIFY_LABELS}
        >
          <h1>Is deze werkplek erkend?</h1>
          {verdict}
          {verdict ? (
            <h2>Een andere werkplek nakijken</h2>
          ) : (
            <p class="lead">Kijk na of een werkplek erkend is voor een opleiding, op de dag die u kiest.</p>
          )}
          <form method="get" action="/register" novalidate>
            <TextField
              name="enterpriseNumber"
              label={VERIFY_LABELS.enterpriseNumber!}
              hint="10 cijfers, bijvoorbeeld 0403.170.701"
              inputMode="numeric"
              width="medium"
              values={values}
              errors={errors}
            />
            <TextField
              name="establishmentNumber"
              label={VERIFY_LABELS.establishmentNumber!}
              hint="Het nummer van de vestiging waar de leerling werkt: 10 cijfers, begint met 2 tot 8, bijvoorbeeld 2.123.456.791"
              inputMode="numeric"
              width="medium"
              values={values}
              errors={errors}
            />
            <Select
              name="trainingCode"
              label={VERIFY_LABELS.trainingCode!}
              placeholder="Kies een opleiding"
              options={trainingOptions(names)}
              values={values}
              errors={errors}
            />
            <TextField
              name="date"
              type="date"
              label={VERIFY_LABELS.date!}
              hint="Bijvoorbeeld de eerste dag van het leercontract; standaard vandaag."
              values={values}
              errors={errors}
            />
            <Button>Nakijken</Button>
          </form>
          <p>
            Of <a href="/register/zoeken">zoek een erkende werkplek</a> per opleiding en postcode.
          </p>
        </Page>,
        errors ? 400 : 200,
      );
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Search

const SEARCH_LABELS: Record<string, string> = {
  trainingCode: 'Opleiding',
  postcode: 'Postcode',
  hasCapacity: 'Alleen met vrije plaatsen',
};

/** The page of the pages' search that shows what an API search link asks. */
const searchLink = (apiLink: string) => `/register/zoeken?${apiLink.split('?')[1] ?? ''}`;

function Results(props: {
  result: SearchResult;
  names: CatalogueNames;
  allTrainings: boolean;
  query: Record<string, string>;
  /** A school places learners from here (pages/placements.tsx). */
  canPlace: boolean;
}) {
  const { result } = props;
  const previous = new URLSearchParams({ ...props.query, page: String(result.page - 1) });
  return (
    <section aria-labelledby="resultaten">
      <h2 id="resultaten">Erkende werkplekken{result.page > 1 ? `, pagina ${result.page}` : ''}</h2>
      {result.items.length === 0 ? (
        <p>Er is geen erkende werkplek die aan uw zoekvraag voldoet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Onderneming</th>
              <th scope="col">Vestiging</th>
              <th scope="col">Gemeente</th>
              {props.allTrainings ? <th scope="col">Opleiding</th> : null}
              <th scope="col">Plaatsen</th>
              <th scope="col">Vrij</th>
              {props.canPlace ? (
                <th scope="col">
                  <span class="visually-hidden">Acties</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {result.items.map((item) => (
              <tr key={item.recognitionId}>
                <td>{item.companyName}</td>
                <td>{establishmentNumberText(item.establishmentNumber)}</td>
                <td>
                  {item.address.postcode} {item.address.municipality}
                </td>
                {props.allTrainings ? <td>{props.names.training(item.trainingCode)}</td> : null}
                <td>{item.capacity}</td>
                <td>{item.freeCapacity}</td>
                {props.canPlace ? (
                  <td>
                    {item.freeCapacity > 0 ? (
                      <a
                        href={`/plaatsingen/nieuw?${new URLSearchParams({ erkenning: item.recognitionId, naam: item.companyName })}`}
                      >
                        Leerling plaatsen<span class="visually-hidden"> bij {item.companyName}</span>
                      </a>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result.page > 1 || result.next ? (
        <nav aria-label="Paginering" class="pagination">
          {result.page > 1 ? <a href={`/register/zoeken?${previous}`}>Vorige pagina</a> : null}
          {result.next ? <a href={searchLink(result.next)}>Volgende pagina</a> : null}
        </nav>
      ) : null}
    </section>
  );
}

function searchPage(router: Router, ctx: PageContext) {
  router.get(
    '/register/zoeken',
    signedIn,
    forRoles(...REGISTER_ROLES),
    page(async (req, res) => {
      const names = await catalogueNames(ctx);
      const values = formValues(req.query);
      const asked = Object.keys(req.query).length > 0;
      let results: VNode | undefined;
      let errors: FormErrors | undefined;
      if (asked) {
        // Paging terms come from the API's own `next` link; the form asks the rest.
        const query = filledIn(values, ['trainingCode', 'postcode', 'hasCapacity', 'page', 'pageSize']);
        try {
          const reply = await callAs(ctx, res, 'get', '/api/v1/register/search', { query });
          results = (
            <Results
              result={reply.body as SearchResult}
              names={names}
              allTrainings={!values.trainingCode}
              query={query}
              canPlace={principalOf(res).role === 'school'}
            />
          );
        } catch (error) {
          errors = queryErrors(error);
          if (!errors) throw error;
        }
      }
      render(
        res,
        <Page
          title="Een erkende werkplek zoeken"
          principal={principalOf(res)}
          csrf={res.locals.csrf}
          errors={errors}
          labels={SEARCH_LABELS}
        >
          <h1>Een erkende werkplek zoeken</h1>
          <p class="lead">Zoek erkende werkplekken voor een opleiding in een gemeente.</p>
          <form method="get" action="/register/zoeken" novalidate>
            <Select
              name="trainingCode"
              label={SEARCH_LABELS.trainingCode!}
              placeholder="Alle opleidingen"
              options={trainingOptions(names)}
              values={values}
              errors={errors}
            />
            <TextField
              name="postcode"
              label={SEARCH_LABELS.postcode!}
              hint="4 cijfers, bijvoorbeeld 9000"
              inputMode="numeric"
              width="short"
              autocomplete="postal-code"
              values={values}
              errors={errors}
            />
            <Checkbox
              name="hasCapacity"
              label={SEARCH_LABELS.hasCapacity!}
              hint="Werkplekken die nog een leerling kunnen opnemen."
              values={values}
              errors={errors}
            />
            <Button>Zoeken</Button>
          </form>
          {results}
        </Page>,
        errors ? 400 : 200,
      );
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Incident report

const INCIDENT_LABELS = { description: 'Wat is er gebeurd?' };

/** What the reporter knows of the recognition: a school from the register, a partnership its own dossier. */
async function incidentSubject(ctx: PageContext, req: Request, res: Response, id: string): Promise<string | undefined> {
  const names = await catalogueNames(ctx);
  if (principalOf(res).role !== 'school') {
    const r = (await callAs(ctx, res, 'get', '/api/v1/recognitions/:id', { params: { id } })).body as RecognitionView;
    return `${r.companyName}, ${names.training(r.trainingCode)}`;
  }
  const enterprise = typeof req.query.onderneming === 'string' ? req.query.onderneming : '';
  const company = enterprise ? await companyOf(ctx, res, enterprise) : undefined;
  const found = company?.recognitions.find((r) => r.recognitionId === id);
  return found
    ? `${company!.companyName}, ${names.training(found.trainingCode)} (${found.address.postcode} ${found.address.municipality})`
    : undefined;
}

function incidentPage(router: Router, ctx: PageContext) {
  const show = async (req: Request, res: Response, values: FormValues, errors?: FormErrors, status = 200) => {
    const id = idOf(req);
    const subject = await incidentSubject(ctx, req, res, id);
    const done = req.query.gelukt === 'ja';
    // The check the report opened or joined: the school follows it at /meldingen/{id}.
    const checkId = typeof req.query.controle === 'string' ? req.query.controle : undefined;
    const enterprise = typeof req.query.onderneming === 'string' ? req.query.onderneming : undefined;
    const self = `/erkenningen/${encodeURIComponent(id)}/melding${enterprise ? `?${new URLSearchParams({ onderneming: enterprise })}` : ''}`;
    // A school came from the register; a partnership from its own recognition page.
    const back =
      principalOf(res).role === 'school'
        ? { href: '/register', text: 'Terug naar het register' }
        : { href: `/erkenningen/${encodeURIComponent(id)}`, text: 'Terug naar de erkenning' };
    render(
      res,
      <Page
        title="Een probleem melden"
        principal={principalOf(res)}
        csrf={res.locals.csrf}
        errors={errors}
        labels={INCIDENT_LABELS}
        back={back}
      >
        {subject ? <p class="caption">{subject}</p> : null}
        <h1>Een probleem melden</h1>
        {done ? (
          <>
            <Notice text="Uw melding is doorgegeven: er loopt nu een kwaliteitscontrole bij deze werkplek." />
            <p>
              De onderneming beantwoordt vragen over de werkplek en het sectoraal partnerschap beoordeelt de antwoorden. Liep er
              al een controle na een melding, dan is uw melding daaraan toegevoegd.
            </p>
            {checkId && principalOf(res).role === 'school' ? (
              <p>
                <a href={`/meldingen/${encodeURIComponent(checkId)}`}>Volg wat er met uw melding gebeurt</a>
              </p>
            ) : null}
            <p>
              <a href={back.href}>{back.text}</a>
            </p>
          </>
        ) : (
          <>
            <p>
              Een melding gaat naar het sectoraal partnerschap dat deze werkplek erkende en opent een kwaliteitscontrole: de
              onderneming beantwoordt dan vragen over de werkplek, het partnerschap beoordeelt de antwoorden.
            </p>
            <Form action={self} csrf={res.locals.csrf}>
              <TextArea
                name="description"
                label={INCIDENT_LABELS.description}
                hint="Wat zag of hoorde u, wanneer, en wie was erbij betrokken? Noem geen gezondheidsgegevens van de leerling."
                rows={6}
                values={values}
                errors={errors}
              />
              <Button>Melding versturen</Button>
            </Form>
          </>
        )}
      </Page>,
      status,
    );
  };

  router.get(
    '/erkenningen/:id/melding',
    signedIn,
    forRoles(...INCIDENT_ROLES),
    page((req, res) => show(req, res, {})),
  );

  router.post(
    '/erkenningen/:id/melding',
    signedIn,
    forRoles(...INCIDENT_ROLES),
    page(async (req, res) => {
      const id = idOf(req);
      const values = formValues(req.body);
      let reported;
      try {
        reported = await callAs(ctx, res, 'post', '/api/v1/recognitions/:id/incidents', {
          params: { id },
          body: formInput(incidentInput, values),
        });
      } catch (error) {
        if (error instanceof Problem && error.status === 429) {
          if (error.retryAfter) res.setHeader('Retry-After', String(error.retryAfter));
          return show(req, res, values, { fields: {}, general: inDutch(error.reason ?? { message: error.detail }) }, 429);
        }
        if (error instanceof Problem && error.status === 409)
          return show(
            req,
            res,
            values,
            { fields: {}, general: 'Deze erkenning loopt niet meer: een melding is niet meer mogelijk.' },
            409,
          );
        const errors = formErrors(error);
        if (!errors) throw error;
        return show(req, res, values, errors, 400);
      }
      const back = new URLSearchParams({ gelukt: 'ja' });
      const { qualityCheckId } = reported.body as { qualityCheckId: string };
      if (principalOf(res).role === 'school') back.set('controle', qualityCheckId);
      if (typeof req.query.onderneming === 'string') back.set('onderneming', req.query.onderneming);
      res.redirect(303, `/erkenningen/${encodeURIComponent(id)}/melding?${back}`);
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Webhook subscriptions

const SUBSCRIPTION_LABELS: Record<string, string> = {
  url: 'Webadres van uw systeem',
  enterpriseNumbers: 'Ondernemingen die u volgt',
  contactEmail: 'E-mailadres voor problemen',
};

/** The secret of a subscription just made, kept in the session until its page has shown it once. */
const SECRET_DRAFT = 'subscriptionSecret';

/** The API names a wrong number by its index among the filled-in lines; the form names the line's value. */
function subscriptionErrors(errors: FormErrors, values: FormValues): FormErrors {
  const lines = (values.enterpriseNumbers ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const fields: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors.fields)) {
    const line = /^enterpriseNumbers\.(\d+)$/.exec(path);
    if (line) fields.enterpriseNumbers ??= `${lines[Number(line[1])] ?? ''}: ${message}`;
    else fields[path] = message;
  }
  return { ...errors, fields };
}

function Followed(props: { numbers: string[] }) {
  if (props.numbers.length === 0) return <>Alle ondernemingen</>;
  return (
    <>
      {props.numbers.map((n, i) => (
        <span key={n}>
          {i > 0 ? ', ' : ''}
          {enterpriseNumberText(n)}
        </span>
      ))}
    </>
  );
}

/** How a school's system checks that a webhook comes from Erkend (Standard Webhooks). */
function SignatureHelp() {
  return (
    <section aria-labelledby="controleren">
      <h2 id="controleren">Hoe controleert uw systeem een melding?</h2>
      <p>
        Erkend stuurt bij elke wijziging van een erkenning een <code>POST</code>-bericht in JSON naar uw webadres, volgens de open
        standaard <a href="https://www.standardwebhooks.com/">Standard Webhooks</a>. Elk bericht heeft drie kopregels:{' '}
        <code>webhook-id</code>, <code>webhook-timestamp</code> en <code>webhook-signature</code>.
      </p>
      <ol>
        <li>
          Neem het geheim zonder het begin <code>whsec_</code> en decodeer de rest uit base64: dat is de sleutel.
        </li>
        <li>
          Bereken een HMAC-SHA256 met die sleutel over de tekst <code>webhook-id.webhook-timestamp.inhoud</code>: de id, een punt,
          het tijdstip, een punt en de inhoud van het bericht precies zoals ontvangen.
        </li>
        <li>
          Codeer de uitkomst in base64 en vergelijk ze met de handtekening na <code>v1,</code> in <code>webhook-signature</code>.
          Klopt ze niet, weiger het bericht dan.
        </li>
        <li>
          Weiger ook een bericht met een tijdstip van meer dan vijf minuten geleden, en verwerk een <code>webhook-id</code> maar
          één keer: een bericht dat niet aankwam, wordt opnieuw verstuurd.
        </li>
      </ol>
      <p>
        De bibliotheken van Standard Webhooks doen dit voor u, bijvoorbeeld in JavaScript met het npm-pakket{' '}
        <code>standardwebhooks</code>: <code>new Webhook(geheim).verify(inhoud, kopregels)</code>.
      </p>
    </section>
  );
}

function subscriptionPages(router: Router, ctx: PageContext) {
  const school = [signedIn, forRoles('school')];

  router.get(
    '/abonnementen',
    ...school,
    page(async (req, res) => {
      const list = (await callAs(ctx, res, 'get', '/api/v1/subscriptions')).body as SubscriptionView[];
      render(
        res,
        <Page title="Meldingen bij wijzigingen" principal={principalOf(res)} csrf={res.locals.csrf}>
          <h1>Meldingen bij wijzigingen</h1>
          <Notice text={req.query.gelukt === 'gestopt' ? 'Het abonnement is stopgezet.' : undefined} />
          <p class="lead">
            Erkend kan het systeem van uw school een bericht (een webhook) sturen telkens de erkenning van een onderneming
            verandert: erkend, geschorst, ingetrokken, verlopen of beëindigd.
          </p>
          <p>
            <a class="button primary" href="/abonnementen/nieuw">
              Nieuw abonnement
            </a>
          </p>
          <h2>Uw abonnementen</h2>
          {list.length === 0 ? (
            <p>U hebt nog geen abonnementen.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Webadres</th>
                  <th scope="col">Ondernemingen</th>
                  <th scope="col">Sinds</th>
                  <th scope="col">Stand</th>
                  <th scope="col">
                    <span class="visually-hidden">Acties</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((s) => (
                  <tr key={s.id}>
                    <td class="break">
                      <a href={`/abonnementen/${s.id}`}>{s.url}</a>
                    </td>
                    <td>
                      <Followed numbers={s.enterpriseNumbers} />
                    </td>
                    <td>{longDate(s.createdAt)}</td>
                    <td>{s.undeliverable ? <Tag tone="red">Niet bezorgbaar</Tag> : <Tag tone="green">Actief</Tag>}</td>
                    <td>
                      <a href={`/abonnementen/${s.id}/stopzetten`}>
                        Stopzetten<span class="visually-hidden"> ({s.url})</span>
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Page>,
      );
    }),
  );

  const showNew = (res: Response, values: FormValues, errors?: FormErrors, status = 200) =>
    render(
      res,
      <Page
        title="Nieuw abonnement"
        principal={principalOf(res)}
        csrf={res.locals.csrf}
        errors={errors}
        labels={SUBSCRIPTION_LABELS}
        back={{ href: '/abonnementen', text: 'Terug naar uw abonnementen' }}
      >
        <h1>Nieuw abonnement</h1>
        <Form action="/abonnementen/nieuw" csrf={res.locals.csrf}>
          <TextField
            name="url"
            label={SUBSCRIPTION_LABELS.url!}
            hint="Het adres op het internet waar uw systeem de berichten ontvangt, bijvoorbeeld https://school.example/webhooks/erkend"
            autocomplete="url"
            values={values}
            errors={errors}
          />
          <TextArea
            name="enterpriseNumbers"
            label={SUBSCRIPTION_LABELS.enterpriseNumbers!}
            hint="Eén ondernemingsnummer per regel, bijvoorbeeld 0403.170.701. Laat leeg om elke wijziging van elke erkenning te ontvangen."
            rows={6}
            values={values}
            errors={errors}
          />
          <TextField
            name="contactEmail"
            type="email"
            label={`${SUBSCRIPTION_LABELS.contactEmail!} (niet verplicht)`}
            hint="Hier laat Erkend weten wanneer berichten uw systeem niet bereiken."
            autocomplete="email"
            values={values}
            errors={errors}
          />
          <Button>Abonnement aanmaken</Button>
        </Form>
      </Page>,
      status,
    );

  router.get(
    '/abonnementen/nieuw',
    ...school,
    page(async (_req, res) => showNew(res, {})),
  );

  router.post(
    '/abonnementen/nieuw',
    ...school,
    page(async (req, res) => {
      const values = formValues(req.body);
      let created: { id: string; secret: string };
      try {
        created = (await callAs(ctx, res, 'post', '/api/v1/subscriptions', { body: formInput(subscriptionInput, values) }))
          .body as typeof created;
      } catch (error) {
        const errors = formErrors(error);
        if (!errors) throw error;
        return showNew(res, values, subscriptionErrors(errors, values), 400);
      }
      // Post/Redirect/Get without the secret in a URL: the next page shows it once from the session.
      await ctx.sessions.saveDraft(res.locals.session!, SECRET_DRAFT, { id: created.id, secret: created.secret });
      res.redirect(303, `/abonnementen/${encodeURIComponent(created.id)}`);
    }),
  );

  router.get(
    '/abonnementen/:id',
    ...school,
    page(async (req, res) => {
      const id = idOf(req);
      const s = (await callAs(ctx, res, 'get', '/api/v1/subscriptions/:id', { params: { id } })).body as SubscriptionView;
      const session = res.locals.session!;
      const draft = session.drafts[SECRET_DRAFT] as { id: string; secret: string } | undefined;
      const secret = draft?.id === id ? draft.secret : undefined;
      if (secret) await ctx.sessions.saveDraft(session, SECRET_DRAFT, undefined);
      res.setHeader('Cache-Control', 'no-store');
      render(
        res,
        <Page
          title="Abonnement"
          principal={principalOf(res)}
          csrf={res.locals.csrf}
          back={{ href: '/abonnementen', text: 'Terug naar uw abonnementen' }}
        >
          <h1>Abonnement</h1>
          {secret ? (
            <div class="panel">
              <h2>Het abonnement is aangemaakt</h2>
              <p>Dit is het geheim waarmee uw systeem nagaat dat een bericht van Erkend komt:</p>
              <p>
                <code class="break">{secret}</code>
              </p>
              <p>
                <strong>Bewaar het nu in uw systeem.</strong> Erkend toont het maar één keer; wie het kwijt is, maakt een nieuw
                abonnement en zet dit stop.
              </p>
            </div>
          ) : null}
          <Summary
            rows={[
              ['Webadres', <span class="break">{s.url}</span>],
              ['Ondernemingen', <Followed numbers={s.enterpriseNumbers} />],
              ['E-mailadres voor problemen', s.contactEmail ?? 'Geen'],
              ['Aangemaakt', longDate(s.createdAt)],
              [
                'Stand',
                s.undeliverable ? (
                  `Niet bezorgbaar sinds ${longDate(s.undeliverable.at)}. ${inDutch({ message: s.undeliverable.reason })}`
                ) : (
                  <Tag tone="green">Actief</Tag>
                ),
              ],
            ]}
          />
          <p>
            <a href={`/abonnementen/${s.id}/stopzetten`}>Dit abonnement stopzetten</a>
          </p>
          <SignatureHelp />
        </Page>,
      );
    }),
  );

  router.get(
    '/abonnementen/:id/stopzetten',
    ...school,
    page(async (req, res) => {
      const id = idOf(req);
      const s = (await callAs(ctx, res, 'get', '/api/v1/subscriptions/:id', { params: { id } })).body as SubscriptionView;
      render(
        res,
        <Page
          title="Abonnement stopzetten"
          principal={principalOf(res)}
          csrf={res.locals.csrf}
          back={{ href: '/abonnementen', text: 'Terug naar uw abonnementen' }}
        >
          <h1>Wilt u dit abonnement stopzetten?</h1>
          <Summary
            rows={[
              ['Webadres', <span class="break">{s.url}</span>],
              ['Ondernemingen', <Followed numbers={s.enterpriseNumbers} />],
            ]}
          />
          <p>Uw systeem krijgt dan geen berichten meer; berichten die nog onderweg zijn, vervallen.</p>
          <Form action={`/abonnementen/${encodeURIComponent(id)}/stopzetten`} csrf={res.locals.csrf}>
            <Button kind="warning">Ja, stopzetten</Button> <a href="/abonnementen">Nee, terug</a>
          </Form>
        </Page>,
      );
    }),
  );

  router.post(
    '/abonnementen/:id/stopzetten',
    ...school,
    page(async (req, res) => {
      await callAs(ctx, res, 'delete', '/api/v1/subscriptions/:id', { params: { id: idOf(req) } });
      res.redirect(303, '/abonnementen?gelukt=gestopt');
    }),
  );
}

/** The school's pages: the register, incident reports and webhook subscriptions. */
export function schoolPages(router: Router, ctx: PageContext) {
  verifyPage(router, ctx);
  searchPage(router, ctx);
  incidentPage(router, ctx);
  subscriptionPages(router, ctx);
}
