import type { ComponentChildren } from 'preact';
import type { SignedInPage } from '../context';
import { Page } from '../layout';
import { paths } from '../paths';

// The administrator's "Beheer": the catalogue, the dossiers parked for an operator and the
// outgoing mail, each page with the section's own menu.

const SECTION: Array<[string, string]> = [
  [paths.adminCatalogue, 'Catalogus'],
  [paths.adminParked, 'Geparkeerde dossiers'],
  [paths.adminOutbox(), 'Uitgaande berichten'],
];

export function AdminPage(
  props: SignedInPage & { title: string; current: string; scripts?: string[]; children: ComponentChildren },
) {
  return (
    <Page title={props.title} principal={props.principal} csrf={props.csrf} scripts={props.scripts}>
      <p class="caption">Beheer</p>
      <nav aria-label="Beheer" class="pagination">
        {SECTION.map(([href, text]) => (
          <a key={href} href={href} aria-current={href === props.current ? 'page' : undefined}>
            {text}
          </a>
        ))}
      </nav>
      {props.children}
    </Page>
  );
}

/** Where an admin reads and repairs a partnership's policy (pages/policy). */
export const policyPage = (partnershipId: string) => `${paths.policy}?partnershipId=${encodeURIComponent(partnershipId)}`;
