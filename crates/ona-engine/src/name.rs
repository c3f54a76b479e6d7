//! Tenant ids and graph names: validated against an allowlist, stored under
//! opaque directory names.
//!
//! Allowed: 1 to 64 bytes of `A-Z a-z 0-9 _ - .`, not starting with `.`.
//! Ids are case-sensitive (`A` and `a` are two tenants). On disk a name
//! becomes `t` or `g` followed by the lowercase hex of its bytes, so the
//! directory name is injective, case-fold safe on any file system, and never
//! contains user text: `Path::join` only ever sees `[0-9a-z]`.

use std::fmt;

use crate::error::{Error, Result};

const MAX_LEN: usize = 64;

fn check(what: &'static str, s: &str) -> Result<()> {
    let reason = if s.is_empty() {
        Some("empty")
    } else if s.len() > MAX_LEN {
        Some("longer than 64 bytes")
    } else if s.starts_with('.') {
        Some("starts with '.'")
    } else if !s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')) {
        Some("only A-Z, a-z, 0-9, '_', '-' and '.' are allowed")
    } else {
        None
    };
    match reason {
        None => Ok(()),
        Some(reason) => Err(Error::InvalidName { what, name: s.chars().take(80).collect(), reason }),
    }
}

fn hex(prefix: char, s: &str) -> String {
    let mut out = String::with_capacity(1 + 2 * s.len());
    out.push(prefix);
    for b in s.bytes() {
        out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        out.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
    out
}

fn unhex(prefix: char, dir: &str) -> Option<String> {
    let digits = dir.strip_prefix(prefix)?;
    if digits.len() % 2 != 0 {
        return None;
    }
    let bytes: Option<Vec<u8>> =
        (0..digits.len()).step_by(2).map(|i| u8::from_str_radix(digits.get(i..i + 2)?, 16).ok()).collect();
    String::from_utf8(bytes?).ok()
}

macro_rules! name_type {
    ($name:ident, $what:literal, $prefix:literal) => {
        #[doc = concat!("A validated ", $what, " (see the module docs for the rule).")]
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            #[doc = concat!("Validate a ", $what, ".")]
            pub fn new(s: &str) -> Result<Self> {
                check($what, s)?;
                Ok(Self(s.to_owned()))
            }
            /// The name as given.
            pub fn as_str(&self) -> &str {
                &self.0
            }
            /// The opaque directory name it is stored under.
            pub(crate) fn dir_name(&self) -> String {
                hex($prefix, &self.0)
            }
            /// The name a directory entry stands for, if it is one of ours.
            pub(crate) fn from_dir_name(dir: &str) -> Option<Self> {
                let s = unhex($prefix, dir)?;
                check($what, &s).ok()?;
                Some(Self(s))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

name_type!(TenantId, "tenant id", 't');
name_type!(GraphName, "graph name", 'g');

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowlist() {
        for ok in ["acme", "A", "a", "acme-corp_1.eu", &"x".repeat(64)] {
            assert!(TenantId::new(ok).is_ok(), "{ok}");
        }
        for bad in ["", "../b", "/etc", "a/b", "a\0b", ".hidden", "..", "é", " a", &"x".repeat(65), "a\\b"] {
            assert!(matches!(TenantId::new(bad), Err(Error::InvalidName { .. })), "{bad:?}");
        }
    }

    #[test]
    fn dir_names_are_injective_and_case_safe() {
        let a = TenantId::new("A").unwrap_or_else(|e| panic!("{e}"));
        let b = TenantId::new("a").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(a.dir_name(), "t41");
        assert_eq!(b.dir_name(), "t61");
        assert_eq!(TenantId::from_dir_name("t61"), Some(b));
        assert_eq!(TenantId::from_dir_name("t2e2e"), None); // ".." is not a valid id
        assert_eq!(TenantId::from_dir_name("g61"), None);
        assert_eq!(GraphName::from_dir_name("g656d61696c").map(|g| g.0), Some("email".to_owned()));
    }
}
