//! The HTTP router: pages and server functions (Leptos), the language
//! switch, a health check, static files, compression; every response with
//! security headers, every cross-site write refused.

pub mod cross_site;
pub mod overload;
pub mod security_headers;

use axum::Router;
use axum::body::Body;
use axum::error_handling::HandleErrorLayer;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use leptos_axum::{LeptosRoutes, generate_route_list};
use serde::Deserialize;
use tower::ServiceBuilder;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

use app::error::AppError;
use app::i18n::Lang;
use app::server::state::AppState;
use app::{App, shell};
use cross_site::{SiteOrigin, refuse_cross_site};
use security_headers::{SecurityHeaders, add_security_headers, provide_page_nonce};

/// The whole site.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    let site = SiteOrigin::from_public_url(&state.config.public_url);
    let headers = SecurityHeaders::new(state.config.secure_cookies(), &options);
    let max_in_flight = state.config.max_in_flight;
    Router::new()
        .route("/lang/{code}", get(switch_language))
        .route("/healthz", get(health))
        .leptos_routes_with_context(&state, routes, provide_page_nonce, move || {
            shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(provide_page_nonce, shell))
        .layer(middleware::from_fn(error_status))
        .layer(middleware::from_fn_with_state(site, refuse_cross_site))
        .layer(middleware::from_fn_with_state(
            headers,
            add_security_headers,
        ))
        .layer(CompressionLayer::new())
        .layer(RequestBodyLimitLayer::new(overload::MAX_BODY_BYTES))
        .layer(
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(overload::overloaded))
                .load_shed()
                // One count for the whole router (a plain limit would count
                // per route).
                .layer(GlobalConcurrencyLimitLayer::new(max_in_flight)),
        )
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

#[derive(Deserialize)]
struct Back {
    back: Option<String>,
}

/// `GET /lang/en?back=/campaigns/1`: remembers the language for a year and
/// goes back (to a page of this site only). A plain link: works without
/// JavaScript.
async fn switch_language(Path(code): Path<String>, Query(back): Query<Back>) -> Response {
    let Some(lang) = Lang::from_code(&code) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let target = app::url::safe_next(back.back.as_deref().unwrap_or("/"));
    let cookie = format!(
        "lang={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    );
    let mut response = Redirect::to(&target).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// `GET /healthz`: 200 when the database answers.
async fn health(State(state): State<AppState>) -> StatusCode {
    match state.db.ping().await {
        Ok(()) => StatusCode::OK,
        Err(error) => {
            tracing::error!(%error, "health check: database unreachable");
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}

/// Server functions answer every error with status 500; this gives each
/// [`AppError`] its own status (401, 403, 404, 409, ...) so that logs and
/// monitoring tell a refused request from a real failure.
async fn error_status(request: Request, next: Next) -> Response {
    let is_server_fn = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !is_server_fn || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, Body::from(bytes))
}
