//! Reading ids and flags from the URL.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The `:id` segment of the current route as a number (0 if absent or not
/// a number: the server then answers "not found").
pub fn use_id_param() -> Memo<i64> {
    let params = use_params_map();
    Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|raw| raw.parse().ok())
            .unwrap_or_default()
    })
}

/// A query parameter of the current URL, e.g. `?next=/admin`.
pub fn use_query_param(name: &'static str) -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| query.read().get(name))
}
