//! A proposal as a card: title, status, cost, description, the reason of a
//! rejection (campaign and review pages).

use leptos::prelude::*;

use crate::api::campaigns::ProposalView;
use crate::domain::proposal::ProposalStatus;
use crate::i18n::{format_money, use_lang, use_texts};

/// One proposal with its status; `children` go at the end of the card.
#[component]
pub fn ProposalCard(
    proposal: ProposalView,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let (t, lang) = (use_texts(), use_lang());
    let (class, label) = match &proposal.status {
        ProposalStatus::Submitted => ("badge badge-review", t.status_submitted),
        ProposalStatus::Accepted => ("badge badge-voting", t.status_accepted),
        ProposalStatus::Rejected { .. } => ("badge badge-rejected", t.status_rejected),
    };
    let reason = match &proposal.status {
        ProposalStatus::Rejected { reason } => Some(view! {
            <p class="reason">
                <strong>{t.rejection_reason}</strong> {t.colon} {reason.as_str().to_owned()}
            </p>
        }),
        _ => None,
    };
    view! {
        <li class="card">
            <h3>{proposal.title.clone()}</h3>
            <p class="card-meta">
                <span class=class>{label}</span>
                " "
                <span class="money">{format_money(lang, proposal.cost)}</span>
                {proposal.mine.then(|| view! { " · " <em>{t.your_proposal}</em> })}
            </p>
            <p class="description">{proposal.description.clone()}</p>
            {reason}
            {children.map(|children| children())}
        </li>
    }
}
