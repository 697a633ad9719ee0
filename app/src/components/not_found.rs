//! Any unknown address.

use leptos::prelude::*;

use crate::i18n::use_texts;

/// "Page not found", with a way home.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let t = use_texts();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <h1>{t.not_found_title}</h1>
        <p>
            <a href="/">{t.back_home}</a>
        </p>
    }
}
