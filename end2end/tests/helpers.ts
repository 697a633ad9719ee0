import { Browser, BrowserContext, Page, expect } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export { ADMIN, OFFICIAL, TOWN } from '../global-setup';

export const baseURL = () => {
  const url = process.env.ESSAIM_E2E_URL;
  if (!url) throw new Error('global setup did not start essaim');
  return url;
};

const withoutJavaScript = new WeakSet<BrowserContext>();

/** A phone-sized browser context, with or without JavaScript. */
export async function phone(browser: Browser, javaScriptEnabled = true): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: baseURL(),
    javaScriptEnabled,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'fr-FR',
  });
  if (!javaScriptEnabled) withoutJavaScript.add(context);
  return context;
}

/** Opens `path` and, with JavaScript, waits until the page is hydrated. */
export async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await waitForHydration(page);
}

export async function waitForHydration(page: Page): Promise<void> {
  if (!withoutJavaScript.has(page.context())) {
    await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  }
}

/** The newest sign-in code mailed to `email` (file mail transport). */
export function lastCode(email: string): string {
  const dir = process.env.ESSAIM_E2E_MAIL_DIR!;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (text.includes(`To: ${email}`)) {
      const subject = /^Subject: .*?(\d{6})\s*$/m.exec(text);
      if (subject) return subject[1];
    }
  }
  throw new Error(`no sign-in code mailed to ${email}`);
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: true });
}

/**
 * The full address of `path` on the server under test. Sign-in pages carry
 * `next=<path>` unencoded at the end of their own address, so "the address
 * ends with the path" would already hold before signing in.
 */
function exactly(path: string): string {
  return new URL(path, baseURL()).href;
}

export async function signInStaff(page: Page, account: { email: string; password: string }, next = '/'): Promise<void> {
  await open(page, `/staff/signin?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Adresse e-mail').fill(account.email);
  await page.getByLabel('Mot de passe').fill(account.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(exactly(next));
  await waitForHydration(page);
}

export async function signInCitizen(page: Page, email: string, next: string): Promise<void> {
  await open(page, `/signin?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByRole('button', { name: 'Recevoir un code' }).click();
  await expect(page).toHaveURL(/\/signin\/code\?/);
  await waitForHydration(page);
  await page.getByLabel('Code reçu par e-mail').fill(lastCode(email));
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(exactly(next));
  await waitForHydration(page);
}

/** A local date-time `days` from now, as a datetime-local input wants it. */
export function inDays(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Creates a municipality (unless it exists) and a campaign; returns the campaign's path. */
export async function createCampaign(page: Page, municipality: string, title: string, budget: string): Promise<string> {
  await open(page, '/admin');
  const option = page.locator('#municipality_id option', { hasText: municipality });
  if ((await option.count()) === 0) {
    await page.getByLabel('Nom', { exact: true }).fill(municipality);
    await page.getByRole('button', { name: 'Créer la commune' }).click();
  }
  await expect(option).toHaveCount(1);
  await page.locator('#municipality_id').selectOption({ label: municipality });
  await page.locator('#campaign-title').fill(title);
  await page.locator('#campaign-description').fill(`Description de ${title}.`);
  await page.getByLabel('Budget total (euros)').fill(budget);
  await page.locator('#proposals_close_at').fill(inDays(7));
  await page.locator('#voting_opens_at').fill(inDays(8));
  await page.locator('#voting_closes_at').fill(inDays(20));
  await page.getByRole('button', { name: 'Créer la campagne' }).click();
  await expect(page).toHaveURL(/\/campaigns\/\d+$/);
  await waitForHydration(page);
  return new URL(page.url()).pathname;
}

/** Moves a campaign on by one phase from its manage page. */
export async function nextPhase(page: Page, campaign: string, button: string, reason?: string): Promise<void> {
  await open(page, `${campaign}/manage`);
  if (reason) await page.getByLabel('Pourquoi clore le vote').fill(reason);
  await page.getByRole('button', { name: button }).click();
  await expect(page.getByRole('button', { name: button })).toHaveCount(0);
}
