//! Demonstration data: a commune with three campaigns, one in each of the
//! phases people want to see (proposals, voting, published results).
//! Loading twice does nothing the second time.

use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::DatabaseConnection;
use std::fmt;

use super::auth::{EnrollError, enroll_staff};
use super::db::ballots::NewBallot;
use super::db::campaigns::{self, NewCampaign};
use super::db::{ballots, municipalities, proposals, tally_runs, users};
use super::tally::count_and_record;
use crate::domain::ballot::{ApprovalBallot, BallotItem};
use crate::domain::campaign::Schedule;
use crate::domain::email::Email;
use crate::domain::ids::{CampaignId, UserId};
use crate::domain::money::Money;
use crate::domain::proposal::{NewProposal, ReviewDecision};
use crate::domain::role::Role;
use crate::domain::text::{Description, Reason, Title};
use essaim_tally::Rule;

/// The demo administrator's address.
pub const ADMIN_EMAIL: &str = "admin@essaim.example";
/// The demo administrator's password (demo only!).
pub const ADMIN_PASSWORD: &str = "essaim-demo-admin";
/// The demo official's address.
pub const OFFICIAL_EMAIL: &str = "agent@essaim.example";
/// The demo official's password (demo only!).
pub const OFFICIAL_PASSWORD: &str = "essaim-demo-agent";
const MUNICIPALITY: &str = "Saint-Essaim-sur-Loire";
const CITIZENS: usize = 60;

/// What was loaded, for the terminal.
pub struct DemoSummary {
    already_loaded: bool,
}

impl fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.already_loaded {
            writeln!(f, "demo data already loaded")?;
        } else {
            writeln!(
                f,
                "demo data loaded: {MUNICIPALITY}, 3 campaigns, {CITIZENS} voters"
            )?;
        }
        writeln!(f, "  administrator: {ADMIN_EMAIL} / {ADMIN_PASSWORD}")?;
        write!(f, "  official:      {OFFICIAL_EMAIL} / {OFFICIAL_PASSWORD}")
    }
}

/// Why the demo could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// A staff account could not be created.
    #[error("{0}")]
    Enroll(#[from] EnrollError),
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] sea_orm::DbErr),
    /// Built-in demo data broke a domain rule (a bug in this file).
    #[error("demo data is invalid: {0}")]
    Invalid(String),
}

fn invalid(error: impl fmt::Display) -> DemoError {
    DemoError::Invalid(error.to_string())
}

/// A demo proposal: title, description, cost in euros, and how popular it
/// is (chance in percent that a demo voter picks it).
struct DemoProposal(&'static str, &'static str, i64, u32);

const PROPOSALS_2027: &[DemoProposal] = &[
    DemoProposal(
        "Jardin partagé rue des Lilas",
        "Des bacs de culture, un cabanon à outils et un récupérateur d'eau de pluie, ouverts à tous les habitants du quartier.",
        18_000,
        55,
    ),
    DemoProposal(
        "Piste cyclable avenue Jean-Jaurès",
        "Une piste séparée de la chaussée entre la gare et le collège, pour aller à l'école à vélo en sécurité.",
        120_000,
        45,
    ),
    DemoProposal(
        "Ombrières et bancs place du Marché",
        "De l'ombre et des bancs pour les jours de marché et les fortes chaleurs.",
        24_000,
        50,
    ),
    DemoProposal(
        "Boîtes à livres dans chaque quartier",
        "Six boîtes à livres fabriquées par le lycée professionnel.",
        6_500,
        40,
    ),
    DemoProposal(
        "Éclairage solaire du parc des Peupliers",
        "Des lampadaires solaires sur l'allée principale du parc.",
        42_000,
        30,
    ),
    DemoProposal(
        "Aire de jeux inclusive",
        "Des jeux accessibles aux enfants en situation de handicap, près de l'école Jules-Ferry.",
        68_000,
        45,
    ),
    DemoProposal(
        "Fontaines à eau potable",
        "Trois fontaines le long des bords de Loire.",
        15_000,
        35,
    ),
    DemoProposal(
        "Composteurs collectifs",
        "Cinq composteurs partagés, avec des formations au compostage.",
        9_000,
        25,
    ),
];

const PROPOSALS_2026: &[DemoProposal] = &[
    DemoProposal(
        "Vergers partagés",
        "Vingt arbres fruitiers plantés sur les espaces verts communaux.",
        12_000,
        60,
    ),
    DemoProposal(
        "Skatepark",
        "Un petit skatepark en béton près du stade.",
        90_000,
        40,
    ),
    DemoProposal(
        "Rénovation du lavoir",
        "Restaurer le lavoir du XIXe siècle et y installer un panneau d'histoire locale.",
        35_000,
        35,
    ),
    DemoProposal(
        "Nichoirs et hôtels à insectes",
        "Des nichoirs dans les parcs et les cours d'école.",
        4_000,
        30,
    ),
    DemoProposal(
        "Parking vélos sécurisé à la gare",
        "Un abri fermé de quarante places.",
        55_000,
        45,
    ),
];

