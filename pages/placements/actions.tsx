import type { Router } from 'express';
import { type Placement, placementDeclineInput, placementEndInput, placementTerminationInput } from '../../models/placement';
import { TERMINATION_REASONS } from '../../models/placement-status';
import { type PageContext, call } from '../context';
import { longDate, todayInBrussels } from '../dutch';
import type { FormValues } from '../forms';
import { Button, Form, Radios, Summary, Tag, TextArea, TextField } from '../layout';
import { FACT, NO_GO_BACK } from '../labels';
import { paths, patterns } from '../paths';
import { AGREEMENT_TYPE_TEXT, LABELS, placementForm, reasonText } from './shared';

// What a party does to a placement, each on a page of its own: the company accepts a proposal
// naming a mentor or declines it; the school withdraws its proposal or ends the placement; either
// ends a running placement early with a reason. What cannot be undone asks to confirm.

/** The first day a placement may end: not before it started (a placement may start later). */
const firstEndDay = (p: Placement) => (p.startsOn > todayInBrussels() ? p.startsOn : todayInBrussels());

const Back = (props: { p: Placement }) => <a href={paths.placement(props.p.id)}>{NO_GO_BACK}</a>;

/** The facts a party answers a proposal on. */
function Proposal(props: { p: Placement }) {
  const { p } = props;
  return (
    <Summary
      rows={[
        ['Leerling', p.learnerReference],
        [FACT.workplace, p.companyName],
        ['Soort overeenkomst', AGREEMENT_TYPE_TEXT[p.agreementType]],
        ['Begindatum', longDate(p.startsOn)],
        ['Geplande einddatum', p.endsOn ? longDate(p.endsOn) : 'Niet vastgelegd'],
      ]}
    />
  );
}

function companyActions(router: Router, ctx: PageContext) {
  const { accept, decline } = ctx.api.placements;
  const mentorsOf = async (p: Placement, res: Parameters<typeof call>[1]) =>
    (await call(ctx, res, ctx.api.recognitions.get, { params: { id: p.recognitionId } })).body.mentors;

  placementForm(router, ctx, patterns.placementAction('aanvaarden'), {
    title: 'Een voorstel van plaatsing aanvaarden',
    operation: accept,
    // One mentor: chosen already.
    defaults: async (p, _req, res): Promise<FormValues> => ((await mentorsOf(p, res)).length === 1 ? { mentor: '0' } : {}),
    body: async (p, field, req, res) => (
      <>
        <Proposal p={p} />
        <Form action={req.originalUrl} csrf={res.locals.csrf}>
          <Radios
            {...field}
            name="mentor"
            label="Wie begeleidt de leerling als mentor?"
            options={(await mentorsOf(p, res)).map((m, index) => ({
              value: String(index),
              text: `${m.firstName} ${m.lastName}`,
            }))}
          />
          <Button>Voorstel aanvaarden</Button>
        </Form>
      </>
    ),
    send: async (p, values, _req, res) => {
      const chosen = (await mentorsOf(p, res))[Number(values.mentor ?? '-1')];
      const mentor = chosen ? { firstName: chosen.firstName, lastName: chosen.lastName } : undefined;
      return call(ctx, res, accept, { params: { id: p.id }, body: mentor ? { mentor } : {} });
    },
    notice: 'aanvaard',
    choose: { mentor: 'Kies wie de leerling begeleidt.' },
    conflict: 'Dit voorstel is al beantwoord of vervallen.',
  });

  placementForm(router, ctx, patterns.placementAction('weigeren'), {
    title: 'Een voorstel van plaatsing weigeren',
    operation: decline,
    defaults: () => ({}),
    body: (p, field, req, res) => (
      <>
        <Proposal p={p} />
        <p class="lead">
          <strong>Weigeren kan niet ongedaan gemaakt worden.</strong> De school leest uw reden en zoekt een andere werkplek; de
          plaats komt weer vrij.
        </p>
        <Form action={req.originalUrl} csrf={res.locals.csrf}>
          <TextArea {...field} name="reason" label="Waarom weigert u?" hint="De school leest dit." />
          <Button kind="warning">Ja, voorstel weigeren</Button> <Back p={p} />
        </Form>
      </>
    ),
    input: placementDeclineInput,
    notice: 'geweigerd',
    conflict: 'Dit voorstel is al beantwoord of vervallen.',
  });
}

function endings(router: Router, ctx: PageContext) {
  const { end, terminate } = ctx.api.placements;

  placementForm(router, ctx, patterns.endPlacement, {
    title: (p) => (p.status === 'proposed' ? 'Een voorstel van plaatsing intrekken' : 'Een plaatsing beëindigen'),
    operation: end,
    defaults: (p) => ({ endedOn: firstEndDay(p) }),
    body: (p, field, req, res) => (
      <>
        <Summary
          rows={[
            ['Leerling', p.learnerReference],
            [FACT.workplace, p.companyName],
            ['Sinds', longDate(p.startsOn)],
            [FACT.status, p.status === 'proposed' ? <Tag tone="yellow">Wacht op antwoord</Tag> : <Tag tone="green">Lopend</Tag>],
          ]}
        />
        <Form action={req.originalUrl} csrf={res.locals.csrf}>
          {p.status === 'proposed' ? (
            <>
              <p>De onderneming hoeft dan niet meer te antwoorden, en de plaats komt weer vrij.</p>
              <input type="hidden" name="endedOn" value={field.values.endedOn} />
              <Button kind="warning">Ja, voorstel intrekken</Button> <Back p={p} />
            </>
          ) : (
            <>
              <TextField {...field} name="endedOn" type="date" label={LABELS.endedOn!} />
              <Button kind="warning">Plaatsing beëindigen</Button>
            </>
          )}
        </Form>
      </>
    ),
    input: placementEndInput,
    notice: 'beeindigd',
    redirect: (p) => `${paths.placements}?gelukt=${p.status === 'proposed' ? 'ingetrokken' : 'beeindigd'}`,
    conflict: 'Deze plaatsing kan niet meer beëindigd worden.',
  });

  placementForm(router, ctx, patterns.placementAction('vroegtijdig-beeindigen'), {
    title: 'Een plaatsing vroegtijdig beëindigen',
    operation: terminate,
    defaults: (p) => ({ endedOn: firstEndDay(p) }),
    body: (p, field, req, res) => (
      <>
        <p class="lead">
          <strong>Vroegtijdig beëindigen kan niet ongedaan gemaakt worden.</strong> De andere partij krijgt bericht met de reden,
          de plaats komt weer vrij en de school zoekt met de leerling een nieuwe werkplek.
        </p>
        <Form action={req.originalUrl} csrf={res.locals.csrf}>
          <Radios
            {...field}
            name="reason"
            label="Waarom eindigt de plaatsing?"
            options={TERMINATION_REASONS.map((reason) => ({ value: reason, text: reasonText(reason) }))}
          />
          <TextField {...field} name="endedOn" type="date" label="Laatste dag op de werkplek" />
          <TextArea {...field} name="note" label={`${LABELS.note!} (niet verplicht)`} hint="Beide partijen lezen dit." />
          <Button kind="warning">Ja, plaatsing vroegtijdig beëindigen</Button> <Back p={p} />
        </Form>
      </>
    ),
    input: placementTerminationInput,
    notice: 'gestopt',
    conflict: 'Deze plaatsing loopt niet (meer) en kan niet vroegtijdig beëindigd worden.',
  });
}

export function actionPages(router: Router, ctx: PageContext) {
  companyActions(router, ctx);
  endings(router, ctx);
}
