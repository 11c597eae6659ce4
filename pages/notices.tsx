import type { Request, Response, Router } from 'express';
import type { VNode } from 'preact';
import type { Notice } from '../models/notice';
import type { Role } from '../platform/auth';
import { type PageContext, call, forOperation, page, principalOf, signedInPage, unlessNotFound } from './context';
import { longDateTime } from './dutch';
import { stringOf } from './forms';
import { Button, Form, Notice as Done, Page, Tag, render } from './layout';
import { TO_START } from './labels';
import { paths, patterns } from './paths';

// The company's and the school's own notices (issue 23), newest first: what Erkend mailed them,
// unread ones marked in words, each with a link to what it concerns and a button to mark it
// read; a page at a time, "Oudere berichten" the next.

const PAGE_SIZE = 25;
/** The start page counts unread notices up to this; more reads "… of meer". */
const COUNTED = 100;

const DONE: Record<string, string> = {
  gelezen: 'Het bericht is gemarkeerd als gelezen.',
  'alles-gelezen': 'De berichten op deze pagina zijn gemarkeerd als gelezen.',
};

/** The page a notice concerns, for whoever reads it. */
function concerns(notice: Notice, role: Role): { href: string; text: string } | undefined {
  if (notice.placementId) return { href: paths.placement(notice.placementId), text: 'Naar de plaatsing' };
  if (notice.template === 'subscription_undeliverable') return { href: paths.subscriptions, text: 'Naar uw abonnementen' };
  // A school hears of a workplace through the learners it placed there.
  if (role === 'school') return notice.recognitionId ? { href: paths.placements, text: 'Naar uw plaatsingen' } : undefined;
  if (notice.recognitionId) return { href: paths.recognition(notice.recognitionId), text: 'Naar de erkenning' };
  if (notice.applicationId) return { href: paths.application(notice.applicationId), text: 'Naar de aanvraag' };
  return undefined;
}

/** Where to come back to after marking: the same page of notices, saying what was done. */
const back = (before: string, done: string) =>
  `${paths.notices}?${new URLSearchParams({ ...(before ? { voor: before } : {}), gelukt: done })}`;

function NoticeItem(props: { notice: Notice; role: Role; before: string; csrf?: string }) {
  const { notice } = props;
  const link = concerns(notice, props.role);
  return (
    <li id={`bericht-${notice.id}`}>
      <h2>
        {notice.read ? null : (
          <>
            <Tag tone="blue">Ongelezen</Tag>{' '}
          </>
        )}
        {notice.subject}
      </h2>
      <p class="caption">
        <time dateTime={notice.at}>{longDateTime(notice.at)}</time>
        {notice.readAt ? ` · gelezen op ${longDateTime(notice.readAt)}` : null}
      </p>
      <p>{notice.text.split('\n').flatMap((line, i) => (i > 0 ? [<br key={i} />, line] : [line]))}</p>
      {link ? (
        <p>
          <a href={link.href}>
            {link.text}
            <span class="visually-hidden"> ({notice.subject})</span>
          </a>
        </p>
      ) : null}
      {notice.read ? null : (
        <Form action={paths.noticeRead(notice.id)} csrf={props.csrf}>
          <input type="hidden" name="voor" value={props.before} />
          <Button kind="secondary">
            Markeer als gelezen<span class="visually-hidden">: {notice.subject}</span>
          </Button>
        </Form>
      )}
    </li>
  );
}

async function show(ctx: PageContext, req: Request, res: Response) {
  const before = stringOf(req.query.voor);
  // A page after a notice that is gone (or never was this reader's) is not found, as the API says.
  const query = { limit: String(PAGE_SIZE + 1), ...(before ? { before } : {}) };
  const notices = (await call(ctx, res, ctx.api.notices.list, { query })).body;
  const shown = notices.slice(0, PAGE_SIZE);
  const unread = shown.filter((n) => !n.read);
  // One more than a page asked: there are older notices, after the last one shown.
  const older = notices.length > PAGE_SIZE ? shown.at(-1)?.id : undefined;
  const { role } = principalOf(res);
  const { csrf } = res.locals;
  render(
    res,
    <Page title="Berichten" {...signedInPage(res)} back={TO_START}>
      <Done text={DONE[stringOf(req.query.gelukt)]} />
      <h1>Berichten</h1>
      <p class="lead">
        De berichten die Erkend u stuurde, ook per e-mail, het nieuwste eerst. Een ongelezen bericht staat gemarkeerd als
        “Ongelezen”.
      </p>
      {unread.length > 0 ? (
        <Form action={paths.noticesRead} csrf={csrf}>
          <input type="hidden" name="voor" value={before} />
          {unread.map((n) => (
            <input key={n.id} type="hidden" name="id" value={n.id} />
          ))}
          <Button kind="secondary">Alles als gelezen markeren</Button>
        </Form>
      ) : null}
      {shown.length === 0 ? (
        <p>{before ? 'Er zijn geen oudere berichten.' : 'U hebt nog geen berichten.'}</p>
      ) : (
        <ol class="tasks">
          {shown.map((n) => (
            <NoticeItem key={n.id} notice={n} role={role} before={before} csrf={csrf} />
          ))}
        </ol>
      )}
      {before || older ? (
        <nav aria-label="Paginering" class="pagination">
          {before ? <a href={paths.notices}>Nieuwste berichten</a> : null}
          {older ? <a href={`${paths.notices}?${new URLSearchParams({ voor: older })}`}>Oudere berichten</a> : null}
        </nav>
      ) : null}
    </Page>,
  );
}

/** The ids a form sent (one or several `id` fields), at most a page of them. */
const idsOf = (body: unknown): string[] => {
  const sent = (body as { id?: unknown } | undefined)?.id;
  return (Array.isArray(sent) ? sent : [sent]).filter((id): id is string => typeof id === 'string').slice(0, PAGE_SIZE);
};

/** "3 ongelezen berichten", linked to the notices, for the start page of a company or school. */
export async function unreadNotices(ctx: PageContext, res: Response): Promise<VNode> {
  const { body } = await call(ctx, res, ctx.api.notices.list, { query: { read: 'false', limit: String(COUNTED) } });
  const n = body.length;
  const text =
    n === 0
      ? 'Geen ongelezen berichten'
      : n === 1
        ? '1 ongelezen bericht'
        : `${n}${n >= COUNTED ? ' of meer' : ''} ongelezen berichten`;
  return (
    <p>
      <a href={paths.notices}>{text}</a>
    </p>
  );
}

export function noticePages(router: Router, ctx: PageContext) {
  const { list, markRead } = ctx.api.notices;

  router.get(
    patterns.notices,
    forOperation(list),
    page((req, res) => show(ctx, req, res)),
  );

  router.post(
    patterns.noticeRead,
    forOperation(markRead),
    page(async (req, res) => {
      await call(ctx, res, markRead, { params: { id: String(req.params.id) } });
      res.redirect(303, back(stringOf(req.body?.voor), 'gelezen'));
    }),
  );

  router.post(
    patterns.noticesRead,
    forOperation(markRead),
    page(async (req, res) => {
      // The notices the page showed unread, one after another: a page's worth at most.
      for (const id of idsOf(req.body)) {
        // One deleted meanwhile (retention, erasure) leaves nothing to mark.
        await unlessNotFound(call(ctx, res, markRead, { params: { id } }), undefined);
      }
      res.redirect(303, back(stringOf(req.body?.voor), 'alles-gelezen'));
    }),
  );
}
