// What one tenant may hold of what it creates, so that no school or company can fill the store
// or a list without bound. One more is refused with 409 naming the cap (api/tenancy.ts
// `capReached`); each is counted race-safely, by slot documents taken with an insert that fails
// on a taken key (store/cap-slots.ts, store/documents.ts), since FerretDB 1.x has no atomic
// counter. Pure.

export const CAPS = {
  subscriptionsPerSchool: {
    limit: 20,
    variable: 'SUBSCRIPTIONS_PER_SCHOOL',
    counts: 'subscriptions of a school not deleted',
  },
  mandatesPerCompany: {
    limit: 500,
    variable: 'MANDATES_PER_COMPANY',
    // A mandate stays listed once revoked or ended; granting it again replaces it.
    counts: 'schools a company has given a mandate, revoked and ended ones included (granting one again takes none)',
  },
  activePlacementsPerSchool: {
    limit: 2_000,
    variable: 'ACTIVE_PLACEMENTS_PER_SCHOOL',
    counts: 'placements of a school not ended',
  },
  searchingLearnersPerSchool: {
    limit: 2_000,
    variable: 'SEARCHING_LEARNERS_PER_SCHOOL',
    // Placed or deleted, a learner gives its slot back.
    counts: 'learners of a school still searching for a workplace (registered, not placed, not deleted)',
  },
  uploadsPerDossier: {
    limit: 50,
    variable: 'UPLOADS_PER_DOSSIER',
    counts: 'documents uploaded to one application dossier',
  },
  draftsPerSession: {
    limit: 10,
    variable: 'DRAFTS_PER_SESSION',
    // Counted in the session document itself: one session is one person's, one request at a time.
    counts: 'unfinished forms one signed-in session of the pages keeps',
  },
} as const;

export type CapName = keyof typeof CAPS;

/** The limit of each cap in force. */
export type Caps = Record<CapName, number>;

export const DEFAULT_CAPS = Object.fromEntries(Object.entries(CAPS).map(([name, cap]) => [name, cap.limit])) as Caps;

/** What a refusal says, in English: the cap by name, its limit and what it counts. */
export const capDetail = (cap: CapName, limit: number) => `Cap reached: ${cap} allows at most ${limit} ${CAPS[cap].counts}`;

/** A create operation's 409 as the OpenAPI document describes it, after its other refusals if any. */
export const capResponse = (cap: CapName, besides?: string) => {
  const { limit, variable, counts } = CAPS[cap];
  const reached = `cap ${cap} is reached: ${counts}, at most ${limit} unless \`${variable}\` sets another limit (problem type https://erkend.dev/problems/cap-reached, with \`cap\` and \`limit\`)`;
  return { description: besides ? `${besides}; or the ${reached}` : `The ${reached}` };
};
