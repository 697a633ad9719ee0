//! Server functions, grouped by feature. Each is a public HTTP endpoint:
//! it authorizes the caller itself, parses its input with `crate::domain`,
//! and answers wire types defined next to it (shared with the browser).

pub mod admin;
pub mod ballots;
pub mod campaigns;
pub mod manage;
pub mod proposals;
pub mod results;
pub mod session;
