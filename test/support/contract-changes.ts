import { call, type contractCalls } from './contract-calls';

// The contract walk's changes during validity (contract v3, "A recognition's life"): the company
// changes its contact (in force at once) and its address (for the partnership to review), and
// the recognition shows both on its timeline. Called by test/contract-walk.e2e.test.ts last, so
// that nothing walked after it meets the changed recognition.

export async function walkChanges({ walk }: ReturnType<typeof contractCalls>, recognition: { params: { id: string } }) {
  await walk([
    call('company', 'POST /api/v1/recognitions/{id}/changes', 200, {
      ...recognition,
      body: { contact: { name: 'Jan De Vries', email: 'jan@devries.example' } },
      is: { applied: true },
    }),
    call('company', 'POST /api/v1/recognitions/{id}/changes', 200, {
      ...recognition,
      body: { address: { street: 'Stationsstraat 12', postcode: '9000', municipality: 'Gent' } },
      fields: ['applied', 'reviewDue'],
      is: { applied: false },
    }),
    call('company', 'GET /api/v1/recognitions/{id}', 200, { ...recognition, fields: ['timeline'] }),
  ]);
}
