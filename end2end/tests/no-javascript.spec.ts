// The citizen's path with JavaScript disabled: every form is a plain HTML
// form, every error comes back on the page.
import { expect, test } from '@playwright/test';
import { ADMIN, OFFICIAL, TOWN, createCampaign, nextPhase, open, phone, shot, signInCitizen, signInStaff } from './helpers';

test('a citizen proposes and votes without JavaScript', async ({ browser }) => {
  const admin = await (await phone(browser)).newPage();
  await signInStaff(admin, ADMIN);
  const campaign = await createCampaign(admin, TOWN, 'Budget sans JavaScript', '5 000');

  const citizen = await (await phone(browser, false)).newPage();
  await signInCitizen(citizen, 'sans-js@e2e.test', `${campaign}/propose`);
  await citizen.getByLabel('Titre').fill('Bancs au lavoir');
  await citizen.getByLabel('Description').fill('Trois bancs face à la rivière.');
  await citizen.getByLabel('Coût estimé (en euros)').fill('3 000');
  await citizen.getByRole('button', { name: 'Envoyer la proposition' }).click();
  await expect(citizen.getByRole('status')).toContainText('Votre proposition est enregistrée');
  await citizen.goto(`${campaign}/propose`);
  await citizen.getByLabel('Titre').fill('Ombrières');
  await citizen.getByLabel('Description').fill('De l’ombre sur la place.');
  await citizen.getByLabel('Coût estimé (en euros)').fill('2 500');
  await citizen.getByRole('button', { name: 'Envoyer la proposition' }).click();
  await expect(citizen.locator('li.card', { hasText: 'Ombrières' })).toContainText('En attente');
  await shot(citizen, 'nojs-01-proposals');

  const official = await (await phone(browser)).newPage();
  await signInStaff(official, OFFICIAL, `${campaign}/review`);
  for (const title of ['Bancs au lavoir', 'Ombrières']) {
    const card = official.locator('li.card', { hasText: title });
    await card.getByRole('button', { name: 'Retenir pour le vote' }).click();
    await expect(card).toContainText('Retenue pour le vote');
  }
  await nextPhase(official, campaign, 'Clore le dépôt des propositions maintenant');
  await nextPhase(official, campaign, 'Ouvrir le vote maintenant');

  // Over the budget: the server refuses, the page says why.
  await citizen.goto(`${campaign}/vote`);
  await citizen.getByLabel(/Bancs au lavoir/).check();
  await citizen.getByLabel(/Ombrières/).check();
  await citizen.getByRole('button', { name: 'Enregistrer mon vote' }).click();
  await expect(citizen.getByRole('alert')).toContainText('Votre sélection dépasse le budget');
  await shot(citizen, 'nojs-02-over-budget');

  await citizen.getByLabel(/Ombrières/).uncheck();
  await citizen.getByLabel(/Bancs au lavoir/).check();
  await citizen.getByRole('button', { name: 'Enregistrer mon vote' }).click();
  await expect(citizen.getByRole('status').first()).toContainText('votre vote est enregistré');
  await expect(citizen.getByLabel(/Bancs au lavoir/)).toBeChecked();
  await shot(citizen, 'nojs-03-voted');

  // The smallest phones: 320 px wide, nothing wider than the screen.
  await citizen.setViewportSize({ width: 320, height: 640 });
  for (const path of ['/', campaign, `${campaign}/vote`, `${campaign}/propose`, '/signin']) {
    await citizen.goto(path);
    const width = await citizen.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `${path} fits in 320 px`).toBeLessThanOrEqual(320);
  }
  await citizen.goto(`${campaign}/vote`);
  await shot(citizen, 'nojs-04-vote-320px');
});
