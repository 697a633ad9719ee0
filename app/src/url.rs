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
pub fn safe_next(next: &str) -> String {
    let is_local = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\');
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
}
