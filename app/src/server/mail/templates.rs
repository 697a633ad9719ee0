//! The text of each message, in French and English.

use super::Mail;
use crate::domain::email::Email;
use crate::i18n::Lang;

/// The sign-in code message.
pub fn sign_in_code(to: &Email, code: &str, lang: Lang, public_url: &str) -> Mail {
    let (subject, body) = match lang {
        Lang::Fr => (
            format!("Votre code de connexion Essaim : {code}"),
            format!(
                "Bonjour,\n\nVotre code de connexion à Essaim est : {code}\n\n\
                 Il est valable 15 minutes. Si vous n'avez rien demandé, ignorez ce message.\n\n\
                 {public_url}\n"
            ),
        ),
        Lang::En => (
            format!("Your Essaim sign-in code: {code}"),
            format!(
                "Hello,\n\nYour Essaim sign-in code is: {code}\n\n\
                 It is valid for 15 minutes. If you did not ask for it, ignore this message.\n\n\
                 {public_url}\n"
            ),
        ),
    };
    Mail {
        to: to.as_str().to_owned(),
        subject,
        body,
    }
}
