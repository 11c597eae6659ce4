import { type Recognition, type RecognitionWithPlacements, isLiveRecognitionStatus } from '../../models/recognition';
import type { CatalogueNames } from '../context';
import {
  CONDITION_TEXT,
  contactText,
  daysLeft,
  daysLeftText,
  enterpriseNumberText,
  establishmentNumberText,
  longDate,
} from '../dutch';
import { type FormErrors, type FormValues, fieldsOf } from '../forms';
import { Button, Form, Summary, RecognitionStatus, TextArea } from '../layout';
import { paths } from '../paths';
import { reasonsHint, trainingTitle } from './shared';
import { FACT } from '../labels';

// The parts of a recognition's page that show the recognition itself, and what its company and
// its partnership may do to it there.

export function RecognitionSummary(props: { recognition: Recognition; names: CatalogueNames }) {
  const r = props.recognition;
  return (
    <Summary
      rows={[
        [FACT.status, <RecognitionStatus status={r.status} />],
        [FACT.company, `${r.companyName} (${enterpriseNumberText(r.enterpriseNumber)})`],
        [
          'Vestiging',
          `${establishmentNumberText(r.establishmentNumber)}, ${r.address.street}, ${r.address.postcode} ${r.address.municipality}`,
        ],
        [FACT.training, trainingTitle(r, props.names)],
        ['Sectoraal partnerschap', props.names.partnership(r.partnershipId)],
        [FACT.capacity, r.capacity === 1 ? '1 leerling tegelijk' : `${r.capacity} leerlingen tegelijk`],
        ['Geldig', `van ${longDate(r.validFrom)} tot ${longDate(r.validUntil)}`],
        ...(r.importedAt
          ? [['Herkomst', `Overgenomen uit het systeem van vóór Erkend op ${longDate(r.importedAt)}`] as [string, string]]
          : []),
        [
          'Volgende kwaliteitscontrole',
          r.nextQualityCheckDue && isLiveRecognitionStatus(r.status) ? longDate(r.nextQualityCheckDue) : 'Geen gepland',
        ],
        [FACT.contact, contactText(r.contact)],
      ]}
    />
  );
}

