import { feedbackVerdict } from '../models/learner-feedback-rules';
import type { Policy } from '../models/policy';
import type { CheckReason, QualityCheck } from '../models/quality-check';
import { nextRhythm } from '../models/recognition-rules';
import type { CarriedState, LearnerFeedbackNews } from './recognition-lifecycle.messages';

// What the learners' feedback does to a recognition's quality checks: an average below the
// partnership's threshold opens a check (reason learner-feedback); a good one lightens the next
// periodic check, which then asks the company nothing and closes green (mind the burden).

/** What the learners' voice reads and changes of its recognition's lifecycle. */
export interface LearnerVoiceHost {
  readonly state: Pick<CarriedState, 'checks' | 'rhythm' | 'goodFeedback'>;
  policyNow(): Promise<Policy>;
  openCheck(reason: CheckReason, policy: Policy, trigger?: string, questions?: Policy['selfAssessment']): Promise<QualityCheck>;
}

export class LearnerVoice {
  constructor(private readonly host: LearnerVoiceHost) {}

  async hear({ summary }: LearnerFeedbackNews) {
    const { host } = this;
    const policy = await host.policyNow();
    const verdict = feedbackVerdict(summary, policy.learnerFeedbackThreshold);
    host.state.goodFeedback = verdict === 'good';
    // One such check at a time: while one is pending, further answers add nothing to ask.
    if (verdict !== 'low' || host.state.checks.some((check) => check.reason === 'learner-feedback')) return;
    host.state.rhythm = nextRhythm(host.state.rhythm, 'incident');
    const trigger = `gemiddeld ${summary.average} op 4 uit ${summary.answers} antwoorden van leerlingen`;
    await host.openCheck('learner-feedback', policy, trigger);
  }

  /** The next periodic check's trigger and questions: none to ask after good feedback, which it uses up. */
  lightening(): [trigger?: string, questions?: Policy['selfAssessment']] {
    if (!this.host.state.goodFeedback) return [];
    this.host.state.goodFeedback = false;
    return ['goede feedback van leerlingen', []];
  }
}
