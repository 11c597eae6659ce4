import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Connection } from 'mongoose';
import { dayInBrussels } from '../models/dates';
import {
  OPEN_DATA_COLUMNS,
  OPEN_DATA_PATH,
  openDataRow,
  publicSearchQuery,
  publicSearchResult,
  publicVerification,
  toPublicVerification,
  toPublicWorkplace,
} from '../models/public-register';
import type { RegisterEntry } from '../models/register-index';
import { trainingModel } from '../store/catalogue';
import { idParam } from './dossier-routes';
import { Problem, notFound } from './problem';
import type { ReadModels } from './read-models';
import type { Routes } from './routes';

// The public register: anyone, without a token, finds the recognised workplaces for a training
// near them, verifies a recognition (a certificate's link) and downloads them all as open data.
// All of it from the register's in-memory index (fresh within a second of a change), public
// fields only; each address has its own rate limit (`publicPerMinute`, mounted by api/app.ts).

/** What the public register's rate limit covers. */
export const PUBLIC_API_PATHS = ['/api/v1/public', '/open-data'];

interface PublicRegisterDependencies {
  db: Connection;
  readModels: ReadModels;
  now: () => Date;
}

export function publicRegisterRoutes(routes: Routes, deps: PublicRegisterDependencies) {
  const trainings = trainingModel(deps.db);
  const index = () => {
    if (!deps.readModels.ready) throw new Problem(503, 'Service Unavailable', 'The register is still loading; try again shortly');
    return deps.readModels.register;
  };
  /** The names of the trainings of these entries (the catalogue's few documents, by `_id`). */
  const trainingNames = async (entries: RegisterEntry[]) => {
    const codes = [...new Set(entries.map((e) => e.trainingCode))];
    const found = codes.length ? await trainings.find({ _id: { $in: codes } }, { name: 1 }).lean() : [];
    const names = new Map(found.map((t) => [t._id, String(t.name)]));
    return (code: string) => names.get(code) ?? code;
  };

  const search = routes.add({
    method: 'get',
    path: '/api/v1/public/register/search',
    compiled: true,
    summary: 'Recognised workplaces for a training near a postcode or in a municipality (anyone; public fields only)',
    tag: 'Public register',
    query: publicSearchQuery,
    responses: { 200: { description: 'A page of active recognitions, by company name', schema: publicSearchResult } },
    handler: async ({ query, rawQuery }) => {
      const register = index();
      const { items, more } = register.search(query);
      const name = await trainingNames(items);
      const next = new URLSearchParams(rawQuery);
      next.set('page', String(query.page + 1));
      return {
        status: 200,
        body: {
          items: items.map((e) => toPublicWorkplace(e, name(e.trainingCode), register.freeCapacityOf(e) > 0)),
          page: query.page,
          pageSize: query.pageSize,
          ...(more ? { next: `/api/v1/public/register/search?${next}` } : {}),
        },
      };
    },
  });

  const verification = routes.add({
    method: 'get',
    path: '/api/v1/public/register/recognitions/:id',
    summary: 'Verify a recognition (a certificate’s link): its public fields and its status today (anyone)',
    tag: 'Public register',
    params: idParam,
    responses: { 200: { description: 'The recognition as the public sees it', schema: publicVerification } },
    handler: async ({ params }) => {
      const entry = index().entry(params.id);
      if (!entry) throw notFound(`No recognition ${params.id}`);
      const name = await trainingNames([entry]);
      return { status: 200, body: toPublicVerification(entry, name(entry.trainingCode), dayInBrussels(deps.now())) };
    },
  });

  const openData = routes.add({
    method: 'get',
    path: OPEN_DATA_PATH,
    summary: 'Every active recognition as open data: CSV (RFC 4180, UTF-8, header row), the public fields only',
    tag: 'Public register',
    responses: {
      200: {
        description: `text/csv with the columns ${OPEN_DATA_COLUMNS.join(', ')}; as the register holds them at the request`,
      },
    },
    handler: async () => {
      const register = index();
      const { items } = register.search({ page: 1, pageSize: Math.max(1, register.size) });
      const name = await trainingNames(items);
      const rows = Readable.from(
        items.map((e) => openDataRow(toPublicWorkplace(e, name(e.trainingCode), register.freeCapacityOf(e) > 0))),
      );
      const csv = stringify({ header: true, columns: [...OPEN_DATA_COLUMNS], record_delimiter: 'windows' });
      rows.on('error', (error) => csv.destroy(error));
      const day = dayInBrussels(deps.now());
      return {
        status: 200,
        stream: rows.pipe(csv),
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="erkende-werkplekken-${day}.csv"`,
          // Fresh from the register at each request; a cache in between may keep it five minutes.
          'cache-control': 'public, max-age=300',
        },
      };
    },
  });

  return { search, verification, openData };
}
