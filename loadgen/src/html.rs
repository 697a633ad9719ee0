//! Reading what the load generator needs out of server-rendered pages: form
//! actions (the server-function URLs), campaign links, the ballot form and
//! who is signed in. Just enough scanning for Essaim's own markup, no DOM.

/// The opening tags named `name` (`<input ...>`): where each starts, and
/// its attribute text (between the name and the closing `>`).
fn tags<'a>(html: &'a str, name: &str) -> Vec<(usize, &'a str)> {
    let open = format!("<{name}");
    html.match_indices(open.as_str())
        .filter_map(|(start, _)| {
            let rest = &html[start + open.len()..];
            // `<input` must not match `<inputs`.
            if !rest.starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/') {
                return None;
            }
            let end = rest.find('>')?;
            Some((start, &rest[..end]))
        })
        .collect()
}

/// The value of attribute `name` in a tag's attribute text; `Some("")` for
/// a bare attribute such as `checked`.
pub fn attr(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag.trim_start_matches('/');
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        let key_end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let key = &rest[..key_end];
        rest = rest[key_end..].trim_start();
        let value = if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (value, tail) = match after.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let close = body.find(quote).unwrap_or(body.len());
                    (&body[..close], body.get(close + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after
                        .find(|c: char| c.is_ascii_whitespace())
                        .unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            rest = tail;
            value
        } else {
            ""
        };
        if key.eq_ignore_ascii_case(name) {
            return Some(unescape(value));
        }
    }
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The `action` of every form on the page, in order.
pub fn form_actions(html: &str) -> Vec<String> {
    tags(html, "form")
        .into_iter()
        .filter_map(|(_, tag)| attr(tag, "action"))
        .collect()
}

/// The URL of the server function `name` (e.g. `cast_ballot`), read from
/// the action of a form on the page. Leptos mounts server functions at
/// `/api/<name><hash>`.
pub fn server_fn_action(html: &str, name: &str) -> Option<String> {
    let prefix = format!("/api/{name}");
    form_actions(html).into_iter().find(|action| {
        action
            .strip_prefix(&prefix)
            .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_alphanumeric()))
    })
}

/// The ids of the campaigns linked from a page (`/campaigns/<id>`), first
/// appearance first, without repeats.
pub fn campaign_ids(html: &str) -> Vec<i64> {
    let mut ids = Vec::new();
    for (_, tag) in tags(html, "a") {
        let Some(href) = attr(tag, "href") else {
            continue;
        };
        if let Some(Ok(id)) = href.strip_prefix("/campaigns/").map(str::parse::<i64>)
            && !ids.contains(&id)
        {
            ids.push(id);
        }
    }
    ids
}

/// The ballot form of a voting page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BallotForm {
    /// The server-function URL the form posts to.
    pub action: String,
    /// The projects on the ballot: id and cost in cents.
    pub items: Vec<(i64, i64)>,
    /// The campaign's budget in cents.
    pub budget: i64,
    /// The ids of the ticked boxes (the viewer's stored ballot).
    pub checked: Vec<i64>,
}

/// Reads the ballot form of `/campaigns/<id>/vote`; `None` when the page has
/// none (voting not open) or it cannot be read.
pub fn ballot_form(html: &str) -> Option<BallotForm> {
    let action = server_fn_action(html, "cast_ballot")?;
    let budget = money_after(html, 0, "<strong class=\"money\"")?;
    let boxes: Vec<(usize, &str)> = tags(html, "input")
        .into_iter()
        .filter(|(_, tag)| attr(tag, "name").as_deref() == Some("selection[]"))
        .collect();
    let mut items = Vec::with_capacity(boxes.len());
    let mut checked = Vec::new();
    for (at, tag) in boxes {
        let id: i64 = attr(tag, "value")?.parse().ok()?;
        items.push((id, money_after(html, at, "<span class=\"money\"")?));
        if attr(tag, "checked").is_some() {
            checked.push(id);
        }
    }
    (!items.is_empty()).then_some(BallotForm {
        action,
        items,
        budget,
        checked,
    })
}

/// The amount in the first element opened by `opening` at or after `from`.
fn money_after(html: &str, from: usize, opening: &str) -> Option<i64> {
    let start = from + html[from..].find(opening)?;
    let body_start = start + html[start..].find('>')? + 1;
    let body_end = body_start + html[body_start..].find("</")?;
    parse_cents(&strip_markup(&html[body_start..body_end]))
}

