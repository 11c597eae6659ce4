import { PageVisitor, textOf } from './support/pages';
import { suiteStack, tokenFor } from './support/stack';

// Signing in and out of the pages, and what protects their forms.

const stack = suiteStack();

test('a person who is not signed in is sent to the sign-in page and back to where they were going', async () => {
  const visitor = new PageVisitor(stack.baseUrl);
  const start = await visitor.get('/?van=mail');
  expect(start.status).toBe(303);
  expect(start.location).toBe('/aanmelden?terug=%2F%3Fvan%3Dmail');
  const signIn = await visitor.get(start.location!);
  expect(signIn.html).toContain('<html lang="nl">');
  expect(textOf(signIn.html)).toContain('Kies een ontwikkelidentiteit');
  const signedIn = await visitor.post('/aanmelden', { identity: 'company', terug: '/?van=mail' }, { follow: false });
  expect(signedIn.location).toBe('/?van=mail');
});

test('a development identity signs in, sees its start page, and signing out ends the session', async () => {
  const visitor = await new PageVisitor(stack.baseUrl).signIn('reviewer', 'horeca');
  const home = await visitor.get('/');
  expect(home.status).toBe(200);
  expect(textOf(home.html)).toContain('Beoordelaar, horeca');
  expect(textOf(home.html)).toContain('Wat op u wacht');

  const out = await visitor.post('/afmelden', {}, { follow: false });
  expect(out.location).toBe('/aanmelden');
  expect((await visitor.get('/')).status).toBe(303);
});

test('a bearer token signs in too; a bad one is refused beside the field', async () => {
  const visitor = new PageVisitor(stack.baseUrl);
  await visitor.get('/aanmelden');
  const refused = await visitor.post('/aanmelden', { token: 'not-a-token' });
  expect(refused.status).toBe(400);
  expect(textOf(refused.html)).toContain('Er is een probleem');
  expect(textOf(refused.html)).toContain('Dit token is niet geldig of verlopen.');

  const token = await tokenFor({ sub: 'school-secretary', role: 'school', schoolId: 'school-7' });
  const signedIn = await visitor.post('/aanmelden', { token });
  expect(signedIn.status).toBe(200);
  expect(textOf(signedIn.html)).toContain('School school-7');
});

test('a form posted without the session’s token, or from another site, is refused', async () => {
  const visitor = await new PageVisitor(stack.baseUrl).signIn('company');
  await visitor.get('/');
  const cookie = (await fetch(`${stack.baseUrl}/`, { redirect: 'manual' })).headers.get('set-cookie');
  expect(cookie).toContain('HttpOnly');
  expect(cookie).toContain('SameSite=Lax');

  const forged = await fetch(`${stack.baseUrl}/afmelden`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
    body: '_csrf=guess',
    redirect: 'manual',
  });
  expect(forged.status).toBe(403);
  expect(textOf(await forged.text())).toContain('Formulier verlopen');
  // Still signed in: the forged sign-out did nothing.
  expect((await visitor.get('/')).status).toBe(200);
});

test('an unknown page is a Dutch page, while the API keeps answering problems', async () => {
  const visitor = await new PageVisitor(stack.baseUrl).signIn('school');
  const missing = await visitor.get('/bestaat-niet');
  expect(missing.status).toBe(404);
  expect(textOf(missing.html)).toContain('Pagina niet gevonden');
  const api = await fetch(`${stack.baseUrl}/api/v1/bestaat-niet`);
  expect(api.status).toBe(404);
  expect(api.headers.get('content-type')).toContain('application/problem+json');
  const css = await fetch(`${stack.baseUrl}/static/erkend.css`);
  expect(css.headers.get('content-type')).toContain('text/css');
});
