import PDFDocument from 'pdfkit';
import type { Connection } from 'mongoose';
import {
  CERTIFICATE_TITLE,
  type CertificateFacts,
  certificateLines,
  verificationPath,
  verificationText,
} from '../models/certificate';
import { dayInBrussels, startOfDayInBrussels } from '../models/dates';
import { statusToday } from '../models/public-register';
import { toRecognitionView } from '../models/recognition';
import { toRegisterEntry } from '../models/register-index';
import { partnershipModel, trainingModel } from '../store/catalogue';
import { recognitionModel } from '../store/recognitions';
import { idParam } from './dossier-routes';
import { notFound } from './problem';
import type { Routes } from './routes';
import { canSee } from './tenancy';

// A recognition's certificate (attest) as PDF, for the company to show a school or a learner:
// its facts today and the link where anyone verifies it (/verificatie/{id}). Made at each request
// from the dossier, so it never says more than the dossier does; the same day gives the same bytes.

interface CertificateDependencies {
  db: Connection;
  now: () => Date;
  /** PUBLIC_URL; unset, the request's own host. */
  publicUrl?: string;
}

/** Who may download a recognition's certificate: its company, and an admin. */
export const CERTIFICATE_ROLES = ['company', 'admin'] as const;

export function certificateRoutes(routes: Routes, deps: CertificateDependencies) {
  const recognitions = recognitionModel(deps.db);
  const trainings = trainingModel(deps.db);
  const partnerships = partnershipModel(deps.db);

  const certificate = routes.add({
    method: 'get',
    path: '/api/v1/recognitions/:id/certificate',
    summary: 'The recognition’s certificate (attest) as PDF, with its verification link (the company, admin)',
    tag: 'Recognitions',
    roles: CERTIFICATE_ROLES,
    params: idParam,
    responses: { 200: { description: 'application/pdf, in Dutch: the recognition today and where to verify it' } },
    handler: async ({ params, principal, header }) => {
      const found = await recognitions.findById(params.id).lean();
      if (!found || !canSee(principal, found)) throw notFound(`No recognition ${params.id}`);
      const recognition = toRecognitionView(found);
      const [training, partnership] = await Promise.all([
        trainings.findById(recognition.trainingCode, { name: 1 }).lean(),
        partnerships.findById(recognition.partnershipId, { name: 1 }).lean(),
      ]);
      const today = dayInBrussels(deps.now());
      const base = deps.publicUrl ?? `http://${header('host') ?? 'localhost'}`;
      const facts: CertificateFacts = {
        companyName: recognition.companyName,
        enterpriseNumber: recognition.enterpriseNumber,
        establishmentNumber: recognition.establishmentNumber,
        address: recognition.address,
        training: { code: recognition.trainingCode, name: String(training?.name ?? recognition.trainingCode) },
        partnershipName: String(partnership?.name ?? recognition.partnershipId),
        validFrom: recognition.validFrom,
        validUntil: recognition.validUntil,
        status: statusToday(toRegisterEntry(recognition, ''), today),
        today,
        verificationUrl: `${base.replace(/\/$/, '')}${verificationPath(recognition.id)}`,
      };
      return {
        status: 200,
        stream: certificatePdf(facts),
        headers: {
          'content-type': 'application/pdf',
          'content-disposition': `attachment; filename="attest-${recognition.id}-${today}.pdf"`,
          'cache-control': 'no-store',
        },
      };
    },
  });

  return { certificate };
}

/** The certificate laid out on one A4 page, with the standard fonts (nothing embedded: small). */
function certificatePdf(facts: CertificateFacts): NodeJS.ReadableStream {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 60,
    // The day it speaks of, not the moment it was made: the same day gives the same file.
    info: { Title: CERTIFICATE_TITLE, Author: 'Erkend', CreationDate: startOfDayInBrussels(facts.today) },
    lang: 'nl-BE',
  });
  doc.font('Helvetica-Bold').fontSize(20).text(CERTIFICATE_TITLE);
  doc.moveDown(0.3).font('Helvetica').fontSize(11).fillColor('#444').text('Erkenning voor duaal leren in Vlaanderen');
  doc.moveDown(1.5).fillColor('#000');
  for (const [label, value] of certificateLines(facts)) {
    doc.font('Helvetica-Bold').fontSize(11).text(label);
    doc.font('Helvetica').fontSize(12).text(value);
    doc.moveDown(0.6);
  }
  doc.moveDown(1).font('Helvetica').fontSize(10).text(verificationText(facts.verificationUrl), {
    link: facts.verificationUrl,
  });
  doc.end();
  return doc;
}
