import type { ComponentChildren } from 'preact';
import type { ApplicationView } from '../../models/application-dossier';
import { ageOn } from '../../models/dates';
import type { CatalogueNames } from '../context';
import {
  CONDITION_TEXT,
  enterpriseNumberText,
  establishmentNumberText,
  longDate,
  longDateTime,
  timelineText,
  todayInBrussels,
} from '../dutch';
import { stringOf } from '../forms';
import { ApplicationStatus, Notice, Page, Summary, Table } from '../layout';
import type { Principal } from '../../platform/auth';
import type { FormErrors, FormValues } from '../forms';
import type { UploadedDocument } from '../../models/document';
import { UploadedDocuments } from '../documents';
import { ActionForms, LABELS } from './actions';
import { DaysLeft } from './deadline';
import { paths } from '../paths';
import { FACT } from '../labels';

// What a dossier shows its reviewer: the application, its mentors and declarations, the
// decision, the visits and the timeline.

const DECLARATION_TEXT: Record<string, string> = {
  financialCapacity: 'Financieel gezond',
  noConvictions: 'Geen veroordelingen',
  equipmentAndOrganisation: 'Uitrusting en organisatie in orde',
  honour: 'Op erewoord naar waarheid ingevuld',
};

export function Timeline(props: { application: ApplicationView; names: CatalogueNames }) {
  const partnership = props.names.partnership(props.application.partnershipId);
  return (
    <ol class="timeline">
      {props.application.timeline.map((entry) => {
        const data = entry.data ?? {};
        const list = (Array.isArray(data.items) ? data.items : Array.isArray(data.reasons) ? data.reasons : []) as string[];
        const said = stringOf(data.message) || stringOf(data.grounds) || stringOf(data.notes);
        return (
          <li key={entry.id}>
            <time dateTime={entry.at}>{longDateTime(entry.at)}</time>
            {timelineText(entry.type, entry.data, partnership)}
            {said ? <p>“{said}”</p> : null}
            {list.length ? (
              <ul>
                {list.map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

/** The application's mentors, with what the conditions of a recognition look at. */
function Mentors(props: { application: ApplicationView }) {
  return (
    <>
      <h2>Mentoren</h2>
      <Table columns={['Naam', 'Leeftijd', 'Ervaring', 'Uittreksel strafregister', 'Mentoropleiding']}>
        {props.application.application.mentors.map((m, index) => (
          <tr key={index}>
            <td>
              {m.firstName} {m.lastName}
              {m.diplomaEvidence ? <span class="hint"> (diploma in het beroep)</span> : null}
            </td>
            <td>{ageOn(m.birthDate, todayInBrussels())} jaar</td>
            <td>{m.yearsOfExperience === 1 ? '1 jaar' : `${m.yearsOfExperience} jaar`}</td>
            <td>{longDate(m.criminalRecordExtractDate)}</td>
            <td>{m.mentorTrainingCompletedOn ? `Gevolgd op ${longDate(m.mentorTrainingCompletedOn)}` : 'Nog niet gevolgd'}</td>
          </tr>
        ))}
      </Table>
    </>
  );
}

export function DossierSummary(props: { application: ApplicationView; names: CatalogueNames }) {
  const a = props.application;
  const input = a.application;
  // Uploaded files are listed under Documenten; these were only named (a school system's reference).
  const named = input.documents.filter((d) => !d.documentId);
  return (
    <>
      <Summary
        rows={[
          [FACT.company, `${a.companyName} (${enterpriseNumberText(a.enterpriseNumber)})`],
          ['Vestigingseenheid', establishmentNumberText(a.establishmentNumber)],
          [
            'Adres',
            <>
              {input.address.street}
              <br />
              {input.address.postcode} {input.address.municipality}
            </>,
          ],
          [FACT.training, props.names.training(a.trainingCode)],
          [FACT.partnership, props.names.partnership(a.partnershipId)],
          [FACT.capacity, input.capacity === 1 ? '1 leerling' : `${input.capacity} leerlingen`],
          [
            FACT.contact,
            <>
              {input.contact.name}
              <br />
              <a href={`mailto:${input.contact.email}`}>{input.contact.email}</a>
              {input.contact.phone ? (
                <>
                  <br />
                  {input.contact.phone}
                </>
              ) : null}
            </>,
          ],
          ['Ingediend', longDateTime(a.submittedAt)],
          ...(named.length
            ? [
                [
                  'Documenten genoemd zonder bestand',
                  <ul>
                    {named.map((d) => (
                      <li key={d.kind + d.name}>
                        {d.kind}: {d.name}
                      </li>
                    ))}
                  </ul>,
                ] as [string, ComponentChildren],
              ]
            : []),
        ]}
      />
      <Mentors application={a} />
      <h2>Verklaringen op erewoord</h2>
      <ul>
        {Object.entries(input.declarations).map(([key, declared]) => (
          <li key={key}>
            {DECLARATION_TEXT[key] ?? key}: {declared ? 'verklaard' : 'niet verklaard'}
          </li>
        ))}
      </ul>
      <h2>Voorwaarden</h2>
      {a.conditions.length === 0 ? (
        <p>De erkenning krijgt geen voorwaarden mee.</p>
      ) : (
        <ul>
          {a.conditions.map((c) => (
            <li key={c.mentor}>
              {CONDITION_TEXT[c.type] ?? c.type} voor {c.mentorName}, uiterlijk {longDate(c.dueOn)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function Outcome(props: { application: ApplicationView }) {
  const a = props.application;
  if (!a.decision) return null;
  return (
    <>
      <h2>Beslissing</h2>
      <p>
        {a.decision.outcome === 'approved' ? 'Goedgekeurd' : 'Afgewezen'} op {longDateTime(a.decision.decidedAt)}.
      </p>
      {a.decision.reasons.length ? (
        <ul>
          {a.decision.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      ) : null}
      {a.recognitionId ? (
        <p>
          <a href={paths.recognition(a.recognitionId)}>Naar de erkenning</a>
        </p>
      ) : null}
      {a.objection ? (
        <p>
          Bezwaar van de onderneming op {longDateTime(a.objection.at)}: “{a.objection.grounds}”
        </p>
      ) : null}
    </>
  );
}

export function Visits(props: { application: ApplicationView }) {
  if (props.application.visits.length === 0) return null;
  return (
    <>
      <h2>Bedrijfsbezoeken</h2>
      {props.application.visits.map((visit) => (
        <div key={visit.recordedAt}>
          <h3>Bezoek op {longDate(visit.visitedOn)}</h3>
          <ul>
            {Object.entries(visit.checklist).map(([point, ok]) => (
              <li key={point}>
                {point}: {ok ? 'in orde' : 'niet in orde'}
              </li>
            ))}
          </ul>
          {visit.notes ? <p>{visit.notes}</p> : null}
        </div>
      ))}
    </>
  );
}

export function DossierPage(props: {
  principal: Principal;
  csrf?: string;
  notice?: string;
  application: ApplicationView;
  names: CatalogueNames;
  uploads: UploadedDocument[];
  acts: boolean;
  values?: FormValues;
  errors?: FormErrors;
  /** The points of a site visit: the partnership's policy's. */
  visitChecklist: readonly string[];
}) {
  const { application: a, names } = props;
  return (
    <Page
      title={`Dossier ${a.companyName}`}
      principal={props.principal}
      csrf={props.csrf}
      errors={props.errors}
      labels={LABELS}
      back={{ href: paths.dossiers, text: 'Terug naar de dossiers' }}
    >
      <Notice text={props.notice} />
      <p class="caption">Aanvraag tot erkenning · {names.training(a.trainingCode)}</p>
      <h1>{a.companyName}</h1>
      <p>
        <ApplicationStatus status={a.status} />
        {a.status === 'in_review' && a.decisionDue ? (
          <>
            {' '}
            Beslissing uiterlijk {longDate(a.decisionDue)} (<DaysLeft application={a} due={a.decisionDue} />)
          </>
        ) : null}
      </p>
      <Outcome application={a} />
      <DossierSummary application={a} names={names} />
      <h2>Documenten</h2>
      <UploadedDocuments applicationId={a.id} uploads={props.uploads} />
      <Visits application={a} />
      {props.acts ? (
        <ActionForms
          application={a}
          csrf={props.csrf}
          values={props.values ?? {}}
          errors={props.errors}
          visitChecklist={props.visitChecklist}
        />
      ) : null}
      <h2 id="tijdlijn">Tijdlijn</h2>
      <Timeline application={a} names={names} />
    </Page>
  );
}