fn strip_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// An amount as the site formats it, in cents: `250 000 €`, `1 234,50 €`
/// (French) or `€250,000`, `€1,234.50` (English). A separator followed by
/// exactly two final digits marks cents; any other is a thousands separator.
pub fn parse_cents(text: &str) -> Option<i64> {
    let kept: Vec<char> = text
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .collect();
    let last_separator = kept.iter().rposition(|c| !c.is_ascii_digit());
    let (units, cents) = match last_separator {
        Some(at) if kept.len() - at - 1 == 2 => (&kept[..at], &kept[at + 1..]),
        _ => (&kept[..], &[][..]),
    };
    let digits = |part: &[char]| -> String { part.iter().filter(|c| c.is_ascii_digit()).collect() };
    let units: i64 = digits(units).parse().ok()?;
    let cents: i64 = if cents.is_empty() {
        0
    } else {
        digits(cents).parse().ok()?
    };
    units.checked_mul(100)?.checked_add(cents)
}

/// The address of the signed-in person shown in the page header, if any.
pub fn signed_in_as(html: &str) -> Option<String> {
    tags(html, "span")
        .into_iter()
        .find(|(_, tag)| attr(tag, "class").as_deref() == Some("viewer"))
        .and_then(|(_, tag)| attr(tag, "title"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_quoted_bare_and_unquoted() {
        let tag = r#" type="checkbox" id='project-3' name="selection[]" value=3 checked"#;
        assert_eq!(attr(tag, "type").as_deref(), Some("checkbox"));
        assert_eq!(attr(tag, "id").as_deref(), Some("project-3"));
        assert_eq!(attr(tag, "value").as_deref(), Some("3"));
        assert_eq!(attr(tag, "checked").as_deref(), Some(""));
        assert_eq!(attr(tag, "disabled"), None);
        assert_eq!(
            attr(r#" href="/a?x=1&amp;y=2""#, "href").as_deref(),
            Some("/a?x=1&y=2")
        );
    }

    #[test]
    fn finds_server_function_urls_in_form_actions() {
        let html = r#"<header><form action="/api/sign_out123" method="post"></form></header>
            <main><form class="form" action="/api/request_sign_in_code4567" method="post">
            <input type="hidden" name="next" value="/"/></form></main>"#;
        assert_eq!(
            form_actions(html),
            vec!["/api/sign_out123", "/api/request_sign_in_code4567"]
        );
        assert_eq!(
            server_fn_action(html, "request_sign_in_code").as_deref(),
            Some("/api/request_sign_in_code4567")
        );
        assert_eq!(server_fn_action(html, "request_sign_in"), None);
        assert_eq!(server_fn_action(html, "cast_ballot"), None);
    }

    #[test]
    fn campaign_links_in_order_without_repeats() {
        let html = r#"<a href="/campaigns/2">A</a><a href="/campaigns/2/vote">v</a>
            <a href="/signin">s</a><a href="/campaigns/1">B</a><a href="/campaigns/2">A</a>"#;
        assert_eq!(campaign_ids(html), vec![2, 1]);
    }

    #[test]
    fn amounts_in_both_languages() {
        assert_eq!(parse_cents("250\u{202f}000\u{a0}€"), Some(25_000_000));
        assert_eq!(parse_cents("1\u{202f}234,50\u{a0}€"), Some(123_450));
        assert_eq!(parse_cents("€250,000"), Some(25_000_000));
        assert_eq!(parse_cents("€1,234.50"), Some(123_450));
        assert_eq!(parse_cents("€6,500"), Some(650_000));
        assert_eq!(parse_cents("9\u{a0}€"), Some(900));
        assert_eq!(parse_cents("€"), None);
    }

    #[test]
    fn reads_the_ballot_form_and_the_ticked_boxes() {
        let html = r#"<header><span class="viewer" title="a@b.fr">a@b.fr</span></header>
            <p>Budget : <strong class="money">250<!>000 €</strong></p>
            <form class="form ballot" action="/api/cast_ballot999" method="post">
            <input type="hidden" name="campaign_id" value="2"/>
            <div class="choice"><input type="checkbox" id="project-9" name="selection[]" value="9" checked/>
            <label for="project-9"><span class="choice-title">Jardin</span><span class="money">18 000 €</span></label></div>
            <div class="choice"><input type="checkbox" id="project-10" name="selection[]" value="10"/>
            <label for="project-10"><span class="choice-title">Piste</span><span class="money">120 000 €</span></label></div>
            <div class="meter"><strong class="money">18 000 €</strong></div></form>"#;
        let form = ballot_form(html).expect("a ballot form");
        assert_eq!(form.action, "/api/cast_ballot999");
        assert_eq!(form.budget, 25_000_000);
        assert_eq!(form.items, vec![(9, 1_800_000), (10, 12_000_000)]);
        assert_eq!(form.checked, vec![9]);
        assert_eq!(signed_in_as(html).as_deref(), Some("a@b.fr"));
    }

    #[test]
    fn no_ballot_form_when_voting_is_not_open() {
        let html = r#"<h1>Budget</h1><p class="notice">Le vote n'est pas ouvert.</p>"#;
        assert_eq!(ballot_form(html), None);
        assert_eq!(signed_in_as(html), None);
    }
}
