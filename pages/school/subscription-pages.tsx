import type { SubscriptionView } from '../../models/subscription';
import type { SignedInPage } from '../context';
import { enterpriseNumberText, inDutch, longDate } from '../dutch';
import type { FormErrors, FormValues } from '../forms';
import { Button, Form, Notice, Page, Summary, Table, Tag, TextArea, TextField } from '../layout';
import { FACT, NO_GO_BACK } from '../labels';
import { paths } from '../paths';

// The templates of the school's webhook subscriptions: the list, a new one, one (its secret shown
// once), and stopping one.

const BACK = { href: paths.subscriptions, text: 'Terug naar uw abonnementen' };

export const SUBSCRIPTION_LABELS: Record<string, string> = {
  url: 'Webadres van uw systeem',
  enterpriseNumbers: 'Ondernemingen die u volgt',
  contactEmail: 'E-mailadres voor problemen',
};

function Followed(props: { numbers: string[] }) {
  if (props.numbers.length === 0) return <>Alle ondernemingen</>;
  return (
    <>
      {props.numbers.map((n, i) => (
        <span key={n}>
          {i > 0 ? ', ' : ''}
          {enterpriseNumberText(n)}
        </span>
      ))}
    </>
  );
}

/** How a school's system checks that a webhook comes from Erkend (Standard Webhooks). */
function SignatureHelp() {
  return (
    <section aria-labelledby="controleren">
      <h2 id="controleren">Hoe controleert uw systeem een melding?</h2>
      <p>
        Erkend stuurt bij elke wijziging van een erkenning een <code>POST</code>-bericht in JSON naar uw webadres, volgens de open
        standaard <a href="https://www.standardwebhooks.com/">Standard Webhooks</a>. Elk bericht heeft drie kopregels:{' '}
        <code>webhook-id</code>, <code>webhook-timestamp</code> en <code>webhook-signature</code>.
      </p>
      <ol>
        <li>
          Neem het geheim zonder het begin <code>whsec_</code> en decodeer de rest uit base64: dat is de sleutel.
        </li>
        <li>
          Bereken een HMAC-SHA256 met die sleutel over de tekst <code>webhook-id.webhook-timestamp.inhoud</code>: de id, een punt,
          het tijdstip, een punt en de inhoud van het bericht precies zoals ontvangen.
        </li>
        <li>
          Codeer de uitkomst in base64 en vergelijk ze met de handtekening na <code>v1,</code> in <code>webhook-signature</code>.
          Klopt ze niet, weiger het bericht dan.
        </li>
        <li>
          Weiger ook een bericht met een tijdstip van meer dan vijf minuten geleden, en verwerk een <code>webhook-id</code> maar
          één keer: een bericht dat niet aankwam, wordt opnieuw verstuurd.
        </li>
      </ol>
      <p>
        De bibliotheken van Standard Webhooks doen dit voor u, bijvoorbeeld in JavaScript met het npm-pakket{' '}
        <code>standardwebhooks</code>: <code>new Webhook(geheim).verify(inhoud, kopregels)</code>.
      </p>
    </section>
  );
}

function SubscriptionRow(props: { s: SubscriptionView }) {
  const { s } = props;
  return (
    <tr>
      <td class="break">
        <a href={paths.subscription(s.id)}>{s.url}</a>
      </td>
      <td>
        <Followed numbers={s.enterpriseNumbers} />
      </td>
      <td>{longDate(s.createdAt)}</td>
      <td>{s.undeliverable ? <Tag tone="red">Niet bezorgbaar</Tag> : <Tag tone="green">Actief</Tag>}</td>
      <td>
        <a href={paths.stopSubscription(s.id)}>
          Stopzetten<span class="visually-hidden"> ({s.url})</span>
        </a>
      </td>
    </tr>
  );
}

export function SubscriptionsPage(props: SignedInPage & { list: SubscriptionView[]; stopped: boolean }) {
  return (
    <Page title="Meldingen bij wijzigingen" principal={props.principal} csrf={props.csrf}>
      <h1>Meldingen bij wijzigingen</h1>
      <Notice text={props.stopped ? 'Het abonnement is stopgezet.' : undefined} />
      <p class="lead">
        Erkend kan het systeem van uw school een bericht (een webhook) sturen telkens de erkenning van een onderneming verandert:
        erkend, geschorst, ingetrokken, verlopen of beëindigd.
      </p>
      <p>
        <a class="button primary" href={paths.newSubscription}>
          Nieuw abonnement
        </a>
      </p>
      <h2>Uw abonnementen</h2>
      {props.list.length === 0 ? (
        <p>U hebt nog geen abonnementen.</p>
      ) : (
        <Table columns={['Webadres', 'Ondernemingen', 'Sinds', FACT.status]} action={'Acties'}>
          {props.list.map((s) => (
            <SubscriptionRow key={s.id} s={s} />
          ))}
        </Table>
      )}
    </Page>
  );
}

