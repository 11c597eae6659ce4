import type { Response, Router } from 'express';
import type { VNode } from 'preact';
import { addToDate } from '../../models/dates';
import { RECOGNITION_STATUSES, type RecognitionWithPlacements } from '../../models/recognition';
import { ATTENTION_FILTERS, type AttentionFilter, missedConditions } from '../../models/recognition-search';
import { type CatalogueNames, type PageContext, call, forRoles } from '../context';
import { RECOGNITION_STATUS_TEXT, establishmentNumberText, longDate, todayInBrussels } from '../dutch';
import type { FormValues } from '../forms';
import { Checkbox, PartnershipFilter, RecognitionStatus, Select, Table, TextField } from '../layout';
import { FACT } from '../labels';
import { paths, patterns } from '../paths';
import { type Question, QuestionForm, filledIn, questionPage } from '../school/register';

// The partnership's recognitions at a glance (/erkenningen): filtered by status, what needs
// attention, an end within three months or a name or number, a page at a time by the API's own
// Link header. A GET form: it works without JavaScript, and a filtered overview can be linked to.

const PAGE_SIZE = 25;
/** The overdue improvement plans read to mark the rows: the most the plans' list gives. */
const OVERDUE_PLANS = 500;
/** "Verloopt binnen drie maanden": ends before this many months from today. */
const SOON = 'P3M';

const OVERVIEW_LABELS: Record<string, string> = {
  status: FACT.status,
  partnershipId: FACT.partnership,
  attention: 'Wat aandacht vraagt',
  expiringSoon: 'Verloopt binnen drie maanden',
  q: 'Zoeken op naam of nummer',
};

const ATTENTION_TEXT: Record<AttentionFilter, string> = {
  'condition-missed': 'Voorwaarde gemist',
  'plan-overdue': 'Verbeterplan over tijd',
  parked: 'Wacht op beheerder',
  'change-pending': 'Wijziging te beoordelen',
};

/** The overview filtered on one kind of attention (the start page's link to all of them). */
export const overviewOf = (attention: AttentionFilter) => `${paths.recognitions}?${new URLSearchParams({ attention })}`;

/** The start page shows this many recognitions with a missed condition, and links to the rest. */
const MISSED_ON_START = 10;

/**
 * The start page's "Gemiste voorwaarden" of a reviewer or coordinator: each recognition with a
 * mentor-training condition missed and not met, the longest overdue first, at most ten, and a link
 * to the overview of them all when there are more.
 */
export async function missedConditionTasks(ctx: PageContext, res: Response, names: CatalogueNames) {
  const { body, headers } = await call(ctx, res, ctx.api.recognitions.list, {
    query: { attention: 'condition-missed', limit: String(MISSED_ON_START) },
  });
  const tasks = body.map((r) => {
    const missed = missedConditions(r);
    return {
      href: paths.recognition(r.id),
      text: `${r.companyName} (${names.training(r.trainingCode)}): opleiding niet gevolgd door ${missed.map((c) => c.mentorName).join(', ')}`,
      due: missed[0]?.dueOn,
    };
  });
  const total = Number(headers?.['X-Total-Count'] ?? body.length);
  return { tasks, more: total > tasks.length ? { href: overviewOf('condition-missed'), total } : undefined };
}

/** What the form asks, as the API's query: the end within three months as a day. */
const apiQuery = (values: FormValues, admin: boolean) => ({
  ...filledIn(values, ['status', 'attention', 'q', 'offset', ...(admin ? ['partnershipId'] : [])]),
  ...(values.expiringSoon === 'true' ? { expiringBefore: addToDate(todayInBrussels(), SOON) } : {}),
  limit: String(PAGE_SIZE),
});

