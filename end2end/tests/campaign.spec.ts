// One whole participatory budget, through the web pages, on a phone:
// an administrator creates it, citizens propose, an official reviews,
// citizens vote, the official counts and publishes, everyone reads.
import { expect, test } from '@playwright/test';
import {
  ADMIN,
  OFFICIAL,
  TOWN,
  createCampaign,
  nextPhase,
  open,
  phone,
  shot,
  signInCitizen,
  signInStaff,
  waitForHydration,
} from './helpers';

test('a campaign from creation to published results, with JavaScript', async ({ browser }) => {
  const admin = await (await phone(browser)).newPage();
  await signInStaff(admin, ADMIN);
  const campaign = await createCampaign(admin, TOWN, 'Budget participatif 2027', '10 000');
  await shot(admin, '01-campaign-created');

  // A citizen signs in by email code and submits proposals.
  const citizen = await (await phone(browser)).newPage();
  await signInCitizen(citizen, 'camille@e2e.test', `${campaign}/propose`);
  for (const [title, cost] of [
    ['Jardin partagé', '4 000'],
    ['Fresque murale', '7 000'],
    ['Piscine olympique', '900 000'],
  ]) {
    await open(citizen, `${campaign}/propose`);
    await citizen.getByLabel('Titre').fill(title);
    await citizen.getByLabel('Description').fill(`${title} pour le quartier.`);
    await citizen.getByLabel('Coût estimé (en euros)').fill(cost);
    if (title === 'Jardin partagé') await shot(citizen, '02-proposal-form');
    await citizen.getByRole('button', { name: 'Envoyer la proposition' }).click();
    await expect(citizen.getByRole('status')).toContainText('Votre proposition est enregistrée');
  }
  await shot(citizen, '03-proposal-submitted');

  // The official retains two and rejects one, with a reason.
  const official = await (await phone(browser)).newPage();
  await signInStaff(official, OFFICIAL, `${campaign}/review`);
  const card = (title: string) => official.locator('li.card', { hasText: title });
  await card('Jardin partagé').getByRole('button', { name: 'Retenir pour le vote' }).click();
  await expect(card('Jardin partagé')).toContainText('Retenue pour le vote');
  await card('Fresque murale').getByRole('button', { name: 'Retenir pour le vote' }).click();
  await expect(card('Fresque murale')).toContainText('Retenue pour le vote');
  await card('Piscine olympique').getByLabel('Motif').fill('Le coût dépasse le budget.');
  await card('Piscine olympique').getByRole('button', { name: 'Ne pas retenir' }).click();
  await expect(card('Piscine olympique')).toContainText('Le coût dépasse le budget.');
  await shot(official, '04-review');
  await nextPhase(official, campaign, 'Clore le dépôt des propositions maintenant');
  // Until voting opens the rule can still change; then it is fixed.
  await expect(official.getByLabel('Règle de décision')).toBeVisible();
  await shot(official, '05-manage-review-rule');
  await nextPhase(official, campaign, 'Ouvrir le vote maintenant');
  await expect(official.getByLabel('Règle de décision')).toHaveCount(0);
  await shot(official, '05-manage-voting');

  // The citizen votes; the meter refuses a selection over the budget.
  await open(citizen, campaign);
  await citizen.getByRole('link', { name: 'Voter' }).click();
  await expect(citizen).toHaveURL(new RegExp(`${campaign}/vote$`));
  await waitForHydration(citizen);
  await citizen.getByLabel(/Jardin partagé/).check();
  await citizen.getByLabel(/Fresque murale/).check();
  await expect(citizen.locator('.meter')).toContainText('Au-delà du budget');
  await expect(citizen.getByRole('button', { name: 'Enregistrer mon vote' })).toBeDisabled();
  await shot(citizen, '06-ballot-over-budget');
  await citizen.getByLabel(/Fresque murale/).uncheck();
  await citizen.getByRole('button', { name: 'Enregistrer mon vote' }).click();
  await expect(citizen.getByRole('status').first()).toContainText('votre vote est enregistré');
  await shot(citizen, '07-ballot-cast');

  // A second citizen prefers the mural.
  const neighbour = await (await phone(browser)).newPage();
  await signInCitizen(neighbour, 'dominique@e2e.test', `${campaign}/vote`);
  await neighbour.getByLabel(/Fresque murale/).check();
  await neighbour.getByRole('button', { name: 'Enregistrer mon vote' }).click();
  await expect(neighbour.getByRole('status').first()).toContainText('votre vote est enregistré');

  // The official closes voting, computes, previews and publishes.
  await nextPhase(official, campaign, 'Clore le vote maintenant', 'Tous les habitants ont voté.');
  await official.getByRole('button', { name: 'Calculer les résultats' }).click();
  await expect(official.locator('.panel')).toContainText('Aperçu calculé le');
  await official.getByRole('button', { name: 'Publier les résultats' }).click();
  await expect(official).toHaveURL(new RegExp(`${campaign}/results$`));

  // Everyone reads the results: one vote each, the tie goes to the first
  // proposal (smallest id); the mural no longer fits in what is left.
  const visitor = await (await phone(browser)).newPage();
  await open(visitor, `${campaign}/results`);
  const row = (title: string) => visitor.locator('table.results tr', { hasText: title });
  await expect(row('Jardin partagé')).toContainText('Financé');
  await expect(row('Fresque murale')).toContainText('Non financé');
  await expect(visitor.locator('svg[role="img"]')).toHaveAttribute('aria-label', /Votes par projet/);
  await shot(visitor, '08-results-fr');

  // Why was the mural not funded? In plain words, in both languages.
  await row('Fresque murale').getByRole('link', { name: 'Pourquoi ?' }).click();
  await expect(visitor).toHaveURL(/\/results\/\d+$/);
  const explanation = visitor.locator('.explanation');
  await expect(explanation).toContainText("Ce projet n'est pas financé.");
  await expect(explanation).toContainText(/il ne restait que 6.000.€, moins que son coût de 7.000.€/);
  await expect(visitor.getByRole('listitem').filter({ hasText: 'Jardin partagé' })).toHaveCount(1);
  await shot(visitor, '09-explanation-fr');
  await visitor.getByRole('link', { name: 'English' }).click();
  await expect(visitor.locator('html')).toHaveAttribute('lang', 'en');
  await expect(explanation).toContainText('This project is not funded.');
  await expect(explanation).toContainText('only €6,000 was left, less than its cost of €7,000');
  await shot(visitor, '10-explanation-en');
  await visitor.getByRole('link', { name: 'Back to the results' }).click();
  await expect(row('Fresque murale')).toContainText('Not funded');
  await shot(visitor, '11-results-en');

  // Officials can see what other rules would have funded.
  await open(official, `${campaign}/compare`);
  await expect(official.locator('table.compare')).toContainText('Parts égales');
  await shot(official, '12-compare-rules');
});
