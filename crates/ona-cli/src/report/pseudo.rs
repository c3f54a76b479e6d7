//! The pseudonymisation key of `--pseudonymize`: 256 bits given as 64 hex
//! digits, for [`ona_core::ona::pseudonymize`] (keyed BLAKE3, so the
//! report names people exactly as the Python and Node bindings do with the
//! same key).

use crate::error::{Result, UsageError};

/// A 256-bit pseudonymisation key. Its `Debug` never shows the key.
#[derive(Clone, PartialEq, Eq)]
pub struct PseudonymKey([u8; 32]);

impl std::fmt::Debug for PseudonymKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PseudonymKey(..)")
    }
}

impl PseudonymKey {
    /// A key from 64 hexadecimal digits.
    ///
    /// **Errors**: [`UsageError::BadValue`] for anything else (the message
    /// does not repeat the key).
    pub fn from_hex(hex: &str) -> Result<Self> {
        let bad = || UsageError::BadValue { option: "pseudonymize", value: "(key hidden)".into(), expected: "64 hexadecimal digits" };
        let hex = hex.trim();
        if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad().into());
        }
        let mut key = [0u8; 32];
        for (i, byte) in key.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
        }
        Ok(Self(key))
    }

    /// The key's bytes.
    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_64_hex_digits_only() {
        let k = PseudonymKey::from_hex(&"0f".repeat(32)).expect("key");
        assert_eq!(k.bytes(), &[15u8; 32]);
        assert_eq!(PseudonymKey::from_hex(&"AB".repeat(32)).expect("key").bytes(), &[0xab; 32]);
        for bad in [String::new(), "00".into(), "zz".repeat(32), "00".repeat(33), format!("é{}", "0".repeat(62)), "+1".repeat(32)] {
            assert!(PseudonymKey::from_hex(&bad).is_err(), "{bad}");
        }
        assert_eq!(format!("{k:?}"), "PseudonymKey(..)");
    }
}
