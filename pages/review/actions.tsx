import type { ApplicationView } from '../../models/application-dossier';
import { actionAllowed } from '../../models/application-actions';
import { longDate, todayInBrussels } from '../dutch';
import type { FormErrors, FormValues } from '../forms';
import { Button, Checkbox, Form, Radios, TextArea, TextField } from '../layout';
import { paths } from '../paths';

// What a reviewer or coordinator does with a dossier under review: ask for information, record
// a site visit, decide.

/** The points a site visit checks; each is sent as true or false (an unchecked box too). */
export const VISIT_CHECKLIST = ['Werkplek veilig', 'Uitrusting volgens opleidingsplan', 'Mentor aanwezig'];

export const LABELS: Record<string, string> = {
  message: 'Bericht aan de onderneming',
  items: 'Wat ontbreekt',
  visitedOn: 'Datum van het bezoek',
  notes: 'Notities',
  outcome: 'Beslissing',
  reasons: 'Redenen',
};

interface FormProps {
  id: string;
  csrf?: string;
  values: FormValues;
  errors?: FormErrors;
}

function InfoRequestForm(props: FormProps) {
  const { values, errors } = props;
  return (
    <>
      <h2 id="informatie">Informatie vragen</h2>
      <Form action={paths.dossierAction(props.id, 'informatie')} csrf={props.csrf}>
        <TextArea name="message" label={LABELS.message!} rows={3} values={values} errors={errors} />
        <TextArea
          name="items"
          label={LABELS.items!}
          hint="Eén stuk per regel, bijvoorbeeld: Attest mentoropleiding van Jan Peeters"
          rows={3}
          values={values}
          errors={errors}
        />
        <Button kind="secondary">Informatie vragen</Button>
      </Form>
    </>
  );
}

function VisitForm(props: FormProps) {
  const { values, errors } = props;
  return (
    <>
      <h2 id="bezoek">Bedrijfsbezoek vastleggen</h2>
      <Form action={paths.dossierAction(props.id, 'bezoek')} csrf={props.csrf}>
        <TextField
          name="visitedOn"
          label={LABELS.visitedOn!}
          type="date"
          width="medium"
          values={{ visitedOn: todayInBrussels(), ...values }}
          errors={errors}
        />
        <fieldset class="field">
          <legend>Wat was in orde?</legend>
          {VISIT_CHECKLIST.map((point) => (
            <Checkbox key={point} name={`checklist.${point}`} label={point} values={values} errors={errors} />
          ))}
        </fieldset>
        <TextArea name="notes" label={LABELS.notes!} rows={3} values={values} errors={errors} />
        <Button kind="secondary">Bezoek vastleggen</Button>
      </Form>
    </>
  );
}

function DecisionForm(props: FormProps) {
  const { values, errors } = props;
  return (
    <>
      <h2 id="beslissing">Beslissen</h2>
      <Form action={paths.dossierAction(props.id, 'beslissing')} csrf={props.csrf}>
        <Radios
          name="outcome"
          label={LABELS.outcome!}
          options={[
            { value: 'approved', text: 'Goedkeuren', hint: 'De werkplek wordt erkend voor deze opleiding.' },
            { value: 'rejected', text: 'Afwijzen', hint: 'De onderneming kan bezwaar aantekenen.' },
          ]}
          values={values}
          errors={errors}
        />
        <TextArea
          name="reasons"
          label={LABELS.reasons!}
          hint="Eén reden per regel. Verplicht bij een afwijzing."
          rows={4}
          values={values}
          errors={errors}
        />
        <Button>Beslissing vastleggen</Button>
      </Form>
    </>
  );
}

export function ActionForms(props: { application: ApplicationView; csrf?: string; values: FormValues; errors?: FormErrors }) {
  const { application: a } = props;
  if (!actionAllowed('decide', a.status)) {
    const open = a.infoRequests.find((r) => !r.answeredAt);
    return a.status === 'info_requested' ? (
      <p>
        U kunt verder zodra de onderneming de aanvraag aanvult{open ? ` (uiterlijk ${longDate(open.dueAt)})` : ''}. Doet ze dat
        niet op tijd, dan vervalt de aanvraag.
      </p>
    ) : null;
  }
  const form = { id: a.id, csrf: props.csrf, values: props.values, errors: props.errors };
  return (
    <>
      <InfoRequestForm {...form} />
      <VisitForm {...form} />
      <DecisionForm {...form} />
    </>
  );
}
