//! Where a login may send the browser next: only a path on this site. A
//! `next` that a browser could read as another host (`//evil`, `/\evil`,
//! `/<TAB>/evil`, which browsers clean up to `//evil`) or that cannot go in a
//! `Location` header (CR, LF) is replaced by the home page.

/// Longer than any page of the app needs; stops absurd inputs.
pub const MAX_LEN: usize = 2048;

/// `candidate` when it is a local path: it starts with one `/`, the next
/// character is neither `/` nor `\`, and every character is printable ASCII
/// other than `\` (no control characters, no whitespace, nothing that needs
/// escaping in a header). A scheme (`https:`) cannot come first, since the
/// path must start with `/`.
pub fn local_path(candidate: &str) -> Option<&str> {
    let bytes = candidate.as_bytes();
    let local = bytes.first() == Some(&b'/')
        && !matches!(bytes.get(1), Some(b'/' | b'\\'))
        && bytes.len() <= MAX_LEN
        && bytes.iter().all(|b| b.is_ascii_graphic() && *b != b'\\');
    local.then_some(candidate)
}

/// The page to go to after logging in: `next` when it is local, else home.
pub fn after_login(next: Option<&str>) -> String {
    next.and_then(local_path).unwrap_or("/").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn only_local_paths_pass() {
        let cases: &[(&str, Option<&str>)] = &[
            ("/", Some("/")),
            ("/settings", Some("/settings")),
            ("/crew/3?tab=log#top", Some("/crew/3?tab=log#top")),
            ("/login?next=%2Fcrew", Some("/login?next=%2Fcrew")),
            ("/%09/evil.example", Some("/%09/evil.example")),
            ("/http://evil.example", Some("/http://evil.example")),
            ("", None),
            ("settings", None),
            ("//evil.example", None),
            ("/\\evil.example", None),
            ("\\\\evil.example", None),
            ("/a\\b", None),
            ("/\t/evil.example", None),
            ("/\r\nSet-Cookie: x=1", None),
            ("/\nx", None),
            ("/ /evil.example", None),
            ("/a b", None),
            ("/\u{a0}x", None),
            ("/caf\u{e9}", None),
            ("/\u{7f}", None),
            ("/\0", None),
            ("https://evil.example", None),
            ("javascript:alert(1)", None),
            ("data:text/html,x", None),
        ];
        for (candidate, expected) in cases {
            assert_eq!(local_path(candidate), *expected, "{candidate:?}");
        }
        assert_eq!(local_path(&format!("/{}", "a".repeat(MAX_LEN))), None);
    }

    #[test]
    fn after_login_falls_back_to_home() {
        assert_eq!(after_login(None), "/");
        assert_eq!(after_login(Some("//evil")), "/");
        assert_eq!(after_login(Some("/history")), "/history");
    }

    proptest! {
        /// Whatever comes in, what goes out is a path a browser keeps on this
        /// host and a valid `Location` header value.
        #[test]
        fn the_result_is_always_a_local_header_safe_path(next in any::<String>()) {
            let out = after_login(Some(&next));
            prop_assert!(out.starts_with('/'));
            prop_assert!(!out.starts_with("//") && !out.starts_with("/\\"));
            prop_assert!(out.bytes().all(|b| b.is_ascii_graphic()));
            prop_assert!(actix_web::http::header::HeaderValue::from_str(&out).is_ok());
        }

        #[test]
        fn local_paths_made_of_safe_characters_pass(rest in "[a-zA-Z0-9/?=&%._~-]{0,60}") {
            let path = format!("/a{rest}");
            prop_assert_eq!(local_path(&path), Some(path.as_str()));
        }
    }
}
