//! Signing in: one-time codes for citizens, passwords for staff.

use app::api::session::{
    GetViewer, RequestSignInCode, SignInWithPassword, SignOut, VerifySignInCode, Viewer,
};
use app::domain::role::Role;
use app::error::AppError;
use app::server::db::rate_limits;
use sea_orm::EntityTrait;

use crate::each_backend;
use crate::helpers::{ADMIN, OFFICIAL};

fn viewer(json: &str) -> Option<Viewer> {
    serde_json::from_str(json).expect("viewer JSON")
}

#[tokio::test]
async fn a_code_signs_in_once_and_wrong_codes_are_limited() {
    each_backend!(|app| {
        let email = "camille@example.fr";
        let mut browser = app.browser();
        browser
            .call::<RequestSignInCode>(&[("email", "Camille@Example.FR "), ("next", "/")])
            .await
            .expect("sent");
        let code = browser.last_code_for(email);
        assert_eq!(code.len(), 6);
        let wrong = if code == "000000" { "111111" } else { "000000" };
        let attempt = |code: &str| {
            [
                ("email", email.to_owned()),
                ("code", code.to_owned()),
                ("next", "/".to_owned()),
            ]
        };
        let form = |pairs: &[(&'static str, String); 3]| {
            pairs
                .iter()
                .map(|(k, v)| (*k, v.clone()))
                .collect::<Vec<_>>()
        };

        let wrong_form = form(&attempt(wrong));
        let wrong_form: Vec<(&str, &str)> =
            wrong_form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(
            browser.call::<VerifySignInCode>(&wrong_form).await,
            Err(AppError::WrongCode)
        );
        assert_eq!(
            viewer(&browser.call::<GetViewer>(&[]).await.expect("viewer")),
            None
        );

        let right_form = form(&attempt(&code));
        let right_form: Vec<(&str, &str)> =
            right_form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        browser
            .call::<VerifySignInCode>(&right_form)
            .await
            .expect("right code");
        assert_eq!(
            viewer(&browser.call::<GetViewer>(&[]).await.expect("viewer")),
            Some(Viewer {
                email: email.into(),
                role: Role::Citizen
            })
        );
        // Used once, never again.
        assert_eq!(
            app.browser().call::<VerifySignInCode>(&right_form).await,
            Err(AppError::WrongCode)
        );

        // Five wrong tries lock the code, even against the right one.
        browser
            .call::<RequestSignInCode>(&[("email", email), ("next", "/")])
            .await
            .expect("sent");
        let code = browser.last_code_for(email);
        let wrong = if code == "000000" { "111111" } else { "000000" };
        let wrong_form = form(&attempt(wrong));
        let wrong_form: Vec<(&str, &str)> =
            wrong_form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        for _ in 0..5 {
            assert_eq!(
                app.browser().call::<VerifySignInCode>(&wrong_form).await,
                Err(AppError::WrongCode)
            );
        }
        let right_form = form(&attempt(&code));
        let right_form: Vec<(&str, &str)> =
            right_form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(
            app.browser().call::<VerifySignInCode>(&right_form).await,
            Err(AppError::TooManyAttempts)
        );

        // At most five codes an hour per address (two sent above).
        for _ in 0..3 {
            browser
                .call::<RequestSignInCode>(&[("email", email), ("next", "/")])
                .await
                .expect("sent");
        }
        assert_eq!(
            browser
                .call::<RequestSignInCode>(&[("email", email), ("next", "/")])
                .await,
            Err(AppError::TooManyAttempts)
        );
        assert_eq!(
            browser
                .call::<RequestSignInCode>(&[("email", "not an address"), ("next", "/")])
                .await,
            Err(AppError::Input(app::error::InputError::Email(
                app::domain::email::EmailError::Invalid
            )))
        );
    });
}

#[tokio::test]
async fn staff_sign_in_with_a_password_and_sign_out() {
    each_backend!(|app| {
        let mut browser = app.browser();
        let wrong = [
            ("email", ADMIN.0),
            ("password", "wrong password 1234"),
            ("next", "/"),
        ];
        assert_eq!(
            browser.call::<SignInWithPassword>(&wrong).await,
            Err(AppError::WrongCredentials)
        );
        let unknown = [
            ("email", "nobody@example.fr"),
            ("password", ADMIN.1),
            ("next", "/"),
        ];
        assert_eq!(
            browser.call::<SignInWithPassword>(&unknown).await,
            Err(AppError::WrongCredentials)
        );

        let mut official = app.staff(OFFICIAL).await;
        assert!(matches!(
            viewer(&official.call::<GetViewer>(&[]).await.expect("viewer")).map(|v| v.role),
            Some(Role::Official(_))
        ));
        official.call::<SignOut>(&[]).await.expect("signed out");
        assert_eq!(
            viewer(&official.call::<GetViewer>(&[]).await.expect("viewer")),
            None
        );

        // Failures older than the lockout window do not count.
        let key = format!("password:{}", ADMIN.0);
        let window = app::server::auth::password::LOCKOUT_WINDOW;
        let long_ago = chrono::Utc::now() - chrono::Duration::minutes(20);
        rate_limits::forget(&app.db, &key).await.expect("forget");
        for _ in 0..20 {
            rate_limits::record_hit(&app.db, &key, window, long_ago)
                .await
                .expect("old failure recorded");
        }
        app.staff(ADMIN).await;

        // Ten failures lock the address for a while, even for the right password.
        for _ in 0..10 {
            assert_eq!(
                browser.call::<SignInWithPassword>(&wrong).await,
                Err(AppError::WrongCredentials)
            );
        }
        let right = [("email", ADMIN.0), ("password", ADMIN.1), ("next", "/")];
        assert_eq!(
            browser.call::<SignInWithPassword>(&right).await,
            Err(AppError::TooManyAttempts)
        );

        // Nothing is stored about an address that is not one.
        let huge = "x".repeat(10_000);
        assert_eq!(
            app.browser()
                .call::<SignInWithPassword>(&[
                    ("email", &huge),
                    ("password", ADMIN.1),
                    ("next", "/")
                ])
                .await,
            Err(AppError::WrongCredentials)
        );
        let counters = app::server::db::entities::rate_limit::Entity::find()
            .all(&app.db)
            .await
            .expect("counters");
        assert!(
            counters.iter().all(|c| !c.key.contains("xxxx")),
            "{counters:?}"
        );

        // Staff accounts do not open with an email code.
        let mut browser = app.browser();
        browser
            .call::<RequestSignInCode>(&[("email", OFFICIAL.0), ("next", "/")])
            .await
            .expect("sent");
        let code = browser.last_code_for(OFFICIAL.0);
        assert_eq!(
            browser
                .call::<VerifySignInCode>(&[("email", OFFICIAL.0), ("code", &code), ("next", "/")])
                .await,
            Err(AppError::Forbidden)
        );
    });
}

#[tokio::test]
async fn without_javascript_forms_redirect_with_the_error_or_to_next() {
    each_backend!(|app| {
        let mut browser = app.browser();
        let (status, location) = browser
            .post_form::<RequestSignInCode>(
                &[("email", "gael@example.fr"), ("next", "/campaigns/1")],
                "http://essaim.test/signin",
            )
            .await;
        assert_eq!(status, 302);
        assert_eq!(
            location,
            "/signin/code?email=gael%40example.fr&next=/campaigns/1"
        );

        let (status, location) = browser
            .post_form::<VerifySignInCode>(
                &[
                    ("email", "gael@example.fr"),
                    ("code", "not-it"),
                    ("next", "/campaigns/1"),
                ],
                "http://essaim.test/signin/code?email=gael%40example.fr",
            )
            .await;
        assert_eq!(status, 302);
        assert!(location.contains("__err="), "{location}");

        let code = browser.last_code_for("gael@example.fr");
        let (status, location) = browser
            .post_form::<VerifySignInCode>(
                &[
                    ("email", "gael@example.fr"),
                    ("code", &code),
                    ("next", "https://evil.example/"),
                ],
                "http://essaim.test/signin/code",
            )
            .await;
        assert_eq!((status.as_u16(), location.as_str()), (302, "/"));
        let (_, html) = browser.page("/").await;
        assert!(
            html.contains("gael@example.fr"),
            "signed in after the redirect"
        );
    });
}

#[tokio::test]
async fn a_next_with_control_characters_goes_home_instead_of_failing() {
    each_backend!(|app| {
        for (email, next) in [
            ("hugo@example.fr", "/\t/evil.example"),
            ("iris@example.fr", "/\n"),
            ("jade@example.fr", "/\r\nSet-Cookie: x=1"),
        ] {
            let mut browser = app.browser();
            let (status, location) = browser
                .post_form::<RequestSignInCode>(
                    &[("email", email), ("next", next)],
                    "http://essaim.test/signin",
                )
                .await;
            assert_eq!(status, 302, "{next:?}");
            assert!(location.ends_with("&next=/"), "{next:?}: {location}");
            let code = browser.last_code_for(email);
            let (status, location) = browser
                .post_form::<VerifySignInCode>(
                    &[("email", email), ("code", &code), ("next", next)],
                    "http://essaim.test/signin/code",
                )
                .await;
            assert_eq!((status.as_u16(), location.as_str()), (302, "/"), "{next:?}");
        }
        let mut admin = app.browser();
        admin
            .call::<SignInWithPassword>(&[
                ("email", ADMIN.0),
                ("password", ADMIN.1),
                ("next", "/\n"),
            ])
            .await
            .expect("signed in, sent home");
    });
}

#[tokio::test]
async fn a_typed_email_with_a_nul_byte_is_a_wrong_email_not_a_failure() {
    each_backend!(|app| {
        let mut browser = app.browser();
        for email in ["a\0b@example.fr", "\0", "admin@test.example\0"] {
            assert_eq!(
                browser
                    .call::<SignInWithPassword>(&[
                        ("email", email),
                        ("password", "whatever it is"),
                        ("next", "/"),
                    ])
                    .await,
                Err(AppError::WrongCredentials),
                "{email:?}"
            );
        }
    });
}
