//! View pieces shared by several pages.

pub mod campaign_facts;
pub mod counting_panel;
pub mod errors;
pub mod header;
pub mod loaded;
pub mod not_found;
pub mod phase_badge;
pub mod proposal_card;
pub mod route_params;
