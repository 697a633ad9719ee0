//! The phase of a campaign, as a label.

use leptos::prelude::*;

use crate::domain::campaign::Phase;
use crate::i18n::{Texts, use_texts};

/// The name of a phase.
pub fn phase_name(t: &Texts, phase: Phase) -> &'static str {
    match phase {
        Phase::Proposals => t.phase_proposals,
        Phase::Review => t.phase_review,
        Phase::Voting => t.phase_voting,
        Phase::Counting => t.phase_counting,
        Phase::Published => t.phase_published,
    }
}

/// A coloured label with the phase's name.
#[component]
pub fn PhaseBadge(phase: Phase) -> impl IntoView {
    let class = match phase {
        Phase::Proposals => "badge badge-proposals",
        Phase::Review => "badge badge-review",
        Phase::Voting => "badge badge-voting",
        Phase::Counting => "badge badge-counting",
        Phase::Published => "badge badge-published",
    };
    view! { <span class=class>{phase_name(use_texts(), phase)}</span> }
}
