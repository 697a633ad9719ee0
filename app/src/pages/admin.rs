//! Administrators create municipalities and campaigns.

use leptos::prelude::*;

use crate::api::admin::{AdminPage as Page, CreateCampaign, CreateMunicipality, get_admin_page};
use crate::components::errors::{FormError, action_error};
use crate::components::loaded::Loaded;
use crate::components::phase_badge::PhaseBadge;
use crate::domain::text::{Description, Title};
use crate::i18n::{rule_label, use_lang, use_texts};

/// The admin page.
#[component]
pub fn AdminPage() -> impl IntoView {
    let create_municipality = ServerAction::<CreateMunicipality>::new();
    let create_campaign = ServerAction::<CreateCampaign>::new();
    let page = Resource::new(
        move || {
            (
                create_municipality.version().get(),
                create_campaign.version().get(),
            )
        },
        |_| get_admin_page(),
    );
    view! {
        <Loaded
            resource=page
            render=move |page: Page| view! { <Admin page create_municipality create_campaign /> }
        />
    }
}

#[component]
fn Admin(
    page: Page,
    create_municipality: ServerAction<CreateMunicipality>,
    create_campaign: ServerAction<CreateCampaign>,
) -> impl IntoView {
    let t = use_texts();
    let municipality_error = action_error(create_municipality);
    let campaign_error = action_error(create_campaign);
    let has_municipalities = !page.municipalities.is_empty();
    let options = page
        .municipalities
        .iter()
        .map(|m| view! { <option value=m.id.0>{m.name.clone()}</option> })
        .collect_view();
    let lang = use_lang();
    let rules = page
        .rules
        .iter()
        .map(|rule| view! { <option value=rule.name.clone()>{rule_label(lang, rule)}</option> })
        .collect_view();
    view! {
        <h1>{t.admin_title}</h1>

        <h2>{t.campaigns}</h2>
        <ul class="plain-list">
            {page
                .campaigns
                .into_iter()
                .map(|campaign| view! {
                    <li>
                        <PhaseBadge phase=campaign.phase />
                        " "
                        <a href=format!("/campaigns/{}/manage", campaign.id)>{campaign.title}</a>
                        " · " {campaign.municipality}
                    </li>
                })
                .collect_view()}
        </ul>

        <h2 id="new-campaign">{t.new_campaign}</h2>
        {(!has_municipalities).then(|| view! { <p class="notice">{t.create_municipality_first}</p> })}
        <FormError error=campaign_error />
        <ActionForm action=create_campaign attr:class="form">
            <label for="municipality_id">{t.municipality}</label>
            <select id="municipality_id" name="campaign[municipality_id]" required>
                {options}
            </select>
            <label for="campaign-title">{t.field_title}</label>
            <input id="campaign-title" name="campaign[title]" required maxlength=Title::MAX />
            <label for="campaign-description">{t.field_description}</label>
            <textarea id="campaign-description" name="campaign[description]" required maxlength=Description::MAX rows="5"></textarea>
            <label for="budget">{t.field_budget}</label>
            <input id="budget" name="campaign[budget]" required inputmode="decimal" pattern="[0-9  .,']+" />
            <label for="proposals_close_at">{t.proposals_close}</label>
            <input id="proposals_close_at" name="campaign[proposals_close_at]" type="datetime-local" required />
            <label for="voting_opens_at">{t.voting_opens}</label>
            <input id="voting_opens_at" name="campaign[voting_opens_at]" type="datetime-local" required />
            <label for="voting_closes_at">{t.voting_closes}</label>
            <input id="voting_closes_at" name="campaign[voting_closes_at]" type="datetime-local" required />
            <p class="hint">{t.times_are_local}</p>
            <label for="rule">{t.field_rule}</label>
            <select id="rule" name="campaign[rule]">
                {rules}
            </select>
            <button type="submit" disabled=!has_municipalities>{t.create_campaign}</button>
        </ActionForm>

        <h2>{t.municipalities}</h2>
        <ul class="plain-list">
            {page
                .municipalities
                .into_iter()
                .map(|m| view! { <li>{m.name} " (" {m.time_zone} ")"</li> })
                .collect_view()}
        </ul>
        <h3>{t.new_municipality}</h3>
        <FormError error=municipality_error />
        <ActionForm action=create_municipality attr:class="form">
            <label for="municipality-name">{t.field_name}</label>
            <input id="municipality-name" name="name" required maxlength=Title::MAX />
            <label for="time_zone">{t.field_time_zone}</label>
            <input id="time_zone" name="time_zone" required value="Europe/Paris" />
            <button type="submit">{t.create_municipality}</button>
        </ActionForm>
    }
}
