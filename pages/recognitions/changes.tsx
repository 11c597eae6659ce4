import type { Request, Response, Router } from 'express';
import { decisionInput } from '../../models/application-dossier';
import { CHANGE_FIELD_LABELS, type ChangeValues } from '../../models/change-rules';
import { type Recognition, isLiveRecognitionStatus, recognitionChangeInput } from '../../models/recognition';
import { AddressFields, CapacityField, ContactFields } from '../application-form/step-fields';
import { LABELS } from '../application-form/steps';
import { type PageContext, call } from '../context';
import { addressText, contactText, daysLeft, daysLeftText, longDate } from '../dutch';
import { type FormValues, fieldsOf, formInput } from '../forms';
import { Button, Form, Radios, Summary, TextArea } from '../layout';
import { paths } from '../paths';
import { Cancel, type Refusal, formPage, idOf, subPage } from './shared';

// The company changes its contact, its places or its address during validity: what the policy
// allows is in force at once, the rest waits for the partnership, which decides on its own page.

/** Each field under review as it is and as the company asks it. */
function changeRows(r: Recognition, values: ChangeValues): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  if (values.contact) rows.push([CHANGE_FIELD_LABELS.contact, `${contactText(r.contact)} → ${contactText(values.contact)}`]);
  if (values.capacity !== undefined) rows.push([CHANGE_FIELD_LABELS.capacity, `${r.capacity} → ${values.capacity}`]);
  if (values.address) rows.push([CHANGE_FIELD_LABELS.address, `${addressText(r.address)} → ${addressText(values.address)}`]);
  if (values.mentors)
    rows.push([CHANGE_FIELD_LABELS.mentors, values.mentors.map((m) => `${m.firstName} ${m.lastName}`).join(', ')]);
  return rows;
}

/** Where the company's change under review stands, on the recognition's page. */
export function PendingChange(props: { recognition: Recognition; decide: boolean }) {
  const r = props.recognition;
  const pending = r.pendingChange;
  const review = r.changes?.find((c) => c.id === pending?.id)?.review;
  if (!pending || !review) return null;
  const late = daysLeft(review.due) < 0;
  return (
    <section id="wijziging" aria-labelledby="wijziging-titel">
      <h2 id="wijziging-titel">{props.decide ? 'Wijziging te beoordelen' : 'Uw wijziging ligt bij het partnerschap'}</h2>
      <Summary rows={changeRows(r, pending.values)} />
      <p>
        Beslissing uiterlijk {longDate(review.due)}{' '}
        <span class={late ? 'overdue' : undefined}>({late ? 'te laat' : daysLeftText(review.due)})</span>.{' '}
        {props.decide ? <a href={paths.recognitionAction(r.id, 'wijziging')}>Wijziging beoordelen</a> : null}
      </p>
    </section>
  );
}

/** On the recognition's page: the company's way to change its data, and the change under review. */
export function Changes(props: { recognition: Recognition; change: boolean; decide: boolean }) {
  const r = props.recognition;
  return (
    <>
      {props.change && isLiveRecognitionStatus(r.status) ? (
        <p>
          <a href={paths.recognitionAction(r.id, 'wijzigen')}>Contactpersoon, plaatsen of adres wijzigen</a>
        </p>
      ) : null}
      <PendingChange recognition={r} decide={props.decide} />
    </>
  );
}

/** The recognition's contact, places and address as the form starts from. */
const currentValues = (r: Recognition): FormValues => ({
  'contact.name': r.contact.name,
  'contact.email': r.contact.email,
  ...(r.contact.phone ? { 'contact.phone': r.contact.phone } : {}),
  capacity: String(r.capacity),
  'address.street': r.address.street,
  'address.postcode': r.address.postcode,
  'address.municipality': r.address.municipality,
});

