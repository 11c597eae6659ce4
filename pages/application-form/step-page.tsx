import type { Response } from 'express';
import type { Company } from '../../models/company';
import { type CatalogueNames, principalOf, signedInPage } from '../context';
import type { FormErrors, FormValues } from '../forms';
import { Button, Form, Page, Tag, render } from '../layout';
import { mentorCount } from '../mentor-fields';
import { paths } from '../paths';
import { type Draft, nextPath } from './draft';
import { onKboChoice } from './kbo';
import { StepFields } from './step-fields';
import { MAX_MENTORS, STEPS, type Step, labelsFor } from './steps';

// The pages of the application form before its check: the start page and each step's page.

const LIVE_CHECK_SCRIPT = paths.asset('live-check.js');
/** Shows the number of "Een andere vestiging" only while it is chosen. */
const CONDITIONAL_SCRIPT = paths.asset('conditional.js');

export function showStart(res: Response, draft: Draft | undefined) {
  render(
    res,
    <Page title="Erkenning aanvragen" {...signedInPage(res)}>
      <h1>Erkenning aanvragen als leeronderneming</h1>
      <p class="lead">
        Wilt u leerlingen van het duaal leren opleiden op uw werkplek? Dan vraagt u voor die vestiging en die opleiding een
        erkenning aan bij het sectoraal partnerschap.
      </p>
      <h2>Wat hebt u nodig?</h2>
      <ul>
        <li>het vestigingseenheidsnummer van de werkplek (uit de KBO);</li>
        <li>de opleiding en het aantal plaatsen voor leerlingen;</li>
        <li>
          voor elke mentor: geboortedatum, jaren ervaring en de datum van een recent uittreksel uit het strafregister (model
          596.2).
        </li>
      </ul>
      <p>Het invullen duurt ongeveer tien minuten. Uw antwoorden blijven bewaard zolang u aangemeld bent.</p>
      <ol class="tasks">
        {STEPS.map((step) => (
          <li key={step.id}>
            {step.title}{' '}
            {draft?.done.includes(step.id) ? <Tag tone="green">Ingevuld</Tag> : <Tag tone="grey">Nog in te vullen</Tag>}
          </li>
        ))}
      </ol>
      <p>
        <a class="button primary" href={nextPath(draft)}>
          {draft ? 'Verdergaan' : 'Beginnen'}
        </a>
      </p>
      {draft ? (
        <Form action={paths.newApplicationRestart} csrf={res.locals.csrf}>
          <Button kind="secondary">Opnieuw beginnen</Button>
        </Form>
      ) : null}
    </Page>,
  );
}

export function showStep(
  res: Response,
  step: Step,
  names: CatalogueNames,
  values: FormValues,
  draft: Draft | undefined,
  errors?: FormErrors,
  status = 200,
  kbo?: Company,
) {
  const principal = principalOf(res);
  const index = STEPS.indexOf(step);
  const mentors = Math.min(MAX_MENTORS, Math.max(1, draft?.mentors ?? 1, mentorCount(values)));
  if (kbo) errors = onKboChoice(errors, values, kbo);
  const back = index === 0 ? paths.newApplication : paths.newApplicationStep(STEPS[index - 1]!.id);
  render(
    res,
    <Page
      title={step.title}
      {...signedInPage(res)}
      errors={errors}
      labels={labelsFor(errors)}
      back={{ href: back, text: 'Terug' }}
      scripts={kbo?.establishments.length ? [LIVE_CHECK_SCRIPT, CONDITIONAL_SCRIPT] : [LIVE_CHECK_SCRIPT]}
    >
      <p class="caption">
        Aanvraag tot erkenning · stap {index + 1} van {STEPS.length}
      </p>
      <h1>{step.title}</h1>
      <Form action={paths.newApplicationStep(step.id)} csrf={res.locals.csrf} liveCheck={paths.newApplicationStepCheck(step.id)}>
        <StepFields step={step} values={values} errors={errors} principal={principal} names={names} mentors={mentors} kbo={kbo} />
        <Button>Doorgaan</Button>
        {step.id === 'mentoren' && mentors < MAX_MENTORS ? (
          <Button kind="secondary" name="_actie" value="mentor-toevoegen">
            Nog een mentor toevoegen
          </Button>
        ) : null}
      </Form>
    </Page>,
    status,
  );
}
