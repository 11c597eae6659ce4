import type { Request, Response } from 'express';
import type { z } from 'zod';
import { Problem } from '../../api/problem';
import type { companyRecognitions } from '../../models/register';
import { type CatalogueNames, type PageContext, call } from '../context';
import { type FormErrors, type FormValues, formErrors } from '../forms';
import { FACT } from '../labels';
import { Select } from '../layout';

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
    <Select
      name="trainingCode"
      label={FACT.training}
      placeholder={props.placeholder}
      options={options}
      values={props.values}
      errors={props.errors}
    />
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