export function NewSubscriptionPage(props: SignedInPage & { values: FormValues; errors?: FormErrors }) {
  const { values, errors } = props;
  const field = { values, errors };
  return (
    <Page
      title="Nieuw abonnement"
      principal={props.principal}
      csrf={props.csrf}
      errors={errors}
      labels={SUBSCRIPTION_LABELS}
      back={BACK}
    >
      <h1>Nieuw abonnement</h1>
      <Form action={paths.newSubscription} csrf={props.csrf}>
        <TextField
          {...field}
          name="url"
          label={SUBSCRIPTION_LABELS.url!}
          hint="Het adres op het internet waar uw systeem de berichten ontvangt, bijvoorbeeld https://school.example/webhooks/erkend"
          autocomplete="url"
        />
        <TextArea
          {...field}
          name="enterpriseNumbers"
          label={SUBSCRIPTION_LABELS.enterpriseNumbers!}
          hint="Eén ondernemingsnummer per regel, bijvoorbeeld 0403.170.701. Laat leeg om elke wijziging van elke erkenning te ontvangen."
          rows={6}
        />
        <TextField
          {...field}
          name="contactEmail"
          type="email"
          label={`${SUBSCRIPTION_LABELS.contactEmail!} (niet verplicht)`}
          hint="Hier laat Erkend weten wanneer berichten uw systeem niet bereiken."
          autocomplete="email"
        />
        <Button>Abonnement aanmaken</Button>
      </Form>
    </Page>
  );
}

function SecretPanel(props: { secret: string }) {
  return (
    <div class="panel">
      <h2>Het abonnement is aangemaakt</h2>
      <p>Dit is het geheim waarmee uw systeem nagaat dat een bericht van Erkend komt:</p>
      <p>
        <code class="break">{props.secret}</code>
      </p>
      <p>
        <strong>Bewaar het nu in uw systeem.</strong> Erkend toont het maar één keer; wie het kwijt is, maakt een nieuw abonnement
        en zet dit stop.
      </p>
    </div>
  );
}

export function SubscriptionPage(props: SignedInPage & { s: SubscriptionView; secret?: string }) {
  const { s } = props;
  return (
    <Page title="Abonnement" principal={props.principal} csrf={props.csrf} back={BACK}>
      <h1>Abonnement</h1>
      {props.secret ? <SecretPanel secret={props.secret} /> : null}
      <Summary
        rows={[
          ['Webadres', <span class="break">{s.url}</span>],
          ['Ondernemingen', <Followed numbers={s.enterpriseNumbers} />],
          ['E-mailadres voor problemen', s.contactEmail ?? 'Geen'],
          ['Aangemaakt', longDate(s.createdAt)],
          [
            FACT.status,
            s.undeliverable ? (
              `Niet bezorgbaar sinds ${longDate(s.undeliverable.at)}. ${inDutch({ ...s.undeliverable, message: s.undeliverable.reason })}`
            ) : (
              <Tag tone="green">Actief</Tag>
            ),
          ],
        ]}
      />
      <p>
        <a href={paths.stopSubscription(s.id)}>Dit abonnement stopzetten</a>
      </p>
      <SignatureHelp />
    </Page>
  );
}

export function StopSubscriptionPage(props: SignedInPage & { s: SubscriptionView }) {
  const { s } = props;
  return (
    <Page title="Abonnement stopzetten" principal={props.principal} csrf={props.csrf} back={BACK}>
      <h1>Wilt u dit abonnement stopzetten?</h1>
      <Summary
        rows={[
          ['Webadres', <span class="break">{s.url}</span>],
          ['Ondernemingen', <Followed numbers={s.enterpriseNumbers} />],
        ]}
      />
      <p>Uw systeem krijgt dan geen berichten meer; berichten die nog onderweg zijn, vervallen.</p>
      <Form action={paths.stopSubscription(s.id)} csrf={props.csrf}>
        <Button kind="warning">Ja, stopzetten</Button> <a href={paths.subscriptions}>{NO_GO_BACK}</a>
      </Form>
    </Page>
  );
}
