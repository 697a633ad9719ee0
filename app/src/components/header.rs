//! The site header: name, language switch, who is signed in.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::api::session::{SignOut, get_viewer};
use crate::i18n::{Lang, use_lang, use_texts};

/// The header on every page.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let (t, lang) = (use_texts(), use_lang());
    let location = use_location();
    let sign_out = ServerAction::<SignOut>::new();
    let viewer = Resource::new(
        move || (location.pathname.get(), sign_out.version().get()),
        |_| get_viewer(),
    );
    let back = move || {
        let search = location.search.get();
        let path = location.pathname.get();
        if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        }
    };
    let other = match lang {
        Lang::Fr => Lang::En,
        Lang::En => Lang::Fr,
    };
    let other_label = match other {
        Lang::Fr => "Français",
        Lang::En => "English",
    };
    view! {
        <header class="site-header">
            <a class="skip-link" href="#main">{t.skip_to_content}</a>
            <a class="brand" href="/">{t.site_name}</a>
            <nav aria-label=t.account_menu>
                <a
                    rel="external"
                    hreflang=other.code()
                    lang=other.code()
                    href=move || format!("/lang/{}?back={}", other.code(), crate::url::encode(&back()))
                >
                    {other_label}
                </a>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match viewer.await.ok().flatten() {
                            Some(viewer) => Either::Left(view! {
                                {viewer.role.can_administer().then(|| view! { <a href="/admin">{t.admin}</a> })}
                                <span class="viewer" title=viewer.email.clone()>{viewer.email.clone()}</span>
                                <ActionForm action=sign_out attr:class="inline">
                                    <button type="submit" class="link-button">{t.sign_out}</button>
                                </ActionForm>
                            }),
                            None => Either::Right(view! { <a href="/signin">{t.sign_in}</a> }),
                        }
                    })}
                </Transition>
            </nav>
        </header>
    }
}
