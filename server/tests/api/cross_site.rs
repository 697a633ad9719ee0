//! Another site's page cannot make a visitor's browser write here: sign
//! in (login CSRF), sign out, or anything else.

use app::api::session::{GetViewer, RequestSignInCode, SignOut, VerifySignInCode};
use app::error::AppError;

use crate::each_backend;

const EVIL_ORIGIN: (&str, &str) = ("origin", "https://evil.example");
const CROSS_SITE: (&str, &str) = ("sec-fetch-site", "cross-site");

fn mails(app: &crate::helpers::TestApp) -> usize {
    app.mail.lock().expect("mail recorder").len()
}

#[tokio::test]
async fn a_code_form_posted_from_another_site_is_refused_and_sends_nothing() {
    each_backend!(|app| {
        let mut browser = app.browser();
        let form = [("email", "mallory@example.fr"), ("next", "/")];
        for headers in [
            &[EVIL_ORIGIN][..],
            &[CROSS_SITE],
            &[("sec-fetch-site", "same-site")],
            &[("origin", "null")],
            &[("origin", "http://essaim.test"), CROSS_SITE],
        ] {
            assert_eq!(
                browser.call_with::<RequestSignInCode>(&form, headers).await,
                Err(AppError::Forbidden),
                "{headers:?}"
            );
        }
        assert_eq!(mails(&app), 0, "no code was mailed");

        // The same form from this site's own pages works.
        for headers in [
            &[("origin", "http://essaim.test")][..],
            &[
                ("sec-fetch-site", "same-origin"),
                ("origin", "http://essaim.test"),
            ],
            &[
                ("origin", "http://localhost:3000"),
                ("host", "localhost:3000"),
            ],
            &[],
        ] {
            browser
                .call_with::<RequestSignInCode>(&form, headers)
                .await
                .unwrap_or_else(|e| panic!("{headers:?}: {e:?}"));
        }
        assert_eq!(mails(&app), 4);
    });
}

#[tokio::test]
async fn another_site_can_neither_sign_a_visitor_in_nor_out() {
    each_backend!(|app| {
        // Login CSRF: the attacker's own valid code, posted from their page.
        let mut attacker = app.browser();
        attacker
            .call::<RequestSignInCode>(&[("email", "mallory@example.fr"), ("next", "/")])
            .await
            .expect("code sent");
        let code = attacker.last_code_for("mallory@example.fr");
        let mut victim = app.browser();
        let login = [
            ("email", "mallory@example.fr"),
            ("code", code.as_str()),
            ("next", "/"),
        ];
        assert_eq!(
            victim
                .call_with::<VerifySignInCode>(&login, &[EVIL_ORIGIN])
                .await,
            Err(AppError::Forbidden)
        );
        assert_eq!(victim.call::<GetViewer>(&[]).await.as_deref(), Ok("null"));

        // Forced sign-out.
        let mut citizen = app.citizen("dominique@example.fr").await;
        for headers in [[EVIL_ORIGIN], [CROSS_SITE]] {
            assert_eq!(
                citizen.call_with::<SignOut>(&[], &headers).await,
                Err(AppError::Forbidden)
            );
        }
        let viewer = citizen.call::<GetViewer>(&[]).await.expect("viewer");
        assert!(
            viewer.contains("dominique@example.fr"),
            "still signed in: {viewer}"
        );
        citizen
            .call_with::<SignOut>(&[], &[("origin", "http://essaim.test")])
            .await
            .expect("signing out from this site works");
        assert_eq!(citizen.call::<GetViewer>(&[]).await.as_deref(), Ok("null"));
    });
}
