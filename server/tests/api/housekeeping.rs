//! The hourly sweep forgets what expired more than a day ago, and only that.

use app::server::db::entities::{login_code, rate_limit, session};
use app::server::db::{login_codes, rate_limits, sessions};
use app::server::housekeeping::{KEPT_AFTER_EXPIRY, Swept, sweep};
use chrono::{Duration, Utc};
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::each_backend;
use crate::helpers::TestApp;

async fn counts(app: &TestApp) -> (u64, u64, u64) {
    (
        login_code::Entity::find()
            .count(&app.db)
            .await
            .expect("codes"),
        session::Entity::find()
            .count(&app.db)
            .await
            .expect("sessions"),
        rate_limit::Entity::find()
            .count(&app.db)
            .await
            .expect("counters"),
    )
}

#[tokio::test]
async fn the_sweep_deletes_only_what_expired_more_than_a_day_ago() {
    each_backend!(|app| {
        let now = Utc::now();
        let long_ago = now - KEPT_AFTER_EXPIRY - Duration::hours(1);
        let email = app::domain::email::Email::parse("ancienne@example.fr").expect("email");
        app.citizen("ancienne@example.fr").await;
        let before = counts(&app).await;
        let id = app::server::db::users::find_by_email(&app.db, &email)
            .await
            .expect("query")
            .expect("account")
            .0
            .id;
        for (hash, expires) in [("old", long_ago), ("recent", now - Duration::hours(1))] {
            login_codes::record_code(
                &app.db,
                &email,
                hash.into(),
                expires - Duration::minutes(15),
                expires,
            )
            .await
            .expect("code");
            sessions::create_session(
                &app.db,
                id,
                format!("{hash:0>64}"),
                expires - Duration::days(30),
                expires,
            )
            .await
            .expect("session");
            rate_limits::record_hit(
                &app.db,
                &format!("test:{hash}"),
                Duration::hours(1),
                expires,
            )
            .await
            .expect("counter");
        }
        let swept = sweep(&app.db, now).await.expect("sweep");
        assert_eq!(
            swept,
            Swept {
                codes: 1,
                sessions: 1,
                counters: 1
            }
        );
        // The recent rows stay, and so do the citizen's own live code,
        // session and counters.
        let after = counts(&app).await;
        assert_eq!(after, (before.0 + 1, before.1 + 1, before.2 + 1));
    });
}
