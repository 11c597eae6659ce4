import { call, type contractCalls } from './contract-calls';
import type { Json } from './stack';

// The contract walk's public register (contract v3) and a recognition's certificate with its
// verification page, in the walk's order: anyone finds the workplace by training near its
// postcode or in its municipality, and downloads the open data; the company downloads the
// certificate, whose link anyone opens. Called by test/contract-walk.e2e.test.ts with its
// recognition while it is active.

/** The public fields of each found workplace. */
const PUBLIC = [
  'companyName',
  'address.street',
  'address.postcode',
  'address.municipality',
  'training.code',
  'hasFreePlaces',
].map((field) => `items.*.${field}`);

export async function walkPublicRegister(
  { step, stepWhen, send }: ReturnType<typeof contractCalls>,
  recognitionId: string,
  current: Json,
) {
  const found = (answer: Json) => answer.items.some((item: Json) => item.recognitionId === recognitionId);
  const nearby = { params: { trainingCode: 'ruwbouw-duaal', postcode: '9000' }, fields: PUBLIC };
  await stepWhen(
    call(undefined, 'GET /api/v1/public/register/search?trainingCode={trainingCode}&postcode={postcode}', 200, nearby),
    found,
  );
  const inTown = { params: { trainingCode: 'ruwbouw-duaal', municipality: 'gent' }, fields: PUBLIC };
  expect(
    found(
      await step(
        call(
          undefined,
          'GET /api/v1/public/register/search?trainingCode={trainingCode}&municipality={municipality}',
          200,
          inTown,
        ),
      ),
    ),
  ).toBe(true);

  // Files and pages are checked by their type and what they name; `send` answers them as they are.
  const openData = await send(call(undefined, 'GET /open-data/erkende-werkplekken.csv', 200));
  expect({ status: openData.status, type: openData.type }).toEqual({ status: 200, type: 'text/csv; charset=utf-8' });
  expect(String(openData.body)).toContain(recognitionId);
  const recognition = { params: { id: recognitionId } };
  const certificate = await send(call('company', 'GET /api/v1/recognitions/{id}/certificate', 200, recognition));
  expect({ status: certificate.status, type: certificate.type }).toEqual({ status: 200, type: 'application/pdf' });
  expect((certificate.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const verification = await send(call(undefined, 'GET /verificatie/{id}', 200, recognition));
  expect(verification.status).toBe(200);
  expect(String(verification.body)).toContain(current.companyName as string);
}