function ChangeForm(props: { recognition: Recognition; csrf?: string; refused?: Refusal }) {
  const r = props.recognition;
  const field = fieldsOf({ values: props.refused?.values ?? currentValues(r), errors: props.refused?.errors });
  return (
    <Form action={paths.recognitionAction(r.id, 'wijzigen')} csrf={props.csrf}>
      <p>
        Pas aan wat veranderd is. Een nieuwe contactpersoon en minder plaatsen gelden meteen, net als een paar plaatsen meer. Meer
        plaatsen dan het partnerschap zonder beoordeling toelaat en een nieuw adres beoordeelt het partnerschap eerst.
      </p>
      <fieldset>
        <legend>Contactpersoon</legend>
        <ContactFields {...field} />
      </fieldset>
      <CapacityField {...field} />
      <AddressFields {...field} />
      <Button>Wijzigingen bewaren</Button>
    </Form>
  );
}

function showChange(ctx: PageContext, req: Request, res: Response, refused?: Refusal) {
  return subPage(ctx, req, res, {
    title: 'Gegevens wijzigen',
    ...refused,
    labels: LABELS,
    body: (r) =>
      isLiveRecognitionStatus(r.status) ? (
        <>
          <PendingChange recognition={r} decide={false} />
          <ChangeForm recognition={r} csrf={res.locals.csrf} refused={refused} />
          <Cancel id={r.id} />
        </>
      ) : (
        <p>De gegevens van een erkenning die niet meer loopt, kunnen niet meer gewijzigd worden.</p>
      ),
  });
}

function DecisionForm(props: { recognition: Recognition; csrf?: string; refused?: Refusal }) {
  const r = props.recognition;
  const field = fieldsOf(props.refused);
  return (
    <>
      <Summary rows={changeRows(r, r.pendingChange!.values)} />
      <Form action={paths.recognitionAction(r.id, 'wijziging')} csrf={props.csrf}>
        <input type="hidden" name="changeId" value={r.pendingChange!.id} />
        <Radios
          {...field}
          name="outcome"
          label="Uw beslissing"
          options={[
            { value: 'approved', text: 'Goedkeuren', hint: 'De wijziging geldt meteen; de scholen zien ze in het register.' },
            { value: 'rejected', text: 'Niet goedkeuren', hint: 'De gegevens blijven zoals ze zijn.' },
          ]}
        />
        <TextArea {...field} name="reasons" label="Redenen" hint="Eén reden per regel; verplicht wanneer u niet goedkeurt." />
        <Button>Beslissing bewaren</Button>
      </Form>
    </>
  );
}

function showDecision(ctx: PageContext, req: Request, res: Response, refused?: Refusal) {
  return subPage(ctx, req, res, {
    title: 'Wijziging beoordelen',
    ...refused,
    body: (r) =>
      r.pendingChange ? (
        <DecisionForm recognition={r} csrf={res.locals.csrf} refused={refused} />
      ) : (
        <p>Er wacht geen wijziging op een beslissing.</p>
      ),
  });
}

export function changePages(router: Router, ctx: PageContext) {
  const { change, decideChange } = ctx.api.recognitions;
  formPage(router, 'wijzigen', change, {
    show: (req, res, refused) => showChange(ctx, req, res, refused),
    send: (req, res, values) =>
      call(ctx, res, change, { params: { id: idOf(req) }, body: formInput(recognitionChangeInput, values) as never }),
    notice: (result) => changeNotice((result as { body: { applied: boolean; appliedFields: string[] } }).body),
  });
  formPage(router, 'wijziging', decideChange, {
    show: (req, res, refused) => showDecision(ctx, req, res, refused),
    send: (req, res, values) =>
      call(ctx, res, decideChange, {
        params: { id: idOf(req), changeId: values.changeId ?? '' },
        body: formInput(decisionInput, values) as never,
      }),
    notice: () => 'wijziging-beslist',
  });
}

/** What the company reads after its change: in force, waiting, or nothing to change. */
export function changeNotice(outcome: { applied: boolean; appliedFields: string[] }) {
  if (!outcome.applied) return 'wijziging-gevraagd' as const;
  return outcome.appliedFields.length > 0 ? ('gewijzigd' as const) : ('niets-gewijzigd' as const);
}
