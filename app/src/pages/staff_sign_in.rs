//! Officials and administrators sign in with a password.

use leptos::prelude::*;

use crate::api::session::SignInWithPassword;
use crate::components::errors::{FormError, action_error};
use crate::components::route_params::use_query_param;
use crate::i18n::use_texts;

/// The staff sign-in form.
#[component]
pub fn StaffSignInPage() -> impl IntoView {
    let t = use_texts();
    let sign_in = ServerAction::<SignInWithPassword>::new();
    let error = action_error(sign_in);
    let next = use_query_param("next");
    view! {
        <h1>{t.staff_sign_in_title}</h1>
        <FormError error />
        <ActionForm action=sign_in attr:class="form">
            <input type="hidden" name="next" value=move || next.get().unwrap_or_else(|| "/".into()) />
            <label for="email">{t.field_email}</label>
            <input id="email" name="email" type="email" required autocomplete="username" />
            <label for="password">{t.field_password}</label>
            <input id="password" name="password" type="password" required autocomplete="current-password" />
            <button type="submit">{t.sign_in}</button>
        </ActionForm>
    }
}
