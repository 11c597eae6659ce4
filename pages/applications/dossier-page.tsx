import type { ComponentChildren } from 'preact';
import { actionAllowed } from '../../models/application-actions';
import type { ApplicationView } from '../../models/application-dossier';
import type { Principal } from '../../platform/auth';
import {
  daysLeft,
  daysLeftText,
  enterpriseNumberText,
  establishmentNumberText,
  longDate,
  longDateTime,
  timelineText,
} from '../dutch';
import { type FieldState, fieldsOf } from '../forms';
import { ApplicationStatus, Button, Form, Notice, Page, Summary, TextArea, TextField } from '../layout';
import { mentorPath } from '../mentor-fields';
import { FACT, TO_START } from '../labels';
import { paths } from '../paths';

// The company's dossier: where its application stands in plain Dutch, what the partnership asks,
// the timeline, the decision, and the actions its status allows (supplement, withdraw, object).

/** What the supplement form asks: documents to upload, uploads it sends along, mentors whose extract is too old. */
export interface Asks {
  required: string[];
  documents: string[];
  unsent: Array<{ name: string }>;
  extracts: number[];
}

export const NOTICES: Record<string, string> = {
  ingediend: 'Uw aanvraag is ingediend. U krijgt ook een bevestiging per e-mail.',
  aangevuld: 'Uw aanvulling is verstuurd naar het partnerschap.',
  ingetrokken: 'Uw aanvraag is ingetrokken.',
  bezwaar: 'Uw bezwaar is ingediend. Het partnerschap beoordeelt uw aanvraag opnieuw.',
  opgeladen: 'Het document is opgeladen.',
};

export const openRequests = (app: ApplicationView) => app.infoRequests.filter((r) => !r.answeredAt);

export const extractField = (index: number) => mentorPath(index, 'criminalRecordExtractDate');

const mentorName = (app: ApplicationView, index: number) =>
  `${app.application.mentors[index]?.firstName ?? ''} ${app.application.mentors[index]?.lastName ?? ''}`.trim();

const canObject = (app: ApplicationView) =>
  actionAllowed('object', app.status) && !!app.objectionDeadline && Date.parse(app.objectionDeadline) > Date.now();

/** Where the application stands, in one sentence. */
function headline(app: ApplicationView, partnership: string, own: boolean): string {
  const subject = own ? 'Uw aanvraag' : 'De aanvraag';
  switch (app.status) {
    case 'submitted':
      return `${subject} is ingediend en wordt nagekeken op volledigheid.`;
    case 'in_review':
      if (app.overdue)
        return `${subject} ligt bij ${partnership}. De beslissingstermijn is verstreken; het partnerschap beslist zo snel mogelijk.`;
      return app.decisionDue
        ? `${subject} is volledig en ligt bij ${partnership}; beslissing uiterlijk ${longDate(app.decisionDue)}.`
        : `${subject} is volledig en ligt bij ${partnership}.`;
    case 'info_requested': {
      const due = openRequests(app)[0]?.dueAt;
      return `${partnership} vraagt bijkomende informatie${due ? `: stuur die uiterlijk ${longDate(due)}, anders vervalt de aanvraag` : ''}.`;
    }
    case 'approved':
      return `${subject} is goedgekeurd: de werkplek is erkend als leeronderneming voor deze opleiding.`;
    case 'rejected':
      return `${partnership} heeft ${subject.toLowerCase()} afgewezen.`;
    case 'lapsed':
      return `${subject} is vervallen: de gevraagde informatie kwam niet op tijd binnen.`;
    case 'withdrawn':
      return `${subject} is ingetrokken.`;
  }
}

function labelsOf(app: ApplicationView): Record<string, string> {
  return {
    message: 'Uw antwoord',
    grounds: 'Uw bezwaar',
    kind: 'Soort document',
    file: 'Bestand',
    ...Object.fromEntries(
      app.application.mentors.map((_, index) => [
        extractField(index),
        `Uittreksel uit het strafregister van ${mentorName(app, index)}`,
      ]),
    ),
  };
}

function Timeline(props: { app: ApplicationView; partnership: string }) {
  const newestFirst = props.app.timeline.map((entry, index) => ({ entry, index })).reverse();
  newestFirst.sort((a, b) => b.entry.at.localeCompare(a.entry.at) || b.index - a.index);
  return (
    <ol class="timeline" reversed>
      {newestFirst.map(({ entry }) => (
        <li key={entry.id}>
          <time dateTime={entry.at}>{longDateTime(entry.at)}</time>
          {timelineText(entry.type, entry.data, props.partnership)}
        </li>
      ))}
    </ol>
  );
}

