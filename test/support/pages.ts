// A person using the pages without a browser: a cookie jar, the CSRF token of the last page
// read, and forms posted as a browser posts them. For the fast tests of each journey; the
// browser suite walks the same journeys in Chromium.

export interface PageAnswer {
  status: number;
  /** Where a redirect pointed (a path), if it was one. */
  location?: string;
  html: string;
  /** The answer's headers (a download's Content-Type and Content-Disposition). */
  headers: Headers;
}

export class PageVisitor {
  private readonly cookies = new Map<string, string>();
  private csrf = '';

  /** `headers` go with every request (a proxy's `X-Forwarded-For`, say). */
  constructor(
    readonly baseUrl: string,
    private readonly sent: Record<string, string> = {},
  ) {}

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at);
      const value = pair!.slice(at + 1);
      if (value === '' || /expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private headers(extra: Record<string, string> = {}) {
    return { ...this.sent, cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '), ...extra };
  }

  private async answer(response: Response): Promise<PageAnswer> {
    this.remember(response);
    const html = await response.text();
    const token = /name="_csrf" value="([^"]*)"/.exec(html)?.[1];
    if (token) this.csrf = token;
    const location = response.headers.get('location') ?? undefined;
    return { status: response.status, html, headers: response.headers, ...(location ? { location } : {}) };
  }

  /** GETs a page; follows no redirect, so a test sees where it leads. */
  async get(path: string): Promise<PageAnswer> {
    return this.answer(await fetch(new URL(path, this.baseUrl), { headers: this.headers(), redirect: 'manual' }));
  }

  /** POSTs a form with the CSRF token of the last page read, then follows a 303 as a browser does. */
  async post(path: string, fields: Record<string, string>, options: { follow?: boolean } = {}): Promise<PageAnswer> {
    const body = new URLSearchParams({ _csrf: this.csrf, ...fields });
    const posted = await this.answer(
      await fetch(new URL(path, this.baseUrl), {
        method: 'POST',
        headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }),
        body,
        redirect: 'manual',
      }),
    );
    if (posted.status === 303 && posted.location && options.follow !== false) {
      const next = await this.get(posted.location);
      return { ...next, location: posted.location };
    }
    return posted;
  }

  /**
   * Sends an upload form as a browser does: multipart to its action, the CSRF token of the last
   * page read its first part (as the form's first field), then `fields` (a `_csrf` among them
   * replaces the token) and the file.
   */
  async upload(action: string, fields: Record<string, string>, file: { name: string; bytes: Buffer }): Promise<PageAnswer> {
    const form = new FormData();
    form.set('_csrf', this.csrf);
    for (const [name, value] of Object.entries(fields)) form.set(name, value);
    form.set('file', new Blob([new Uint8Array(file.bytes)]), file.name);
    const posted = await this.answer(
      await fetch(new URL(action.replace(/&amp;/g, '&'), this.baseUrl), {
        method: 'POST',
        headers: this.headers(),
        body: form,
        redirect: 'manual',
      }),
    );
    if (posted.status !== 303 || !posted.location) return posted;
    return { ...(await this.get(posted.location)), location: posted.location };
  }

  /** Signs in with a development identity (`company`, `school`, `admin`, or `reviewer`/`coordinator` of a partnership). */
  async signIn(identity: string, partnershipId?: string): Promise<this> {
    await this.get('/aanmelden');
    const answer = await this.post('/aanmelden', { identity, ...(partnershipId ? { partnershipId } : {}) }, { follow: false });
    if (answer.status !== 303) throw new Error(`sign-in as ${identity} failed: ${answer.status}`);
    return this;
  }
}

/** The visible text of a page, tags removed and whitespace folded: what a test reads. */
export function textOf(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}
