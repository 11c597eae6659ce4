import type { Connection } from 'mongoose';
import type { Mentor } from '../models/application';
import type { ApplicationDossier } from '../models/application-dossier';
import {
  ELSEWHERE,
  type ErasureReport,
  type Needles,
  type Person,
  type PersonalDataExport,
  type Place,
  eraseFromApplication,
  eraseFromCheck,
  eraseFromPlan,
  eraseFromPlacement,
  eraseFromRecognition,
  inApplication,
  inCheck,
  inDraft,
  inPlacement,
  inRecognition,
  isContact,
  type MentorsAt,
  needlesOf,
  noteMentorsAt,
  textsMentioning,
} from '../models/personal-data';
import { type Recognition, toRecognitionView } from '../models/recognition';
import { EVALUATION_MOMENTS } from '../models/placement-evaluation';
import { placementKeptOnRequest } from '../models/placement-retention';
import { KEPT_REASONS, type Kept, keptOnRequest } from '../models/retention';
import { applicationModel, replaceErasedApplication } from './applications';
import { deleteDossierDocuments } from './documents';
import { improvementPlanModel, toImprovementPlan, writeImprovementPlan } from './improvement-plans';
import { learnerFeedbackModel } from './learner-feedback';
import { deleteNotices, outboxModel } from './outbox';
import { type StoredPlacement, placementEvaluationModel, placementModel, writePlacement } from './placements';
import { qualityCheckModel, writeQualityCheck } from './quality-checks';
import { recognitionModel, writeRecognition } from './recognitions';
import { dossierFacts } from './retention';
import { sessionModel } from './sessions';

// One person's data, found and erased on an administrator's request. No index names a person
// (FerretDB would read a whole collection for any filter but `_id` anyway), so a search reads
// the applications, recognitions, quality checks, outbox and sessions whole, once: a rare
// request, seconds at tens of thousands of dossiers (see README, "Personal data"). What may be
// erased is erased through the dossiers' store functions, so the read models follow.

/** Places one answer lists, and one request erases: a person in more is asked again. */
const MAX_PLACES = 200;

/** A place found, with what the erasure needs to find it again. */
interface Found extends Place {
  needles: Needles;
}

const explained = (kept: Kept | undefined) => kept && { ...kept, explanation: KEPT_REASONS[kept.reason] };

