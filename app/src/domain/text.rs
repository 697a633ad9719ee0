//! Titles and descriptions typed by people, trimmed and bounded.
//!
//! They stay plain text: the pages escape them, nothing renders them as HTML.

use serde::{Deserialize, Serialize};

/// Why a text was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum TextError {
    /// Nothing but spaces.
    #[error("the text is empty")]
    Empty,
    /// Longer than allowed.
    #[error("the text is longer than {max} characters")]
    TooLong {
        /// The limit, in characters.
        max: u32,
    },
    /// Holds control characters (other than line breaks and tabs).
    #[error("the text holds invisible control characters")]
    ControlCharacters,
}

fn bounded(raw: &str, max: u32, multiline: bool) -> Result<String, TextError> {
    let normalized = raw.replace("\r\n", "\n");
    let trimmed = normalized.trim();
    if trimmed.is_empty() {
        return Err(TextError::Empty);
    }
    if trimmed.chars().count() > max as usize {
        return Err(TextError::TooLong { max });
    }
    let allowed = |c: char| !c.is_control() || (multiline && matches!(c, '\n' | '\t'));
    if !trimmed.chars().all(allowed) {
        return Err(TextError::ControlCharacters);
    }
    Ok(trimmed.to_owned())
}

macro_rules! bounded_text {
    ($(#[$doc:meta])* $name:ident, max = $max:expr, multiline = $multiline:expr) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The longest accepted text, in characters.
            pub const MAX: u32 = $max;

            /// Trims the text and checks it is non-empty and short enough.
            ///
            /// # Errors
            /// A [`TextError`] saying why the text was refused.
            pub fn parse(raw: &str) -> Result<Self, TextError> {
                bounded(raw, $max, $multiline).map($name)
            }

            /// The text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The text, owned.
            pub fn into_inner(self) -> String {
                self.0
            }
        }
    };
}

bounded_text!(
    /// A one-line title (campaign, proposal, municipality).
    Title, max = 120, multiline = false
);
bounded_text!(
    /// A description of several paragraphs.
    Description, max = 5000, multiline = true
);
bounded_text!(
    /// An official's reason for a decision, shown to the author and the public.
    Reason, max = 1000, multiline = true
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_trimmed_and_bounded() {
        assert_eq!(
            Title::parse("  Un banc  ").map(Title::into_inner),
            Ok("Un banc".into())
        );
        assert_eq!(Title::parse(" \n "), Err(TextError::Empty));
        assert_eq!(
            Title::parse(&"é".repeat(120)).map(|t| t.as_str().chars().count()),
            Ok(120)
        );
        assert_eq!(
            Title::parse(&"é".repeat(121)),
            Err(TextError::TooLong { max: 120 })
        );
        assert_eq!(Title::parse("a\nb"), Err(TextError::ControlCharacters));
    }

    #[test]
    fn descriptions_keep_paragraphs() {
        let description = Description::parse("Premier.\r\n\r\nSecond.").expect("valid");
        assert_eq!(description.as_str(), "Premier.\n\nSecond.");
        assert_eq!(
            Description::parse("a\u{0}b"),
            Err(TextError::ControlCharacters)
        );
    }
}
