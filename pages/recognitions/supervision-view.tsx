import type { QualityCheck } from '../../models/quality-check';
import type { Recognition } from '../../models/recognition';
import type { Principal } from '../../platform/auth';
import type { CatalogueNames } from '../context';
import { CHECK_OUTCOME_TEXT, CHECK_REASON_TEXT, CHECK_STATUS_TEXT, daysLeftText, longDate } from '../dutch';
import { type FormErrors, type FormValues, fieldsOf } from '../forms';
import { Button, Form, Notice, Page, Radios, RecognitionStatus, Summary, Table, TextArea } from '../layout';
import { paths } from '../paths';
import { FACT } from '../labels';
import { ActionRows, actionLabels } from './improvement-actions';

// The partnership's quality supervision: the checks that wait for a reviewer, and one check to
// evaluate.

export type RecognitionsById = Map<string, Recognition>;

export const workplace = (r: Recognition | undefined, names: CatalogueNames) =>
  r ? `${r.companyName} – ${names.training(r.trainingCode)}` : 'Onbekende erkenning';

/** The questions answered "nee", with the company's comments: what a reviewer weighs. */
function Answers(props: { check: QualityCheck; all?: boolean }) {
  const { check } = props;
  const answers = check.answers ?? [];
  const shown = props.all ? answers : answers.filter((a) => !a.ok);
  const question = (id: string) => check.questions.find((q) => q.id === id)?.question ?? id;
  if (answers.length === 0) return <p>De onderneming heeft niet geantwoord.</p>;
  return (
    <>
      <ul class="tasks">
        {shown.map((answer) => (
          <li key={answer.id}>
            <strong>{answer.ok ? 'Ja' : 'Nee'}</strong>: {question(answer.id)}
            {answer.comment ? (
              <>
                <br />
                Toelichting: {answer.comment}
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {!props.all && shown.length < answers.length ? <p>Op de andere vragen antwoordde de onderneming ja.</p> : null}
    </>
  );
}

/** Why the check was opened: the reported incidents, for a reviewer. */
function Trigger(props: { check: QualityCheck }) {
  const { check } = props;
  if (!check.trigger && !check.reports?.length) return null;
  return (
    <p>
      Aanleiding: {check.trigger}
      {check.reports?.map((report) => ` · ${longDate(report.at)}: ${report.description}`)}
    </p>
  );
}

/** An answered check, with its "nee" answers and the way to evaluate it. */
function Waiting(props: { check: QualityCheck; recognition?: Recognition; names: CatalogueNames; act: string }) {
  const { check } = props;
  const where = workplace(props.recognition, props.names);
  return (
    <section id={check.id} class="check" aria-labelledby={`titel-${check.id}`}>
      <h3 id={`titel-${check.id}`}>
        <a href={paths.recognition(check.recognitionId)}>{where}</a>
      </h3>
      <p>
        {CHECK_REASON_TEXT[check.reason] ?? check.reason}, beantwoord op {longDate(check.answeredAt)} (antwoord gevraagd tegen{' '}
        {longDate(check.dueOn)}).
      </p>
      <Answers check={check} />
      <p>
        <a class="button secondary" href={paths.check(check.id)}>
          {props.act}
          <span class="visually-hidden">: {where}</span>
        </a>
      </p>
    </section>
  );
}

function LateChecks(props: { late: QualityCheck[]; recognitions: RecognitionsById; names: CatalogueNames; act: string }) {
  if (props.late.length === 0) return <p>Alle controles zijn op tijd beantwoord.</p>;
  return (
    <Table
      caption="Controles die niet op tijd beantwoord zijn"
      columns={[FACT.workplace, 'Reden', 'Antwoord uiterlijk']}
      action={'Actie'}
    >
      {props.late.map((check) => (
        <tr key={check.id} id={check.id}>
          <td>
            <a href={paths.recognition(check.recognitionId)}>
              {workplace(props.recognitions.get(check.recognitionId), props.names)}
            </a>
          </td>
          <td>{CHECK_REASON_TEXT[check.reason] ?? check.reason}</td>
          <td>
            {longDate(check.dueOn)} <span class="overdue">({daysLeftText(check.dueOn)})</span>
          </td>
          <td>
            <a href={paths.check(check.id)}>{props.act}</a>
          </td>
        </tr>
      ))}
    </Table>
  );
}

export function ChecksPage(props: {
  principal: Principal;
  csrf?: string;
  notice?: string;
  waiting: QualityCheck[];
  late: QualityCheck[];
  recognitions: RecognitionsById;
  names: CatalogueNames;
  act: string;
}) {
  const { waiting, late, recognitions, names, act } = props;
  return (
    <Page title="Kwaliteitstoezicht" principal={props.principal} csrf={props.csrf}>
      <Notice text={props.notice} />
      <h1>Kwaliteitstoezicht</h1>
      <h2>Te beoordelen ({waiting.length})</h2>
      {waiting.length === 0 ? <p>Er wachten geen beantwoorde controles op een beoordeling.</p> : null}
      {waiting.map((check) => (
        <Waiting key={check.id} check={check} recognition={recognitions.get(check.recognitionId)} names={names} act={act} />
      ))}
      <h2>Te laat: niet beantwoord ({late.length})</h2>
      <LateChecks late={late} recognitions={recognitions} names={names} act={act} />
    </Page>
  );
}

function EvaluationForm(props: {
  check: QualityCheck;
  csrf?: string;
  refused?: { values: FormValues; errors: FormErrors };
  templates: FormValues;
}) {
  const field = fieldsOf(props.refused);
  return (
    <Form action={paths.check(props.check.id)} csrf={props.csrf}>
      <Radios
        {...field}
        name="outcome"
        label="Uw beoordeling"
        options={[
          { value: 'ok', text: CHECK_OUTCOME_TEXT.ok!, hint: 'De controle wordt afgesloten.' },
          {
            value: 'improvement-needed',
            text: CHECK_OUTCOME_TEXT['improvement-needed']!,
            hint: 'Er volgt sneller een nieuwe controle dan gewoonlijk.',
          },
          {
            value: 'suspend',
            text: CHECK_OUTCOME_TEXT.suspend!,
            hint: 'De erkenning wordt geschorst tot u de schorsing opheft.',
          },
        ]}
      />
      <TextArea {...field} name="notes" label="Toelichting voor de onderneming (niet verplicht)" />
      <ActionRows values={props.refused?.values ?? props.templates} errors={field.errors} />
      <Button>Beoordeling bewaren</Button>
    </Form>
  );
}

export function EvaluationPage(props: {
  principal: Principal;
  csrf?: string;
  check: QualityCheck;
  recognition?: Recognition;
  names: CatalogueNames;
  evaluable: boolean;
  refused?: { values: FormValues; errors: FormErrors };
  /** The action rows the policy's templates fill. */
  templates: FormValues;
}) {
  const { check, refused } = props;
  const where = workplace(props.recognition, props.names);
  return (
    <Page
      title="Kwaliteitscontrole beoordelen"
      principal={props.principal}
      csrf={props.csrf}
      errors={refused?.errors}
      labels={{ outcome: 'Beoordeling', notes: 'Toelichting', ...actionLabels(refused?.values ?? props.templates) }}
      back={{ href: paths.checks, text: 'Terug naar het toezicht' }}
    >
      <p class="caption">{where}</p>
      <h1>Kwaliteitscontrole beoordelen</h1>
      <Summary
        rows={[
          [FACT.workplace, <a href={paths.recognition(check.recognitionId)}>{where}</a>],
          ['Erkenning', props.recognition ? <RecognitionStatus status={props.recognition.status} /> : ''],
          ['Reden', CHECK_REASON_TEXT[check.reason] ?? check.reason],
          ['Geopend', longDate(check.openedAt)],
          ['Antwoord gevraagd tegen', longDate(check.dueOn)],
          [FACT.status, CHECK_STATUS_TEXT[check.status] ?? check.status],
        ]}
      />
      <Trigger check={check} />
      <h2>Antwoorden</h2>
      <Answers check={check} all />
      {props.evaluable ? (
        <EvaluationForm check={check} csrf={props.csrf} refused={refused} templates={props.templates} />
      ) : check.outcome ? (
        <p>
          Beoordeeld: {CHECK_OUTCOME_TEXT[check.outcome]}
          {check.notes ? ` – ${check.notes}` : ''}.
        </p>
      ) : null}
    </Page>
  );
}
