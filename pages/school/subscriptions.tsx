import type { Router } from 'express';
import { subscriptionInput } from '../../models/subscription';
import { type PageContext, call, forOperation, page, signedInPage } from '../context';
import { type FormErrors, type FormValues, formErrors, formInput, formValues } from '../forms';
import { render } from '../layout';
import { paths, patterns } from '../paths';
import { idOf } from './register';
import { NewSubscriptionPage, StopSubscriptionPage, SubscriptionPage, SubscriptionsPage } from './subscription-pages';

// A school's webhook subscriptions: follow changes of recognitions in its own system.

/** The secret of a subscription just made, kept in the session until its page has shown it once. */
const SECRET_DRAFT = 'subscriptionSecret';

/** The API names a wrong number by its index among the filled-in lines; the form names the line's value. */
function subscriptionErrors(errors: FormErrors, values: FormValues): FormErrors {
  const lines = (values.enterpriseNumbers ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const fields: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors.fields)) {
    const line = /^enterpriseNumbers\.(\d+)$/.exec(path);
    if (line) fields.enterpriseNumbers ??= `${lines[Number(line[1])] ?? ''}: ${message}`;
    else fields[path] = message;
  }
  return { ...errors, fields };
}

export function subscriptionPages(router: Router, ctx: PageContext) {
  // Every subscription operation is the school's own.
  const school = [forOperation(ctx.api.register.subscribe)];

  router.get(
    patterns.subscriptions,
    ...school,
    page(async (req, res) => {
      const { body: list } = await call(ctx, res, ctx.api.register.listSubscriptions);
      render(res, <SubscriptionsPage {...signedInPage(res)} list={list} stopped={req.query.gelukt === 'gestopt'} />);
    }),
  );

  router.get(
    patterns.newSubscription,
    ...school,
    page(async (_req, res) => render(res, <NewSubscriptionPage {...signedInPage(res)} values={{}} />)),
  );

  router.post(
    patterns.newSubscription,
    ...school,
    page(async (req, res) => {
      const values = formValues(req.body);
      let created;
      try {
        ({ body: created } = await call(ctx, res, ctx.api.register.subscribe, { body: formInput(subscriptionInput, values) }));
      } catch (error) {
        const errors = formErrors(error);
        if (!errors) throw error;
        return render(
          res,
          <NewSubscriptionPage {...signedInPage(res)} values={values} errors={subscriptionErrors(errors, values)} />,
          400,
        );
      }
      // Post/Redirect/Get without the secret in a URL: the next page shows it once from the session.
      await ctx.sessions.saveDraft(res.locals.session!, SECRET_DRAFT, { id: created.id, secret: created.secret });
      res.redirect(303, paths.subscription(created.id));
    }),
  );

  router.get(
    patterns.subscription,
    ...school,
    page(async (req, res) => {
      const id = idOf(req);
      const { body: s } = await call(ctx, res, ctx.api.register.getSubscription, { params: { id } });
      const session = res.locals.session!;
      const draft = session.drafts[SECRET_DRAFT] as { id: string; secret: string } | undefined;
      const secret = draft?.id === id ? draft.secret : undefined;
      if (secret) await ctx.sessions.saveDraft(session, SECRET_DRAFT, undefined);
      res.setHeader('Cache-Control', 'no-store');
      render(res, <SubscriptionPage {...signedInPage(res)} s={s} secret={secret} />);
    }),
  );

  router.get(
    patterns.stopSubscription,
    ...school,
    page(async (req, res) => {
      const id = idOf(req);
      const { body: s } = await call(ctx, res, ctx.api.register.getSubscription, { params: { id } });
      render(res, <StopSubscriptionPage {...signedInPage(res)} s={s} />);
    }),
  );

  router.post(
    patterns.stopSubscription,
    ...school,
    page(async (req, res) => {
      await call(ctx, res, ctx.api.register.unsubscribe, { params: { id: idOf(req) } });
      res.redirect(303, `${paths.subscriptions}?gelukt=gestopt`);
    }),
  );
}
