//! Typed database ids, so a proposal id can never be passed as a campaign id.
//!
//! Ids cross the wire as `i64` (never `usize`: the browser is 32-bit).

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// A person with an account (citizen, official or administrator).
    UserId
);
id_type!(
    /// A municipality (commune) running campaigns.
    MunicipalityId
);
id_type!(
    /// A participatory budget campaign.
    CampaignId
);
id_type!(
    /// A proposal submitted to a campaign.
    ProposalId
);
