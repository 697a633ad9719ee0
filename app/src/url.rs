//! Building links: encoding values into URLs, and keeping redirects on
//! this site.

/// Percent-encodes `raw` for a query value (`/` is kept, for readable paths).
pub fn encode(raw: &str) -> String {
    raw.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// Where to go after an action such as signing in: a path on this site,
/// never elsewhere (no open redirect). Anything else means the home page.
///
/// Control characters and spaces are refused outright: browsers drop tabs
/// and newlines from a `Location` (`/\t/evil.example` becomes
/// `//evil.example`, another site), and a newline cannot go in a header at
/// all. Real paths are percent-encoded and never hold them.
pub fn safe_next(next: &str) -> String {
    let is_local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(|c| c <= ' ' || c == '\u{7f}');
    if is_local {
        next.to_owned()
    } else {
        "/".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_query_values() {
        assert_eq!(encode("a@b.fr"), "a%40b.fr");
        assert_eq!(encode("/x?y=1&z"), "/x%3Fy%3D1%26z");
        assert_eq!(encode("é"), "%C3%A9");
    }

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next("/campaigns/3/vote"), "/campaigns/3/vote");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
        assert_eq!(safe_next(""), "/");
    }

    #[test]
    fn next_holds_no_control_character_nor_space() {
        for bad in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n",
            "/\n",
            "/\u{0}",
            "/a b",
            "/\u{7f}",
            "/\u{1b}[31m",
        ] {
            assert_eq!(safe_next(bad), "/", "{bad:?}");
        }
        assert_eq!(safe_next("/campaigns/3?x=%0A"), "/campaigns/3?x=%0A");
        assert_eq!(safe_next("/propositions/é"), "/propositions/é");
    }
}
