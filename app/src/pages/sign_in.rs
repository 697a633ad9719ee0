//! Citizen sign-in with a one-time code sent by email.

use leptos::prelude::*;

use crate::api::session::{RequestSignInCode, VerifySignInCode};
use crate::components::errors::{FormError, action_error};
use crate::components::route_params::use_query_param;
use crate::i18n::use_texts;

/// Step 1: the email address.
#[component]
pub fn SignInPage() -> impl IntoView {
    let t = use_texts();
    let request = ServerAction::<RequestSignInCode>::new();
    let error = action_error(request);
    let next = use_query_param("next");
    view! {
        <h1>{t.sign_in_title}</h1>
        <p class="lead">{t.sign_in_lead}</p>
        <FormError error />
        <ActionForm action=request attr:class="form">
            <input type="hidden" name="next" value=move || next.get().unwrap_or_else(|| "/".into()) />
            <label for="email">{t.field_email}</label>
            <input id="email" name="email" type="email" required autocomplete="email" inputmode="email" />
            <button type="submit">{t.send_code}</button>
        </ActionForm>
        <p class="hint">
            {t.staff_question} " " <a href="/staff/signin">{t.sign_in_staff}</a>
        </p>
    }
}

/// Step 2: the code from the email.
#[component]
pub fn CodePage() -> impl IntoView {
    let t = use_texts();
    let verify = ServerAction::<VerifySignInCode>::new();
    let error = action_error(verify);
    let email = use_query_param("email");
    let next = use_query_param("next");
    view! {
        <h1>{t.code_title}</h1>
        <p class="lead">{t.code_sent_to} " " <strong>{move || email.get().unwrap_or_default()}</strong></p>
        <FormError error />
        <ActionForm action=verify attr:class="form">
            <input type="hidden" name="email" value=move || email.get().unwrap_or_default() />
            <input type="hidden" name="next" value=move || next.get().unwrap_or_else(|| "/".into()) />
            <label for="code">{t.field_code}</label>
            <input
                id="code"
                name="code"
                required
                inputmode="numeric"
                autocomplete="one-time-code"
                pattern="[0-9 ]{6,7}"
                maxlength="7"
            />
            <button type="submit">{t.sign_in}</button>
        </ActionForm>
        <p class="hint">
            <a href="/signin">{t.code_resend}</a>
        </p>
    }
}
