import type { Request, Response, Router } from 'express';
import { Problem } from '../api/problem';
import type { ApplicationView } from '../models/application-dossier';
import { MAX_DOCUMENT_BYTES, type UploadedDocument, takesDocuments } from '../models/document';
import type { Principal } from '../platform/auth';
import { type PageContext, call, forOperation, page, sendFile } from './context';
import { longDate } from './dutch';
import { type FormErrors, type FormValues, fieldsOf, formErrors } from './forms';
import { Button, FileField, Form, Select, Table } from './layout';
import { paths, patterns } from './paths';

// A dossier's documents as files: the list with a download link each, and the upload form for
// whoever answers for the dossier. The upload goes to the API operation with the page's own
// request, streamed; the API recognises the file by its content and keeps its SHA-256.

/** The kind of an upload that is none of the policy's required documents. */
const OTHER_KIND = 'overig';

const ACCEPT = '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg';

const MEGABYTES = new Intl.NumberFormat('nl-BE', { maximumFractionDigits: 1 });

const sizeText = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} kB` : `${MEGABYTES.format(bytes / 1024 / 1024)} MB`;

/** The company, or the school that filed the dossier with its mandate: who adds documents and answers requests. */
export function answersFor(principal: Principal, app: ApplicationView): boolean {
  if (principal.role === 'company') return true;
  return principal.role === 'school' && app.filedBy?.schoolId === principal.schoolId;
}

export async function readUploads(ctx: PageContext, res: Response, id: string): Promise<UploadedDocument[]> {
  return (await call(ctx, res, ctx.api.documents.list, { params: { id } })).body;
}

/** The required kinds no document of the dossier meets yet, named or uploaded. */
export function missingKinds(required: string[], app: ApplicationView, uploads: UploadedDocument[]): string[] {
  const delivered = new Set([...app.application.documents.map((d) => d.kind), ...uploads.map((u) => u.kind)]);
  return required.filter((kind) => !delivered.has(kind));
}

/** Uploads the dossier's application does not list yet: a supplement hands them to the check. */
export const unsentUploads = (app: ApplicationView, uploads: UploadedDocument[]) =>
  uploads.filter((u) => !app.application.documents.some((d) => d.documentId === u.id));

export function UploadedDocuments(props: { applicationId: string; uploads: UploadedDocument[] }) {
  if (props.uploads.length === 0) return <p>Er zijn nog geen documenten opgeladen.</p>;
  return (
    <Table caption="Opgeladen documenten" columns={['Bestand', 'Soort', 'Grootte', 'Opgeladen']}>
      {props.uploads.map((u) => (
        <tr key={u.id}>
          <td>
            <a href={paths.applicationDocument(props.applicationId, u.id)} download={u.name}>
              {u.name}
            </a>
          </td>
          <td>{u.kind === OTHER_KIND ? 'Ander document' : u.kind}</td>
          <td>{sizeText(u.size)}</td>
          <td>{longDate(u.uploadedAt)}</td>
        </tr>
      ))}
    </Table>
  );
}

/** The dossier's documents, and the upload form while the dossier takes them. */
export function Documents(props: {
  app: ApplicationView;
  uploads: UploadedDocument[];
  required: string[];
  canUpload: boolean;
  values?: FormValues;
  errors?: FormErrors;
  csrf?: string;
}) {
  const { app, uploads } = props;
  const field = fieldsOf(props);
  const missing = missingKinds(props.required, app, uploads);
  const kinds = [...missing, ...props.required.filter((kind) => !missing.includes(kind))];
  return (
    <section id="documenten" aria-labelledby="documenten-titel">
      <h2 id="documenten-titel">Documenten</h2>
      <UploadedDocuments applicationId={app.id} uploads={uploads} />
      {props.canUpload && takesDocuments(app.status) ? (
        <Form action={paths.applicationAction(app.id, 'documenten')} csrf={props.csrf} upload>
          <h3>Document opladen</h3>
          <Select
            {...field}
            name="kind"
            label="Soort document"
            options={[
              ...kinds.map((kind) => ({ value: kind, text: missing.includes(kind) ? `${kind} (nog nodig)` : kind })),
              { value: OTHER_KIND, text: 'Ander document' },
            ]}
          />
          <FileField
            {...field}
            name="file"
            label="Bestand"
            hint={`Een PDF, PNG of JPEG van ten hoogste ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB.`}
            accept={ACCEPT}
          />
          <Button kind="secondary">Document opladen</Button>
        </Form>
      ) : null}
    </section>
  );
}

/** Sends the file to the API as it arrives; a refusal is a message beside the field it concerns. */
export async function uploadDocument(ctx: PageContext, req: Request, res: Response, applicationId: string) {
  await call(ctx, res, ctx.api.documents.upload, { params: { id: applicationId }, request: req });
}

export function uploadErrors(error: unknown): { errors: FormErrors; status: number } | undefined {
  if (!(error instanceof Problem)) return undefined;
  const file = (text: string) => ({ errors: { fields: { file: text } }, status: error.status });
  if (error.status === 413)
    return file(
      `Het bestand is groter dan ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB. Verklein het, bijvoorbeeld door te scannen in zwart-wit.`,
    );
  const path = error.errors?.[0]?.path;
  if (path === 'file' && error.status === 415) return file('Dit bestand is geen PDF, PNG of JPEG. Kies een ander bestand.');
  if (path === 'file') return file('Kies een bestand om op te laden.');
  if (path === 'kind') return { errors: { fields: { kind: 'Kies de soort document.' } }, status: 400 };
  if (error.status === 415) return file('Kies een bestand om op te laden.');
  const errors = formErrors(error);
  return errors ? { errors, status: error.status === 409 ? 409 : 400 } : undefined;
}

export function documentPages(router: Router, ctx: PageContext) {
  router.get(
    patterns.applicationDocument,
    forOperation(ctx.api.documents.download),
    page(async (req, res) => {
      const reply = await call(ctx, res, ctx.api.documents.download, {
        params: { id: String(req.params.id), documentId: String(req.params.documentId) },
      });
      await sendFile(res, reply);
    }),
  );
}
