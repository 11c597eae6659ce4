import { createHash, randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { addDuration } from '../models/duration';
import {
  type LearnerFeedbackInput,
  feedbackAverage,
  feedbackSummary,
  learnerFeedbackInput,
  summarise,
} from '../models/learner-feedback';
import { isLiveRecognitionStatus } from '../models/recognition-status';
import { PARTNERSHIP_ROLES } from '../platform/auth';
import { type StoredLearnerFeedback, feedbackLinkModel, learnerFeedbackModel } from '../store/learner-feedback';
import type { StoredPlacement } from '../store/placements';
import { placementModel } from '../store/placements';
import { recognitionModel } from '../store/recognitions';
import { insertIfAbsent } from '../store/stored-model';
import { learnerFeedbackUpdate, recognitionWorkflowId } from '../workflows/recognition-lifecycle.messages';
import { type ReadPlacement, ran } from './placement-access';
import type { PlacementDependencies } from './placement-proposal';
import { Problem, notFound } from './problem';
import { idParam } from './dossier-routes';
import type { Routes } from './routes';
import { canSee } from './tenancy';

// The learner's voice (contract v3): five questions per placement, answered once, by the school
// on the learner's behalf or by the learner through a one-time link without an account. The
// school reads its learner's answer; the company and the partnership only the recognition's
// figures, from three answers. Each answer is handed to the recognition's workflow, which opens
// a quality check on a low average and lightens the next periodic one on a good one.

const tokenParam = z.object({ token: z.string().trim().min(20).max(100) });

/** How long a learner's link stays usable. */
const LINK_VALIDITY = 'P30D';

const feedbackView = learnerFeedbackInput
  .extend({ placementId: z.string(), average: z.number(), via: z.enum(['school', 'link']), at: z.string() })
  .meta({ id: 'LearnerFeedback' });

const linkView = z
  .object({
    url: z.string().describe('The page the learner opens, relative to the pages’ address: /feedback/{token}'),
    expiresAt: z.string(),
  })
  .meta({ id: 'LearnerFeedbackLink' });

const invitationView = z
  .object({ companyName: z.string(), trainingCode: z.string(), startsOn: z.string(), expiresAt: z.string() })
  .meta({ id: 'LearnerFeedbackInvitation' });

/** A learner's answer as its school reads it: without what only the store's figures need. */
const feedbackAnswer = ({
  _id,
  recognitionId: _r,
  partnershipId: _p,
  enterpriseNumber: _e,
  schoolId: _s,
  ...view
}: StoredLearnerFeedback) => ({
  placementId: _id,
  ...view,
});

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** The placement's one answer, stored and handed to its recognition's workflow. */
function feedbackRecorder(deps: PlacementDependencies) {
  const feedback = learnerFeedbackModel(deps.db);
  const recognitions = recognitionModel(deps.db);

  /** Hands the recognition's figures to its workflow, while the recognition is live. */
  async function tellRecognition(recognitionId: string, by: string) {
    const recognition = await recognitions.findById(recognitionId).select({ status: 1 }).lean();
    if (!recognition || !isLiveRecognitionStatus(recognition.status)) return;
    const all = await feedback.find({ recognitionId }).select({ answers: 1 }).lean();
    const summary = summarise(all);
    await deps.calls.update(recognitionWorkflowId(recognitionId), (handle) =>
      handle.executeUpdate(learnerFeedbackUpdate, { args: [{ summary, by }] }),
    );
  }

  /**
   * Stores the placement's one answer and hands it on. The same answer again (a retry after a
   * failure to reach the workflow) is handed on again; another answer is refused.
   */
  async function answer(placement: StoredPlacement, input: LearnerFeedbackInput, via: 'school' | 'link', by: string) {
    ran(placement);
    const stored: StoredLearnerFeedback = {
      _id: placement._id,
      recognitionId: placement.recognitionId,
      partnershipId: placement.partnershipId,
      enterpriseNumber: placement.enterpriseNumber,
      schoolId: placement.schoolId,
      ...input,
      average: feedbackAverage(input.answers),
      via,
      at: deps.now().toISOString(),
    };
    if (!(await insertIfAbsent(feedback, stored))) {
      const earlier = await feedback.findById(placement._id).lean();
      if (!earlier || !isDeepStrictEqual(earlier.answers, input.answers)) {
        throw new Problem(409, 'Conflict', 'The learner of this placement has answered already');
      }
      Object.assign(stored, { at: earlier.at, via: earlier.via });
    }
    await tellRecognition(placement.recognitionId, by);
    return feedbackAnswer(stored);
  }

  return answer;
}

type Answer = ReturnType<typeof feedbackRecorder>;

export function learnerFeedbackRoutes(routes: Routes, deps: PlacementDependencies, readVisible: ReadPlacement) {
  const feedback = learnerFeedbackModel(deps.db);
  const recognitions = recognitionModel(deps.db);
  const answer = feedbackRecorder(deps);

  const bySchool = routes.add({
    method: 'post',
    path: '/api/v1/placements/:id/learner-feedback',
    summary: 'Record the learner’s answers to the five questions, on the learner’s behalf (school): once per placement',
    tag: 'Placements',
    roles: ['school'],
    params: idParam,
    body: learnerFeedbackInput,
    responses: {
      201: { description: 'Recorded', schema: feedbackView },
      409: { description: 'Answered already, or the placement has not run' },
    },
    handler: async ({ params, body, principal }) => ({
      status: 201,
      body: await answer(await readVisible(principal, params.id), body, 'school', principal.sub),
    }),
  });

  const ownAnswer = routes.add({
    method: 'get',
    path: '/api/v1/placements/:id/learner-feedback',
    summary: 'The learner’s answers for this placement, with the comment (its school only)',
    tag: 'Placements',
    roles: ['school'],
    params: idParam,
    responses: { 200: { description: 'The answer', schema: feedbackView }, 404: { description: 'None yet' } },
    handler: async ({ params, principal }) => {
      const placement = await readVisible(principal, params.id);
      const found = await feedback.findById(placement._id).lean();
      if (!found) throw notFound(`No answer for placement ${placement._id}`);
      return { status: 200, body: feedbackAnswer(found) };
    },
  });

  const summary = routes.add({
    method: 'get',
    path: '/api/v1/recognitions/:id/learner-feedback',
    summary: 'The learners’ feedback on a workplace, aggregated: figures only from three answers (company, partnership, admin)',
    tag: 'Recognitions',
    roles: ['company', ...PARTNERSHIP_ROLES, 'admin'],
    params: idParam,
    responses: { 200: { description: 'The figures', schema: feedbackSummary } },
    handler: async ({ params, principal }) => {
      const recognition = await recognitions.findById(params.id).lean();
      if (!recognition || !canSee(principal, recognition)) throw notFound(`No recognition ${params.id}`);
      return {
        status: 200,
        body: summarise(await feedback.find({ recognitionId: recognition._id }).select({ answers: 1 }).lean()),
      };
    },
  });

  return { bySchool, ownAnswer, summary, ...learnerLinks(routes, deps, readVisible, answer) };
}

/** The one-time links through which a learner answers without an account. */
function learnerLinks(routes: Routes, deps: PlacementDependencies, readVisible: ReadPlacement, answer: Answer) {
  const links = feedbackLinkModel(deps.db);
  const placements = placementModel(deps.db);

  const link = routes.add({
    method: 'post',
    path: '/api/v1/placements/:id/feedback-link',
    summary: 'A one-time link for the learner to answer without an account (school): a new one replaces the earlier',
    tag: 'Placements',
    roles: ['school'],
    params: idParam,
    responses: { 201: { description: 'Hand the URL to the learner', schema: linkView } },
    handler: async ({ params, principal }) => {
      const placement = ran(await readVisible(principal, params.id));
      const token = randomBytes(24).toString('base64url');
      const expiresAt = addDuration(deps.now(), LINK_VALIDITY).toISOString();
      // One link per placement: the earlier one stops working.
      await links.deleteMany({ placementId: placement._id });
      await links.create({ _id: hashOf(token), placementId: placement._id, expiresAt });
      return { status: 201, body: { url: `/feedback/${token}`, expiresAt } };
    },
  });

  /** The placement a link is for, while it is unused and in time; 404 otherwise. */
  async function linked(token: string) {
    const found = await links.findById(hashOf(token)).lean();
    if (!found || found.usedAt || found.expiresAt <= deps.now().toISOString()) throw notFound('No such link, or used or expired');
    const placement = (await placements.findById(found.placementId).lean()) as StoredPlacement | null;
    if (!placement) throw notFound('No such link, or used or expired');
    return { link: found, placement };
  }

  const invitation = routes.add({
    method: 'get',
    path: '/api/v1/learner-feedback/:token',
    summary: 'What a learner’s one-time link is for (no account): the workplace and training',
    tag: 'Placements',
    params: tokenParam,
    responses: {
      200: { description: 'The link is usable', schema: invitationView },
      404: { description: 'Unknown, used or expired' },
    },
    handler: async ({ params }) => {
      const { link: found, placement } = await linked(params.token);
      const { companyName, trainingCode, startsOn } = placement;
      return { status: 200, body: { companyName, trainingCode, startsOn, expiresAt: found.expiresAt } };
    },
  });

  const byLearner = routes.add({
    method: 'post',
    path: '/api/v1/learner-feedback/:token',
    summary: 'The learner answers through the one-time link (no account); the link is then used up',
    tag: 'Placements',
    params: tokenParam,
    body: learnerFeedbackInput,
    responses: { 201: { description: 'Thank you', schema: z.object({ recorded: z.literal(true) }) } },
    handler: async ({ params, body }) => {
      const { placement } = await linked(params.token);
      await answer(placement, body, 'link', 'learner');
      await links.updateOne({ _id: hashOf(params.token) }, { $set: { usedAt: deps.now().toISOString() } });
      return { status: 201, body: { recorded: true as const } };
    },
  });

  return { link, invitation, byLearner };
}
