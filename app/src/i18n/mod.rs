//! French and English. Every visible text comes from [`Texts`]; the
//! compiler checks that both languages have every entry.
//!
//! The language is chosen per request (a `lang` cookie set by the language
//! switch, else the browser's `Accept-Language`, else French), written into
//! `<html lang>`, and read back from there when the page hydrates, so the
//! server and the browser always render the same language.

mod catalogue;
mod describe;
mod explain;
mod format;

pub use catalogue::Texts;
pub use describe::describe_error;
pub use explain::{explain_project, rule_label, rule_summary};
pub use format::{fill, format_date_time, format_money, format_percent};

use leptos::prelude::{provide_context, use_context};
use serde::{Deserialize, Serialize};

/// A language of the interface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    /// Français (the default: Essaim is for French communes first).
    #[default]
    Fr,
    /// English.
    En,
}

impl Lang {
    /// The BCP 47 code, for `<html lang>` and the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// Reads a language code (`fr`, `en-GB`, ...); `None` if unsupported.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the language from a `Cookie` header and an `Accept-Language`
    /// header: the cookie wins, then the first supported language the
    /// browser lists, then French.
    pub fn negotiate(cookie_header: Option<&str>, accept_language: Option<&str>) -> Lang {
        let from_cookie = cookie_header.and_then(|header| {
            header
                .split(';')
                .filter_map(|pair| pair.trim().split_once('='))
                .find(|(name, _)| *name == "lang")
                .and_then(|(_, value)| Lang::from_code(value))
        });
        let from_browser = || {
            accept_language?
                .split(',')
                .filter_map(|item| Lang::from_code(item.split(';').next().unwrap_or_default()))
                .next()
        };
        from_cookie.or_else(from_browser).unwrap_or_default()
    }

    /// The texts in this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Fr => &catalogue::FR,
            Lang::En => &catalogue::EN,
        }
    }

    /// The language of the request being rendered (server) or of the page
    /// being hydrated (browser).
    pub fn detect() -> Lang {
        #[cfg(feature = "ssr")]
        {
            Lang::from_request()
        }
        #[cfg(not(feature = "ssr"))]
        {
            Lang::from_document()
        }
    }

    /// The language negotiated for the current request.
    #[cfg(feature = "ssr")]
    pub fn from_request() -> Lang {
        let Some(parts) = use_context::<http::request::Parts>() else {
            return Lang::default();
        };
        let header = |name| {
            parts
                .headers
                .get(name)
                .and_then(|value| value.to_str().ok())
        };
        Lang::negotiate(
            header(http::header::COOKIE),
            header(http::header::ACCEPT_LANGUAGE),
        )
    }

    #[cfg(not(feature = "ssr"))]
    fn from_document() -> Lang {
        #[cfg(feature = "hydrate")]
        {
            web_sys::window()
                .and_then(|window| window.document())
                .and_then(|document| document.document_element())
                .and_then(|html| html.get_attribute("lang"))
                .and_then(|code| Lang::from_code(&code))
                .unwrap_or_default()
        }
        #[cfg(not(feature = "hydrate"))]
        {
            Lang::default()
        }
    }
}

/// Makes the language available to every component below.
pub fn provide_lang(lang: Lang) {
    provide_context(lang);
}

/// The current language.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// The texts of the current language.
pub fn use_texts() -> &'static Texts {
    use_lang().texts()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_then_browser_then_french() {
        assert_eq!(
            Lang::negotiate(Some("a=b; lang=en"), Some("fr-FR")),
            Lang::En
        );
        assert_eq!(
            Lang::negotiate(Some("lang=xx"), Some("de-DE,en-GB;q=0.8")),
            Lang::En
        );
        assert_eq!(Lang::negotiate(None, Some("fr-CA,en;q=0.5")), Lang::Fr);
        assert_eq!(Lang::negotiate(None, Some("de")), Lang::Fr);
        assert_eq!(Lang::negotiate(None, None), Lang::Fr);
    }
}
