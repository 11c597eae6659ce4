import {
  checkAccessibility,
  checkAccessibilityFully,
  openBrowser,
  saveAxeSummary,
  screenshot,
  signInAs,
} from './support/browser';
import { DEV_COMPANY, reviewerOf } from './support/people';
import {
  COMPANY_ANSWERS as COMPANY,
  CONTACT_ANSWERS as CONTACT,
  DECLARED_ANSWERS as DECLARED,
  MENTOR_ANSWERS as MENTOR,
  TRAINING_ANSWERS as TRAINING,
  horecaOverrides,
  newEstablishmentNumber,
  sampleApplicationBody,
} from './support/sample-application';
import { suiteStack } from './support/stack';

// The company's application pages in Chromium, checked with axe and shown in the screenshots:
// a refused step, the check page, the dossier, and its documents with an upload.

describe('application pages (company)', () => {
  const stack = suiteStack({ company: DEV_COMPANY, horecaReviewer: reviewerOf('horeca'), bouwReviewer: reviewerOf('bouw') });
  const { call } = stack;
  afterAll(() => saveAxeSummary());

  it('has no serious accessibility violations on a refused step, the check page and the dossier (Chromium, axe)', async () => {
    const submitted = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody(horecaOverrides));
    const browser = await openBrowser();
    try {
      const page = await browser.newPage(stack.baseUrl);
      await signInAs(page, 'company');
      await page.goto('/aanvragen/nieuw/onderneming');
      await page.fill('input[name="establishmentNumber"]', '2123456790');
      await page.getByRole('button', { name: 'Doorgaan' }).click();
      await page.locator('.error-summary').waitFor();
      await checkAccessibility(page, 'aanvraag-stap-fout');
      await screenshot(page, 'aanvraag-stap-fout');
      // The other steps answered as a person types them, to the check page.
      const answers = [{ establishmentNumber: newEstablishmentNumber(), ...COMPANY }, TRAINING, CONTACT, MENTOR, DECLARED];
      for (const fields of answers) {
        for (const [name, value] of Object.entries(fields)) {
          const field = page.locator(`[name="${name}"]`);
          if (name === 'trainingCode') await field.selectOption(value);
          else if (name.startsWith('declarations.')) await field.check();
          else await field.fill(value);
        }
        await page.getByRole('button', { name: 'Doorgaan' }).click();
        await page.waitForLoadState();
      }
      await page.waitForURL((url) => url.pathname === '/aanvragen/nieuw/controle');
      await checkAccessibility(page, 'aanvraag-controle');
      await screenshot(page, 'aanvraag-controle');
      await page.goto(`/aanvragen/${submitted.body.id}`);
      await checkAccessibility(page, 'aanvraag-dossier');
      await screenshot(page, 'aanvraag-dossier');
    } finally {
      await browser.close();
    }
  });

  it('has no accessibility violations in the documents: the upload form, a refused file, the table with an upload (Chromium, axe)', async () => {
    // Horeca asks for a HACCP attest: the dossier waits for it, and its documents take an upload.
    const submitted = await call('company', 'POST', '/api/v1/applications', sampleApplicationBody(horecaOverrides));
    expect(submitted.body.status).toBe('info_requested');
    const browser = await openBrowser();
    try {
      const page = await browser.newPage(stack.baseUrl);
      await signInAs(page, 'company');
      await page.goto(`/aanvragen/${submitted.body.id}#documenten`);
      await page.getByText('Er zijn nog geen documenten opgeladen.').waitFor();
      await checkAccessibilityFully(page, 'aanvraag-documenten-opladen');
      await screenshot(page, 'aanvraag-documenten-opladen');

      /** Chooses a file as a PDF (whatever it holds) and uploads it. */
      const upload = async (name: string, content: string) => {
        await page.getByLabel('Bestand', { exact: true }).setInputFiles({
          name,
          mimeType: 'application/pdf',
          buffer: Buffer.from(content),
        });
        await page.getByRole('button', { name: 'Document opladen' }).click();
      };

      // Text named .pdf: refused beside the file field.
      await upload('attest.pdf', 'geen pdf');
      await page.locator('#veld-file-error').waitFor();
      expect(await page.locator('#veld-file-error').textContent()).toContain('geen PDF, PNG of JPEG');
      await checkAccessibilityFully(page, 'aanvraag-documenten-fout');
      await screenshot(page, 'aanvraag-documenten-fout');

      await upload('haccp.pdf', '%PDF-1.7\nHACCP-attest van de keuken');
      await page.getByText('Het document is opgeladen.').waitFor();
      await page.getByRole('link', { name: 'haccp.pdf' }).waitFor();
      await checkAccessibilityFully(page, 'aanvraag-documenten');
      await screenshot(page, 'aanvraag-documenten');
    } finally {
      await browser.close();
    }
  });
});
