//! One module per route.

pub mod admin;
pub mod campaign;
pub mod compare;
pub mod explanation;
pub mod home;
pub mod manage;
pub mod propose;
pub mod results;
pub mod review;
pub mod sign_in;
pub mod staff_sign_in;
pub mod vote;
