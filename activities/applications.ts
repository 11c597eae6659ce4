import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Connection } from 'mongoose';
import { type ApplicationDossier, type TimelineEntry, workplaceKey } from '../models/application-dossier';
import type { Condition } from '../models/eligibility';
import { INVALID_POLICY, UNKNOWN_PARTNERSHIP } from '../models/failures';
import { InvalidPolicy, type Policy, readPolicy } from '../models/policy';
import type { Recognition } from '../models/recognition';
import type { ApplicationWorkflowInput, IntakeResult } from '../workflows/application-review.messages';
import { insertApplication, recordApplicationStep, workplaceClaimModel } from '../store/applications';
import { partnershipModel } from '../store/catalogue';
import { writeRecognition } from '../store/recognitions';
import { isDuplicateKey } from '../store/stored-model';

/** The workflow's input under the dossier's id, with the conditions a recognition would carry. */
export type OpenApplicationInput = Omit<ApplicationWorkflowInput, 'applicationId'> & { id: string; conditions: Condition[] };

export interface ApplicationStep {
  id: string;
  entry: TimelineEntry;
  set?: Partial<ApplicationDossier>;
}

export function applicationActivities(db: Connection) {
  const claims = workplaceClaimModel(db);
  const partnerships = partnershipModel(db);

  return {
    /**
     * Claims the workplace (establishment unit + training) for this application and inserts its
     * dossier. The claim's unique key makes a second open application or a live recognition for
     * the same workplace impossible, without a transaction. Idempotent for the same id.
     */
    async openApplication(input: OpenApplicationInput): Promise<IntakeResult> {
      const { application } = input;
      const key = workplaceKey(application.establishmentNumber, application.trainingCode);
      try {
        await claims.create({ _id: key, owner: input.id, ownerKind: 'application', claimedAt: input.submittedAt });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const claim = await claims.findById(key).lean();
        if (claim && claim.owner !== input.id) {
          log.info('workplace already held; application not opened', { applicationId: input.id, heldBy: claim.owner });
          return { opened: false, heldBy: { kind: claim.ownerKind, id: claim.owner } };
        }
      }
      const dossier: ApplicationDossier & { _id: string } = {
        _id: input.id,
        status: 'submitted',
        enterpriseNumber: application.enterpriseNumber,
        establishmentNumber: application.establishmentNumber,
        trainingCode: application.trainingCode,
        partnershipId: input.partnershipId,
        companyName: application.companyName,
        submittedAt: input.submittedAt,
        submittedBy: input.submittedBy,
        ...(input.filedBy ? { filedBy: input.filedBy } : {}),
        requestHash: input.requestHash,
        overdue: false,
        infoRequests: [],
        visits: [],
        application,
        conditions: input.conditions,
        timeline: [{ id: `${input.id}-submitted`, at: input.submittedAt, type: 'submitted', by: input.submittedBy }],
        updatedAt: input.submittedAt,
      };
      await insertApplication(db, dossier);
      return { opened: true };
    },

    /** Records a step on the dossier's timeline and the fields it changed; retry-safe. */
    async recordApplicationStep(step: ApplicationStep): Promise<void> {
      await recordApplicationStep(db, step);
    },

    /**
     * The partnership's policy as it is now: an admin's change applies from the next step. One
     * out of bounds, or a partnership gone, fails at once (not retried): the workflow parks the
     * dossier until an admin repairs the catalogue.
     */
    async getPolicy(partnershipId: string): Promise<Policy> {
      const partnership = await partnerships.findById(partnershipId).lean();
      if (!partnership) {
        throw ApplicationFailure.nonRetryable(
          `partnership ${partnershipId} is not in the catalogue; an admin restores it with PUT /api/v1/partnerships/${partnershipId}`,
          UNKNOWN_PARTNERSHIP,
        );
      }
      try {
        return readPolicy(partnershipId, partnership.policy);
      } catch (error) {
        if (error instanceof InvalidPolicy) {
          log.error('stored policy out of bounds', { partnershipId, issues: error.issues });
          throw ApplicationFailure.nonRetryable(error.message, INVALID_POLICY);
        }
        throw error;
      }
    },

    /** Frees the workplace when the application closes without a recognition. */
    async releaseWorkplace(input: { establishmentNumber: string; trainingCode: string; owner: string }): Promise<void> {
      await claims.deleteOne({ _id: workplaceKey(input.establishmentNumber, input.trainingCode), owner: input.owner });
    },

    /** Stores the new recognition and hands the workplace claim over to it. Idempotent. */
    async createRecognition(recognition: Recognition): Promise<void> {
      await writeRecognition(db, recognition, { onlyIfAbsent: true });
      await claims.updateOne(
        { _id: workplaceKey(recognition.establishmentNumber, recognition.trainingCode), owner: recognition.applicationId },
        { $set: { owner: recognition.id, ownerKind: 'recognition' } },
      );
    },
  };
}