/** Every place that holds the person, at most MAX_PLACES; `truncated` when there were more. */
async function findPlaces(db: Connection, person: Person, now: Date): Promise<{ places: Found[]; truncated: boolean }> {
  const needles = needlesOf(person);
  const places: Found[] = [];
  let truncated = false;
  const add = (place: Found) => {
    if (places.length < MAX_PLACES) places.push(place);
    else truncated = true;
  };
  const mentorsAt: MentorsAt = new Map();
  const kept = async (kind: 'application' | 'recognition' | 'quality-check' | 'improvement-plan', id: string) => {
    const facts = await dossierFacts(db, kind, id);
    return explained(facts ? keptOnRequest(facts, now) : { reason: 'procedure-open' });
  };

  for await (const doc of applicationModel(db).find({}).lean().cursor()) {
    const { _id: id, ...a } = doc as ApplicationDossier & { _id: string };
    const here = isContact(a.application.contact, person) ? needlesOf(person, [a.application.contact.name]) : needles;
    const { roles, data } = inApplication(a, person, here);
    if (roles.length === 0) continue;
    if (data.mentors && a.recognitionId) noteMentorsAt(mentorsAt, a.recognitionId, data.mentors as Mentor[]);
    const { enterpriseNumber, companyName, status } = a;
    const mentions = textsMentioning(a, here);
    add({
      kind: 'application',
      id,
      roles,
      enterpriseNumber,
      companyName,
      status,
      data: { ...data, ...(mentions.length ? { mentions } : {}) },
      kept: await kept('application', id),
      needles: here,
    });
  }
  for await (const doc of recognitionModel(db).find({}).lean().cursor()) {
    const r = toRecognitionView(doc);
    const here = isContact(r.contact, person) ? needlesOf(person, [r.contact.name]) : needles;
    const { roles, data } = inRecognition(r, person, here);
    if (roles.length === 0) continue;
    if (data.mentors) noteMentorsAt(mentorsAt, r.id, data.mentors as Mentor[]);
    const mentions = textsMentioning(r, here);
    add({
      kind: 'recognition',
      id: r.id,
      roles,
      enterpriseNumber: r.enterpriseNumber,
      companyName: r.companyName,
      status: r.status,
      data: { ...data, ...(mentions.length ? { mentions } : {}) },
      kept: await kept('recognition', r.id),
      needles: here,
    });
  }
  for await (const doc of qualityCheckModel(db).find({}).lean().cursor()) {
    const { _id: id, savedAt: _saved, ...c } = doc;
    const roles = inCheck({ ...c, id }, needles);
    if (roles.length === 0) continue;
    const data = { mentions: textsMentioning(c, needles) };
    add({
      kind: 'quality-check',
      id,
      roles,
      enterpriseNumber: c.enterpriseNumber,
      status: c.status,
      data,
      kept: await kept('quality-check', id),
      needles,
    });
  }
  for await (const doc of improvementPlanModel(db).find({}).lean().cursor()) {
    const plan = toImprovementPlan(doc);
    if (!needles.mentions(plan)) continue;
    add({
      kind: 'improvement-plan',
      id: plan.id,
      roles: ['named'],
      enterpriseNumber: plan.enterpriseNumber,
      status: plan.status,
      data: { mentions: textsMentioning(plan, needles) },
      kept: await kept('improvement-plan', plan.id),
      needles,
    });
  }
  for (const place of await placementPlaces(db, mentorsAt, needles)) add(place);
  // The outbox keeps 90 days of notices: a mail log, which an erasure may always clear.
  for await (const doc of outboxModel(db).find({}).lean().cursor()) {
    const { _id: id, to, subject, text, createdAt } = doc;
    const roles = [
      ...(isContact({ email: to }, person) ? (['recipient'] as const) : []),
      ...(needles.mentions([subject, text]) ? (['named'] as const) : []),
    ];
    if (roles.length > 0) add({ kind: 'notice', id, roles, data: { to, subject, text, createdAt }, needles });
  }
  // Sessions last 12 hours: an unfinished form there is the signed-in person's work, left to end with it.
  for await (const session of sessionModel(db)
    .find({ drafts: { $exists: true } }, { drafts: 1, expiresAt: 1 })
    .lean()
    .cursor()) {
    if (!inDraft(session.drafts, person, needles)) continue;
    add({
      kind: 'session-draft',
      roles: ['named'],
      data: {},
      kept: { reason: 'session-draft', explanation: KEPT_REASONS['session-draft'], until: session.expiresAt },
      needles,
    });
  }
  return { places, truncated };
}

/**
 * The placements that hold the person: as the mentor their recognition (or its application) has
 * them as, or named in a text, their evaluations' and learner's comments included (read whole:
 * the comments first, few of them).
 */
async function placementPlaces(db: Connection, mentorsAt: MentorsAt, needles: Needles): Promise<Found[]> {
  const comments = new Map<string, string[]>();
  const note = (placementId: string, comment: string) => {
    if (needles.mentions(comment)) comments.set(placementId, [...(comments.get(placementId) ?? []), comment]);
  };
  const commented = { comment: { $exists: true } };
  for await (const e of placementEvaluationModel(db).find(commented, { placementId: 1, comment: 1 }).lean().cursor())
    note(e.placementId, e.comment!);
  for await (const f of learnerFeedbackModel(db).find(commented, { comment: 1 }).lean().cursor()) note(f._id, f.comment!);
  const found: Found[] = [];
  for await (const doc of placementModel(db).find({}).lean<StoredPlacement[]>().cursor()) {
    const { roles, data } = inPlacement(doc, comments.get(doc._id) ?? [], mentorsAt, needles);
    if (roles.length === 0) continue;
    const { enterpriseNumber, companyName, status } = doc;
    const kept = explained(placementKeptOnRequest(doc));
    found.push({
      kind: 'placement',
      id: doc._id,
      roles,
      enterpriseNumber,
      companyName,
      status,
      data,
      ...(kept ? { kept } : {}),
      needles,
    });
  }
  return found;
}

