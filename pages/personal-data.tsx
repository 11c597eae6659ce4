import type { Response, Router } from 'express';
import type { ErasureReport, Place, PersonalDataExport } from '../models/personal-data';
import { RETENTION_KINDS, RETENTION_SCHEDULE, type RetentionCounts } from '../models/retention';
import { type PageContext, callAs, forRoles, page, principalOf, signedIn } from './context';
import {
  KEPT_REASON_TEXT,
  PERSON_ROLE_TEXT,
  PLACE_KIND_TEXT,
  RETENTION_COUNT_TEXT,
  RETENTION_KIND_TEXT,
  durationText,
  longDate,
  longDateTime,
  todayInBrussels,
} from './dutch';
import { type FormErrors, type FormValues, formErrors, formValues, isoFromTyped } from './forms';
import { Button, Form, Page, Summary, Tag, TextField, render } from './layout';

// The administrator answers a person who asks what Erkend holds of them, or asks to be erased
// (GDPR art. 15, 17 and 20): a search by e-mail address (a contact) or by name and birth date
// (a mentor), every place found with what would be kept and why, the export as a JSON file, and
// the erasure after a confirmation, answered with what was erased and what is kept. Searches
// are posted, never put in a URL: the person's data stays out of browser histories and logs.
// The page also shows the retention schedule and what the nightly runs did.

const LABELS: Record<string, string> = {
  email: 'E-mailadres',
  firstName: 'Voornaam',
  lastName: 'Achternaam',
  birthDate: 'Geboortedatum',
};
const PERSON_FIELDS = Object.keys(LABELS);

/** The person as the API takes them: the fields filled in, a typed date as YYYY-MM-DD. */
function personOf(values: FormValues): Record<string, string> {
  const person: Record<string, string> = {};
  for (const field of PERSON_FIELDS) {
    const value = values[field];
    if (value) person[field] = field === 'birthDate' ? isoFromTyped(value) : value;
  }
  return person;
}

const personText = (person: Record<string, string | undefined>) =>
  [
    person.email,
    [person.firstName, person.lastName].filter(Boolean).join(' '),
    person.birthDate && `geboren ${longDate(person.birthDate)}`,
  ]
    .filter(Boolean)
    .join(', ');

/** The person's fields again, for the next form (export, erasure). */
const Hidden = (props: { person: Record<string, string> }) => (
  <>
    {Object.entries(props.person).map(([name, value]) => (
      <input key={name} type="hidden" name={name} value={value} />
    ))}
  </>
);

function placeLink(place: Pick<Place, 'kind' | 'id'>) {
  const text = PLACE_KIND_TEXT[place.kind] ?? place.kind;
  if (place.kind === 'application') return <a href={`/dossiers/${encodeURIComponent(place.id!)}`}>{text}</a>;
  if (place.kind === 'recognition') return <a href={`/erkenningen/${encodeURIComponent(place.id!)}`}>{text}</a>;
  return text;
}

const rolesText = (roles: Place['roles']) => roles.map((role) => PERSON_ROLE_TEXT[role] ?? role).join(', ');

const keptText = (kept: NonNullable<Place['kept']>) =>
  `${KEPT_REASON_TEXT[kept.reason]}${kept.until ? ` Voorlopig tot ${longDate(kept.until.slice(0, 10))}.` : ''}`;

/** What a place holds of the person, in a line. */
function dataText(place: Place): string {
  const d = place.data as {
    contact?: { name: string; email: string; phone?: string };
    mentors?: Array<{ firstName: string; lastName: string; birthDate: string }>;
    subject?: string;
    createdAt?: string;
    mentions?: string[];
  };
  return [
    d.contact && `${d.contact.name}, ${d.contact.email}${d.contact.phone ? `, ${d.contact.phone}` : ''}`,
    ...(d.mentors ?? []).map((m) => `${m.firstName} ${m.lastName}, geboren ${longDate(m.birthDate)}`),
    d.subject && `“${d.subject}”, ${longDateTime(d.createdAt)}`,
    d.mentions?.length && `genoemd in ${d.mentions.length === 1 ? '1 tekst' : `${d.mentions.length} teksten`}`,
  ]
    .filter(Boolean)
    .join('; ');
}

function SearchForm(props: { csrf?: string; values?: FormValues; errors?: FormErrors }) {
  const field = { values: props.values, errors: props.errors };
  return (
    <Form action="/persoonsgegevens" csrf={props.csrf}>
      <TextField name="email" type="email" label={LABELS.email!} hint="Een contactpersoon" autocomplete="off" {...field} />
      <fieldset>
        <legend>Of een mentor</legend>
        <TextField name="firstName" label={LABELS.firstName!} autocomplete="off" width="medium" {...field} />
        <TextField name="lastName" label={LABELS.lastName!} autocomplete="off" width="medium" {...field} />
        <TextField
          name="birthDate"
          type="date"
          label={LABELS.birthDate!}
          hint="Bijvoorbeeld 12-05-1980"
          width="medium"
          {...field}
        />
      </fieldset>
      <Button>Zoeken</Button>
    </Form>
  );
}