interface FormState extends FieldState {
  csrf?: string;
}

function OpenRequest(props: { request: ApplicationView['infoRequests'][number]; partnership: string }) {
  const { request } = props;
  return (
    <div class="inset">
      <p>
        {request.requestedBy === 'system'
          ? 'Bij de automatische controle bleek dat dit nog ontbreekt:'
          : `${props.partnership} vraagt op ${longDate(request.requestedAt)}:`}
      </p>
      {request.requestedBy === 'system' ? null : <p>{request.message}</p>}
      <ul>
        {request.items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
      <p>
        Stuur dit uiterlijk <strong>{longDate(request.dueAt)}</strong>{' '}
        <span class={daysLeft(request.dueAt) < 0 ? 'overdue' : undefined}>({daysLeftText(request.dueAt)})</span>.
      </p>
    </div>
  );
}

function SupplementForm(props: FormState & { app: ApplicationView; asks: Asks }) {
  const { app, asks } = props;
  const field = fieldsOf(props);
  return (
    <Form action={paths.applicationAction(app.id, 'aanvullen')} csrf={props.csrf}>
      <h3>Aanvulling versturen</h3>
      {asks.documents.length ? (
        <p>
          Nog op te laden bij <a href="#documenten">Documenten</a>: {asks.documents.join(', ')}.
        </p>
      ) : null}
      {asks.unsent.length ? (
        <p>Met uw aanvulling gaan deze opgeladen documenten mee: {asks.unsent.map((u) => u.name).join(', ')}.</p>
      ) : null}
      {asks.extracts.map((index) => (
        <TextField
          {...field}
          key={index}
          name={extractField(index)}
          type="date"
          width="medium"
          label={`Datum van het nieuwe uittreksel uit het strafregister van ${mentorName(app, index)}`}
          hint="Het uittreksel (model 596.2) is ten hoogste één jaar oud."
        />
      ))}
      <TextArea {...field} name="message" label="Uw antwoord" hint="Schrijf kort wat u aanvult of wijzigt." rows={5} />
      <Button>Aanvulling versturen</Button>
    </Form>
  );
}

function Requests(
  props: FormState & {
    app: ApplicationView;
    asks?: Asks;
    /** Where the documents are uploaded, before the supplement that sends them. */
    documents: ComponentChildren;
    partnership: string;
  },
) {
  const open = openRequests(props.app);
  if (open.length === 0) return null;
  return (
    <section id="aanvullen" aria-labelledby="gevraagd">
      <h2 id="gevraagd">Gevraagde informatie</h2>
      {open.map((request) => (
        <OpenRequest key={request.id} request={request} partnership={props.partnership} />
      ))}
      {props.documents}
      {props.asks ? <SupplementForm {...props} asks={props.asks} /> : null}
    </section>
  );
}

function Decision(props: FormState & { app: ApplicationView; own: boolean }) {
  const { app } = props;
  if (!app.decision) return null;
  return (
    <section aria-labelledby="beslissing">
      <h2 id="beslissing">Beslissing</h2>
      <p>
        {app.decision.outcome === 'approved' ? 'Goedgekeurd' : 'Afgewezen'} op {longDate(app.decision.decidedAt)}.
      </p>
      {app.decision.reasons.length ? (
        <>
          <p>{app.decision.outcome === 'approved' ? 'Motivering:' : 'Redenen van de afwijzing:'}</p>
          <ul>
            {app.decision.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </>
      ) : null}
      {app.recognitionId ? (
        <p>
          <a class="button primary" href={paths.recognition(app.recognitionId)}>
            Naar uw erkenning
          </a>
        </p>
      ) : null}
      {app.objection ? (
        <div class="inset">
          <p>Bezwaar aangetekend op {longDate(app.objection.at)}:</p>
          <p>{app.objection.grounds}</p>
        </div>
      ) : null}
      {props.own && canObject(app) ? <ObjectionForm {...props} /> : null}
    </section>
  );
}

function ObjectionForm(props: FormState & { app: ApplicationView }) {
  return (
    <>
      <h3>Niet akkoord?</h3>
      <p>
        U kunt tot {longDateTime(props.app.objectionDeadline)} bezwaar aantekenen. Het partnerschap beoordeelt uw aanvraag dan
        opnieuw.
      </p>
      <Form action={paths.applicationAction(props.app.id, 'bezwaar')} csrf={props.csrf}>
        <TextArea
          {...fieldsOf(props)}
          name="grounds"
          label="Uw bezwaar"
          hint="Waarom is de beslissing volgens u niet juist? Wat is er intussen veranderd?"
          rows={6}
        />
        <Button>Bezwaar indienen</Button>
      </Form>
    </>
  );
}

function Facts(props: { app: ApplicationView; training: string; partnership: string }) {
  const { app } = props;
  const a = app.application;
  const rows: Array<[string, ComponentChildren]> = [
    [FACT.training, props.training],
    [FACT.company, `${app.companyName} (${enterpriseNumberText(app.enterpriseNumber)})`],
    ['Vestigingseenheid', establishmentNumberText(app.establishmentNumber)],
    [
      'Adres van de werkplek',
      <>
        {a.address.street}
        <br />
        {a.address.postcode} {a.address.municipality}
      </>,
    ],
    ['Plaatsen voor leerlingen', String(a.capacity)],
    [FACT.contact, `${a.contact.name}, ${a.contact.email}${a.contact.phone ? `, ${a.contact.phone}` : ''}`],
    ['Mentoren', a.mentors.map((m) => `${m.firstName} ${m.lastName}`).join(', ')],
    ['Sectoraal partnerschap', props.partnership],
    ['Ingediend op', longDateTime(app.submittedAt)],
  ];
  if (app.filedBy?.schoolId) rows.push(['Ingediend door', `School ${app.filedBy.schoolId}, gemachtigd door de onderneming`]);
  if (app.decisionDue && !app.decision) rows.push(['Beslissing uiterlijk', longDate(app.decisionDue)]);
  return <Summary rows={rows} />;
}

export interface DossierView extends FormState {
  principal: Principal;
  app: ApplicationView;
  training: string;
  partnership: string;
  /** The company's own dossier ("Uw aanvraag"), with its withdrawal and objection. */
  own: boolean;
  asks?: Asks;
  documents: ComponentChildren;
  notice?: string;
}

export function DossierPage(props: DossierView) {
  const { app, training, partnership, own, asks, documents } = props;
  const form = { values: props.values, errors: props.errors, csrf: props.csrf };
  return (
    <Page
      title={`Aanvraag ${training}`}
      principal={props.principal}
      csrf={props.csrf}
      errors={props.errors}
      labels={labelsOf(app)}
      back={TO_START}
    >
      <Notice text={props.errors ? undefined : props.notice} />
      <p class="caption">Aanvraag tot erkenning</p>
      <h1>
        {training} bij {app.companyName}
      </h1>
      <p>
        <ApplicationStatus status={app.status} />
      </p>
      <p class="lead">{headline(app, partnership, own)}</p>
      <Requests {...form} app={app} asks={asks} documents={asks ? documents : null} partnership={partnership} />
      <Decision {...form} app={app} own={own} />
      {asks ? null : documents}
      <h2>Gegevens</h2>
      <Facts app={app} training={training} partnership={partnership} />
      <h2>Verloop</h2>
      <Timeline app={app} partnership={partnership} />
      {own && actionAllowed('withdraw', app.status) ? (
        <>
          <h2>Aanvraag intrekken</h2>
          <p>Wilt u deze werkplek toch niet laten erkennen? Dan kunt u de aanvraag intrekken zolang er geen beslissing is.</p>
          <p>
            <a class="button warning" href={paths.applicationAction(app.id, 'intrekken')}>
              Aanvraag intrekken
            </a>
          </p>
        </>
      ) : null}
    </Page>
  );
}

export function WithdrawPage(props: { principal: Principal; csrf?: string; app: ApplicationView; training: string }) {
  const { app } = props;
  return (
    <Page
      title="Aanvraag intrekken"
      principal={props.principal}
      csrf={props.csrf}
      back={{ href: paths.application(app.id), text: 'Terug naar de aanvraag' }}
    >
      <h1>Weet u het zeker?</h1>
      <p class="lead">
        U trekt uw aanvraag in voor {props.training} bij {app.companyName} (vestiging{' '}
        {establishmentNumberText(app.establishmentNumber)}).
      </p>
      <p>
        Het partnerschap behandelt de aanvraag dan niet verder. Dat kunt u niet ongedaan maken: wilt u later toch erkend worden,
        dan dient u een nieuwe aanvraag in.
      </p>
      <Form action={paths.applicationAction(app.id, 'intrekken')} csrf={props.csrf}>
        <Button kind="warning">Ja, aanvraag intrekken</Button>
      </Form>
      <p>
        <a href={paths.application(app.id)}>Nee, terug naar de aanvraag</a>
      </p>
    </Page>
  );
}
