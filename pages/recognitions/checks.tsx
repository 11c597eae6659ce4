import { type QualityCheck, checkActionAllowed } from '../../models/quality-check';
import { type AnyCheck, isWholeCheck } from '../check-views';
import { CHECK_OUTCOME_TEXT, CHECK_REASON_TEXT, CHECK_STATUS_TEXT, daysLeft, daysLeftText, longDate } from '../dutch';
import { type FormErrors, type FormValues, fieldsOf } from '../forms';
import { Button, Form, Radios, Table, TextArea } from '../layout';
import { paths } from '../paths';
import type { Powers } from './shared';

// A recognition's quality supervision on its own page: the company answers its oldest open
// check there, and everyone who may read the recognition sees all its checks.

/** Checks the company still has to answer, the one due first first. */
export const pendingForCompany = (checks: AnyCheck[]) =>
  checks
    .filter(isWholeCheck)
    .filter((check) => checkActionAllowed('answer', check.status))
    .sort(byDue);

export const byDue = (a: QualityCheck, b: QualityCheck) => a.dueAt.localeCompare(b.dueAt);

/** The self-assessment's labels in the error summary: the question itself. */
export const answerLabels = (check: QualityCheck | undefined): Record<string, string> =>
  Object.fromEntries(
    (check?.questions ?? []).flatMap((q, i) => [
      [`answers.${i}.ok`, q.question],
      [`answers.${i}.comment`, `Toelichting bij "${q.question}"`],
    ]),
  );

/** What answering does depends on the check's state: only an answer in time closes it without the partnership. */
function AnswersIntro(props: { check: QualityCheck }) {
  const { check } = props;
  const reason = CHECK_REASON_TEXT[check.reason] ?? check.reason;
  if (check.status === 'overdue')
    return (
      <p>
        {reason}. <span class="overdue">De termijn om te antwoorden liep af op {longDate(check.dueOn)}.</span> U kunt nog
        antwoorden, maar nu beoordeelt het partnerschap uw antwoorden, ook als u overal ja antwoordt. Het kan de controle ook
        zonder uw antwoorden beoordelen.
      </p>
    );
  return (
    <p>
      {reason}. Beantwoord de vragen uiterlijk op {longDate(check.dueOn)}{' '}
      <span class={daysLeft(check.dueOn) < 0 ? 'overdue' : undefined}>({daysLeftText(check.dueOn)})</span>. Antwoordt u overal ja,
      dan is de controle meteen afgesloten. Antwoordt u ergens nee, dan beoordeelt het partnerschap uw antwoorden.
    </p>
  );
}

/** The company's self-assessment: one radio (ja/nee) and a comment per question. */
function AnswersForm(props: {
  recognitionId: string;
  check: QualityCheck;
  csrf?: string;
  refused?: { values: FormValues; errors: FormErrors };
}) {
  const { check } = props;
  const field = fieldsOf(props.refused);
  return (
    <Form action={paths.recognitionCheckAnswer(props.recognitionId, check.id)} csrf={props.csrf}>
      <AnswersIntro check={check} />
      {check.questions.map((question, index) => (
        <div key={question.id}>
          <input type="hidden" name={`answers.${index}.id`} value={question.id} />
          <Radios
            {...field}
            name={`answers.${index}.ok`}
            label={question.question}
            options={[
              { value: 'ja', text: 'Ja' },
              { value: 'nee', text: 'Nee' },
            ]}
          />
          <TextArea
            {...field}
            name={`answers.${index}.comment`}
            label="Toelichting (niet verplicht)"
            hint="Antwoordt u nee, zeg dan wat er ontbreekt en wat u eraan doet."
            rows={3}
          />
        </div>
      ))}
      <Button>Antwoorden versturen</Button>
    </Form>
  );
}

function ChecksTable(props: { checks: AnyCheck[]; evaluate: boolean }) {
  if (props.checks.length === 0) return <p>Er zijn nog geen kwaliteitscontroles geweest.</p>;
  return (
    <Table caption="Kwaliteitscontroles" columns={['Reden', 'Geopend', 'Antwoord uiterlijk', 'Stand', 'Uitkomst']}>
      {props.checks.map((check) => (
        <tr key={check.id}>
          <td>{CHECK_REASON_TEXT[check.reason] ?? check.reason}</td>
          <td>{longDate(check.openedAt)}</td>
          <td>{longDate(check.dueOn)}</td>
          <td>
            {props.evaluate && checkActionAllowed('evaluate', check.status) ? (
              <a href={paths.check(check.id)}>{CHECK_STATUS_TEXT[check.status]}: beoordelen</a>
            ) : (
              CHECK_STATUS_TEXT[check.status]
            )}
          </td>
          <td>
            {check.outcome ? CHECK_OUTCOME_TEXT[check.outcome] : ''}
            {isWholeCheck(check) && check.notes ? ` – ${check.notes}` : ''}
          </td>
        </tr>
      ))}
    </Table>
  );
}

export function Supervision(props: {
  recognitionId: string;
  checks: AnyCheck[];
  powers: Powers;
  csrf?: string;
  refused?: { values: FormValues; errors: FormErrors };
}) {
  const pending = props.powers.answer ? pendingForCompany(props.checks) : [];
  const [first, ...later] = pending;
  return (
    <section id="toezicht" aria-labelledby="toezicht-titel">
      <h2 id="toezicht-titel">Kwaliteitstoezicht</h2>
      {first ? (
        <>
          <h3>Kwaliteitscontrole te beantwoorden</h3>
          <AnswersForm recognitionId={props.recognitionId} check={first} csrf={props.csrf} refused={props.refused} />
          {/* One form at a time: the next open check shows here once this one is answered. */}
          {later.length ? (
            <p>Daarna {later.length === 1 ? 'wacht nog 1 controle' : `wachten nog ${later.length} controles`} op uw antwoord.</p>
          ) : null}
        </>
      ) : null}
      <h3>Alle controles</h3>
      <ChecksTable checks={props.checks} evaluate={props.powers.evaluate} />
    </section>
  );
}
