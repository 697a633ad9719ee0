//! Data from the server with its loading and error states.

use leptos::either::Either;
use leptos::prelude::*;
use serde::{Serialize, de::DeserializeOwned};

use super::errors::ErrorNotice;
use crate::error::AppError;
use crate::i18n::use_texts;

/// Renders `render(data)` once `resource` has loaded, or the error.
#[component]
pub fn Loaded<T, F, V>(resource: Resource<Result<T, AppError>>, render: F) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let t = use_texts();
    view! {
        <Transition fallback=move || view! { <p class="loading">{t.loading}</p> }>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(data) => Either::Left(render(data)),
                        Err(error) => Either::Right(view! { <ErrorNotice error /> }),
                    }
                })
            }}
        </Transition>
    }
}
