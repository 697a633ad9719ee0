//! The officials' counting panel (manage page): compute the results, see
//! when they were computed or published, publish them.

use leptos::either::Either;
use leptos::prelude::*;

use crate::api::results::{ComputeResults, PublishResults, get_results};
use crate::components::errors::{FormError, action_error};
use crate::domain::ids::CampaignId;
use crate::i18n::{format_date_time, use_lang, use_texts};

/// The officials' counting panel on the manage page: compute, preview, publish.
#[component]
pub fn CountingPanel(campaign_id: CampaignId) -> impl IntoView {
    let (t, lang) = (use_texts(), use_lang());
    let compute = ServerAction::<ComputeResults>::new();
    let publish = ServerAction::<PublishResults>::new();
    let (compute_error, publish_error) = (action_error(compute), action_error(publish));
    let error = Signal::derive(move || compute_error.get().or_else(|| publish_error.get()));
    let latest = Resource::new(
        move || (compute.version().get(), publish.version().get()),
        move |_| get_results(campaign_id.0),
    );
    view! {
        <section class="panel">
            <h2>{t.counting_title}</h2>
            <FormError error />
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match latest.await {
                        Ok(view) => Either::Left(view! {
                            <p>
                                {if view.published { t.results_published_at } else { t.results_computed_at }} " "
                                {format_date_time(lang, view.computed_at)} " · "
                                <a href=format!("/campaigns/{}/results", campaign_id)>{t.see_results_action}</a>
                            </p>
                        }),
                        Err(_) => Either::Right(view! { <p>{t.results_not_computed}</p> }),
                    }
                })}
            </Transition>
            <ActionForm action=compute attr:class="inline">
                <input type="hidden" name="campaign_id" value=campaign_id.0 />
                <button type="submit" class="secondary">{t.compute_results}</button>
            </ActionForm>
            <ActionForm action=publish attr:class="inline">
                <input type="hidden" name="campaign_id" value=campaign_id.0 />
                <button type="submit">{t.publish_results}</button>
            </ActionForm>
        </section>
    }
}