export function Conditions(props: { recognition: Recognition; changeMentors: boolean }) {
  const conditions = props.recognition.conditions;
  if (conditions.length === 0) return null;
  return (
    <>
      <h2>Voorwaarden</h2>
      <ul class="tasks">
        {conditions.map((c) => (
          <li key={`${c.type}-${c.mentorName}`}>
            {CONDITION_TEXT[c.type] ?? c.type} voor {c.mentorName}:{' '}
            {c.metOn ? (
              <>gevolgd op {longDate(c.metOn)}.</>
            ) : c.missedAt ? (
              <span class="overdue">niet gevolgd vóór {longDate(c.dueOn)}.</span>
            ) : (
              <>
                uiterlijk {longDate(c.dueOn)}{' '}
                <span class={daysLeft(c.dueOn) < 0 ? 'overdue' : undefined}>({daysLeftText(c.dueOn)})</span>.
                {props.changeMentors ? ' Vul de datum in bij de mentor zodra de opleiding gevolgd is.' : ''}
              </>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

export function Mentors(props: { recognition: Recognition; changeMentors: boolean }) {
  const r = props.recognition;
  return (
    <section aria-labelledby="mentoren-titel">
      <h2 id="mentoren-titel">Mentoren</h2>
      <ul class="tasks">
        {r.mentors.map((m) => (
          <li key={`${m.firstName} ${m.lastName} ${m.birthDate}`}>
            {m.firstName} {m.lastName}, {m.yearsOfExperience} jaar ervaring
            {m.mentorTrainingCompletedOn ? `, mentoropleiding gevolgd op ${longDate(m.mentorTrainingCompletedOn)}` : ''}
          </li>
        ))}
      </ul>
      {props.changeMentors && isLiveRecognitionStatus(r.status) ? (
        <p>
          <a href={paths.recognitionAction(r.id, 'mentoren')}>Mentoren wijzigen</a>
        </p>
      ) : null}
    </section>
  );
}

/** The company's renewal: in one step when nothing changed, else what became of its request. */
export function Renewal(props: { recognition: Recognition; names: CatalogueNames; csrf?: string }) {
  const { recognition: r, names } = props;
  const renewal = r.renewal;
  if (!renewal) return null;
  const partnership = names.partnership(r.partnershipId);
  return (
    <section id="verlengen" aria-labelledby="verlengen-titel">
      <h2 id="verlengen-titel">Verlengen</h2>
      {renewal.status === 'invited' && r.status === 'active' ? (
        <>
          <p>
            Uw erkenning loopt af op {longDate(r.validUntil)}. Is er niets veranderd aan uw onderneming, de werkplek, de
            capaciteit of de mentoren? Dan verlengt u ze hier in één stap. U verklaart daarmee op erewoord dat de gegevens
            hierboven nog kloppen.
          </p>
          <Form action={paths.recognitionAction(r.id, 'verlengen')} csrf={props.csrf}>
            <Button>Verlengen zonder wijzigingen</Button>
          </Form>
          <p>Is er wel iets veranderd? Neem dan contact op met {partnership}.</p>
        </>
      ) : renewal.status === 'invited' ? (
        <p>Een geschorste erkenning kan niet verlengd worden zolang de schorsing loopt.</p>
      ) : renewal.status === 'requested' ? (
        <p>
          Uw vraag tot verlenging van {longDate(renewal.requestedAt)} ligt bij {partnership}. U krijgt bericht zodra er beslist
          is.
        </p>
      ) : renewal.status === 'approved' ? (
        <p>Uw erkenning is verlengd: de nieuwe periode begint op {longDate(r.validUntil)}.</p>
      ) : (
        <p>
          De verlenging is geweigerd{renewal.reasons?.length ? `: ${renewal.reasons.join('; ')}` : '.'} Uw erkenning loopt af op{' '}
          {longDate(r.validUntil)}.
        </p>
      )}
    </section>
  );
}

/** A renewal the company asked for and the partnership has to decide on. */
function RequestedRenewal(props: { recognition: Recognition }) {
  const r = props.recognition;
  if (r.renewal?.status !== 'requested') return null;
  return (
    <p>
      De onderneming vraagt een verlenging die u moet beoordelen
      {r.renewal.decisionDue ? (
        <>
          , uiterlijk {longDate(r.renewal.decisionDue)}{' '}
          {r.renewal.overdue || daysLeft(r.renewal.decisionDue) < 0 ? (
            <span class="overdue">(te laat)</span>
          ) : (
            <span>({daysLeftText(r.renewal.decisionDue)})</span>
          )}
        </>
      ) : null}
      .{' '}
      {r.renewal.keptActiveAt
        ? `De erkenning bleef na ${longDate(r.renewal.keptActiveAt)} actief tot u beslist; voor de scholen verandert niets. `
        : null}
      <a href={paths.recognitionAction(r.id, 'verlenging')}>Verlenging beoordelen</a>
    </p>
  );
}

/** A form of the partnership's, refused and shown again. */
export interface RefusedAction {
  form: 'suspend' | 'reinstate';
  values: FormValues;
  errors: FormErrors;
}

/** Suspending an active recognition, or lifting its suspension: each a form with its reasons. */
const SANCTIONS = {
  suspend: {
    action: 'schorsen',
    title: 'Schorsen',
    label: 'Redenen van de schorsing',
    button: 'Erkenning schorsen',
    kind: 'warning',
  },
  reinstate: {
    action: 'opheffen',
    title: 'Schorsing opheffen',
    label: 'Waarom de schorsing wordt opgeheven (niet verplicht)',
    button: 'Schorsing opheffen',
    kind: undefined,
  },
} as const;

function SanctionForm(props: { recognition: Recognition; csrf?: string; refused?: RefusedAction; form: RefusedAction['form'] }) {
  const sanction = SANCTIONS[props.form];
  const refused = props.refused?.form === props.form ? props.refused : undefined;
  return (
    <Form action={paths.recognitionAction(props.recognition.id, sanction.action)} csrf={props.csrf}>
      <h3>{sanction.title}</h3>
      <TextArea {...fieldsOf(refused)} name="reasons" label={sanction.label} hint={reasonsHint} />
      <Button kind={sanction.kind}>{sanction.button}</Button>
    </Form>
  );
}

/** What the partnership decides about a live recognition. */
export function PartnershipActions(props: { recognition: Recognition; csrf?: string; refused?: RefusedAction }) {
  const r = props.recognition;
  if (!isLiveRecognitionStatus(r.status)) return null;
  // The API shows the active placements with the recognition: who a sanction affects.
  const placed = (r as Partial<RecognitionWithPlacements>).placements?.active ?? 0;
  return (
    <section aria-labelledby="beslissen-titel">
      <h2 id="beslissen-titel">Beslissen</h2>
      <p>
        {placed === 1 ? '1 leerling geplaatst' : `${placed} leerlingen geplaatst`}
        {placed > 0 ? ': een schorsing of intrekking treft ook hen en hun scholen.' : '.'}
      </p>
      <RequestedRenewal recognition={r} />
      <SanctionForm {...props} form={r.status === 'active' ? 'suspend' : 'reinstate'} />
      <h3>Intrekken</h3>
      <p>
        Een ingetrokken erkenning is definitief beëindigd.{' '}
        <a href={paths.recognitionAction(r.id, 'intrekken')}>Erkenning intrekken</a>
      </p>
    </section>
  );
}

/** The company's way to end its own recognition, at the foot of its page. */
export function Ending(props: { recognition: Recognition }) {
  return (
    <>
      <h2>Erkenning beëindigen</h2>
      <p>
        Wilt u geen leerlingen meer opleiden op deze werkplek?{' '}
        <a href={paths.recognitionAction(props.recognition.id, 'beeindigen')}>Erkenning beëindigen</a>
      </p>
    </>
  );
}
