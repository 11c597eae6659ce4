import type { Request, Response } from 'express';
import { APPLICATION_STATUSES, OPEN_STATUSES } from '../../models/application';
import type { ApplicationView } from '../../models/application-dossier';
import { deadlineFirst } from '../../models/read-models';
import type { Principal } from '../../platform/auth';
import { type CatalogueNames, type PageContext, call, catalogueNames, principalOf, signedInPage } from '../context';
import { APPLICATION_STATUS_TEXT, establishmentNumberText } from '../dutch';
import { type FormValues, stringOf } from '../forms';
import { ApplicationStatus, Button, Checkbox, Page, PartnershipFilter, Select, Table, render } from '../layout';
import { paths } from '../paths';
import { Deadline } from './deadline';
import { FACT } from '../labels';

// The queue of dossiers: the open ones nearest deadline first, or those of one status.

const LIMIT = 100;

function Filters(props: { principal: Principal; names: CatalogueNames; filters: FormValues }) {
  const { filters } = props;
  return (
    <form method="get" action={paths.dossiers}>
      <Select
        name="status"
        label="Stand"
        placeholder="Open dossiers"
        options={APPLICATION_STATUSES.map((s) => ({ value: s, text: APPLICATION_STATUS_TEXT[s]! }))}
        values={filters}
      />
      {props.principal.role === 'admin' ? <PartnershipFilter partnerships={props.names.partnerships} values={filters} /> : null}
      <Checkbox name="overdue" label="Alleen te laat" values={filters} />
      <Button kind="secondary">Filteren</Button>
    </form>
  );
}

function QueueTable(props: { applications: ApplicationView[]; principal: Principal; names: CatalogueNames }) {
  const { names } = props;
  const admin = props.principal.role === 'admin';
  return (
    <Table columns={['Termijn', FACT.company, FACT.training, FACT.establishment, admin ? FACT.partnership : null, FACT.status]}>
      {props.applications.map((a) => (
        <tr key={a.id}>
          <td>
            <Deadline application={a} />
          </td>
          <td>
            <a href={paths.dossier(a.id)}>{a.companyName}</a>
          </td>
          <td>{names.training(a.trainingCode)}</td>
          <td>
            {a.application.address.municipality}
            <br />
            <span class="hint">{establishmentNumberText(a.establishmentNumber)}</span>
          </td>
          {admin ? <td>{names.partnership(a.partnershipId)}</td> : null}
          <td>
            <ApplicationStatus status={a.status} />
          </td>
        </tr>
      ))}
    </Table>
  );
}

function QueuePage(props: {
  principal: Principal;
  csrf?: string;
  names: CatalogueNames;
  filters: FormValues;
  closed: boolean;
  applications: ApplicationView[];
  cut: boolean;
}) {
  const { applications } = props;
  return (
    <Page title="Dossiers" principal={props.principal} csrf={props.csrf}>
      <h1>Dossiers</h1>
      <p class="lead">
        {props.closed
          ? 'Afgesloten aanvragen, de nieuwste eerst.'
          : 'Aanvragen die op een beslissing wachten: wat te laat is eerst, dan de dichtste termijn.'}
      </p>
      <Filters principal={props.principal} names={props.names} filters={props.filters} />
      {applications.length === 0 ? (
        <p>Er zijn geen dossiers die aan deze filters voldoen.</p>
      ) : (
        <>
          <p>
            {applications.length === 1 ? '1 dossier' : `${applications.length} dossiers`}
            {props.cut ? ` (de eerste ${LIMIT} per stand; verfijn met de filters)` : ''}
          </p>
          <QueueTable applications={applications} principal={props.principal} names={props.names} />
        </>
      )}
    </Page>
  );
}

export async function queue(ctx: PageContext, req: Request, res: Response) {
  const principal = principalOf(res);
  const names = await catalogueNames(ctx);
  const status = (APPLICATION_STATUSES as readonly string[]).includes(stringOf(req.query.status))
    ? stringOf(req.query.status)
    : '';
  const partnershipId = principal.role === 'admin' ? stringOf(req.query.partnershipId) : '';
  const overdue = stringOf(req.query.overdue) === 'true';
  const filters: FormValues = { status, partnershipId, overdue: overdue ? 'true' : '' };

  // Open dossiers by deadline (the API's order, kept when the three lists are merged); a closed
  // status newest first.
  const closed = status !== '' && !(OPEN_STATUSES as string[]).includes(status);
  const lists = await Promise.all(
    (status ? [status] : OPEN_STATUSES).map((s) =>
      call(ctx, res, ctx.api.applications.list, {
        query: {
          status: s,
          sort: closed ? 'newest' : 'deadline',
          limit: String(LIMIT),
          ...(partnershipId ? { partnershipId } : {}),
          ...(overdue ? { overdue: 'true' } : {}),
        },
      }),
    ),
  );
  const bodies = lists.map((list) => list.body);
  const applications = closed ? bodies[0]! : bodies.flat().sort(deadlineFirst);
  const cut = bodies.some((list) => list.length === LIMIT);
  render(
    res,
    <QueuePage {...signedInPage(res)} names={names} filters={filters} closed={closed} applications={applications} cut={cut} />,
  );
}
