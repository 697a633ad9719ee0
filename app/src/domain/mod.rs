//! Plain Rust rules of participatory budgeting, shared by server and browser.
//!
//! No I/O, no framework: every type here is validated on construction
//! ("parse, don't validate") and unit-tested without a database.

pub mod ballot;
pub mod campaign;
pub mod email;
pub mod ids;
pub mod money;
pub mod proposal;
pub mod results;
pub mod role;
pub mod rule;
pub mod text;
