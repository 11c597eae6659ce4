import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { applicationExample, requestExample } from '../api/examples';
import { withCheckDigits } from '../models/identifiers';
import { signToken } from '../platform/auth';
import { BENCH_SECRET } from './bench-support';

// What bench:cluster sends: intake and the reviewer's actions through the APIs as a load
// balancer passes requests on, a school verifying and searching meanwhile, and the samples of
// how soon one API shows what another took.

/** A request to the API at `first`; on a refused connection or a 5xx the next API takes it, as behind a load balancer. */
export async function send(bases: string[], first: number, path: string, init: RequestInit = {}) {
  for (let attempt = 0; ; attempt++) {
    const base = bases[(first + attempt) % bases.length]!;
    const last = attempt >= 60;
    try {
      const response = await fetch(`${base}${path}`, init);
      const text = await response.text();
      if (response.status < 500 || last) return { status: response.status, body: parse(text), by: base, retries: attempt };
    } catch (error) {
      if (last) throw error;
    }
    // Every API refused once: a moment before the next round (a restart takes seconds).
    if (attempt % bases.length === bases.length - 1) await sleep(250);
  }
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

const json = (token: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const bearer = (token: string): RequestInit => ({ headers: { authorization: `Bearer ${token}` } });

export interface Accepted {
  id: string;
  enterpriseNumber: string;
  establishmentNumber: string;
}

export interface Action {
  application: Accepted;
  kind: 'info-requests' | 'decision';
  /** 200, or 409 after a retry: the attempt cut off had done it. */
  status: number;
  retries: number;
}

/** The cluster's callers and what they were answered. */
export class Workload {
  readonly accepted: Accepted[] = [];
  readonly actions: Action[] = [];
  /** Answers that were not accepted, by status, after any retry. */
  readonly refused = new Map<number, number>();
  readonly schoolAnswers = new Map<number, number>();
  /** Milliseconds until the other API showed a write: its list (intake) or its register (approval). */
  private staleness = { list: [] as number[], register: [] as number[] };
  retried = 0;
  /** Sampling is on while both APIs run; a sample whose API was killed meanwhile is left out. */
  sampling = false;
  private readonly tokens = new Map<string, Promise<string>>();
  private readonly waiting: Accepted[] = [];
  private readonly samples: Array<Promise<void>> = [];
  private sequence = 0;

  constructor(
    private readonly sampleEvery: number,
    private readonly pollMs: number,
  ) {}

  companyToken(enterpriseNumber: string) {
    let token = this.tokens.get(enterpriseNumber);
    if (!token) {
      token = signToken(BENCH_SECRET, { sub: `bench-${enterpriseNumber}`, role: 'company', enterpriseNumber });
      this.tokens.set(enterpriseNumber, token);
    }
    return token;
  }
  private readonly reviewer = signToken(BENCH_SECRET, { sub: 'bench-reviewer', role: 'reviewer', partnershipId: 'bouw' });
  readonly schoolToken = signToken(BENCH_SECRET, { sub: 'bench-school', role: 'school', schoolId: 'bench' });

  /** One caller's turn `i`: an application, and every other turn an action on one accepted before. */
  async turn(bases: string[], i: number) {
    const n = ++this.sequence;
    // A sampled application is its company's only one, so the other API's list of it is one entry.
    const sampled = this.sampling && n % this.sampleEvery === 0;
    const enterprise = withCheckDigits(`0${String(sampled ? 5_000_000 + n : 1_000_000 + Math.floor(n / 500)).padStart(7, '0')}`);
    const body = applicationExample(new Date(), withCheckDigits(`2${String(n).padStart(7, '0')}`));
    body.enterpriseNumber = enterprise;
    const token = await this.companyToken(enterprise);
    const key = { 'idempotency-key': randomUUID() };
    const answer = await send(bases, i % bases.length, '/api/v1/applications', json(token, body, key));
    this.retried += answer.retries > 0 ? 1 : 0;
    if (answer.status !== 202) return tally(this.refused, answer.status);
    const id = (answer.body as { id: string }).id;
    const application = { id, enterpriseNumber: enterprise, establishmentNumber: body.establishmentNumber };
    this.accepted.push(application);
    this.waiting.push(application);
    if (sampled && answer.by === bases[0] && bases.length > 1) {
      this.sample(
        'list',
        bases[1]!,
        `/api/v1/applications?limit=1`,
        token,
        (list) => (list as Array<{ id: string }>)[0]?.id === id,
      );
    }
    if (i % 2 === 1) await this.act(bases, i);
  }

  /** The reviewer asks for information on one accepted application and approves the next. */
  private async act(bases: string[], i: number) {
    const application = this.waiting.shift();
    if (!application) return;
    const kind = this.actions.length % 2 === 0 ? 'info-requests' : 'decision';
    const path = `/api/v1/applications/${application.id}/${kind}`;
    const answer = await send(
      bases,
      (i + 1) % bases.length,
      path,
      json(await this.reviewer, requestExample('post', `/api/v1/applications/:id/${kind}`)),
    );
    this.retried += answer.retries > 0 ? 1 : 0;
    if (answer.status === 200 || (answer.status === 409 && answer.retries > 0)) {
      this.actions.push({ application, kind, status: answer.status, retries: answer.retries });
      if (kind === 'decision' && answer.by === bases[0] && bases.length > 1 && this.sampling) {
        this.sample('register', bases[1]!, verifyPath(application), await this.schoolToken, isRecognized);
      }
    } else tally(this.refused, answer.status);
  }

  /** Polls `base` every few ms from now until `shows` holds; the milliseconds it took go to `series`. */
  private sample(series: 'list' | 'register', base: string, path: string, token: string, shows: (body: unknown) => boolean) {
    const started = performance.now();
    const polling = (async () => {
      while (this.sampling && performance.now() - started < 30_000) {
        const response = await fetch(`${base}${path}`, bearer(token)).catch(() => undefined);
        if (!response) return; // That API was killed: no sample.
        if (shows(await response.json())) return void this.staleness[series].push(performance.now() - started);
        await sleep(this.pollMs);
      }
    })();
    this.samples.push(polling);
  }

  /** The staleness samples taken since the last call, once those still polling have finished. */
  async takeStaleness() {
    await Promise.all(this.samples.splice(0));
    const taken = this.staleness;
    this.staleness = { list: [], register: [] };
    return taken;
  }

  /** Runs `work` while a school verifies workplaces and searches the register through every API, `perSecond` requests a second. */
  async withSchool<T>(bases: string[], perSecond: number, work: () => Promise<T>): Promise<T> {
    let stopped = false;
    const school = this.schoolVisits(bases, perSecond, () => stopped);
    try {
      return await work();
    } finally {
      stopped = true;
      await school;
    }
  }

  private async schoolVisits(bases: string[], perSecond: number, stopped: () => boolean) {
    const token = await this.schoolToken;
    for (let i = 0; !stopped(); i++) {
      const next = sleep(1000 / perSecond);
      const application = this.accepted[Math.floor(Math.random() * this.accepted.length)];
      const path =
        i % 2 === 0 && application ? verifyPath(application) : '/api/v1/register/search?trainingCode=ruwbouw-duaal&postcode=9000';
      const answer = await send(bases, i, path, bearer(token)).catch(() => ({ status: 0 }));
      tally(this.schoolAnswers, answer.status);
      await next;
    }
  }
}

export const verifyPath = (a: Accepted) =>
  `/api/v1/register/verify?enterpriseNumber=${a.enterpriseNumber}&establishmentNumber=${a.establishmentNumber}&trainingCode=ruwbouw-duaal`;

export const isRecognized = (body: unknown) => (body as { recognized?: boolean }).recognized === true;

const tally = (map: Map<number, number>, status: number) => void map.set(status, (map.get(status) ?? 0) + 1);

export const countsOf = (map: Map<number, number>) =>
  [...map].map(([status, count]) => `${count} × ${status || 'no answer'}`).join(', ') || 'none';
