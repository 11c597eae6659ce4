import type { Router } from 'express';
import { CERTIFICATE_ROLES } from '../../api/certificate';
import type { Principal } from '../../platform/auth';
import { type PageContext, call, forOperation, page, sendFile } from '../context';
import { paths, patterns } from '../paths';

// The company's certificate (attest) of a recognition: the API's PDF, through the pages' session.

/** The download link on a recognition's page, for those who may download it. */
export function CertificateLink(props: { recognitionId: string; principal: Principal }) {
  if (!(CERTIFICATE_ROLES as readonly string[]).includes(props.principal.role)) return null;
  return (
    <p>
      <a href={paths.certificate(props.recognitionId)} download>
        Attest downloaden (PDF)
      </a>
    </p>
  );
}

export function certificatePage(router: Router, ctx: PageContext) {
  router.get(
    patterns.certificate,
    forOperation(ctx.api.certificate.certificate),
    page(async (req, res) => {
      const reply = await call(ctx, res, ctx.api.certificate.certificate, {
        params: { id: String(req.params.id) },
        // Its verification link points where this page was reached, unless PUBLIC_URL says otherwise.
        headers: { host: req.get('host') ?? '' },
      });
      await sendFile(res, reply);
    }),
  );
}
