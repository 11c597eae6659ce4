import type { Response } from 'express';
import { type PageContext, call, signedInPage } from '../context';
import { Summary, Table, Tag, render } from '../layout';
import { paths } from '../paths';
import { AdminPage, policyPage } from './frame';

// The catalogue as it stands: the sector partnerships with their joint committees (paritaire
// comités) and trainings, read-only; each partnership's policy is one link away.

const NUMBER = new Intl.NumberFormat('nl-BE');

export async function showCatalogue(ctx: PageContext, res: Response) {
  const [{ body: partnerships }, { body: trainings }] = await Promise.all([
    call(ctx, res, ctx.api.catalogue.allPartnerships),
    call(ctx, res, ctx.api.catalogue.allTrainings),
  ]);
  const committees = new Set(partnerships.flatMap((p) => p.jointCommittees));
  const trainingsOf = (id: string) => trainings.filter((t) => t.partnershipId === id);
  const names = new Map(partnerships.map((p) => [p.id, p.name]));
  render(
    res,
    <AdminPage title="Catalogus" current={paths.adminCatalogue} {...signedInPage(res)}>
      <h1>Catalogus</h1>
      <p class="lead">
        De sectorale partnerschappen, hun paritaire comités en de duale opleidingen waarvoor een onderneming erkend kan worden.
      </p>
      <Summary
        rows={[
          ['Partnerschappen', NUMBER.format(partnerships.length)],
          ['Paritaire comités', NUMBER.format(committees.size)],
          ['Opleidingen', NUMBER.format(trainings.length)],
        ]}
      />
      <h2>Partnerschappen</h2>
      <Table caption="Partnerschappen" columns={['Partnerschap', 'Paritaire comités', 'Opleidingen', 'Beleid']}>
        {partnerships.map((p) => (
          <tr key={p.id}>
            <td>{p.name}</td>
            <td>{p.jointCommittees.length ? p.jointCommittees.map((c) => `PC ${c}`).join(', ') : 'geen'}</td>
            <td>{NUMBER.format(trainingsOf(p.id).length)}</td>
            <td>
              {p.policyProblems?.length ? <Tag tone="red">Buiten de grenzen</Tag> : null}{' '}
              <a href={policyPage(p.id)}>
                Beleid<span class="visually-hidden"> van {p.name}</span>
              </a>
            </td>
          </tr>
        ))}
      </Table>
      <h2>Opleidingen</h2>
      <Table caption="Opleidingen" columns={['Code', 'Opleiding', 'Partnerschap', 'Activiteiten']}>
        {trainings.map((t) => (
          <tr key={t.code}>
            <td>
              <code>{t.code}</code>
            </td>
            <td>{t.name}</td>
            <td>{names.get(t.partnershipId) ?? t.partnershipId}</td>
            <td>{NUMBER.format(t.activities?.length ?? 0)}</td>
          </tr>
        ))}
      </Table>
    </AdminPage>,
  );
}
