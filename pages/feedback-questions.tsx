import { FEEDBACK_QUESTIONS, type FeedbackQuestion } from '../models/learner-feedback';
import type { FieldState } from './forms';
import { Radios, TextArea } from './layout';

// The learner's five questions in Dutch, in one place: the school asks them on the learner's
// behalf (pages/placements) and the learner answers them through a one-time link. Plain words,
// one scale for all, so a learner answers each in a glance.

export const FEEDBACK_QUESTION_TEXT: Record<FeedbackQuestion, string> = {
  guidance: 'Mijn mentor begeleidt mij goed.',
  learning: 'Ik leer op de werkplek wat in mijn opleidingsplan staat.',
  safety: 'Ik voel me veilig op de werkplek.',
  atmosphere: 'De sfeer op de werkplek is goed.',
  recommend: 'Ik raad deze werkplek aan andere leerlingen aan.',
};

/** The scale of every question, from 1 to 4. */
export const FEEDBACK_SCALE = ['1 – helemaal niet', '2 – eerder niet', '3 – eerder wel', '4 – helemaal wel'] as const;

const COMMENT_LABEL = 'Wil je nog iets kwijt? (niet verplicht)';

/** The labels of the questions' fields by their paths, for the error summary. */
export const FEEDBACK_LABELS: Record<string, string> = {
  ...Object.fromEntries(FEEDBACK_QUESTIONS.map((q) => [`answers.${q}`, FEEDBACK_QUESTION_TEXT[q]])),
  comment: COMMENT_LABEL,
};

const SCALE_OPTIONS = FEEDBACK_SCALE.map((text, index) => ({ value: String(index + 1), text }));

/** The five questions as radio groups named by the API's paths (`answers.<question>`), and the comment. */
export function FeedbackQuestions(props: FieldState) {
  return (
    <>
      {FEEDBACK_QUESTIONS.map((question) => (
        <Radios
          key={question}
          {...props}
          name={`answers.${question}`}
          label={FEEDBACK_QUESTION_TEXT[question]}
          options={SCALE_OPTIONS}
        />
      ))}
      <TextArea {...props} name="comment" label={COMMENT_LABEL} hint="Alleen de school leest dit, nooit de onderneming." />
    </>
  );
}
