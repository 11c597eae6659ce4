import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import type { Company } from '../../models/company';
import { ineligibleMentors } from '../../models/eligibility';
import { refusal } from '../../models/problem-codes';
import type { Principal } from '../../platform/auth';
import type { CatalogueNames } from '../context';
import { inDutch, todayInBrussels } from '../dutch';
import { type FormErrors, type FormValues, checkStep, formInput, formValues, isoFromTyped } from '../forms';
import { MENTOR_PATH, isMentorField, mentorPath } from '../mentor-fields';
import { paths } from '../paths';
import { MAX_MENTORS, MENTORS, STEPS, type Step, type StepId, isAsked, stepOf } from './steps';
import { ADDRESS_FIELDS, KBO_ADDRESS, kboAddressOf, kboChoiceErrors } from './kbo';

// The draft: the answers as form values (field path → text), kept in the session until the
// company submits, as a list because the store does not take dots in keys.

export interface Draft {
  /** The Idempotency-Key of this application's submission. */
  key: string;
  fields: Array<{ name: string; value: string }>;
  done: StepId[];
  /** Mentor forms shown, empty ones included. */
  mentors: number;
  /** What the API refused at submission, shown beside the field on its step until that step is posted again. */
  refused: Array<{ path: string; message: string }>;
}

export const DRAFT = 'application';
/** The last submission of this session: a repeated submit finds its dossier. */
export const SUBMITTED = 'applicationSubmitted';

export const draftOf = (res: Response) => res.locals.session!.drafts[DRAFT] as Draft | undefined;
export const newDraft = (): Draft => ({ key: randomUUID(), fields: [], done: [], mentors: 1, refused: [] });

export function valuesOf(draft: Draft | undefined, principal: Principal): FormValues {
  const values: FormValues = Object.fromEntries((draft?.fields ?? []).map((f) => [f.name, f.value]));
  if (principal.role === 'company') values.enterpriseNumber = principal.enterpriseNumber;
  return values;
}

export const firstOpen = (draft: Draft | undefined) => STEPS.find((s) => !draft?.done.includes(s.id));
export const nextPath = (draft: Draft | undefined) => {
  const open = firstOpen(draft);
  return open ? paths.newApplicationStep(open.id) : paths.newApplicationCheck;
};

const DATE_FIELD = /\.(birthDate|criminalRecordExtractDate|mentorTrainingCompletedOn)$/;

/** The form fields a step accepts; anything else posted is ignored. */
function accepts(step: Step, name: string, principal: Principal): boolean {
  const mentor = MENTOR_PATH.exec(name);
  if (mentor) return step.id === 'mentoren' && Number(mentor[1]) < MAX_MENTORS && isMentorField(mentor[2]!);
  if (name === 'enterpriseNumber' && principal.role === 'company') return false;
  return step.id !== 'mentoren' && stepOf(name) === step && isAsked(name);
}

/** The posted answers the step accepts, dates in the form the API takes. */
export function postedAnswers(step: Step, body: unknown, principal: Principal): FormValues {
  const posted: FormValues = {};
  for (const [name, value] of Object.entries(formValues(body))) {
    if (value !== '' && accepts(step, name, principal)) posted[name] = DATE_FIELD.test(name) ? isoFromTyped(value) : value;
  }
  return posted;
}

/** The draft with this step's answers replaced by the posted ones, and the step open again. */
export function answered(draft: Draft, step: Step, posted: FormValues): Draft {
  return {
    ...draft,
    fields: [
      ...draft.fields.filter((f) => stepOf(f.name) !== step),
      ...Object.entries(posted).map(([name, value]) => ({ name, value })),
    ],
    done: draft.done.filter((id) => id !== step.id),
    refused: draft.refused.filter((r) => stepOf(r.path) !== step),
  };
}

/** A step's posted answers with what it does not ask again: the KBO address on the training step. */
export function keptAnswers(step: Step, draft: Draft | undefined, posted: FormValues, principal: Principal): FormValues {
  if (step.id !== 'opleiding') return posted;
  const address = kboAddressOf(valuesOf(draft, principal));
  return address ? { ...posted, ...address } : posted;
}

/**
 * Mentors without any answer are dropped and the others numbered from 0, so paths match the form
 * shown again; `typedAs[n]` is the number mentor n had in the form as posted.
 */
export function compactMentors(values: FormValues): { values: FormValues; typedAs: number[] } {
  const rest: FormValues = {};
  const mentors = new Map<number, FormValues>();
  for (const [name, value] of Object.entries(values)) {
    const match = MENTOR_PATH.exec(name);
    if (!match) {
      rest[name] = value;
      continue;
    }
    const index = Number(match[1]);
    mentors.set(index, { ...mentors.get(index), [match[2]!]: value });
  }
  const sorted = [...mentors.entries()].sort(([a], [b]) => a - b);
  sorted.forEach(([, fields], index) => {
    for (const [field, value] of Object.entries(fields)) rest[mentorPath(index, field)] = value;
  });
  return { values: rest, typedAs: sorted.map(([typed]) => typed) };
}

/** The step's answers checked with the API's schema and, where they apply, its eligibility rules. */
export function checkAnswers(step: Step, values: FormValues, names: CatalogueNames, kbo?: Company): FormErrors | undefined {
  const choice = step.id === 'onderneming' ? kboChoiceErrors(kbo, values) : undefined;
  if (choice) return choice;
  const errors = checkStep(step.schema, values);
  if (errors) return errors;
  if (step.id === 'opleiding' && !names.trainings.some((t) => t.code === values.trainingCode)) {
    return {
      fields: {
        trainingCode: inDutch(
          refusal('trainingCode', 'unknown-training', 'unknown training', { trainingCode: values.trainingCode ?? '' }),
        ),
      },
    };
  }
  if (step.id === 'mentoren') {
    const { mentors } = MENTORS.parse(formInput(MENTORS, values));
    // Only what can never qualify refuses the step; an old extract is asked for after submission.
    const ineligible = ineligibleMentors(mentors, todayInBrussels());
    if (ineligible.length) return { fields: Object.fromEntries(ineligible.map((i) => [i.path, inDutch(i)])) };
  }
  return undefined;
}

export function refusedOn(draft: Draft | undefined, step: Step): FormErrors | undefined {
  const refused = (draft?.refused ?? []).filter((r) => stepOf(r.path) === step);
  return refused.length ? { fields: Object.fromEntries(refused.map((r) => [r.path, r.message])) } : undefined;
}

/** The draft with the workplace address of the establishment picked on the first step (or the one of a pick undone removed). */
export function withAddress(draft: Draft, before: FormValues, address: FormValues | undefined): Draft {
  if (!address && !kboAddressOf(before)) return draft;
  const fields = draft.fields.filter((f) => !(ADDRESS_FIELDS as readonly string[]).includes(f.name) && f.name !== KBO_ADDRESS);
  const kept: FormValues = address ? { ...address, [KBO_ADDRESS]: 'true' } : {};
  return { ...draft, fields: [...fields, ...Object.entries(kept).map(([name, value]) => ({ name, value }))] };
}
