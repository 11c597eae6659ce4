import type express from 'express';
import { type ApiDependencies, createApi } from '../api/app';
import { pagesRouter } from '../pages';
import type { OidcSettings } from '../pages/oidc';

// The composition root: the API's app with the pages mounted beside its routes. The API knows
// nothing of the pages; the pages call its operations in-process, by the handles it gives them.

export interface AppDependencies extends ApiDependencies {
  /** OIDC_*: the pages sign people in at this OpenID Connect provider. */
  oidc?: OidcSettings;
}

export function createApp(deps: AppDependencies): express.Express {
  return createApi(deps, ({ routes, api, limits }) =>
    pagesRouter({
      routes,
      api,
      db: deps.db,
      logger: deps.logger,
      verifyToken: deps.verifyToken,
      developmentIdentities: deps.developmentSignIn ?? false,
      oidc: deps.oidc,
      limits,
    }),
  );
}
