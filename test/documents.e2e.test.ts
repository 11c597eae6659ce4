import { createHash } from 'node:crypto';
import { filedApplication, horecaOverrides, sampleApplicationBody } from './support/sample-application';
import { type Json, eventually, suiteStack } from './support/stack';
import { ADMIN, COMPANY, reviewerOf } from './support/people';

// Documents as files: a company uploads a PDF, PNG or JPEG (recognised by its content, at most
// 10 MB) to its dossier; the dossier's parties download the same bytes, others get a 404.

describe('documents (dev server, FerretDB)', () => {
  const stack = suiteStack({
    company: COMPANY,
    otherCompany: { sub: 'other-company-user', role: 'company', enterpriseNumber: '0200065765' },
    school: { sub: 'school-user', role: 'school', schoolId: 'school-9' },
    reviewer: reviewerOf('bouw'),
    otherReviewer: reviewerOf('horeca'),
    horecaReviewer: reviewerOf('horeca'),
    admin: ADMIN,
  });
  const { call, tokens } = stack;
  let applicationId: string;

  beforeAll(async () => {
    applicationId = await filedApplication(call);
  });

  const pdf = (size = 2000) => {
    const bytes = Buffer.alloc(size, 0x41);
    bytes.write('%PDF-1.7\n', 0, 'latin1');
    return bytes;
  };
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 7)]);
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

  async function upload(as: string, bytes: Buffer, name: string, kind = 'risk-analysis', id = applicationId) {
    const form = new FormData();
    form.set('kind', kind);
    form.set('file', new Blob([new Uint8Array(bytes)], { type: 'application/octet-stream' }), name);
    const response = await fetch(`${stack.baseUrl}/api/v1/applications/${id}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[as]}` },
      body: form,
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Json };
  }

  async function download(as: string, documentId: string) {
    const response = await fetch(`${stack.baseUrl}/api/v1/applications/${applicationId}/documents/${documentId}`, {
      headers: { authorization: `Bearer ${tokens[as]}` },
    });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  }

  it('stores a PDF with its SHA-256 and gives the same bytes back to the dossier parties only', async () => {
    const bytes = pdf();
    const uploaded = await upload('company', bytes, 'risicoanalyse.pdf');
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toEqual({
      id: expect.any(String),
      kind: 'risk-analysis',
      name: 'risicoanalyse.pdf',
      size: bytes.length,
      sha256: sha256(bytes),
      contentType: 'application/pdf',
    });
    const id = uploaded.body.id as string;

    for (const party of ['company', 'reviewer', 'admin']) {
      const got = await download(party, id);
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toBe('application/pdf');
      expect(got.headers.get('content-disposition')).toMatch(/^attachment; filename="risicoanalyse.pdf"/);
      expect(got.bytes.equals(bytes)).toBe(true);
    }
    for (const stranger of ['otherCompany', 'otherReviewer', 'school']) expect((await download(stranger, id)).status).toBe(404);
    const listed = await call('reviewer', 'GET', `/api/v1/applications/${applicationId}/documents`);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([{ ...uploaded.body, uploadedAt: expect.any(String) }]);
    expect((await call('otherCompany', 'GET', `/api/v1/applications/${applicationId}/documents`)).status).toBe(404);
    expect((await download('company', 'no-such-document')).status).toBe(404);
  });

  it('recognises a PNG by its content whatever its name, and refuses text named .pdf', async () => {
    const image = await upload('company', png, 'scan.txt', 'floor-plan');
    expect(image.status).toBe(201);
    expect(image.body).toMatchObject({ contentType: 'image/png', sha256: sha256(png), name: 'scan.txt' });

    // Two at once each get their own place in the dossier's list.
    const [one, two] = await Promise.all([upload('company', png, 'a.png', 'photo'), upload('company', png, 'b.png', 'photo')]);
    expect([one.status, two.status]).toEqual([201, 201]);
    const listed = await call('company', 'GET', `/api/v1/applications/${applicationId}/documents`);
    expect(listed.body.map((d: Json) => d.id)).toEqual(expect.arrayContaining([image.body.id, one.body.id, two.body.id]));
    expect(listed.body).toHaveLength(4);

    const text = await upload('company', Buffer.from('just some text, not a PDF at all'), 'fake.pdf');
    expect(text.status).toBe(415);
    expect(text.body.errors).toEqual([
      { path: 'file', message: expect.stringMatching(/PDF, PNG or JPEG/), code: 'file-type', params: {} },
    ]);
  });

  it('refuses a file over 10 MB with 413, and uploads to another company or by a school without mandate with 404', async () => {
    const stored = async () => ({
      files: await stack.db.collection('application_document_files').countDocuments({}),
      chunks: await stack.db.collection('application_document_chunks').countDocuments({}),
    });
    const before = await stored();
    const big = await upload('company', pdf(11 * 1024 * 1024), 'groot.pdf');
    expect(big.status).toBe(413);
    // Refused while streaming; the part written before the limit is deleted.
    expect(await stored()).toEqual(before);
    expect((await upload('otherCompany', pdf(), 'x.pdf')).status).toBe(404);
    expect((await upload('school', pdf(), 'x.pdf')).status).toBe(404);
    expect((await upload('company', pdf(), 'x.pdf', 'risk-analysis', 'no-such-application')).status).toBe(404);
    const noKind = await upload('company', pdf(), 'x.pdf', '');
    expect(noKind.status).toBe(400);
    expect(noKind.body.errors).toEqual([{ path: 'kind', message: expect.any(String), code: 'kind-required', params: {} }]);
    // JSON instead of multipart
    expect((await call('company', 'POST', `/api/v1/applications/${applicationId}/documents`, { kind: 'x' })).status).toBe(415);
  });

  it('meets a required document with an upload: the supplement sends the dossier on to review, and a decided dossier takes no more', async () => {
    // Horeca requires an HACCP certificate: without it the automatic check asks for it.
    const filed = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody(horecaOverrides));
    expect(filed.status).toBe(202);
    const id = filed.body.id as string;
    expect(filed.body).toMatchObject({ status: 'info_requested' });
    const asked = filed.body.infoRequests[0].items as string[];
    expect(asked).toEqual([expect.stringMatching(/haccp/i)]);
    const kind = /'(.+)'/.exec(asked[0]!)![1]!;

    const fake = await call('company', 'POST', `/api/v1/applications/${id}/supplements`, {
      documents: [{ kind, name: 'attest.pdf', documentId: 'not-uploaded' }],
    });
    expect(fake.status).toBe(400);
    expect(fake.body.errors).toEqual([
      {
        path: 'documents.0.documentId',
        message: expect.stringMatching(/not a document uploaded/),
        code: 'unknown-document',
        params: {},
      },
    ]);
    expect((await call('school', 'POST', `/api/v1/applications/${id}/supplements`, { message: 'x' })).status).toBe(404);

    const uploaded = await upload('company', pdf(), 'haccp.pdf', kind, id);
    expect(uploaded.status).toBe(201);
    const supplemented = await call('company', 'POST', `/api/v1/applications/${id}/supplements`, {
      message: 'Het HACCP-attest is opgeladen.',
    });
    expect(supplemented.status).toBe(200);
    expect(supplemented.body.status).toBe('in_review');
    expect(supplemented.body.application.documents).toEqual([{ kind, name: 'haccp.pdf', documentId: uploaded.body.id }]);

    const decided = await call('horecaReviewer', 'POST', `/api/v1/applications/${id}/decision`, {
      outcome: 'approved',
      reasons: ['In orde'],
    });
    expect(decided.status).toBe(200);
    await eventually(async () =>
      (await call('company', 'GET', `/api/v1/applications/${id}`)).body.status === 'approved' ? true : undefined,
    );
    const late = await upload('company', pdf(), 'later.pdf', kind, id);
    expect(late.status).toBe(409);
  });

  it('moves a 10 MB file in and out of the local store (prints MB/s)', async () => {
    const bytes = pdf(10 * 1024 * 1024);
    const megabytes = bytes.length / 1024 / 1024;
    let started = performance.now();
    const uploaded = await upload('company', bytes, 'tien.pdf');
    const uploadSeconds = (performance.now() - started) / 1000;
    expect(uploaded.status).toBe(201);
    started = performance.now();
    const got = await download('reviewer', uploaded.body.id as string);
    const downloadSeconds = (performance.now() - started) / 1000;
    expect(got.bytes.equals(bytes)).toBe(true);
    // Each chunk is read by `_id` (store/files.ts), not by GridFS's { files_id, n }, which FerretDB 1.x scans for.
    const chunks = stack.db.collection('application_document_chunks');
    const chunkCount = await chunks.countDocuments({});
    const file = await stack.db.collection('application_document_files').findOne({ length: bytes.length });
    started = performance.now();
    expect(await chunks.findOne({ _id: `${file!._id}:20` as never })).not.toBeNull();
    const lookupMs = performance.now() - started;
    console.log(
      `documents on the local store: upload ${(megabytes / uploadSeconds).toFixed(1)} MB/s, ` +
        `download ${(megabytes / downloadSeconds).toFixed(1)} MB/s (10 MB over HTTP); ` +
        `one chunk by _id among ${chunkCount} chunks: ${lookupMs.toFixed(1)} ms`,
    );
  });
});
