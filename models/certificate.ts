import { longDate } from './dutch-dates';
import type { RecognitionStatus } from './recognition-status';

// A recognition's certificate (attest) in Dutch: what it says, line by line. Pure, so the same
// recognition on the same day gives the same certificate; api/certificate.ts lays it out as PDF.

/** A recognition's status as people read it, on the pages and the certificate alike. */
export const RECOGNITION_STATUS_TEXT: Record<string, string> = {
  active: 'Erkend',
  suspended: 'Geschorst',
  withdrawn: 'Ingetrokken',
  expired: 'Verlopen',
  ended: 'Beëindigd',
};

/** Where anyone verifies a recognition: a public page beside the other pages. */
export const VERIFICATION_PATTERN = '/verificatie/:id';
export const verificationPath = (recognitionId: string) => `/verificatie/${encodeURIComponent(recognitionId)}`;

export const CERTIFICATE_TITLE = 'Attest erkende leeronderneming';

/** What a recognition's certificate and its verification page both say of it. */
export interface RecognitionFacts {
  companyName: string;
  enterpriseNumber: string;
  establishmentNumber: string;
  address: { street: string; postcode: string; municipality: string };
  training: { code: string; name: string };
  partnershipName: string;
  validFrom: string;
  validUntil: string;
}

export interface CertificateFacts extends RecognitionFacts {
  status: RecognitionStatus;
  /** The day the certificate speaks of (today in Brussels). */
  today: string;
  verificationUrl: string;
}

/** "0403.170.701" and "2.123.456.791", as the KBO writes them. */
export function enterpriseNumberText(digits: string): string {
  return /^\d{10}$/.test(digits) ? `${digits.slice(0, 4)}.${digits.slice(4, 7)}.${digits.slice(7)}` : digits;
}

export function establishmentNumberText(digits: string): string {
  return /^\d{10}$/.test(digits) ? `${digits[0]}.${digits.slice(1, 4)}.${digits.slice(4, 7)}.${digits.slice(7)}` : digits;
}

/** An establishment's address on one line: "Kerkstraat 1, 9100 Sint-Niklaas". */
export const addressText = (address: RecognitionFacts['address']) =>
  `${address.street}, ${address.postcode} ${address.municipality}`;

/** A recognition's facts as label and value, in the order the certificate prints them. */
export function factLines(facts: RecognitionFacts): Array<[string, string]> {
  const { address, training } = facts;
  return [
    ['Onderneming', facts.companyName],
    ['Ondernemingsnummer', enterpriseNumberText(facts.enterpriseNumber)],
    ['Vestigingseenheid', establishmentNumberText(facts.establishmentNumber)],
    ['Adres', addressText(address)],
    ['Opleiding', `${training.name} (${training.code})`],
    ['Sectoraal partnerschap', facts.partnershipName],
    ['Geldig van', longDate(facts.validFrom)],
    ['Geldig tot en met', longDate(facts.validUntil)],
  ];
}

/** What the status is said as on a day: "Stand op 6 december 2026". */
export const statusOnLabel = (today: string) => `Stand op ${longDate(today)}`;

/** The certificate's lines: the facts, then the status on its day. */
export function certificateLines(facts: CertificateFacts): Array<[string, string]> {
  return [...factLines(facts), [statusOnLabel(facts.today), RECOGNITION_STATUS_TEXT[facts.status]!]];
}

/** What the certificate says under its facts: how anyone checks it. */
export const verificationText = (url: string) =>
  `Dit attest toont de erkenning zoals ze was op de dag dat het werd gemaakt. Of de erkenning vandaag geldt, ziet u op ${url}`;