interface Run {
  id: string;
  startedAt: string;
  finishedAt: string;
  counts: RetentionCounts;
}

async function showStart(ctx: PageContext, res: Response, form: { values?: FormValues; errors?: FormErrors } = {}, status = 200) {
  const runs = (await callAs(ctx, res, 'get', '/api/v1/retention-runs', { query: { limit: '5' } })).body as Run[];
  render(
    res,
    <Page title="Persoonsgegevens" principal={principalOf(res)} csrf={res.locals.csrf} errors={form.errors} labels={LABELS}>
      <h1>Persoonsgegevens</h1>
      <p class="lead">
        Vraagt iemand welke gegevens Erkend over hem of haar bewaart, of vraagt iemand ze te wissen? Zoek een contactpersoon op
        e-mailadres of een mentor op naam en geboortedatum.
      </p>
      <SearchForm csrf={res.locals.csrf} {...form} />
      <h2>Bewaartermijnen</h2>
      <p>
        Erkend wist of pseudonimiseert elke nacht wat zijn termijn voorbij is. Wat de monitoring telt (stand, data, planlast,
        beslissing) blijft; namen, contactgegevens, geboortedata en vrije teksten verdwijnen.
      </p>
      <table>
        <caption class="visually-hidden">Bewaartermijnen per soort gegevens</caption>
        <thead>
          <tr>
            <th scope="col">Gegevens</th>
            <th scope="col">Bewaard</th>
            <th scope="col">Grond</th>
          </tr>
        </thead>
        <tbody>
          {RETENTION_KINDS.map((kind) => {
            const text = RETENTION_KIND_TEXT[kind];
            const period = RETENTION_SCHEDULE[kind].period;
            return (
              <tr key={kind}>
                <td>{text.what}</td>
                <td>{period ? `${durationText(period)} ${text.from}` : text.from}</td>
                <td>{text.ground}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h2>Laatste nachtelijke rondes</h2>
      {runs.length === 0 ? (
        <p>Er liep nog geen ronde.</p>
      ) : (
        <table>
          <caption class="visually-hidden">Laatste nachtelijke rondes</caption>
          <thead>
            <tr>
              <th scope="col">Gestart</th>
              <th scope="col">Gedaan</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id}>
                <td>{longDateTime(run.startedAt)}</td>
                <td>
                  {Object.entries(run.counts)
                    .filter(([, n]) => n > 0)
                    .map(([key, n]) => `${n} ${RETENTION_COUNT_TEXT[key as keyof RetentionCounts]}`)
                    .join(', ') || 'Niets verlopen'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>,
    status,
  );
}

function PlacesTable(props: { places: Place[]; caption: string }) {
  return (
    <table>
      <caption class="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Waar</th>
          <th scope="col">Onderneming</th>
          <th scope="col">Als</th>
          <th scope="col">Gegevens</th>
          <th scope="col">Wissen</th>
        </tr>
      </thead>
      <tbody>
        {props.places.map((place, i) => (
          <tr key={place.id ?? i}>
            <td>{placeLink(place)}</td>
            <td>{place.companyName ?? ''}</td>
            <td>{rolesText(place.roles)}</td>
            <td>{dataText(place)}</td>
            <td>{place.kept ? <>Bewaard: {keptText(place.kept)}</> : <Tag tone="grey">Kan gewist worden</Tag>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Where the data is besides the dossiers: said under every answer. */
const Elsewhere = (props: { notes: PersonalDataExport['elsewhere'] }) => (
  <>
    <h2>Buiten de dossiers</h2>
    <ul>
      {props.notes.map((note) => (
        <li key={note.reason}>{KEPT_REASON_TEXT[note.reason]}</li>
      ))}
    </ul>
  </>
);

async function search(ctx: PageContext, res: Response, person: Record<string, string>) {
  return (await callAs(ctx, res, 'get', '/api/v1/personal-data', { query: person })).body as PersonalDataExport;
}

function showFound(res: Response, person: Record<string, string>, found: PersonalDataExport) {
  const erasable = found.places.filter((p) => !p.kept).length;
  render(
    res,
    <Page
      title="Persoonsgegevens gevonden"
      principal={principalOf(res)}
      csrf={res.locals.csrf}
      back={{ href: '/persoonsgegevens', text: 'Opnieuw zoeken' }}
    >
      <p class="caption">Persoonsgegevens</p>
      <h1>{personText(person)}</h1>
      <Summary
        rows={[
          [
            'Gevonden',
            `${found.places.length}${found.truncated ? '+' : ''} ${found.places.length === 1 ? 'plaats' : 'plaatsen'}`,
          ],
          ['Kan nu gewist worden', String(erasable)],
        ]}
      />
      {found.truncated ? <p>Dit zijn de eerste {found.places.length} plaatsen. Wis ze en zoek opnieuw voor de rest.</p> : null}
      {found.places.length === 0 ? (
        <p>Erkend bewaart geen gegevens van deze persoon in zijn dossiers.</p>
      ) : (
        <PlacesTable places={found.places} caption="Waar de gegevens staan" />
      )}
      <Elsewhere notes={found.elsewhere} />
      <Form action="/persoonsgegevens/export" csrf={res.locals.csrf}>
        <Hidden person={person} />
        <Button kind="secondary">Downloaden (JSON)</Button>
      </Form>
      {erasable > 0 ? (
        <Form action="/persoonsgegevens/wissen" csrf={res.locals.csrf}>
          <Hidden person={person} />
          <Button kind="warning">Wissen…</Button>
        </Form>
      ) : null}
    </Page>,
  );
}

export function personalDataPages(router: Router, ctx: PageContext) {
  const admin = [signedIn, forRoles('admin')];

  router.get(
    '/persoonsgegevens',
    ...admin,
    page((_req, res) => showStart(ctx, res)),
  );

  router.post(
    '/persoonsgegevens',
    ...admin,
    page(async (req, res) => {
      const values = formValues(req.body);
      const person = personOf(values);
      let found: PersonalDataExport;
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
      showFound(res, person, found);
    }),
  );

  router.post(
    '/persoonsgegevens/export',
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
    '/persoonsgegevens/wissen',
    ...admin,
    page(async (req, res) => {
      const values = formValues(req.body);
      const person = personOf(values);
      const principal = principalOf(res);
      if (values.bevestigd !== 'ja') {
        const found = await search(ctx, res, person);
        const erasable = found.places.filter((p) => !p.kept);
        const kept = found.places.filter((p) => p.kept);
        return render(
          res,
          <Page
            title="Gegevens wissen"
            principal={principal}
            csrf={res.locals.csrf}
            back={{ href: '/persoonsgegevens', text: 'Terug' }}
          >
            <h1>De gegevens van {personText(person)} wissen?</h1>
            <p>
              Dit kan niet ongedaan gemaakt worden. In {erasable.length === 1 ? '1 plaats' : `${erasable.length} plaatsen`} worden
              de gegevens gewist; documenten van die dossiers worden verwijderd.
            </p>
            {erasable.length ? <PlacesTable places={erasable} caption="Wat gewist wordt" /> : null}
            {kept.length ? (
              <>
                <h2>Wat bewaard blijft</h2>
                <PlacesTable places={kept} caption="Wat bewaard blijft" />
              </>
            ) : null}
            <Form action="/persoonsgegevens/wissen" csrf={res.locals.csrf}>
              <Hidden person={person} />
              <input type="hidden" name="bevestigd" value="ja" />
              <Button kind="warning">Ja, definitief wissen</Button> <a href="/persoonsgegevens">Nee, terug</a>
            </Form>
          </Page>,
        );
      }
      const report = (await callAs(ctx, res, 'post', '/api/v1/personal-data/erasure', { body: person })).body as ErasureReport;
      render(
        res,
        <Page
          title="Gegevens gewist"
          principal={principal}
          csrf={res.locals.csrf}
          back={{ href: '/persoonsgegevens', text: 'Naar persoonsgegevens' }}
        >
          <div class="notice" role="status">
            De gegevens van {personText(person)} zijn gewist in{' '}
            {report.erased.length === 1 ? '1 plaats' : `${report.erased.length} plaatsen`}.
          </div>
          <h1>Gewist en bewaard</h1>
          <h2>Gewist</h2>
          {report.erased.length === 0 ? (
            <p>Niets: er was niets dat nu gewist kon worden.</p>
          ) : (
            <ul>
              {report.erased.map((place, i) => (
                <li key={place.id ?? i}>
                  {placeLink(place)}
                  {place.companyName ? ` van ${place.companyName}` : ''} ({rolesText(place.roles)})
                </li>
              ))}
            </ul>
          )}
          <h2>Bewaard</h2>
          {report.kept.length === 0 ? (
            <p>Niets in de dossiers.</p>
          ) : (
            <ul>
              {report.kept.map((place, i) => (
                <li key={place.id ?? i}>
                  {placeLink(place)}
                  {place.companyName ? ` van ${place.companyName}` : ''} ({rolesText(place.roles)}): {keptText(place.kept)}
                </li>
              ))}
            </ul>
          )}
          {report.truncated ? <p>Er zijn nog meer plaatsen: wis opnieuw voor de rest.</p> : null}
          <Elsewhere notes={report.elsewhere} />
        </Page>,
      );
    }),
  );
}
