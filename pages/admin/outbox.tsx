import type { Request, Response } from 'express';
import type { DeliveryStatus, OutboxMessage } from '../../models/outbox';
import { type PageContext, call, signedInPage } from '../context';
import { longDateTime } from '../dutch';
import { stringOf } from '../forms';
import { Button, Form, Notice, Table, Tag, render } from '../layout';
import { paths } from '../paths';
import { AdminPage } from './frame';

// The outgoing mail: every notice with whom it went to, what it is, when, and how its delivery
// went; a failed one has a button to send it once more. While one is being sent the list is
// followed (pages/static/follow.js); without JavaScript a link looks again.

const PAGE_SIZE = 50;

const RECIPIENT_TEXT: Record<OutboxMessage['audience'], string> = {
  company: 'Onderneming',
  partnership: 'Partnerschap',
  school: 'School',
};

const DELIVERY: Record<DeliveryStatus, { text: string; tone: 'green' | 'red' | 'yellow' | 'grey' }> = {
  sent: { text: 'Verzonden', tone: 'green' },
  failed: { text: 'Mislukt', tone: 'red' },
  pending: { text: 'Wordt verzonden', tone: 'yellow' },
  'not-configured': { text: 'Niet gemaild (geen mailserver ingesteld)', tone: 'grey' },
};

const NOTICES: Record<string, string> = {
  opnieuw: 'Het bericht wordt opnieuw verstuurd. Hieronder ziet u binnen enkele seconden of het lukte.',
};

/** What kind of notice it is, in Dutch: its subject up to the colon ("Aanvraag tot erkenning ontvangen"). */
const kindOf = (notice: OutboxMessage) => notice.subject.split(':')[0]!;

function Delivery(props: { notice: OutboxMessage }) {
  const { delivery } = props.notice;
  if (!delivery) return <Tag tone="grey">Alleen in Erkend</Tag>;
  const tries = delivery.attempts === 1 ? '1 poging' : `${delivery.attempts} pogingen`;
  return (
    <>
      <Tag tone={DELIVERY[delivery.status].tone}>{DELIVERY[delivery.status].text}</Tag>
      {delivery.attempts ? <> {tries}</> : null}
      {delivery.sentAt ? <> · {longDateTime(delivery.sentAt)}</> : null}
      {delivery.lastError && delivery.status !== 'sent' ? <p class="error-message">{delivery.lastError}</p> : null}
    </>
  );
}

function Notices(props: { notices: OutboxMessage[]; csrf?: string }) {
  return (
    <Table caption="Uitgaande berichten" columns={['Aangemaakt', 'Aan', 'Bericht', 'Aflevering']} action="Opnieuw versturen">
      {props.notices.map((n) => (
        <tr key={n.id} id={`bericht-${n.id}`}>
          <td>{longDateTime(n.createdAt)}</td>
          <td>
            {RECIPIENT_TEXT[n.audience]}
            <br />
            {n.to || 'geen adres'}
          </td>
          <td>
            {kindOf(n)}
            <br />
            <code>{n.template}</code>
          </td>
          <td>
            <Delivery notice={n} />
          </td>
          <td>
            {n.delivery?.status === 'failed' ? (
              <Form action={paths.adminOutboxRetry(n.id)} csrf={props.csrf}>
                <Button kind="secondary">
                  Opnieuw versturen<span class="visually-hidden"> ({n.subject})</span>
                </Button>
              </Form>
            ) : null}
          </td>
        </tr>
      ))}
    </Table>
  );
}

export async function showOutbox(ctx: PageContext, req: Request, res: Response) {
  const failedOnly = stringOf(req.query.status) === 'mislukt';
  const before = stringOf(req.query.voor);
  const { body: notices } = await call(ctx, res, ctx.api.admin.deliveries, {
    query: { limit: String(PAGE_SIZE), ...(failedOnly ? { delivery: 'failed' } : {}), ...(before ? { before } : {}) },
  });
  const here = paths.adminOutbox(failedOnly, before || undefined);
  const sending = notices.some((n) => n.delivery?.status === 'pending');
  render(
    res,
    <AdminPage
      title={failedOnly ? 'Mislukte berichten' : 'Uitgaande berichten'}
      current={paths.adminOutbox()}
      scripts={[paths.asset('follow.js')]}
      {...signedInPage(res)}
    >
      <h1>Uitgaande berichten</h1>
      <Notice text={NOTICES[stringOf(req.query.gelukt)]} />
      <p class="lead">
        Elk bericht dat Erkend stuurt, het nieuwste eerst, en of de mailserver het aannam. Een mislukt bericht kunt u opnieuw
        versturen, bijvoorbeeld nadat het adres of de mailserver hersteld is.
      </p>
      <nav aria-label="Filter" class="pagination">
        <a href={paths.adminOutbox()} aria-current={failedOnly ? undefined : 'page'}>
          Alle
        </a>
        <a href={paths.adminOutbox(true)} aria-current={failedOnly ? 'page' : undefined}>
          Mislukt
        </a>
      </nav>
      <div id="berichten" data-follow={sending ? '2000' : undefined} aria-live="polite">
        {notices.length === 0 ? (
          <p>{failedOnly ? 'Geen mislukte berichten.' : 'Nog geen berichten.'}</p>
        ) : (
          <Notices notices={notices} csrf={res.locals.csrf} />
        )}
        {sending ? (
          <p>
            <a href={here}>Stand vernieuwen</a>
          </p>
        ) : null}
      </div>
      {notices.length === PAGE_SIZE ? (
        <p>
          <a href={paths.adminOutbox(failedOnly, notices.at(-1)!.id)}>Oudere berichten</a>
        </p>
      ) : null}
    </AdminPage>,
  );
}

/**
 * Sends a failed notice once more (the API's retry), then shows it among all notices, where its
 * outcome appears (no longer under "Mislukt" while it is being sent).
 */
export async function retryNotice(ctx: PageContext, req: Request, res: Response) {
  const id = String(req.params.id);
  await call(ctx, res, ctx.api.admin.retry, { params: { id } });
  res.redirect(303, `${paths.adminOutbox()}?gelukt=opnieuw#bericht-${encodeURIComponent(id)}`);
}
