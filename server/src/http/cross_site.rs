//! Refusing writes that another site's page makes a browser send (CSRF).
//!
//! Cookies are `SameSite=Lax`, which already keeps them off most
//! cross-site posts; this is the second lock, and it also covers what Lax
//! does not: sibling sites (`same-site`), forced sign-in on the code form
//! (login CSRF), forced sign-out. Browsers say where a request comes from
//! in `Sec-Fetch-Site` and `Origin`, and a page cannot forge either.
//! Requests without them (curl, scripts, old browsers on same-origin GET
//! forms) are not a browser acting for another site, and pass.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use app::error::AppError;

/// This site's own origin, as configured (`ESSAIM_PUBLIC_URL`).
#[derive(Clone, Debug)]
pub struct SiteOrigin(String);

impl SiteOrigin {
    /// The origin (`scheme://host[:port]`, lower case, default port left
    /// out, as browsers write it) of `public_url`.
    pub fn from_public_url(public_url: &str) -> Self {
        SiteOrigin(normalize(public_url))
    }
}

/// The middleware: answers 403 to a state-changing request that a browser
/// marks as coming from another site; lets everything else through.
pub async fn refuse_cross_site(
    State(site): State<SiteOrigin>,
    request: Request,
    next: Next,
) -> Response {
    let safe = [Method::GET, Method::HEAD, Method::OPTIONS].contains(request.method());
    if safe || comes_from_this_site(request.headers(), &site) {
        return next.run(request).await;
    }
    tracing::warn!(
        method = %request.method(),
        path = request.uri().path(),
        origin = ?request.headers().get(header::ORIGIN),
        fetch_site = ?request.headers().get("sec-fetch-site"),
        "cross-site request refused"
    );
    refusal(request.uri().path().starts_with("/api/"))
}

/// Whether the browser's own headers place the request on this site (or
/// there are none): `Sec-Fetch-Site` is `same-origin` or `none` (typed
/// address, bookmark), and `Origin` is this site, as configured or as
/// named by the request's `Host` (which a page on another site cannot
/// set), e.g. `localhost` while the configured address says `127.0.0.1`.
fn comes_from_this_site(headers: &HeaderMap, site: &SiteOrigin) -> bool {
    if let Some(fetch_site) = headers.get("sec-fetch-site") {
        let fetch_site = fetch_site.as_bytes();
        if !(fetch_site.eq_ignore_ascii_case(b"same-origin")
            || fetch_site.eq_ignore_ascii_case(b"none"))
        {
            return false;
        }
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let origin = normalize(origin);
    if origin == site.0 {
        return true;
    }
    let host = headers
        .get(header::HOST)
        .and_then(|host| host.to_str().ok())
        .map(str::to_ascii_lowercase);
    match (host, origin.split_once("://")) {
        (Some(host), Some((scheme, authority))) => {
            (scheme == "http" || scheme == "https")
                && (authority == host || authority == without_default_port(scheme, &host))
        }
        // `Origin: null` (sandboxed frames, some redirects) and anything
        // that is not an origin.
        _ => false,
    }
}

/// `scheme://host[:port]` of a URL or origin, lower case, without path and
/// without the scheme's default port.
fn normalize(url: &str) -> String {
    let url = url.trim().to_ascii_lowercase();
    let Some((scheme, rest)) = url.split_once("://") else {
        return url;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    format!("{scheme}://{}", without_default_port(scheme, authority))
}

fn without_default_port<'a>(scheme: &str, authority: &'a str) -> &'a str {
    let default_port = match scheme {
        "http" => ":80",
        "https" => ":443",
        _ => return authority,
    };
    authority.strip_suffix(default_port).unwrap_or(authority)
}

/// 403: for server functions the JSON of [`AppError::Forbidden`], which
/// the page knows how to show; otherwise a short line.
fn refusal(is_server_fn: bool) -> Response {
    let (content_type, body) = if is_server_fn {
        (
            "application/json",
            serde_json::to_string(&AppError::Forbidden)
                .unwrap_or_else(|_| "\"Forbidden\"".to_owned()),
        )
    } else {
        (
            "text/plain; charset=utf-8",
            "Cross-site request refused.\n".to_owned(),
        )
    };
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, content_type)],
        Body::from(body),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, axum::http::HeaderValue::from_static(value));
        }
        map
    }

    fn passes(pairs: &[(&'static str, &'static str)]) -> bool {
        let site = SiteOrigin::from_public_url("http://127.0.0.1:3000/");
        comes_from_this_site(&headers(pairs), &site)
    }

    #[test]
    fn origins_are_compared_as_browsers_write_them() {
        assert_eq!(
            normalize("https://Budget.Example.org/"),
            "https://budget.example.org"
        );
        assert_eq!(normalize("https://a.example:443/x?y"), "https://a.example");
        assert_eq!(normalize("http://a.example:8080"), "http://a.example:8080");
    }

    #[test]
    fn this_site_passes() {
        assert!(passes(&[]));
        assert!(passes(&[("origin", "http://127.0.0.1:3000")]));
        assert!(passes(&[("sec-fetch-site", "same-origin")]));
        assert!(passes(&[("sec-fetch-site", "none")]));
        assert!(passes(&[
            ("origin", "http://localhost:3000"),
            ("host", "localhost:3000")
        ]));
        assert!(passes(&[
            ("origin", "https://budget.example.org"),
            ("host", "budget.example.org")
        ]));
    }

    #[test]
    fn other_sites_are_refused() {
        assert!(!passes(&[("origin", "https://evil.example")]));
        assert!(!passes(&[
            ("origin", "https://evil.example"),
            ("host", "127.0.0.1:3000")
        ]));
        assert!(!passes(&[("origin", "null")]));
        assert!(!passes(&[("origin", "null"), ("host", "null")]));
        assert!(!passes(&[("origin", "http://127.0.0.1:3001")]));
        assert!(!passes(&[("origin", "http://127.0.0.1:3000.evil.example")]));
        assert!(!passes(&[("sec-fetch-site", "cross-site")]));
        assert!(!passes(&[("sec-fetch-site", "same-site")]));
        assert!(!passes(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "http://127.0.0.1:3000")
        ]));
    }
}
