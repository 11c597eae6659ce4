import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { StatusChangedEvent } from '../../models/status-change-event';

/**
 * Schools' systems on one local port: each subscription posts to `/hooks/<subscriptionId>`. The
 * receiver checks every signature (one secret for all) and keeps each subscription's events in
 * the order they arrived, a repeated `webhook-id` once (delivery is at least once).
 */
export async function startWebhookReceiver() {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const received = new Map<string, Array<{ id: string; event: Pick<StatusChangedEvent, 'type' | 'data'> }>>();
  const refused: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const subscriptionId = req.url?.replace(/^\/hooks\//, '') ?? '';
      try {
        const event = new Webhook(secret).verify(body, req.headers as Record<string, string>) as StatusChangedEvent;
        const events = received.get(subscriptionId) ?? [];
        const id = String(req.headers['webhook-id']);
        if (!events.some((e) => e.id === id)) events.push({ id, event });
        received.set(subscriptionId, events);
        res.writeHead(204).end();
      } catch (error) {
        refused.push(String(error));
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    secret,
    /** Signatures that did not verify: none, unless something is wrong. */
    refused,
    urlFor: (subscriptionId: string) => `http://127.0.0.1:${port}/hooks/${subscriptionId}`,
    /** The statuses a subscription received for a recognition, in the order they came. */
    statuses: (subscriptionId: string, recognitionId: string) =>
      (received.get(subscriptionId) ?? [])
        .filter((e) => e.event.data.recognitionId === recognitionId)
        .map((e) => e.event.data.status),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