/** What of a recognition needs attention, in words. */
function NeedsAttention(props: { recognition: RecognitionWithPlacements; planOverdue: Set<string> }) {
  const r = props.recognition;
  const soon = r.status === 'active' && r.validUntil < addToDate(todayInBrussels(), SOON);
  const items = [
    ...missedConditions(r).map((c) => `Opleiding van mentor ${c.mentorName} niet gevolgd (uiterlijk ${longDate(c.dueOn)})`),
    ...(props.planOverdue.has(r.id) ? [ATTENTION_TEXT['plan-overdue']] : []),
    ...(r.attention ? [ATTENTION_TEXT.parked] : []),
    ...(r.pendingChange ? [`${ATTENTION_TEXT['change-pending']} (uiterlijk ${longDate(r.pendingChange.due)})`] : []),
    ...(r.renewal?.status === 'requested' ? ['Verlenging te beslissen'] : []),
    ...(soon ? ['Verloopt binnen drie maanden'] : []),
  ];
  if (items.length === 0) return <span class="hint">Niets</span>;
  return (
    <ul>
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

function Results(props: {
  recognitions: RecognitionWithPlacements[];
  total: number;
  next?: string;
  names: CatalogueNames;
  admin: boolean;
  /** The recognitions with an overdue improvement plan. */
  planOverdue: Set<string>;
}) {
  const { names, total } = props;
  return (
    <section aria-labelledby="resultaten">
      <h2 id="resultaten">{total === 1 ? '1 erkenning' : `${total} erkenningen`}</h2>
      {total === 0 ? (
        <p>Er zijn geen erkenningen die aan deze filters voldoen.</p>
      ) : (
        <Table
          caption="Erkenningen"
          columns={[
            FACT.company,
            FACT.establishment,
            FACT.training,
            props.admin ? FACT.partnership : null,
            FACT.status,
            'Geldig tot',
            'Aandacht nodig',
          ]}
        >
          {props.recognitions.map((r) => (
            <tr key={r.id}>
              <td>
                <a href={paths.recognition(r.id)}>{r.companyName}</a>
              </td>
              <td>
                {r.address.municipality}
                <br />
                <span class="hint">{establishmentNumberText(r.establishmentNumber)}</span>
              </td>
              <td>{names.training(r.trainingCode)}</td>
              {props.admin ? <td>{names.partnership(r.partnershipId)}</td> : null}
              <td>
                <RecognitionStatus status={r.status} />
              </td>
              <td>{longDate(r.validUntil)}</td>
              <td>
                <NeedsAttention recognition={r} planOverdue={props.planOverdue} />
              </td>
            </tr>
          ))}
        </Table>
      )}
      {props.next ? (
        <nav aria-label="Paginering" class="pagination">
          <a href={props.next}>Volgende</a>
        </nav>
      ) : null}
    </section>
  );
}

/** The page's address for the API's next page: the same filters, the API's offset. */
function nextPage(values: FormValues, link: string | undefined): string | undefined {
  const offset = link && /[?&]offset=(\d+)/.exec(link)?.[1];
  if (!offset) return undefined;
  return `${paths.recognitions}?${new URLSearchParams({ ...filledIn(values, Object.keys(OVERVIEW_LABELS)), offset })}`;
}

function OverviewPage(props: Question & { results?: VNode }) {
  const admin = props.principal.role === 'admin';
  const field = { values: props.values, errors: props.errors };
  return (
    <QuestionForm
      {...props}
      title="Erkenningen"
      labels={OVERVIEW_LABELS}
      action={paths.recognitions}
      intro={
        <p class="lead">
          {admin ? 'De erkenningen van alle partnerschappen' : 'De erkenningen van uw partnerschap'}: filter op wat aandacht
          vraagt, of zoek een onderneming.
        </p>
      }
      button="Filteren"
      after={props.results}
    >
      <Select
        {...field}
        name="status"
        label={OVERVIEW_LABELS.status!}
        placeholder="Alle standen"
        options={RECOGNITION_STATUSES.map((s) => ({ value: s, text: RECOGNITION_STATUS_TEXT[s] ?? s }))}
      />
      {admin ? <PartnershipFilter partnerships={props.names.partnerships} values={props.values} /> : null}
      <Select
        {...field}
        name="attention"
        label={OVERVIEW_LABELS.attention!}
        placeholder="Alles"
        options={ATTENTION_FILTERS.map((a) => ({ value: a, text: ATTENTION_TEXT[a] }))}
      />
      <Checkbox {...field} name="expiringSoon" label={OVERVIEW_LABELS.expiringSoon!} />
      <TextField
        {...field}
        name="q"
        label={OVERVIEW_LABELS.q!}
        hint="De naam van de onderneming, of een ondernemings- of vestigingsnummer"
      />
    </QuestionForm>
  );
}

export function overviewPage(router: Router, ctx: PageContext) {
  // The partnership's and the administrator's overview: a company has its own on its start page.
  router.get(patterns.recognitions, ...forRoles('reviewer', 'coordinator', 'admin'));
  questionPage(router, ctx, patterns.recognitions, ctx.api.recognitions.list, {
    asked: () => true,
    answer: async ({ principal, names, values }, res) => {
      const admin = principal.role === 'admin';
      // The overdue plans, newest first, to say which listed recognition has one.
      const [{ body, headers }, overdue] = await Promise.all([
        call(ctx, res, ctx.api.recognitions.list, { query: apiQuery(values, admin) }),
        call(ctx, res, ctx.api.improvementPlans.list, { query: { status: 'overdue', limit: String(OVERDUE_PLANS) } }),
      ]);
      return (
        <Results
          recognitions={body}
          total={Number(headers?.['X-Total-Count'] ?? body.length)}
          next={nextPage(values, headers?.Link)}
          names={names}
          admin={admin}
          planOverdue={new Set(overdue.body.map((plan) => plan.recognitionId))}
        />
      );
    },
    show: (asked, results) => <OverviewPage {...asked} results={results} />,
  });
}
