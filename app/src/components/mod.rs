//! View pieces shared by several pages.

pub mod campaign_facts;
pub mod errors;
pub mod header;
pub mod loaded;
pub mod phase_badge;
pub mod route_params;
