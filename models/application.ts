import { z } from 'zod';
import { jointCommittee } from './catalogue';
import { emailAddress, enterpriseNumber, establishmentNumber, isoDate } from './formats';
import { coded } from './problem-codes';

// The application (erkenningsaanvraag) as a company submits it, per the contract.

export const APPLICATION_STATUSES = [
  'submitted',
  'in_review',
  'info_requested',
  'approved',
  'rejected',
  'lapsed',
  'withdrawn',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
/** Statuses in which the application is still open (the workplace is claimed by it). */
export const OPEN_STATUSES: ApplicationStatus[] = ['submitted', 'in_review', 'info_requested'];

const text = (max: number) => z.string().trim().min(1).max(max);

export const mentorSchema = z
  .object({
    firstName: text(100),
    lastName: text(100),
    birthDate: isoDate,
    yearsOfExperience: z.number().min(0).max(60),
    criminalRecordExtractDate: isoDate.describe('Date of the criminal-record extract (model 596.2)'),
    mentorTrainingCompletedOn: isoDate.optional(),
    diplomaEvidence: z.boolean().optional().describe('A diploma in the trade, which lowers the age and experience required'),
  })
  .strict()
  .meta({ id: 'Mentor' });

export type Mentor = z.infer<typeof mentorSchema>;

const declaration = z.literal(true, coded('declaration-required', 'must be declared (true) on honour'));

/** The company conditions, declared on honour: at application and again at renewal. */
export const declarationsSchema = z
  .object({
    financialCapacity: declaration,
    noConvictions: declaration,
    equipmentAndOrganisation: declaration,
    honour: declaration,
  })
  .strict();

export const addressSchema = z
  .object({
    street: text(200),
    postcode: z.string().regex(/^[1-9]\d{3}$/, coded('postcode', 'must be a Belgian postcode of 4 digits')),
    municipality: text(100),
  })
  .strict();

export const contactSchema = z.object({ name: text(200), email: emailAddress, phone: text(40).optional() }).strict();

export const documentSchema = z
  .object({
    kind: text(80),
    name: text(200).describe('File name or reference of the document'),
    documentId: text(80).optional().describe('The uploaded file (`POST /api/v1/applications/{id}/documents`) this entry is'),
  })
  .strict()
  .meta({ id: 'Document' });

/** The fields a supplement may change; the identity of the workplace is fixed. */
export const changeableFields = {
  companyName: text(200),
  jointCommittee: jointCommittee.optional(),
  capacity: z.number().int().min(1, 'must be at least 1').max(100),
  address: addressSchema,
  contact: contactSchema,
  mentors: z.array(mentorSchema).min(1, coded('mentor-required', 'at least one mentor is required')).max(20),
  documents: z.array(documentSchema).max(30).default([]),
};

export const applicationInput = z
  .object({
    enterpriseNumber,
    establishmentNumber,
    trainingCode: text(80),
    ...changeableFields,
    declarations: declarationsSchema,
  })
  .strict()
  .meta({ id: 'ApplicationInput' });

export type ApplicationInput = z.output<typeof applicationInput>;

export const supplementInput = z
  .object({
    companyName: changeableFields.companyName.optional(),
    jointCommittee: changeableFields.jointCommittee,
    capacity: changeableFields.capacity.optional(),
    address: changeableFields.address.optional(),
    contact: changeableFields.contact.optional(),
    mentors: changeableFields.mentors.optional(),
    documents: z.array(documentSchema).max(30).optional(),
    message: z.string().trim().max(2000).optional(),
  })
  .strict()
  .meta({ id: 'SupplementInput' });

export type SupplementInput = z.output<typeof supplementInput>;
