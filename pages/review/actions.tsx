import { type ComponentChildren, Fragment } from 'preact';
import type { ApplicationView } from '../../models/application-dossier';
import { actionAllowed } from '../../models/application-actions';
import { longDate, todayInBrussels } from '../dutch';
import type { FieldState, FormErrors, FormValues } from '../forms';
import { Button, Checkbox, Form, Radios, TextArea, TextField } from '../layout';
import { type DossierAction, paths } from '../paths';

// What a reviewer or coordinator does with a dossier under review: ask for information, record
// a site visit, decide.

/** A visit form's points, as it posts them beside its boxes (the policy may change while it is open). */
export const visitPoint = (index: number) => `points.${index}`;

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
  field: FieldState;
}

type VisitFormProps = FormProps & { checklist: readonly string[] };

/** One action under its heading; the heading's id is the action's path, so a link can jump to it. */
function ActionForm(props: {
  form: FormProps;
  action: DossierAction;
  title: string;
  button: string;
  kind?: 'secondary';
  children: ComponentChildren;
}) {
  return (
    <>
      <h2 id={props.action}>{props.title}</h2>
      <Form action={paths.dossierAction(props.form.id, props.action)} csrf={props.form.csrf}>
        {props.children}
        <Button kind={props.kind}>{props.button}</Button>
      </Form>
    </>
  );
}

function InfoRequestForm(props: FormProps) {
  const { field } = props;
  return (
    <ActionForm form={props} action="informatie" title="Informatie vragen" button="Informatie vragen" kind="secondary">
      <TextArea {...field} name="message" label={LABELS.message!} rows={3} />
      <TextArea
        {...field}
        name="items"
        label={LABELS.items!}
        hint="Eén stuk per regel, bijvoorbeeld: Attest mentoropleiding van Jan Peeters"
        rows={3}
      />
    </ActionForm>
  );
}

/** The site visit's points are the partnership's (`visitChecklist`); each is sent as true or false, an unchecked box too. */
function VisitForm(props: VisitFormProps) {
  const { field } = props;
  return (
    <ActionForm form={props} action="bezoek" title="Bedrijfsbezoek vastleggen" button="Bezoek vastleggen" kind="secondary">
      <TextField
        {...field}
        name="visitedOn"
        label={LABELS.visitedOn!}
        type="date"
        width="medium"
        values={{ visitedOn: todayInBrussels(), ...field.values }}
      />
      <fieldset class="field">
        <legend>Wat was in orde?</legend>
        {props.checklist.map((point, index) => (
          <Fragment key={point}>
            <input type="hidden" name={visitPoint(index)} value={point} />
            <Checkbox {...field} name={`checklist.${point}`} label={point} />
          </Fragment>
        ))}
      </fieldset>
      <TextArea {...field} name="notes" label={LABELS.notes!} rows={3} />
    </ActionForm>
  );
}

function DecisionForm(props: FormProps) {
  const { field } = props;
  return (
    <ActionForm form={props} action="beslissing" title="Beslissen" button="Beslissing vastleggen">
      <Radios
        {...field}
        name="outcome"
        label={LABELS.outcome!}
        options={[
          { value: 'approved', text: 'Goedkeuren', hint: 'De werkplek wordt erkend voor deze opleiding.' },
          { value: 'rejected', text: 'Afwijzen', hint: 'De onderneming kan bezwaar aantekenen.' },
        ]}
      />
      <TextArea
        {...field}
        name="reasons"
        label={LABELS.reasons!}
        hint="Eén reden per regel. Verplicht bij een afwijzing."
        rows={4}
      />
    </ActionForm>
  );
}

export function ActionForms(props: {
  application: ApplicationView;
  csrf?: string;
  values: FormValues;
  errors?: FormErrors;
  visitChecklist: readonly string[];
}) {
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
  const form = { id: a.id, csrf: props.csrf, field: { values: props.values, errors: props.errors } };
  return (
    <>
      <InfoRequestForm {...form} />
      <VisitForm {...form} checklist={props.visitChecklist} />
      <DecisionForm {...form} />
    </>
  );
}
