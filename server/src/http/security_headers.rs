//! Security headers on every response: a Content Security Policy whose
//! script nonce changes with each request, and the usual companions.
//!
//! The nonce is drawn here, handed to the page renderer through the
//! request's extensions ([`provide_page_nonce`] turns it into Leptos's
//! nonce, which the hydration script and the resource scripts carry), and
//! written into the header of the same response: the two cannot disagree.

use axum::extract::{Request, State};
use axum::http::uri::Authority;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use leptos::config::LeptosOptions;
use rand::Rng;

/// What the headers depend on beyond the request.
#[derive(Clone, Copy, Debug)]
pub struct SecurityHeaders {
    /// Whether the site is served over https (`Strict-Transport-Security`).
    pub https: bool,
    /// The port of cargo-leptos' live-reload websocket, which the page may
    /// then connect to: only for `make dev` (see [`SecurityHeaders::new`]).
    pub live_reload_port: Option<u32>,
}

impl SecurityHeaders {
    /// The headers of a server run with `options`: with the live-reload
    /// port only in a debug build started by `cargo leptos watch`, which
    /// sets `LEPTOS_WATCH` (the variable that makes Leptos's `AutoReload`
    /// put the reload script in the page). Never in a release build.
    pub fn new(https: bool, options: &LeptosOptions) -> Self {
        Self::watching(https, options, std::env::var_os("LEPTOS_WATCH").is_some())
    }

    fn watching(https: bool, options: &LeptosOptions, watch: bool) -> Self {
        // The port the reload script connects to.
        let port = options.reload_external_port.unwrap_or(options.reload_port);
        SecurityHeaders {
            https,
            live_reload_port: (cfg!(debug_assertions) && watch).then_some(port),
        }
    }
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
/// allowed to compile, no framing, forms posting only here. With
/// `live_reload` (host, port), the page may also open cargo-leptos'
/// websocket there.
pub fn content_security_policy(nonce: &str, live_reload: Option<(&str, u32)>) -> String {
    let reload = live_reload
        .map(|(host, port)| format!(" ws://{host}:{port} wss://{host}:{port}"))
        .unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'{reload}; \
         frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
    )
}

/// The host the browser asked for (the reload script connects to the
/// page's host name), if it is a plain name or address.
fn requested_host(request: &Request) -> Option<String> {
    let authority: Authority = request
        .headers()
        .get(header::HOST)?
        .to_str()
        .ok()?
        .parse()
        .ok()?;
    let host = authority.host();
    host.chars()
        .all(|c| c.is_ascii_alphanumeric() || ".-[]:".contains(c))
        .then(|| host.to_owned())
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
    let live_reload = config
        .live_reload_port
        .and_then(|port| Some((requested_host(&request)?, port)));
    let policy = content_security_policy(
        &nonce.0,
        live_reload
            .as_ref()
            .map(|(host, port)| (host.as_str(), *port)),
    );
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

    async fn headers_for(config: SecurityHeaders, host: &str) -> HeaderMap {
        let router = Router::new()
            .route("/", get(|| async { "page" }))
            .layer(from_fn_with_state(config, add_security_headers));
        let request = Request::get("/")
            .header(header::HOST, host)
            .body(Body::empty())
            .expect("request");
        let response = router.oneshot(request).await.expect("response");
        response.headers().clone()
    }

    async fn headers(https: bool) -> HeaderMap {
        let config = SecurityHeaders {
            https,
            live_reload_port: None,
        };
        headers_for(config, "127.0.0.1:3000").await
    }

    fn connect_src(headers: &HeaderMap) -> String {
        let policy = headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .expect("ascii");
        let directive = policy
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("connect-src"))
            .expect("connect-src");
        directive.to_owned()
    }

    #[tokio::test]
    async fn strict_transport_security_only_over_https() {
        let plain = headers(false).await;
        assert!(plain.get(header::STRICT_TRANSPORT_SECURITY).is_none());
        assert_eq!(plain[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(connect_src(&plain), "connect-src 'self'");
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
        assert!(content_security_policy(&a.0, None).contains(&format!("'nonce-{}'", a.0)));
    }

    #[test]
    fn live_reload_only_under_cargo_leptos_watch_in_a_debug_build() {
        let options = LeptosOptions::builder()
            .output_name("essaim")
            .reload_port(3001)
            .build();
        let served = SecurityHeaders::watching(false, &options, false);
        assert_eq!(served.live_reload_port, None);
        let watched = SecurityHeaders::watching(false, &options, true);
        assert_eq!(
            watched.live_reload_port,
            cfg!(debug_assertions).then_some(3001)
        );
    }

    #[tokio::test]
    async fn live_reload_opens_the_websocket_of_the_requested_host_only() {
        let config = SecurityHeaders {
            https: false,
            live_reload_port: Some(3001),
        };
        let local = headers_for(config, "localhost:3000").await;
        assert_eq!(
            connect_src(&local),
            "connect-src 'self' ws://localhost:3001 wss://localhost:3001"
        );
        let v6 = headers_for(config, "[::1]:3000").await;
        assert_eq!(
            connect_src(&v6),
            "connect-src 'self' ws://[::1]:3001 wss://[::1]:3001"
        );
        // A host that is not a plain name or address adds nothing.
        let odd = headers_for(config, "x;script-src:3000").await;
        assert_eq!(connect_src(&odd), "connect-src 'self'");
    }
}
