import type { Router } from 'express';
import type { ComponentChildren, VNode } from 'preact';
import type { Verification } from '../../models/register';
import { type PageContext, call } from '../context';
import { RECOGNITION_STATUS_TEXT, enterpriseNumberText, establishmentNumberText, longDate, todayInBrussels } from '../dutch';
import { fieldsOf } from '../forms';
import { Summary, Tag, TextField } from '../layout';
import { FACT, FIELD } from '../labels';
import { may } from '../may';
import { paths, patterns } from '../paths';
import {
  type CompanyRecognitions,
  type Question,
  QuestionForm,
  TrainingSelect,
  companyOf,
  filledIn,
  questionPage,
} from './register';

// Is a workplace recognised for a training on a date? A GET form: its answer can be bookmarked.

const VERIFY_LABELS: Record<string, string> = {
  enterpriseNumber: FIELD.enterpriseNumber,
  establishmentNumber: FIELD.establishmentNumber,
  trainingCode: FACT.training,
  date: 'Datum',
};

function Verdict(props: {
  result: Verification;
  training: string;
  date: string;
  enterpriseNumber: string;
  establishmentNumber: string;
  company?: CompanyRecognitions;
  canReport: boolean;
}) {
  const { result, company } = props;
  const found = company?.recognitions.find((r) => r.recognitionId === result.recognitionId);
  const who = company?.companyName ?? 'Deze werkplek';
  const on = longDate(props.date);
  const sentence = result.recognized
    ? `${who} is op ${on} erkend als leeronderneming voor ${props.training}.`
    : result.status === 'none'
      ? `${who} heeft op ${on} geen erkenning voor ${props.training} op deze vestiging.`
      : `De erkenning van ${who} voor ${props.training} is op ${on} ${RECOGNITION_STATUS_TEXT[result.status]!.toLowerCase()}.`;
  const rows: Array<[string, ComponentChildren]> = [
    [
      FACT.company,
      company ? `${company.companyName} (${enterpriseNumberText(company.enterpriseNumber)})` : props.enterpriseNumber,
    ],
    [
      FACT.establishment,
      found
        ? `${establishmentNumberText(found.establishmentNumber)}, ${found.address.postcode} ${found.address.municipality}`
        : props.establishmentNumber,
    ],
    [FACT.training, props.training],
    ['Datum', on],
    [
      FACT.status,
      <Tag tone={result.recognized ? 'green' : result.status === 'suspended' ? 'yellow' : 'red'}>
        {result.status === 'none' ? 'Geen erkenning' : RECOGNITION_STATUS_TEXT[result.status]}
      </Tag>,
    ],
  ];
  if (result.validFrom && result.validUntil)
    rows.push(['Geldigheid', `van ${longDate(result.validFrom)} tot ${longDate(result.validUntil)}`]);
  const report = result.recognitionId
    ? `${paths.recognitionAction(result.recognitionId, 'melding')}${company ? `?onderneming=${company.enterpriseNumber}` : ''}`
    : undefined;
  return (
    <section aria-labelledby="antwoord">
      <div class={result.recognized ? 'panel' : 'panel negative'}>
        <h2 class="verdict" id="antwoord">
          {result.recognized ? 'Erkend' : 'Niet erkend'}
        </h2>
        <p>{sentence}</p>
      </div>
      <Summary rows={rows} />
      {report && props.canReport ? (
        <p>
          Loopt er iets mis op deze werkplek? <a href={report}>Meld een probleem aan het sectoraal partnerschap</a>.
        </p>
      ) : null}
    </section>
  );
}

function VerifyPage(props: Question & { verdict?: VNode }) {
  const { verdict } = props;
  const field = fieldsOf(props);
  return (
    <QuestionForm
      {...props}
      title="Is deze werkplek erkend?"
      labels={VERIFY_LABELS}
      action={paths.register}
      intro={
        <>
          {verdict}
          {verdict ? (
            <h2>Een andere werkplek nakijken</h2>
          ) : (
            <p class="lead">Kijk na of een werkplek erkend is voor een opleiding, op de dag die u kiest.</p>
          )}
        </>
      }
      button="Nakijken"
      after={
        <p>
          Of <a href={paths.registerSearch}>zoek een erkende werkplek</a> per opleiding en postcode.
        </p>
      }
    >
      <TextField
        {...field}
        name="enterpriseNumber"
        label={VERIFY_LABELS.enterpriseNumber!}
        hint="10 cijfers, bijvoorbeeld 0403.170.701"
        inputMode="numeric"
        width="medium"
      />
      <TextField
        {...field}
        name="establishmentNumber"
        label={VERIFY_LABELS.establishmentNumber!}
        hint="Het nummer van de vestiging waar de leerling werkt: 10 cijfers, begint met 2 tot 8, bijvoorbeeld 2.123.456.791"
        inputMode="numeric"
        width="medium"
      />
      <TrainingSelect {...field} names={props.names} placeholder="Kies een opleiding" />
      <TextField
        {...field}
        name="date"
        type="date"
        label={VERIFY_LABELS.date!}
        hint="Bijvoorbeeld de eerste dag van het leercontract; standaard vandaag."
      />
    </QuestionForm>
  );
}

export function verifyPage(router: Router, ctx: PageContext) {
  questionPage(router, ctx, patterns.register, ctx.api.register.verify, {
    asked: (req) => 'enterpriseNumber' in req.query,
    defaults: () => ({ date: todayInBrussels() }),
    answer: async ({ principal, names, values }, res) => {
      const query = filledIn(values, Object.keys(VERIFY_LABELS));
      const { body: result } = await call(ctx, res, ctx.api.register.verify, { query });
      const company = await companyOf(ctx, res, query.enterpriseNumber!);
      return (
        <Verdict
          result={result}
          training={names.training(values.trainingCode!)}
          date={values.date!}
          enterpriseNumber={values.enterpriseNumber!}
          establishmentNumber={values.establishmentNumber!}
          company={company}
          canReport={may(principal, ctx.api.recognitions.reportIncident)}
        />
      );
    },
    show: (asked, verdict) => <VerifyPage {...asked} verdict={verdict} />,
  });
}
