//! The HTML shell, the router and the page layout.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::SsrMode;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::header::SiteHeader;
use crate::i18n::{Lang, provide_lang, use_texts};
use crate::pages;

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = Lang::detect();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="stylesheet" id="leptos" href="/pkg/essaim.css" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The application: header, routes, footer.
///
/// Pages render in `SsrMode::Async`: the server waits for the page's data
/// and sends complete HTML, so every page reads and every form works
/// without JavaScript (streamed fragments would need a script to show).
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_lang(Lang::detect());
    let t = use_texts();
    mark_hydrated();
    view! {
        <Title text=t.site_name />
        <Router>
            <SiteHeader />
            <main id="main">
                <Routes fallback=crate::components::not_found::NotFoundPage>
                    <Route path=path!("/") view=pages::home::HomePage ssr=SsrMode::Async />
                    <Route path=path!("/signin") view=pages::sign_in::SignInPage ssr=SsrMode::Async />
                    <Route path=path!("/signin/code") view=pages::sign_in::CodePage ssr=SsrMode::Async />
                    <Route path=path!("/staff/signin") view=pages::staff_sign_in::StaffSignInPage ssr=SsrMode::Async />
                    <Route path=path!("/admin") view=pages::admin::AdminPage ssr=SsrMode::Async />
                    <Route path=path!("/campaigns/:id") view=pages::campaign::CampaignPage ssr=SsrMode::Async />
                    <Route path=path!("/campaigns/:id/propose") view=pages::propose::ProposePage ssr=SsrMode::Async />
                    <Route path=path!("/campaigns/:id/vote") view=pages::vote::VotePage ssr=SsrMode::Async />
                    <Route path=path!("/campaigns/:id/review") view=pages::review::ReviewPage ssr=SsrMode::Async />
                    <Route path=path!("/campaigns/:id/manage") view=pages::manage::ManagePage ssr=SsrMode::Async />
                    <Route path=path!("/campaigns/:id/results") view=pages::results::ResultsPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/campaigns/:id/results/:proposal")
                        view=pages::explanation::ExplanationPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/campaigns/:id/compare") view=pages::compare::ComparePage ssr=SsrMode::Async />
                </Routes>
            </main>
            <footer class="site-footer">
                <p>{t.footer}</p>
            </footer>
        </Router>
    }
}

/// Marks `<html data-hydrated="true">` once the browser has taken over the
/// page, so end-to-end tests know when the interactive version is live.
fn mark_hydrated() {
    Effect::new(|_| {
        #[cfg(feature = "hydrate")]
        if let Some(html) = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.document_element())
        {
            let _ = html.set_attribute("data-hydrated", "true");
        }
    });
}
