//! Secrets and what is stored instead of them: random tokens from the
//! operating system, SHA-256 of a secret (what the database keeps of a
//! session id, an edit token, a reader key), HMAC-SHA-256 keyed by the
//! database's own secret (client hashes, edit tokens derived from a post's
//! idempotency key), and comparison in constant time.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// `N` bytes from the operating system's generator.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], getrandom::Error> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes)?;
    Ok(bytes)
}

/// A fresh 256-bit secret, as 64 hex digits.
pub fn token() -> Result<String, getrandom::Error> {
    Ok(hex(&random_bytes::<32>()?))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of the parts, each followed by a zero byte (so `ab`,`c` and
/// `a`,`bc` differ), as hex.
pub fn sha256<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update(part.as_bytes());
        hash.update([0u8]);
    }
    hex(&hash.finalize())
}

/// Whether two secrets (or their hashes) are equal, in a time that does
/// not depend on where they first differ.
pub fn same(a: &str, b: &str) -> bool {
    bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// HMAC-SHA-256 under the database's secret: hashes no one can compute (or
/// reverse by trying every IPv4 address) without that secret.
#[derive(Clone)]
pub struct Keyed {
    key: Vec<u8>,
}

impl Keyed {
    pub fn new(key: Vec<u8>) -> Keyed {
        Keyed { key }
    }

    /// The keyed hash of `value` for one `purpose` (a hash made for one
    /// purpose is never valid for another), as hex.
    pub fn hash(&self, purpose: &str, value: &str) -> String {
        // Any key length is valid for HMAC.
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        hex(&mac.finalize().into_bytes())
    }
}

impl std::fmt::Debug for Keyed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keyed(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_hashes_and_comparisons() {
        let (a, b) = (token().unwrap(), token().unwrap());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_ne!(sha256(["ab", "c"]), sha256(["a", "bc"]));
        assert!(same(&a, &a.clone()) && !same(&a, &b) && !same(&a, "") && !same("", &a));
        let keyed = Keyed::new(b"secret".to_vec());
        assert_eq!(keyed.hash("client", "203.0.113.7"), keyed.hash("client", "203.0.113.7"));
        assert_ne!(keyed.hash("client", "203.0.113.7"), keyed.hash("edit", "203.0.113.7"));
        assert_ne!(keyed.hash("client", "203.0.113.7"), Keyed::new(b"other".to_vec()).hash("client", "203.0.113.7"));
    }
}
