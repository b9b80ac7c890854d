//! Tokens: random salts and ids from the operating system's generator, SHA-256 digests.

use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

use crate::{Error, Result};

const ALPHANUMERIC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

fn fill(buf: &mut [u8]) -> Result<()> {
    OsRng.try_fill_bytes(buf).map_err(|err| Error::Crypto {
        what: "read random bytes",
        reason: err.to_string(),
    })
}

/// `len` characters drawn uniformly from `[A-Za-z0-9]`.
pub(crate) fn alphanumeric(len: usize) -> Result<String> {
    let mut out = String::with_capacity(len);
    let mut byte = [0u8; 1];
    while out.len() < len {
        fill(&mut byte)?;
        // 248 = 4 * 62: rejecting the rest keeps every character equally likely.
        if byte[0] < 248 {
            out.push(char::from(
                ALPHANUMERIC[usize::from(byte[0]) % ALPHANUMERIC.len()],
            ));
        }
    }
    Ok(out)
}

/// A random (version 4) UUID in its hyphenated lowercase form.
pub(crate) fn uuid4() -> Result<String> {
    let mut b = [0u8; 16];
    fill(&mut b)?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex = hex(&b);
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    ))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|x| format!("{x:02x}")).collect()
}

/// The SHA-256 of `data` as lowercase hex.
pub(crate) fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_have_the_promised_shape() {
        let salt = alphanumeric(16).unwrap();
        assert_eq!(salt.len(), 16);
        assert!(salt.bytes().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(salt, alphanumeric(16).unwrap());
        let id = uuid4().unwrap();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
    }

    #[test]
    fn sha256_matches_a_known_digest() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
