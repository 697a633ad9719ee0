//! One campaign: what it is, where it stands, its proposals, and what the
//! visitor can do now.

use leptos::prelude::*;

use crate::api::campaigns::{CampaignPage as Page, get_campaign_page};
use crate::components::campaign_facts::CampaignFacts;
use crate::components::loaded::Loaded;
use crate::components::proposal_card::ProposalCard;
use crate::components::route_params::{use_id_param, use_query_param};
use crate::domain::campaign::Phase;
use crate::i18n::use_texts;

/// The campaign page.
#[component]
pub fn CampaignPage() -> impl IntoView {
    let id = use_id_param();
    let submitted = use_query_param("submitted");
    let page = Resource::new(move || id.get(), get_campaign_page);
    view! {
        <Loaded
            resource=page
            render=move |page: Page| view! { <CampaignBody page submitted=submitted.get_untracked().is_some() /> }
        />
    }
}

#[component]
fn CampaignBody(page: Page, submitted: bool) -> impl IntoView {
    let t = use_texts();
    let campaign = page.campaign.clone();
    let id = campaign.id;
    let call_to_action = match campaign.phase {
        Phase::Proposals => Some(
            view! {
                <a class="button" href=format!("/campaigns/{id}/propose")>{t.propose_action}</a>
            }
            .into_any(),
        ),
        Phase::Voting => Some(
            view! {
                <a class="button" href=format!("/campaigns/{id}/vote")>
                    {if page.viewer_has_voted { t.change_vote_action } else { t.vote_action }}
                </a>
            }
            .into_any(),
        ),
        Phase::Published => Some(
            view! {
                <a class="button" href=format!("/campaigns/{id}/results")>{t.see_results_action}</a>
            }
            .into_any(),
        ),
        Phase::Review | Phase::Counting => None,
    };
    let staff_links = page.viewer_is_staff.then(|| {
        view! {
            <p class="staff-links">
                <a href=format!("/campaigns/{id}/review")>{t.review_link}</a>
                " · "
                <a href=format!("/campaigns/{id}/manage")>{t.manage_link}</a>
            </p>
        }
    });
    view! {
        <h1>{campaign.title.clone()}</h1>
        {submitted.then(|| view! { <p class="notice notice-success" role="status">{t.proposal_submitted}</p> })}
        <p class="description">{campaign.description.clone()}</p>
        <CampaignFacts campaign=campaign.clone() />
        {call_to_action}
        {staff_links}
        <h2>{t.proposals}</h2>
        {if page.proposals.is_empty() {
            view! { <p>{t.no_proposals}</p> }.into_any()
        } else {
            view! {
                <ul class="cards">
                    {page.proposals.into_iter().map(|proposal| view! { <ProposalCard proposal /> }).collect_view()}
                </ul>
            }
                .into_any()
        }}
    }
}
