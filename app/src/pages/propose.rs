//! Submitting a proposal.

use leptos::prelude::*;

use crate::api::campaigns::{CampaignPage as Page, get_campaign_page};
use crate::api::proposals::SubmitProposal;
use crate::components::errors::{FormError, SignInPrompt, action_error};
use crate::components::loaded::Loaded;
use crate::components::route_params::use_id_param;
use crate::domain::text::{Description, Title};
use crate::i18n::use_texts;

/// The proposal form (signed-in citizens, while the call is open).
#[component]
pub fn ProposePage() -> impl IntoView {
    let id = use_id_param();
    let page = Resource::new(move || id.get(), get_campaign_page);
    view! { <Loaded resource=page render=move |page: Page| view! { <ProposeForm page /> } /> }
}

#[component]
fn ProposeForm(page: Page) -> impl IntoView {
    let t = use_texts();
    let submit = ServerAction::<SubmitProposal>::new();
    let error = action_error(submit);
    let campaign = page.campaign;
    let back = format!("/campaigns/{}", campaign.id);
    if !campaign.phase.accepts_proposals() {
        return view! {
            <h1>{campaign.title.clone()}</h1>
            <p class="notice">{t.call_closed}</p>
            <p><a href=back>{t.back_to_campaign}</a></p>
        }
        .into_any();
    }
    if !page.viewer_signed_in {
        return view! {
            <h1>{t.propose_title}</h1>
            <SignInPrompt next=format!("/campaigns/{}/propose", campaign.id) />
        }
        .into_any();
    }
    view! {
        <h1>{t.propose_title}</h1>
        <p class="lead">{campaign.title.clone()}</p>
        <FormError error />
        <ActionForm action=submit attr:class="form">
            <input type="hidden" name="campaign_id" value=campaign.id.0 />
            <label for="title">{t.field_title}</label>
            <input id="title" name="title" required maxlength=Title::MAX autocomplete="off" />
            <label for="description">{t.field_description}</label>
            <textarea id="description" name="description" required maxlength=Description::MAX rows="8"></textarea>
            <label for="cost">{t.field_cost}</label>
            <p class="hint" id="cost-hint">{t.cost_hint}</p>
            <input
                id="cost"
                name="cost"
                required
                inputmode="decimal"
                pattern="[0-9  .,']+"
                aria-describedby="cost-hint"
            />
            <button type="submit">{t.submit_proposal}</button>
        </ActionForm>
        <p><a href=back>{t.back_to_campaign}</a></p>
    }
        .into_any()
}
