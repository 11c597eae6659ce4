import type { Request, Response, Router } from 'express';
import { decisionInput } from '../../models/application-dossier';
import type { Recognition } from '../../models/recognition';
import { type PageContext, call } from '../context';
import { fieldsOf, formInput } from '../forms';
import { longDate } from '../dutch';
import { Button, Form, Radios, Summary, TextArea } from '../layout';
import { paths } from '../paths';
import { type Refusal, formPage, idOf, subPage } from './shared';

// The partnership decides on a renewal the company could not do in one step.

/** What the company asks to change with its renewal. */
function changedRows(r: Recognition): Array<[string, string]> {
  const renewal = r.renewal!;
  const changes = (renewal.changes ?? {}) as Partial<Recognition>;
  const rows: Array<[string, string]> = [
    ['Gevraagd op', longDate(renewal.requestedAt)],
    ['Geldig nu tot', longDate(r.validUntil)],
  ];
  if (changes.companyName) rows.push(['Nieuwe naam', changes.companyName]);
  if (changes.capacity !== undefined) rows.push(['Nieuwe capaciteit', String(changes.capacity)]);
  if (changes.address)
    rows.push(['Nieuw adres', `${changes.address.street}, ${changes.address.postcode} ${changes.address.municipality}`]);
  if (changes.contact) rows.push(['Nieuwe contactpersoon', `${changes.contact.name}, ${changes.contact.email}`]);
  return rows;
}

function DecisionForm(props: { recognition: Recognition; csrf?: string; refused?: Refusal }) {
  const r = props.recognition;
  const field = fieldsOf(props.refused);
  return (
    <>
      <p>
        {r.renewal?.unchanged
          ? 'De onderneming vraagt een verlenging zonder wijzigingen. Omdat de laatste kwaliteitscontrole niet in orde was, er nog een controle loopt of een voorwaarde niet op tijd vervuld werd, beslist u.'
          : 'De onderneming vraagt een verlenging met de wijzigingen hieronder.'}
      </p>
      <Summary rows={changedRows(r)} />
      <Form action={paths.recognitionAction(r.id, 'verlenging')} csrf={props.csrf}>
        <Radios
          {...field}
          name="outcome"
          label="Uw beslissing"
          options={[
            {
              value: 'approved',
              text: 'Verlengen',
              hint: 'De wijzigingen gelden vanaf nu; de nieuwe periode volgt op de huidige.',
            },
            { value: 'rejected', text: 'Niet verlengen', hint: `De erkenning loopt af op ${longDate(r.validUntil)}.` },
          ]}
        />
        <TextArea {...field} name="reasons" label="Redenen" hint="Eén reden per regel; verplicht wanneer u niet verlengt." />
        <Button>Beslissing bewaren</Button>
      </Form>
    </>
  );
}

function showDecision(ctx: PageContext, req: Request, res: Response, refused?: Refusal) {
  return subPage(ctx, req, res, {
    title: 'Verlenging beoordelen',
    ...refused,
    body: (r) =>
      r.renewal?.status === 'requested' ? (
        <DecisionForm recognition={r} csrf={res.locals.csrf} refused={refused} />
      ) : (
        <p>Er wacht geen verlenging op een beslissing.</p>
      ),
  });
}

export function renewalDecisionPage(router: Router, ctx: PageContext) {
  const { decideRenewal } = ctx.api.recognitions;
  formPage(router, 'verlenging', decideRenewal, {
    show: (req, res, refused) => showDecision(ctx, req, res, refused),
    send: (req, res, values) =>
      call(ctx, res, decideRenewal, { params: { id: idOf(req) }, body: formInput(decisionInput, values) }),
    notice: 'verlenging-beslist',
  });
}
