//! The session cookie: `HttpOnly` (no script reads it), `SameSite=Lax` (not sent with
//! cross-site form posts), and, when the site is served over HTTPS, `Secure` with the `__Host-`
//! prefix (only ever set by this exact host, over HTTPS, for the whole path).

use http::HeaderMap;

#[derive(Debug, Clone)]
pub struct SessionCookie {
    secure: bool,
}

impl SessionCookie {
    pub fn new(secure: bool) -> SessionCookie {
        SessionCookie { secure }
    }

    pub fn name(&self) -> &'static str {
        if self.secure { "__Host-koken_session" } else { "koken_session" }
    }

    /// The token the request carries, if any.
    pub fn read<'a>(&self, headers: &'a HeaderMap) -> Option<&'a str> {
        headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == self.name())
            .map(|(_, token)| token)
            .filter(|token| !token.is_empty())
    }

    /// `Set-Cookie` for a new session. No `Max-Age`: the browser forgets it when it closes, and
    /// the server ends it after the idle or absolute timeout whichever comes first.
    pub fn set(&self, token: &str) -> String {
        format!("{}={token}; Path=/; HttpOnly; SameSite=Lax{}", self.name(), self.secure_flag())
    }

    /// `Set-Cookie` that removes the cookie.
    pub fn clear(&self) -> String {
        format!("{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{}", self.name(), self.secure_flag())
    }

    fn secure_flag(&self) -> &'static str {
        if self.secure { "; Secure" } else { "" }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn over_https_the_cookie_is_secure_and_host_only() {
        let cookie = SessionCookie::new(true);
        assert_eq!(
            cookie.set("abc"),
            "__Host-koken_session=abc; Path=/; HttpOnly; SameSite=Lax; Secure"
        );
        let plain = SessionCookie::new(false);
        assert_eq!(plain.set("abc"), "koken_session=abc; Path=/; HttpOnly; SameSite=Lax");
        assert!(plain.clear().contains("Max-Age=0"));
    }

    #[test]
    fn the_token_is_found_among_other_cookies() {
        let cookie = SessionCookie::new(false);
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::COOKIE,
            "koken_locale=en; koken_session=tok; x=1".parse().unwrap(),
        );
        assert_eq!(cookie.read(&headers), Some("tok"));
        headers.insert(http::header::COOKIE, "koken_session=".parse().unwrap());
        assert_eq!(cookie.read(&headers), None);
    }
}
