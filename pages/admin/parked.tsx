import type { Response } from 'express';
import { type PageContext, call, signedInPage } from '../context';
import { APPLICATION_STATUS_TEXT, RECOGNITION_STATUS_TEXT, longDateTime } from '../dutch';
import { Table, render } from '../layout';
import { paths } from '../paths';
import { LABELS } from '../policy/fields';
import { AdminPage, policyPage } from './frame';

// The dossiers parked for an operator: which, since when, why in Dutch, and what resumes them.
// A parked dossier's workflow reads the policy again every ten minutes and goes on by itself once
// the policy is valid (README, "Limits and failures"): repairing it is all there is to do.

/**
 * Why, read from the workflow's reason (the messages of InvalidPolicy in models/policy.ts and of
 * the unknown partnership in activities/applications.ts): the policy's fields out of bounds, or
 * the partnership gone. Another reason is shown as the worker gave it.
 */
function whyParked(reason: string): { fields: string[] } | { gone: true } | undefined {
  const invalid = /^the policy of partnership \S+ is invalid \((.*)\); /.exec(reason);
  if (invalid) {
    const paths = invalid[1]!.split('; ').map((issue) => issue.split(':')[0]!.split('.')[0]!);
    return { fields: [...new Set(paths)] };
  }
  return /^partnership \S+ is not in the catalogue/.test(reason) ? { gone: true } : undefined;
}

type Why = ReturnType<typeof whyParked>;

function WhyText(props: { why: Why; reason: string; partnership: string }) {
  const { why } = props;
  if (!why) return <>{props.reason}</>;
  if ('gone' in why) return <>Het partnerschap {props.partnership} staat niet meer in de catalogus.</>;
  const fields = why.fields.map((f) => LABELS[f] ?? f).join(', ');
  return (
    <>
      Het beleid van {props.partnership} valt buiten de grenzen: {fields.toLowerCase()}.
    </>
  );
}

export async function showParked(ctx: PageContext, res: Response) {
  const [{ body: parked }, { body: partnerships }] = await Promise.all([
    call(ctx, res, ctx.api.admin.parked, { query: { limit: '100' } }),
    call(ctx, res, ctx.api.catalogue.allPartnerships),
  ]);
  const nameOf = (id: string) => partnerships.find((p) => p.id === id)?.name ?? id;
  render(
    res,
    <AdminPage title="Geparkeerde dossiers" current={paths.adminParked} {...signedInPage(res)}>
      <h1>Geparkeerde dossiers</h1>
      <p class="lead">
        Een dossier wacht hier als het beleid van zijn partnerschap niet te gebruiken is. Herstel het beleid: het dossier kijkt
        elke tien minuten opnieuw en gaat dan vanzelf verder, met wat al gedaan was.
      </p>
      {parked.length === 0 ? (
        <p>Er wacht geen enkel dossier.</p>
      ) : (
        <Table caption="Geparkeerde dossiers" columns={['Dossier', 'Stand', 'Sinds', 'Waarom', 'Hoe hervatten']}>
          {parked.map((d) => {
            const why = whyParked(d.attention.reason);
            return (
              <tr key={`${d.kind}:${d.id}`}>
                <td>
                  <a href={d.kind === 'application' ? paths.dossier(d.id) : paths.recognition(d.id)}>
                    {d.kind === 'application' ? 'Aanvraag' : 'Erkenning'} {d.companyName}
                  </a>
                  <br />
                  <code>{d.trainingCode}</code>
                </td>
                <td>{(d.kind === 'application' ? APPLICATION_STATUS_TEXT : RECOGNITION_STATUS_TEXT)[d.status] ?? d.status}</td>
                <td>{longDateTime(d.attention.since)}</td>
                <td>
                  <WhyText why={why} reason={d.attention.reason} partnership={nameOf(d.partnershipId)} />
                </td>
                <td>
                  {why && 'gone' in why ? (
                    <a href={paths.adminCatalogue}>Zet het partnerschap terug in de catalogus</a>
                  ) : (
                    <a href={policyPage(d.partnershipId)}>Herstel het beleid van {nameOf(d.partnershipId)}</a>
                  )}
                </td>
              </tr>
            );
          })}
        </Table>
      )}
    </AdminPage>,
  );
}
