//! Showing errors in the person's language, never a raw server message.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_location;

use crate::error::AppError;
use crate::i18n::{describe_error, use_lang, use_texts};

/// A failed page load: the message, and a way forward when there is one.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let location = use_location();
    let sign_in = matches!(error, AppError::Unauthenticated)
        .then(|| view! { <SignInPrompt next=location.pathname.get_untracked() /> });
    view! {
        <div class="notice notice-error" role="alert">
            <p>{describe_error(&error, use_lang())}</p>
            {sign_in}
        </div>
    }
}

/// Gives the page being rendered on the server the HTTP status of `error`
/// (does nothing in the browser, where the status was sent long ago).
pub fn set_page_status(error: &AppError) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(
            http::StatusCode::from_u16(error.status_code())
                .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
    #[cfg(not(feature = "ssr"))]
    let _ = error;
}

/// The error of the last submission of `action`, if it failed.
pub fn action_error<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
}

/// The error of the last submission of a form, if it failed.
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    move || error.get().map(|error| view! { <ErrorNotice error /> })
}

/// An invitation to sign in, coming back to `next` afterwards.
#[component]
pub fn SignInPrompt(next: String) -> impl IntoView {
    let t = use_texts();
    let next = crate::url::encode(&next);
    view! {
        <p class="notice">
            {t.sign_in_needed} " "
            <a href=format!("/signin?next={next}")>{t.sign_in_citizen}</a>
            " · "
            <a href=format!("/staff/signin?next={next}")>{t.sign_in_staff}</a>
        </p>
    }
}
