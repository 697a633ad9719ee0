//! Splitting a `.pb` line into `;`-separated fields.
//!
//! Rules (lenient, like Python's `csv` module used by pabutools, but keeping odd text as is):
//! * a field that starts with `"` and whose closing quote is followed by `;` or the end of the
//!   line (spaces allowed in between) is *quoted*: its content may contain `;`, and `""` stands
//!   for one `"`; it is kept verbatim (not trimmed);
//! * any other field runs to the next `;` and is trimmed — so `"Odkupmy" i my` (quotes inside
//!   unquoted text, as in the Częstochowa file) stays exactly that;
//! * lines cannot continue on the next line.

use std::borrow::Cow;

/// One field of a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Field<'a> {
    /// The content (unescaped if quoted, trimmed if not).
    pub text: Cow<'a, str>,
    /// `true` if the field was quoted.
    pub quoted: bool,
}

impl Field<'_> {
    /// `None` for the pabulib missing-value marker: an unquoted `none` (any case).
    pub fn value(&self) -> Option<&str> {
        if !self.quoted && self.text.eq_ignore_ascii_case("none") {
            None
        } else {
            Some(&self.text)
        }
    }
}

/// Splits `line` (without its line break) into `out`.
pub(super) fn split<'a>(line: &'a str, out: &mut Vec<Field<'a>>) {
    out.clear();
    let bytes = line.as_bytes();
    let mut start = 0;
    loop {
        if bytes.get(start) == Some(&b'"')
            && let Some((text, next)) = quoted(line, start)
        {
            out.push(Field { text, quoted: true });
            match next {
                Some(n) => {
                    start = n;
                    continue;
                }
                None => return,
            }
        }
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b';')
            .map(|k| start + k);
        let raw = &line[start..end.unwrap_or(line.len())];
        out.push(Field {
            text: Cow::Borrowed(raw.trim()),
            quoted: false,
        });
        match end {
            Some(e) => start = e + 1,
            None => return,
        }
    }
}

/// Reads a quoted field starting at `start` (a `"`): its content and where the next field
/// starts (`None` at the end of the line); `None` if it is not a well-formed quoted field.
fn quoted(line: &str, start: usize) -> Option<(Cow<'_, str>, Option<usize>)> {
    let bytes = line.as_bytes();
    let mut pos = start + 1;
    let mut escaped = false;
    loop {
        let q = pos + bytes[pos..].iter().position(|&b| b == b'"')?;
        if bytes.get(q + 1) == Some(&b'"') {
            escaped = true;
            pos = q + 2;
            continue;
        }
        let inner = &line[start + 1..q];
        let text = if escaped {
            Cow::Owned(inner.replace("\"\"", "\""))
        } else {
            Cow::Borrowed(inner)
        };
        let mut after = q + 1;
        while matches!(bytes.get(after), Some(b' ' | b'\t')) {
            after += 1;
        }
        return match bytes.get(after) {
            None => Some((text, None)),
            Some(b';') => Some((text, Some(after + 1))),
            Some(_) => None,
        };
    }
}

/// Appends `text` to `out` as one field, quoting it when needed so that [`split`] reads it
/// back unchanged. Line breaks cannot be represented and become spaces.
pub(super) fn push(out: &mut String, text: &str) {
    let needs_quotes = text.contains([';', '"', '\n', '\r'])
        || text.trim() != text
        || text.eq_ignore_ascii_case("none");
    if !needs_quotes {
        out.push_str(text);
        return;
    }
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\"\""),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        split(line, &mut out);
        out.into_iter()
            .map(|f| (f.text.into_owned(), f.quoted))
            .collect()
    }

    #[test]
    fn splits_plain_and_quoted_fields() {
        assert_eq!(
            texts(r#"L026;520000;"""Przywracamy ""Paradę"" x;y"" Łódź";0"#),
            [
                ("L026".into(), false),
                ("520000".into(), false),
                (r#""Przywracamy "Paradę" x;y" Łódź"#.into(), true),
                ("0".into(), false),
            ]
        );
        assert_eq!(
            texts(r#"47;12000;"Odkupmy" i my - zakup"#)[2],
            (r#""Odkupmy" i my - zakup"#.into(), false)
        );
        assert_eq!(
            texts(" a ; b;"),
            [("a".into(), false), ("b".into(), false), ("".into(), false)]
        );
        assert_eq!(
            texts(r#""unterminated;x"#)[0],
            (r#""unterminated"#.into(), false)
        );
    }

    #[test]
    fn push_round_trips() {
        for s in ["plain", "a;b", r#""q" i"#, " padded ", "None", "", "ż\"\"ó"] {
            let mut line = String::new();
            push(&mut line, s);
            line.push(';');
            push(&mut line, "x");
            assert_eq!(texts(&line)[0].0, s, "line {line}");
            assert_eq!(texts(&line)[1].0, "x");
        }
    }
}
