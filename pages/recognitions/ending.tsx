import type { Request, Response, Router } from 'express';
import { recognitionWithdrawalInput } from '../../models/recognition';
import { type PageContext, call } from '../context';
import { type FormErrors, formInput } from '../forms';
import { Button, Form, TextArea } from '../layout';
import { paths } from '../paths';
import { Cancel, type Refusal, formPage, idOf, reasonsHint, subPage } from './shared';

// What cannot be undone, each on a page of its own that asks to confirm: the company ends its
// own recognition, the partnership withdraws one for good.

function showTermination(ctx: PageContext, req: Request, res: Response, refused?: { errors: FormErrors; status: number }) {
  return subPage(ctx, req, res, {
    title: 'Erkenning beëindigen',
    ...refused,
    body: (r) => (
      <>
        <p class="lead">
          Na het beëindigen is deze werkplek niet meer erkend. Scholen zien dat meteen in het register, en u kunt er geen nieuwe
          leerlingen meer opleiden.
        </p>
        <p>Wilt u later opnieuw leerlingen opleiden, dan vraagt u een nieuwe erkenning aan.</p>
        <Form action={paths.recognitionAction(r.id, 'beeindigen')} csrf={res.locals.csrf}>
          <Button kind="warning">Ja, erkenning beëindigen</Button>
        </Form>
        <Cancel id={r.id} />
      </>
    ),
  });
}

function showWithdrawal(ctx: PageContext, req: Request, res: Response, refused?: Refusal) {
  return subPage(ctx, req, res, {
    title: 'Erkenning intrekken',
    ...refused,
    body: (r) => (
      <>
        <p class="lead">
          <strong>Intrekken is definitief.</strong> De erkenning kan daarna niet meer hersteld worden; de onderneming moet een
          nieuwe erkenning aanvragen. Wilt u de erkenning tijdelijk stilleggen, schors ze dan.
        </p>
        <Form action={paths.recognitionAction(r.id, 'intrekken')} csrf={res.locals.csrf}>
          <TextArea
            name="reasons"
            label="Redenen van de intrekking"
            hint={reasonsHint}
            values={refused?.values}
            errors={refused?.errors}
          />
          <Button kind="warning">Erkenning definitief intrekken</Button>
        </Form>
        <Cancel id={r.id} />
      </>
    ),
  });
}

export function endingPages(router: Router, ctx: PageContext) {
  const { terminate, withdraw } = ctx.api.recognitions;
  formPage(router, 'beeindigen', terminate, {
    show: (req, res, refused) => showTermination(ctx, req, res, refused),
    send: (req, res) => call(ctx, res, terminate, { params: { id: idOf(req) } }),
    notice: 'beeindigd',
  });
  formPage(router, 'intrekken', withdraw, {
    show: (req, res, refused) => showWithdrawal(ctx, req, res, refused),
    send: (req, res, values) =>
      call(ctx, res, withdraw, { params: { id: idOf(req) }, body: formInput(recognitionWithdrawalInput, values) }),
    notice: 'ingetrokken',
  });
}
