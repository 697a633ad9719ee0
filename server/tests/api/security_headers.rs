//! Every response carries the security headers; a page's scripts carry
//! the nonce its Content Security Policy names.

use app::api::campaigns::ListCampaigns;
use app::api::session::SignOut;
use axum::body::Body;
use http::{HeaderMap, Request, header};

use crate::each_backend;
use crate::helpers::body_text;

/// The nonce of `script-src 'nonce-…'`, after checking the rest of the
/// headers.
fn checked_nonce(what: &str, headers: &HeaderMap) -> String {
    let header = |name: header::HeaderName| {
        headers
            .get(&name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("{what}: no {name}"))
            .to_owned()
    };
    assert_eq!(header(header::X_CONTENT_TYPE_OPTIONS), "nosniff", "{what}");
    assert_eq!(header(header::REFERRER_POLICY), "same-origin", "{what}");
    assert!(
        headers.get(header::STRICT_TRANSPORT_SECURITY).is_none(),
        "{what}: plain http, no HSTS"
    );
    let policy = header(header::CONTENT_SECURITY_POLICY);
    for part in [
        "default-src 'self'",
        "style-src 'self';",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ] {
        assert!(
            policy.contains(part),
            "{what}: {part} missing from {policy}"
        );
    }
    assert!(!policy.contains("unsafe-inline"), "{what}: {policy}");
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_else(|| panic!("{what}: no nonce in {policy}"));
    assert!(nonce.len() >= 22, "{what}: nonce {nonce:?} too short");
    nonce.to_owned()
}

/// Every `<script` of `html` carries `nonce`, and there is at least one.
fn assert_scripts_carry(html: &str, nonce: &str) {
    let scripts: Vec<&str> = html
        .split("<script")
        .skip(1)
        .map(|tag| tag.split('>').next().unwrap_or_default())
        .collect();
    assert!(!scripts.is_empty(), "the hydration script: {html}");
    for attributes in scripts {
        assert!(
            attributes.contains(&format!("nonce=\"{nonce}\"")),
            "<script{attributes}> without the nonce {nonce}"
        );
    }
}

#[tokio::test]
async fn pages_have_a_fresh_nonce_matching_their_policy() {
    each_backend!(|app| {
        let mut browser = app.browser();
        let mut nonces = Vec::new();
        for path in ["/", "/", "/signin", "/no/such/page"] {
            let response = browser.get(path).await;
            let nonce = checked_nonce(path, response.headers());
            assert_scripts_carry(&body_text(response).await, &nonce);
            nonces.push(nonce);
        }
        nonces.sort();
        nonces.dedup();
        assert_eq!(nonces.len(), 4, "a new nonce for each response");
    });
}

#[tokio::test]
async fn every_kind_of_response_has_the_headers() {
    each_backend!(|app| {
        std::fs::write(app.site_root().join("robots.txt"), "User-agent: *\n").expect("write");
        let mut browser = app.browser();
        for path in [
            "/healthz",
            "/lang/en?back=/",
            "/robots.txt",
            "/no/such/page",
        ] {
            let response = browser.get(path).await;
            assert!(
                !response.status().is_server_error(),
                "{path}: {}",
                response.status()
            );
            checked_nonce(path, response.headers());
        }
        let response = browser.post_raw::<ListCampaigns>(&[], &[]).await;
        assert_eq!(response.status(), 200);
        checked_nonce("server function", response.headers());
        let response = browser
            .post_raw::<SignOut>(&[], &[("origin", "https://evil.example")])
            .await;
        assert_eq!(response.status(), 403);
        checked_nonce("cross-site refusal", response.headers());
        let refused = browser
            .send(
                Request::post("/").header(header::ORIGIN, "https://evil.example"),
                Body::empty(),
            )
            .await;
        assert_eq!(refused.status(), 403);
        checked_nonce("cross-site refusal of a page", refused.headers());
    });
}