/** Erases the person from a placement, and mentions of them from its evaluations' and learner's comments. */
async function eraseFromPlacementAndComments(db: Connection, place: Found, at: string) {
  const stored = await placementModel(db).findById(place.id).lean<StoredPlacement>();
  if (!stored) return;
  const { needles } = place;
  /** The comment with the person erased; undefined when it does not mention them. */
  const redacted = (comment: string | undefined) =>
    comment !== undefined && needles.redact(comment) !== comment ? needles.redact(comment) : undefined;
  const evaluations = placementEvaluationModel(db);
  for (const _id of EVALUATION_MOMENTS.map((moment) => `${stored._id}:${moment}`)) {
    const comment = redacted((await evaluations.findById(_id, { comment: 1 }).lean())?.comment);
    if (comment) await evaluations.updateOne({ _id }, { $set: { comment } });
  }
  const feedback = learnerFeedbackModel(db);
  const comment = redacted((await feedback.findById(stored._id, { comment: 1 }).lean())?.comment);
  if (comment) await feedback.updateOne({ _id: stored._id }, { $set: { comment } });
  await writePlacement(db, { ...eraseFromPlacement(stored, place.roles, needles, at), savedAt: at });
}

const shown = ({ needles: _n, ...place }: Found): Place => place;

/** Everything Erkend holds of the person, for the administrator to hand over (GDPR art. 15 and 20). */
export async function exportPersonalData(db: Connection, person: Person, now: Date): Promise<PersonalDataExport> {
  const { places, truncated } = await findPlaces(db, person, now);
  return { person, at: now.toISOString(), places: places.map(shown), truncated, elsewhere: ELSEWHERE };
}

/**
 * Erases the person wherever the law lets it go now (GDPR art. 17), and says what is kept and
 * why. A dossier's uploads go with its contact or mentor (they may be their extract or
 * diploma); notices that were sent to them or name them are deleted. Retry-safe: erased data
 * is found no more.
 */
export async function erasePersonalData(db: Connection, person: Person, now: Date): Promise<ErasureReport> {
  const { places, truncated } = await findPlaces(db, person, now);
  const at = now.toISOString();
  const erased: ErasureReport['erased'] = [];
  const kept: ErasureReport['kept'] = [];
  const notices: string[] = [];
  for (const place of places) {
    const { data: _data, needles, kept: why, ...listed } = place;
    if (why) {
      kept.push({ ...listed, kept: why });
      continue;
    }
    const id = place.id!;
    if (place.kind === 'notice') notices.push(id);
    else if (place.kind === 'application') {
      const stored = await applicationModel(db).findById(id).lean();
      if (!stored) continue;
      if (place.roles.some((role) => role === 'contact' || role === 'mentor')) await deleteDossierDocuments(db, id);
      await replaceErasedApplication(db, eraseFromApplication(stored, person, needles, at));
    } else if (place.kind === 'recognition') {
      const stored = await recognitionModel(db).findById(id).lean();
      if (!stored) continue;
      await writeRecognition(db, eraseFromRecognition(toRecognitionView(stored) as Recognition, person, needles, at), {
        onlyIfAbsent: false,
      });
    } else if (place.kind === 'quality-check') {
      const stored = await qualityCheckModel(db).findById(id).lean();
      if (!stored) continue;
      const { _id, savedAt: _saved, ...check } = stored;
      await writeQualityCheck(db, eraseFromCheck({ ...check, id: _id }, needles, at));
    } else if (place.kind === 'improvement-plan') {
      const stored = await improvementPlanModel(db).findById(id).lean();
      if (!stored) continue;
      await writeImprovementPlan(db, eraseFromPlan(toImprovementPlan(stored), needles, at));
    } else if (place.kind === 'placement') await eraseFromPlacementAndComments(db, place, at);
    erased.push(listed);
  }
  await deleteNotices(db, notices);
  return { person, at, erased, kept, truncated, elsewhere: ELSEWHERE };
}
