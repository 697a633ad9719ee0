//! Data from the server with its loading and error states.

use leptos::either::Either;
use leptos::prelude::*;
use serde::{Serialize, de::DeserializeOwned};

use super::errors::{ErrorNotice, set_page_status};
use crate::error::AppError;
use crate::i18n::use_texts;

/// Renders `render(data)` once `resource` has loaded, or the error; on the
/// server a failed load also gives the page the error's HTTP status (a
/// forbidden page answers 403, a missing one 404), so that every page's
/// status comes from this one place.
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
                        Err(error) => {
                            set_page_status(&error);
                            Either::Right(view! { <ErrorNotice error /> })
                        }
                    }
                })
            }}
        </Transition>
    }
}
