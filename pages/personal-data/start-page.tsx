import { RETENTION_KINDS, RETENTION_SCHEDULE, type RetentionCounts } from '../../models/retention';
import type { Principal } from '../../platform/auth';
import { RETENTION_COUNT_TEXT, RETENTION_KIND_TEXT, durationText, longDateTime } from '../dutch';
import type { FormErrors, FormValues } from '../forms';
import { Button, Form, Page, Table, TextField } from '../layout';
import { FIELD } from '../labels';
import { paths } from '../paths';

// The administrator's start: the search for a person, the retention schedule and what the last
// nightly runs did.

export const PERSON_LABELS: Record<string, string> = {
  email: FIELD.email,
  firstName: FIELD.firstName,
  lastName: FIELD.lastName,
  birthDate: FIELD.birthDate,
};

function SearchForm(props: { csrf?: string; values?: FormValues; errors?: FormErrors }) {
  const field = { values: props.values, errors: props.errors };
  return (
    <Form action={paths.personalData} csrf={props.csrf}>
      <TextField name="email" type="email" label={PERSON_LABELS.email!} hint="Een contactpersoon" autocomplete="off" {...field} />
      <fieldset>
        <legend>Of een mentor</legend>
        <TextField name="firstName" label={PERSON_LABELS.firstName!} autocomplete="off" width="medium" {...field} />
        <TextField name="lastName" label={PERSON_LABELS.lastName!} autocomplete="off" width="medium" {...field} />
        <TextField
          name="birthDate"
          type="date"
          label={PERSON_LABELS.birthDate!}
          hint="Bijvoorbeeld 12-05-1980"
          width="medium"
          {...field}
        />
      </fieldset>
      <Button>Zoeken</Button>
    </Form>
  );
}

function RetentionSchedule() {
  return (
    <Table caption="Bewaartermijnen per soort gegevens" columns={['Gegevens', 'Bewaard', 'Grond']}>
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
    </Table>
  );
}

export interface Run {
  id: string;
  startedAt: string;
  counts: Record<string, number>;
}

function RecentRuns(props: { runs: Run[] }) {
  if (props.runs.length === 0) return <p>Er liep nog geen ronde.</p>;
  return (
    <Table caption="Laatste nachtelijke rondes" columns={['Gestart', 'Gedaan']}>
      {props.runs.map((run) => (
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
    </Table>
  );
}

export function StartPage(props: { principal: Principal; csrf?: string; runs: Run[]; values?: FormValues; errors?: FormErrors }) {
  return (
    <Page title="Persoonsgegevens" principal={props.principal} csrf={props.csrf} errors={props.errors} labels={PERSON_LABELS}>
      <h1>Persoonsgegevens</h1>
      <p class="lead">
        Vraagt iemand welke gegevens Erkend over hem of haar bewaart, of vraagt iemand ze te wissen? Zoek een contactpersoon op
        e-mailadres of een mentor op naam en geboortedatum.
      </p>
      <SearchForm csrf={props.csrf} values={props.values} errors={props.errors} />
      <h2>Bewaartermijnen</h2>
      <p>
        Erkend wist of pseudonimiseert elke nacht wat zijn termijn voorbij is. Wat de monitoring telt (stand, data, planlast,
        beslissing) blijft; namen, contactgegevens, geboortedata en vrije teksten verdwijnen.
      </p>
      <RetentionSchedule />
      <h2>Laatste nachtelijke rondes</h2>
      <RecentRuns runs={props.runs} />
    </Page>
  );
}
