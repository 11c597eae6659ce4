import type { WorkflowHandle } from '@temporalio/client';
import { type ZodType, z } from 'zod';
import type { Principal, Role } from '../platform/auth';
import type { Change } from '../store/changes';
import { Problem, notFound } from './problem';
import type { Infer, Reply, Routes } from './routes';
import type { Responses } from './route-spec';
import { canSee } from './tenancy';
import type { ReadModels } from './read-models';
import type { TemporalCalls } from './temporal-calls';

// Dossiers whose every change goes through their workflow (applications, recognitions,
// quality checks): read only by whom may see them (404 otherwise), an action refused at once
// (409) when the status does not allow it, else sent as an update; the answer is the dossier
// as the store shows it after the update.

export interface DossierKind<Doc extends { _id: string }, Action extends string, V extends ZodType = ZodType> {
  /** As the detail of a 404 says it: "application". */
  noun: string;
  tag: string;
  /** The answer's schema, for the OpenAPI document. */
  view: V;
  find: (id: string) => Promise<Doc | null>;
  toView: (doc: Doc) => unknown;
  workflowId: (doc: Doc) => string;
  /** Why the dossier's state refuses the action now, or undefined when it allows it. */
  refusal: (action: Action, doc: Doc) => string | undefined;
  /** Who may see it; default: the tenant rule of api/tenancy.ts. */
  visible?: (principal: Principal, doc: Doc) => boolean;
  /** The dossier as the lists hold it: taken in at once after this process changed it. */
  change: (doc: Doc) => Change;
}

/** Views of listed dossiers held per kind: 10,000 application dossiers take about 50 MB. */
const RECENT_VIEWS = 10_000;

/** A dossier's id in its path, as every operation on one dossier takes it. */
export const idParam = z.object({ id: z.string().trim().min(1).max(80) });

type Caller<R extends Role> = Extract<Principal, { role: R }>;

export interface ActionSpec<Doc, Action extends string, B extends ZodType | undefined, R extends Role, S extends Responses> {
  method?: 'post' | 'put';
  path: string;
  summary: string;
  roles: readonly R[];
  body?: B;
  bodyOptional?: boolean;
  action: Action;
  responses?: S;
  /** Rules beyond the shape that need the dossier (eligibility, dates): throw a Problem. */
  check?: (doc: Doc, body: Infer<B>, principal: Caller<R>) => Promise<void> | void;
  send: (handle: WorkflowHandle, body: Infer<B>, principal: Caller<R>, doc: Doc) => Promise<unknown>;
  /** The answer; default 200 with the dossier after the update. */
  reply?: (result: unknown, view: unknown) => Reply | Promise<Reply>;
}

export function dossierRoutes<Doc extends { _id: string }, Action extends string, V extends ZodType>(
  routes: Routes,
  deps: { calls: TemporalCalls; readModels: ReadModels },
  kind: DossierKind<Doc, Action, V>,
) {
  const visible = kind.visible ?? canSee;

  async function readVisible(principal: Principal, id: string): Promise<Doc> {
    const doc = await kind.find(id);
    if (!doc || !visible(principal, doc as never)) throw notFound(`No ${kind.noun} ${id}`);
    return doc;
  }

  async function act<T>(doc: Doc, action: Action, send: (handle: WorkflowHandle) => Promise<T>) {
    const refused = kind.refusal(action, doc);
    if (refused) throw new Problem(409, 'Conflict', refused);
    const result = await deps.calls.update(kind.workflowId(doc), send);
    const after = (await kind.find(doc._id))!;
    // What the caller changed shows in its next list at once, not a feed's poll later.
    deps.readModels.apply(kind.change(after));
    return { result, view: kind.toView(after) };
  }

  // The views of dossiers lists showed lately, each as of the write its list entry names: a
  // queue a reviewer opens again and again is answered from memory until a dossier changes.
  const recent = new Map<string, { savedAt: string; view: unknown }>();

  /** The dossiers of a list's page; each read by `_id` unless held as of its entry's write. */
  async function page(entries: Array<{ id: string; savedAt: string }>): Promise<unknown[]> {
    const views = await Promise.all(
      entries.map(async (entry) => {
        const held = recent.get(entry.id);
        if (held && held.savedAt === entry.savedAt) return held.view;
        const doc = await kind.find(entry.id);
        // One gone meanwhile is left out.
        if (!doc) return undefined;
        const view = kind.toView(doc);
        recent.delete(entry.id);
        recent.set(entry.id, { savedAt: kind.change(doc).entry.savedAt, view });
        if (recent.size > RECENT_VIEWS) recent.delete(recent.keys().next().value!);
        return view;
      }),
    );
    return views.filter((view) => view !== undefined);
  }

  /** GET one dossier by id. */
  function one<R extends Role>(path: string, summary: string, roles: readonly R[]) {
    return routes.add({
      method: 'get',
      path,
      summary,
      tag: kind.tag,
      roles,
      params: idParam,
      responses: { 200: { description: `The ${kind.noun}`, schema: kind.view } },
      handler: async ({ params, principal }) => ({ status: 200, body: kind.toView(await readVisible(principal, params.id)) }),
    });
  }

  /** An action on one dossier, sent to its workflow as an update. */
  function action<
    B extends ZodType | undefined,
    R extends Role,
    S extends Responses = { 200: { description: string; schema: V } },
  >(spec: ActionSpec<Doc, Action, B, R, S>) {
    return routes.add<B, undefined, typeof idParam, R, S>({
      method: spec.method ?? 'post',
      path: spec.path,
      summary: spec.summary,
      tag: kind.tag,
      roles: spec.roles,
      params: idParam,
      body: spec.body,
      bodyOptional: spec.bodyOptional,
      responses: spec.responses ?? ({ 200: { description: `The ${kind.noun} after the action`, schema: kind.view } } as never),
      handler: async ({ params, body, principal }) => {
        const doc = await readVisible(principal, params.id);
        await spec.check?.(doc, body, principal);
        const { result, view } = await act(doc, spec.action, (handle) => spec.send(handle, body, principal, doc));
        return spec.reply ? await spec.reply(result, view) : { status: 200, body: view };
      },
    });
  }

  return { readVisible, act, page, one, action };
}