const PROPOSALS_YOUTH: &[(&str, &str, i64)] = &[
    (
        "Studio de musique au centre social",
        "Une salle insonorisée et du matériel pour répéter.",
        25_000,
    ),
    (
        "Terrain de basket 3x3",
        "Un terrain extérieur éclairé près du collège.",
        40_000,
    ),
];

fn money(euros: i64) -> Result<Money, DemoError> {
    Money::from_cents(euros * 100).map_err(invalid)
}

/// Loads the demo data unless its municipality exists already.
///
/// # Errors
/// A [`DemoError`] if the database fails.
pub async fn load_demo(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<DemoSummary, DemoError> {
    enroll_staff(db, ADMIN_EMAIL, Role::Admin, ADMIN_PASSWORD).await?;
    let existing = municipalities::list_municipalities(db).await?;
    if let Some(municipality) = existing.iter().find(|m| m.name.as_str() == MUNICIPALITY) {
        let role = Role::Official(municipality.id);
        enroll_staff(db, OFFICIAL_EMAIL, role, OFFICIAL_PASSWORD).await?;
        return Ok(DemoSummary {
            already_loaded: true,
        });
    }
    let name = Title::parse(MUNICIPALITY).map_err(invalid)?;
    let municipality =
        municipalities::create_municipality(db, &name, chrono_tz::Europe::Paris, now).await?;
    let role = Role::Official(municipality.id);
    let official = enroll_staff(db, OFFICIAL_EMAIL, role, OFFICIAL_PASSWORD).await?;
    let mut citizens = Vec::with_capacity(CITIZENS);
    for i in 1..=CITIZENS {
        let email = Email::parse(&format!("habitant{i:02}@essaim.example")).map_err(invalid)?;
        citizens.push(
            users::create_user(db, &email, Role::Citizen, None, now)
                .await?
                .id,
        );
    }
    let mut rng = StdRng::seed_from_u64(2027);
    let day = Duration::days(1);

    let new_campaign = |title: &str,
                        description: &str,
                        budget: i64,
                        schedule: Schedule|
     -> Result<NewCampaign, DemoError> {
        Ok(NewCampaign {
            municipality_id: municipality.id,
            title: Title::parse(title).map_err(invalid)?,
            description: Description::parse(description).map_err(invalid)?,
            budget: money(budget)?,
            schedule,
            rule: Rule::GREEDY,
        })
    };

    // Published last year.
    let past = Schedule::new(now - day * 120, now - day * 100, now - day * 80).map_err(invalid)?;
    // Counted with the Method of Equal Shares, to show its explanations.
    let campaign_2026 = NewCampaign {
        rule: Rule::MES_COST_GREEDY,
        ..new_campaign(
            "Budget participatif 2026",
            "L'édition 2026 : 150 000 € pour des projets proposés et choisis par les habitants.",
            150_000,
            past,
        )?
    };
    let campaign = campaigns::create_campaign(db, &campaign_2026, now - day * 130).await?;
    add_proposals(
        db,
        campaign,
        official.id,
        &citizens,
        PROPOSALS_2026,
        now - day * 125,
    )
    .await?;
    cast_demo_ballots(
        db,
        campaign,
        &citizens,
        PROPOSALS_2026,
        money(150_000)?,
        now - day * 90,
        &mut rng,
    )
    .await?;
    publish_demo_results(db, campaign, official.id, now - day * 79).await?;

    // Voting now.
    let voting = Schedule::new(now - day * 10, now - day * 3, now + day * 14).map_err(invalid)?;
    let campaign = campaigns::create_campaign(
        db,
        &new_campaign("Budget participatif 2027", "250 000 € pour des projets d'habitants : choisissez ceux que vous voulez voir réalisés.", 250_000, voting)?,
        now - day * 40,
    )
    .await?;
    add_proposals(
        db,
        campaign,
        official.id,
        &citizens,
        PROPOSALS_2027,
        now - day * 30,
    )
    .await?;
    let rejected = NewProposal {
        title: Title::parse("Piscine olympique").map_err(invalid)?,
        description: Description::parse("Un bassin de 50 mètres pour les clubs de natation.")
            .map_err(invalid)?,
        cost: money(4_500_000)?,
    };
    let id =
        proposals::create_proposal(db, campaign, citizens[0], &rejected, now - day * 29).await?;
    let reason =
        Reason::parse("Le coût dépasse de loin le budget de la campagne.").map_err(invalid)?;
    proposals::record_review(
        db,
        id,
        official.id,
        &ReviewDecision::Reject { reason },
        now - day * 9,
    )
    .await?;
    cast_demo_ballots(
        db,
        campaign,
        &citizens[..CITIZENS / 2],
        PROPOSALS_2027,
        money(250_000)?,
        now - day,
        &mut rng,
    )
    .await?;

    // Call for proposals open.
    let open = Schedule::new(now + day * 20, now + day * 35, now + day * 50).map_err(invalid)?;
    let campaign = campaigns::create_campaign(
        db,
        &new_campaign(
            "Budget jeunesse 2027",
            "50 000 € pour des projets proposés par et pour les 11-25 ans.",
            50_000,
            open,
        )?,
        now - day * 2,
    )
    .await?;
    for (i, (title, description, euros)) in PROPOSALS_YOUTH.iter().enumerate() {
        let proposal = NewProposal {
            title: Title::parse(title).map_err(invalid)?,
            description: Description::parse(description).map_err(invalid)?,
            cost: money(*euros)?,
        };
        proposals::create_proposal(db, campaign, citizens[i + 1], &proposal, now - day).await?;
    }
    Ok(DemoSummary {
        already_loaded: false,
    })
}

async fn add_proposals(
    db: &DatabaseConnection,
    campaign: CampaignId,
    official: UserId,
    citizens: &[UserId],
    list: &[DemoProposal],
    at: DateTime<Utc>,
) -> Result<(), DemoError> {
    for (i, DemoProposal(title, description, euros, _)) in list.iter().enumerate() {
        let proposal = NewProposal {
            title: Title::parse(title).map_err(invalid)?,
            description: Description::parse(description).map_err(invalid)?,
            cost: money(*euros)?,
        };
        let author = citizens[i % citizens.len()];
        let id = proposals::create_proposal(db, campaign, author, &proposal, at).await?;
        let decision = ReviewDecision::Accept {
            cost: proposal.cost,
        };
        proposals::record_review(db, id, official, &decision, at + Duration::days(2)).await?;
    }
    Ok(())
}

async fn cast_demo_ballots(
    db: &DatabaseConnection,
    campaign: CampaignId,
    voters: &[UserId],
    list: &[DemoProposal],
    budget: Money,
    at: DateTime<Utc>,
    rng: &mut StdRng,
) -> Result<(), DemoError> {
    let on_ballot: Vec<(BallotItem, u32)> = proposals::list_for_campaign(db, campaign)
        .await?
        .into_iter()
        .zip(list)
        .map(|(p, DemoProposal(_, _, _, popularity))| {
            (
                BallotItem {
                    id: p.id,
                    cost: p.cost,
                },
                *popularity,
            )
        })
        .collect();
    let items: Vec<BallotItem> = on_ballot.iter().map(|(item, _)| *item).collect();
    let mut cast = Vec::with_capacity(voters.len());
    for voter in voters {
        let mut picks = Vec::new();
        let mut total = Money::ZERO;
        for (item, popularity) in &on_ballot {
            let fits = total
                .checked_add(item.cost)
                .is_some_and(|sum| sum <= budget);
            if fits && rng.random_range(0..100) < *popularity {
                picks.push(item.id);
                total = total.checked_add(item.cost).unwrap_or(total);
            }
        }
        if picks.is_empty() {
            picks.push(items[rng.random_range(0..items.len())].id);
        }
        let ballot = ApprovalBallot::parse(&picks, &items, budget).map_err(invalid)?;
        cast.push((*voter, ballot));
    }
    let new: Vec<NewBallot<'_>> = cast
        .iter()
        .map(|(voter, ballot)| NewBallot {
            campaign,
            voter: *voter,
            ballot,
        })
        .collect();
    let txn = crate::server::db::begin_write(db).await?;
    ballots::record_ballots(&txn, &new, at).await?;
    txn.commit().await?;
    Ok(())
}

async fn publish_demo_results(
    db: &DatabaseConnection,
    campaign_id: CampaignId,
    official: UserId,
    at: DateTime<Utc>,
) -> Result<(), DemoError> {
    let campaign = campaigns::find_campaign(db, campaign_id)
        .await?
        .ok_or_else(|| invalid("campaign vanished"))?;
    let run_id = count_and_record(db, &campaign, official, at)
        .await
        .map_err(invalid)?;
    tally_runs::record_published(db, run_id, at).await?;
    campaigns::record_results_published(db, campaign_id, at).await?;
    Ok(())
}
