import type { Request, Response, Router } from 'express';
import type { ComponentChildren, VNode } from 'preact';
import type { z } from 'zod';
import { Problem } from '../../api/problem';
import type { Operation } from '../../api/routes';
import type { companyRecognitions } from '../../models/register';
import {
  type CatalogueNames,
  type PageContext,
  type SignedInPage,
  call,
  catalogueNames,
  forOperation,
  page,
  signedInPage,
} from '../context';
import { type FormErrors, type FormValues, fieldsOf, formErrors, formValues } from '../forms';
import { FACT } from '../labels';
import { Button, Page, Select, render } from '../layout';

// What the register's pages share: the company's recognitions by enterprise number, and the
// questions as GET forms whose refusals name `query.<field>`.

export type CompanyRecognitions = z.infer<typeof companyRecognitions>;

/** The page's `:id`. */
export const idOf = (req: Request) => String(req.params.id);

/** The values that were filled in, as an operation's query. */
export const filledIn = (values: FormValues, names: string[]) =>
  Object.fromEntries(names.filter((name) => values[name]).map((name) => [name, values[name]!]));

/** A refused query, its messages beside the form's fields (the API names them `query.<field>`). */
export function queryErrors(error: unknown): FormErrors | undefined {
  const errors = formErrors(error);
  if (!errors) return undefined;
  return {
    ...errors,
    fields: Object.fromEntries(Object.entries(errors.fields).map(([path, m]) => [path.replace(/^query\./, ''), m])),
  };
}

/** Asks the register; a refused question gives its messages for the form instead of an answer. */
export async function ask<T>(question: () => Promise<T>): Promise<{ answer?: T; errors?: FormErrors }> {
  try {
    return { answer: await question() };
  } catch (error) {
    const errors = queryErrors(error);
    if (!errors) throw error;
    return { errors };
  }
}

/** The trainings to pick from, by name. */
export function TrainingSelect(props: { names: CatalogueNames; placeholder: string; values: FormValues; errors?: FormErrors }) {
  const options = [...props.names.trainings]
    .sort((a, b) => a.name.localeCompare(b.name, 'nl'))
    .map((t) => ({ value: t.code, text: t.name }));
  return (
    <Select name="trainingCode" label={FACT.training} placeholder={props.placeholder} options={options} {...fieldsOf(props)} />
  );
}

/** A company's recognitions in the register, found by its enterprise number; undefined when it has none. */
export async function companyOf(
  ctx: PageContext,
  res: Response,
  enterpriseNumber: string,
): Promise<CompanyRecognitions | undefined> {
  try {
    const reply = await call(ctx, res, ctx.api.register.searchCompanies, { query: { enterpriseNumber } });
    return reply.body[0];
  } catch (error) {
    if (error instanceof Problem && error.status === 400) return undefined;
    throw error;
  }
}

/** A register question on its page: who asks, the catalogue's names, the form's values and messages. */
export interface Question extends SignedInPage {
  names: CatalogueNames;
  values: FormValues;
  errors?: FormErrors;
}

/**
 * A register question's page: when the query asks it (`asked`), `answer` asks the register, and
 * the page shows the form again with the answer, or with the refusal's messages (400).
 */
export function questionPage(
  router: Router,
  ctx: PageContext,
  pattern: string,
  operation: Operation,
  question: {
    asked: (req: Request) => boolean;
    /** Values the form starts with where the query leaves them empty. */
    defaults?: () => FormValues;
    answer: (asked: Question, res: Response) => Promise<VNode>;
    show: (asked: Question, answer?: VNode) => VNode;
  },
) {
  router.get(
    pattern,
    forOperation(operation),
    page(async (req, res) => {
      const asked: Question = { ...signedInPage(res), names: await catalogueNames(ctx), values: formValues(req.query) };
      for (const [name, value] of Object.entries(question.defaults?.() ?? {})) asked.values[name] ||= value;
      const { answer, errors } = question.asked(req) ? await ask(() => question.answer(asked, res)) : {};
      render(res, question.show({ ...asked, errors }, answer), errors ? 400 : 200);
    }),
  );
}

/** The frame of a register question's page: its title, the GET form with its fields, what follows. */
export function QuestionForm(
  props: Question & {
    title: string;
    labels: Record<string, string>;
    action: string;
    /** Above the form: an introduction, or the answer and a heading for the next question. */
    intro: ComponentChildren;
    button: string;
    children: ComponentChildren;
    /** Under the form: the answer, or where else to look. */
    after?: ComponentChildren;
  },
) {
  return (
    <Page title={props.title} principal={props.principal} csrf={props.csrf} errors={props.errors} labels={props.labels}>
      <h1>{props.title}</h1>
      {props.intro}
      <form method="get" action={props.action} novalidate>
        {props.children}
        <Button>{props.button}</Button>
      </form>
      {props.after}
    </Page>
  );
}
