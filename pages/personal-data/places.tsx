import type { ErasureReport, Place, PersonalDataExport } from '../../models/personal-data';
import type { ComponentChildren } from 'preact';
import type { SignedInPage } from '../context';
import { KEPT_REASON_TEXT, PERSON_ROLE_TEXT, PLACE_KIND_TEXT, contactText, longDate, longDateTime } from '../dutch';
import { Button, Form, Page, Summary, Table, Tag } from '../layout';
import { FACT, NO_GO_BACK } from '../labels';
import { paths } from '../paths';

// What Erkend holds of one person: every place found with what would be kept and why, the
// confirmation of an erasure, and what the erasure did.

type Person = Record<string, string>;

/** A page of the personal data's search, with the way back to it. */
function PersonalDataPage(props: SignedInPage & { title: string; back: string; children: ComponentChildren }) {
  const back = { href: paths.personalData, text: props.back };
  return (
    <Page title={props.title} principal={props.principal} csrf={props.csrf} back={back}>
      {props.children}
    </Page>
  );
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
const Hidden = (props: { person: Person }) => (
  <>
    {Object.entries(props.person).map(([name, value]) => (
      <input key={name} type="hidden" name={name} value={value} />
    ))}
  </>
);

function placeLink(place: Pick<Place, 'kind' | 'id'>) {
  const text = PLACE_KIND_TEXT[place.kind] ?? place.kind;
  if (place.kind === 'application') return <a href={paths.dossier(place.id!)}>{text}</a>;
  if (place.kind === 'recognition') return <a href={paths.recognition(place.id!)}>{text}</a>;
  return text;
}

const rolesText = (roles: Place['roles']) => roles.map((role) => PERSON_ROLE_TEXT[role] ?? role).join(', ');

const keptText = (kept: NonNullable<Place['kept']>) =>
  `${KEPT_REASON_TEXT[kept.reason]}${kept.until ? ` Voorlopig tot ${longDate(kept.until.slice(0, 10))}.` : ''}`;

const placesText = (count: number) => (count === 1 ? '1 plaats' : `${count} plaatsen`);

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
    d.contact && contactText(d.contact),
    ...(d.mentors ?? []).map((m) => `${m.firstName} ${m.lastName}, geboren ${longDate(m.birthDate)}`),
    d.subject && `“${d.subject}”, ${longDateTime(d.createdAt)}`,
    d.mentions?.length && `genoemd in ${d.mentions.length === 1 ? '1 tekst' : `${d.mentions.length} teksten`}`,
  ]
    .filter(Boolean)
    .join('; ');
}

function PlacesTable(props: { places: Place[]; caption: string }) {
  return (
    <Table caption={props.caption} columns={['Waar', FACT.company, 'Als', 'Gegevens', 'Wissen']}>
      {props.places.map((place, i) => (
        <tr key={place.id ?? i}>
          <td>{placeLink(place)}</td>
          <td>{place.companyName ?? ''}</td>
          <td>{rolesText(place.roles)}</td>
          <td>{dataText(place)}</td>
          <td>{place.kept ? <>Bewaard: {keptText(place.kept)}</> : <Tag tone="grey">Kan gewist worden</Tag>}</td>
        </tr>
      ))}
    </Table>
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

export function FoundPage(props: SignedInPage & { person: Person; found: PersonalDataExport }) {
  const { person, found } = props;
  const erasable = found.places.filter((p) => !p.kept).length;
  return (
    <PersonalDataPage {...props} title="Persoonsgegevens gevonden" back="Opnieuw zoeken">
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
      <Form action={paths.personalDataExport} csrf={props.csrf}>
        <Hidden person={person} />
        <Button kind="secondary">Downloaden (JSON)</Button>
      </Form>
      {erasable > 0 ? (
        <Form action={paths.personalDataErasure} csrf={props.csrf}>
          <Hidden person={person} />
          <Button kind="warning">Wissen…</Button>
        </Form>
      ) : null}
    </PersonalDataPage>
  );
}

export function ConfirmErasurePage(props: SignedInPage & { person: Person; found: PersonalDataExport }) {
  const { person } = props;
  const erasable = props.found.places.filter((p) => !p.kept);
  const kept = props.found.places.filter((p) => p.kept);
  return (
    <PersonalDataPage {...props} title="Gegevens wissen" back="Terug">
      <h1>De gegevens van {personText(person)} wissen?</h1>
      <p>
        Dit kan niet ongedaan gemaakt worden. In {placesText(erasable.length)} worden de gegevens gewist; documenten van die
        dossiers worden verwijderd.
      </p>
      {erasable.length ? <PlacesTable places={erasable} caption="Wat gewist wordt" /> : null}
      {kept.length ? (
        <>
          <h2>Wat bewaard blijft</h2>
          <PlacesTable places={kept} caption="Wat bewaard blijft" />
        </>
      ) : null}
      <Form action={paths.personalDataErasure} csrf={props.csrf}>
        <Hidden person={person} />
        <input type="hidden" name="bevestigd" value="ja" />
        <Button kind="warning">Ja, definitief wissen</Button> <a href={paths.personalData}>{NO_GO_BACK}</a>
      </Form>
    </PersonalDataPage>
  );
}

/** A place in the erasure's report: where, whose, as what, and why it stays. */
function PlaceLine(props: { place: ErasureReport['erased'][number]; kept?: string }) {
  const { place } = props;
  return (
    <li>
      {placeLink(place)}
      {place.companyName ? ` van ${place.companyName}` : ''} ({rolesText(place.roles)}){props.kept ? `: ${props.kept}` : ''}
    </li>
  );
}

export function ErasedPage(props: SignedInPage & { person: Person; report: ErasureReport }) {
  const { report } = props;
  return (
    <PersonalDataPage {...props} title="Gegevens gewist" back="Naar persoonsgegevens">
      <div class="notice" role="status">
        De gegevens van {personText(props.person)} zijn gewist in {placesText(report.erased.length)}.
      </div>
      <h1>Gewist en bewaard</h1>
      <h2>Gewist</h2>
      {report.erased.length === 0 ? (
        <p>Niets: er was niets dat nu gewist kon worden.</p>
      ) : (
        <ul>
          {report.erased.map((place, i) => (
            <PlaceLine key={place.id ?? i} place={place} />
          ))}
        </ul>
      )}
      <h2>Bewaard</h2>
      {report.kept.length === 0 ? (
        <p>Niets in de dossiers.</p>
      ) : (
        <ul>
          {report.kept.map((place, i) => (
            <PlaceLine key={place.id ?? i} place={place} kept={keptText(place.kept)} />
          ))}
        </ul>
      )}
      {report.truncated ? <p>Er zijn nog meer plaatsen: wis opnieuw voor de rest.</p> : null}
      <Elsewhere notes={report.elsewhere} />
    </PersonalDataPage>
  );
}
