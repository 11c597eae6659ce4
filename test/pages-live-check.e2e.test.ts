import type { Page } from 'playwright-core';
import { dayInBrussels } from '../models/dates';
import { MENTOR_MIN_AGE, MENTOR_MIN_AGE_WITH_DIPLOMA } from '../models/eligibility';
import { browserForTests, checkAccessibility } from './support/browser';
import { PageVisitor, textOf } from './support/pages';
import { COMPANY_ANSWERS as COMPANY, daysAgo, newEstablishmentNumber } from './support/sample-application';
import { suiteStack } from './support/stack';

// The application steps checked as they are typed: the check endpoint answers the step's own
// checks without saving, and in Chromium the script shows its messages beside the fields the
// person touched, in the server's markup, without submitting anything.

const yearsAgo = (years: number) => {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() - years, date.getUTCMonth(), date.getUTCDate() - 10);
  return dayInBrussels(date);
};
/** The same number with its last check digit off by one: the mod 97 check fails. */
const wrongCheckDigits = (number: string) => `${number.slice(0, 9)}${(Number(number[9]) + 1) % 10}`;

const CHECKSUM_MESSAGE = 'Dit nummer bestaat niet: de controlecijfers kloppen niet. Kijk het na.';
const mentor = (index: number, birthDate: string) => ({
  [`mentors.${index}.firstName`]: 'Jan',
  [`mentors.${index}.lastName`]: 'Peeters',
  [`mentors.${index}.birthDate`]: birthDate,
  [`mentors.${index}.yearsOfExperience`]: '6',
  [`mentors.${index}.criminalRecordExtractDate`]: daysAgo(30),
});

const stack = suiteStack();
const browser = browserForTests();

describe('the check endpoint of an application step', () => {
  const check = async (visitor: PageVisitor, step: string, fields: Record<string, string>) => {
    const answer = await visitor.post(`/aanvragen/nieuw/${step}/controle`, fields);
    expect(answer.status).toBe(200);
    return JSON.parse(answer.html) as { errors: Record<string, string> };
  };

  it("answers the step's messages in Dutch per field, and saves nothing", async () => {
    const visitor = await new PageVisitor(stack.baseUrl).signIn('company');
    await visitor.get('/aanvragen/nieuw/onderneming');

    expect(
      await check(visitor, 'onderneming', { establishmentNumber: wrongCheckDigits(newEstablishmentNumber()), ...COMPANY }),
    ).toEqual({
      errors: { establishmentNumber: CHECKSUM_MESSAGE },
    });
    expect(await check(visitor, 'onderneming', { establishmentNumber: newEstablishmentNumber(), ...COMPANY })).toEqual({
      errors: {},
    });
    // Nothing was kept: the application has not begun.
    expect(textOf((await visitor.get('/aanvragen/nieuw')).html)).toContain('Beginnen');
  });

  it('judges mentors by the eligibility rules, naming them as the form numbered them', async () => {
    const visitor = await new PageVisitor(stack.baseUrl).signIn('company');
    await visitor.get('/aanvragen/nieuw/onderneming');
    const tooYoung = `De mentor is 20 jaar; een mentor is minstens ${MENTOR_MIN_AGE} jaar (${MENTOR_MIN_AGE_WITH_DIPLOMA} met een diplomabewijs).`;

    expect(await check(visitor, 'mentoren', mentor(0, yearsAgo(20)))).toEqual({ errors: { 'mentors.0.birthDate': tooYoung } });
    // An emptied first mentor is dropped when the step is saved; the message still names the second.
    expect(await check(visitor, 'mentoren', { ...mentor(0, '1980-05-12'), ...mentor(1, yearsAgo(20)) })).toEqual({
      errors: { 'mentors.1.birthDate': tooYoung },
    });
    expect(await check(visitor, 'mentoren', { 'mentors.0.firstName': '', ...mentor(1, yearsAgo(20)) })).toEqual({
      errors: { 'mentors.1.birthDate': tooYoung },
    });
  });

  it('is refused without the form’s CSRF token', async () => {
    const visitor = await new PageVisitor(stack.baseUrl).signIn('company');
    await visitor.get('/aanvragen/nieuw/onderneming');
    const answer = await visitor.post('/aanvragen/nieuw/onderneming/controle', { _csrf: '', ...COMPANY });
    expect(answer.status).toBe(403);
  });
});

describe('checking as it is typed, in Chromium', () => {
  /** What a field's error looks like: the wrapper, the message and the input's ARIA. */
  const errorMarkup = (page: Page, name: string) =>
    page.locator(`[name="${name}"]`).evaluate((input) => ({
      wrapper: input.closest('.field')!.className,
      message: input.ownerDocument.getElementById(`${input.id}-error`)?.outerHTML,
      invalid: input.getAttribute('aria-invalid'),
      describedBy: input.getAttribute('aria-describedby'),
    }));

  it('shows a wrong establishment number beside the field when it is left, and takes the message away once it is right', async () => {
    const page = await browser().newPage(stack.baseUrl);
    await page.goto('/aanmelden');
    await page.getByRole('button', { name: /Onderneming 0403\.170\.701/ }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.goto('/aanvragen/nieuw/onderneming');
    const field = page.locator('[name="establishmentNumber"]');
    const message = page.locator('#veld-establishmentNumber-error');
    const wrong = wrongCheckDigits(newEstablishmentNumber());

    // Touching one field says nothing of the others, still empty.
    await field.fill(wrong);
    await field.press('Tab');
    await message.waitFor();
    expect(await message.textContent()).toBe(`Fout: ${CHECKSUM_MESSAGE}`);
    expect(await page.locator('.error-message').count()).toBe(1);
    expect(page.url()).toMatch(/\/aanvragen\/nieuw\/onderneming$/);
    await expect(page.locator('[aria-live="polite"]').textContent()).resolves.toContain(CHECKSUM_MESSAGE);
    await checkAccessibility(page, 'aanvraag-stap-live-controle');
    const live = await errorMarkup(page, 'establishmentNumber');

    await field.fill(newEstablishmentNumber());
    await message.waitFor({ state: 'detached' });
    expect(await errorMarkup(page, 'establishmentNumber')).toEqual({
      wrapper: 'field',
      message: undefined,
      invalid: null,
      describedBy: 'veld-establishmentNumber-hint',
    });

    // Sent anyway, the server says the same in the same markup; fixed, its message and summary go.
    await field.fill(wrong);
    await page.fill('[name="companyName"]', COMPANY.companyName);
    await page.getByRole('button', { name: 'Doorgaan' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await errorMarkup(page, 'establishmentNumber')).toEqual(live);
    expect(await page.title()).toMatch(/^Fout: /);
    await field.fill(newEstablishmentNumber());
    await field.press('Tab');
    await message.waitFor({ state: 'detached' });
    expect(await page.locator('.error-summary').count()).toBe(0);
    expect(await page.title()).not.toMatch(/^Fout: /);
    await page.context().close();
  });
});
