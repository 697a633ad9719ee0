//! Officials accept proposals (at a reviewed cost) or reject them (with a
//! reason), until voting opens.

use leptos::prelude::*;

use crate::api::campaigns::ProposalView;
use crate::api::proposals::{ReviewPage as Page, ReviewProposal, get_review_page};
use crate::components::errors::{FormError, action_error};
use crate::components::loaded::Loaded;
use crate::components::proposal_card::ProposalCard;
use crate::components::route_params::use_id_param;
use crate::domain::proposal::ProposalStatus;
use crate::domain::text::Reason;
use crate::i18n::use_texts;

/// The review page.
#[component]
pub fn ReviewPage() -> impl IntoView {
    let id = use_id_param();
    let review = ServerAction::<ReviewProposal>::new();
    let page = Resource::new(
        move || (id.get(), review.version().get()),
        |(id, _)| get_review_page(id),
    );
    view! { <Loaded resource=page render=move |page: Page| view! { <ReviewList page review /> } /> }
}

#[component]
fn ReviewList(page: Page, review: ServerAction<ReviewProposal>) -> impl IntoView {
    let t = use_texts();
    let error = action_error(review);
    let open = page.campaign.phase.allows_review();
    let (pending, done): (Vec<_>, Vec<_>) = page
        .proposals
        .into_iter()
        .partition(|p| p.status == ProposalStatus::Submitted);
    view! {
        <h1>{t.review_title}</h1>
        <p class="lead">
            <a href=format!("/campaigns/{}", page.campaign.id)>{page.campaign.title.clone()}</a>
        </p>
        {(!open).then(|| view! { <p class="notice">{t.review_closed}</p> })}
        <FormError error />
        <h2>{t.pending_review} " (" {pending.len()} ")"</h2>
        {pending.is_empty().then(|| view! { <p>{t.nothing_to_review}</p> })}
        <ul class="cards">
            {pending
                .into_iter()
                .map(|proposal| view! { <ReviewCard proposal review open /> })
                .collect_view()}
        </ul>
        <h2>{t.reviewed} " (" {done.len()} ")"</h2>
        <ul class="cards">
            {done
                .into_iter()
                .map(|proposal| view! { <ReviewCard proposal review open /> })
                .collect_view()}
        </ul>
    }
}

#[component]
fn ReviewCard(
    proposal: ProposalView,
    review: ServerAction<ReviewProposal>,
    open: bool,
) -> impl IntoView {
    let t = use_texts();
    let id = proposal.id;
    let cost = proposal.cost.to_input();
    let forms = open.then(|| {
        view! {
            <div class="review-forms">
                <ActionForm action=review attr:class="form compact">
                    <input type="hidden" name="proposal_id" value=id.0 />
                    <input type="hidden" name="decision" value="accept" />
                    <input type="hidden" name="reason" value="" />
                    <label for=format!("cost-{id}")>{t.reviewed_cost}</label>
                    <input id=format!("cost-{id}") name="cost" value=cost required inputmode="decimal" />
                    <button type="submit">{t.accept}</button>
                </ActionForm>
                <ActionForm action=review attr:class="form compact">
                    <input type="hidden" name="proposal_id" value=id.0 />
                    <input type="hidden" name="decision" value="reject" />
                    <input type="hidden" name="cost" value="" />
                    <label for=format!("reason-{id}")>{t.rejection_reason}</label>
                    <textarea id=format!("reason-{id}") name="reason" required maxlength=Reason::MAX rows="2"></textarea>
                    <button type="submit" class="secondary">{t.reject}</button>
                </ActionForm>
            </div>
        }
    });
    view! { <ProposalCard proposal>{forms}</ProposalCard> }
}
