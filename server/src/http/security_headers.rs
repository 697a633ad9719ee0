//! Security headers on every response: a Content Security Policy whose
//! script nonce changes with each request, and the usual companions.
//!
//! The nonce is drawn here, handed to the page renderer through the
//! request's extensions ([`provide_page_nonce`] turns it into Leptos's
//! nonce, which the hydration script and the resource scripts carry), and
//! written into the header of the same response: the two cannot disagree.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use rand::Rng;

/// What the headers depend on beyond the request.
#[derive(Clone, Copy, Debug)]
pub struct SecurityHeaders {
    /// Whether the site is served over https (`Strict-Transport-Security`).
    pub https: bool,
}

/// The nonce of one response, from 128 random bits (hex).
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

impl CspNonce {
    fn new() -> Self {
        let bytes: [u8; 16] = rand::rng().random();
        CspNonce(bytes.iter().map(|byte| format!("{byte:02x}")).collect())
    }
}

/// The policy: this site's own files only, scripts only from here or
/// inline with this response's nonce (the hydration script), WebAssembly
/// allowed to compile, no framing, forms posting only here.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; \
         frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
    )
}

/// The middleware: draws the nonce, lets the request through with it, and
/// sets the headers on whatever comes back (page, server function, file,
/// error).
pub async fn add_security_headers(
    State(config): State<SecurityHeaders>,
    mut request: Request,
    next: Next,
) -> Response {
    let nonce = CspNonce::new();
    let policy = content_security_policy(&nonce.0);
    request.extensions_mut().insert(nonce);
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if let Ok(policy) = HeaderValue::from_str(&policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if config.https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    response
}

/// For the page renderer's context: makes this request's nonce Leptos's
/// nonce, so that the scripts of the page carry the one in the header.
pub fn provide_page_nonce() {
    use leptos::prelude::{provide_context, use_context};
    let nonce = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
    if let Some(CspNonce(nonce)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
}

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::body::Body;
    use axum::http::{HeaderMap, Request};
    use axum::middleware::from_fn_with_state;
    use axum::routing::get;
    use tower::ServiceExt;

    use super::*;

    async fn headers(https: bool) -> HeaderMap {
        let router = Router::new()
            .route("/", get(|| async { "page" }))
            .layer(from_fn_with_state(
                SecurityHeaders { https },
                add_security_headers,
            ));
        let request = Request::get("/").body(Body::empty()).expect("request");
        let response = router.oneshot(request).await.expect("response");
        response.headers().clone()
    }

    #[tokio::test]
    async fn strict_transport_security_only_over_https() {
        let plain = headers(false).await;
        assert!(plain.get(header::STRICT_TRANSPORT_SECURITY).is_none());
        assert_eq!(plain[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        let secure = headers(true).await;
        assert_eq!(
            secure[header::STRICT_TRANSPORT_SECURITY],
            "max-age=31536000"
        );
    }

    #[test]
    fn nonces_are_long_and_never_repeat() {
        let (a, b) = (CspNonce::new(), CspNonce::new());
        assert_eq!(a.0.len(), 32);
        assert_ne!(a.0, b.0);
        assert!(content_security_policy(&a.0).contains(&format!("'nonce-{}'", a.0)));
    }
}
