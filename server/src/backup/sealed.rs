//! Encrypted backup files: ChaCha20-Poly1305 (ring) in the STREAM construction, the same shape
//! as age and Tink's streaming AEAD, so a file of any size is sealed in constant memory and any
//! change to it (a flipped bit, chunks reordered, dropped or cut off at the end) is refused when
//! it is opened.
//!
//! Layout: the header `KOKEN-BACKUP-1\n`, a random 7-byte nonce prefix, then chunks of up to
//! 64 KiB of plaintext, each followed by its 16-byte tag. Chunk `i` is sealed under the nonce
//! `prefix ‖ i (u32, big-endian) ‖ last (1 for the final chunk, else 0)` with the header as
//! associated data. The final chunk may be empty; a file always has one.

use anyhow::{Context, bail};
use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;

const HEADER: &[u8] = b"KOKEN-BACKUP-1\n";
const PREFIX_LEN: usize = 7;
const CHUNK: usize = 64 * 1024;
const TAG_LEN: usize = 16;

/// The operator's key: 256 random bits, kept as hexadecimal text in a file only they can read.
pub struct BackupKey([u8; 32]);

impl BackupKey {
    pub fn generate() -> anyhow::Result<BackupKey> {
        let mut bytes = [0u8; 32];
        SystemRandom::new()
            .fill(&mut bytes)
            .map_err(|_| anyhow::anyhow!("no randomness for a key"))?;
        Ok(BackupKey(bytes))
    }

    /// The key as the key file holds it.
    pub fn to_text(&self) -> String {
        self.0.iter().map(|byte| format!("{byte:02x}")).collect()
    }

    pub fn from_text(text: &str) -> anyhow::Result<BackupKey> {
        let text = text.trim();
        if text.len() != 64 || !text.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            bail!("a backup key file holds 64 hexadecimal digits (32 bytes)");
        }
        let mut bytes = [0u8; 32];
        for (index, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[2 * index..2 * index + 2], 16)?;
        }
        Ok(BackupKey(bytes))
    }

    pub fn read(path: &Path) -> anyhow::Result<BackupKey> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the key file {}", path.display()))?;
        BackupKey::from_text(&text)
    }

    /// Writes a new key file readable by its owner only; an existing file is never replaced
    /// (it may be the only key to older backups).
    pub fn write_new(&self, path: &Path) -> anyhow::Result<()> {
        use std::os::unix::fs::OpenOptionsExt;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
            .with_context(|| format!("cannot create the key file {}", path.display()))?;
        writeln!(file, "{}", self.to_text())?;
        file.sync_all()?;
        Ok(())
    }

    fn aead(&self) -> LessSafeKey {
        LessSafeKey::new(UnboundKey::new(&CHACHA20_POLY1305, &self.0).expect("a 32-byte key"))
    }
}

fn nonce(prefix: &[u8; PREFIX_LEN], counter: u32, last: bool) -> Nonce {
    let mut bytes = [0u8; 12];
    bytes[..PREFIX_LEN].copy_from_slice(prefix);
    bytes[PREFIX_LEN..11].copy_from_slice(&counter.to_be_bytes());
    bytes[11] = u8::from(last);
    Nonce::assume_unique_for_key(bytes)
}

/// Reads as many bytes as fit (fewer only at the end of the input).
fn read_up_to(reader: &mut impl Read, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..])? {
            0 => break,
            read => filled += read,
        }
    }
    Ok(filled)
}

/// Seals everything `plain` yields into `sealed`.
pub fn seal(key: &BackupKey, plain: impl Read, mut sealed: impl Write) -> anyhow::Result<()> {
    let aead = key.aead();
    let mut prefix = [0u8; PREFIX_LEN];
    SystemRandom::new().fill(&mut prefix).map_err(|_| anyhow::anyhow!("no randomness"))?;
    sealed.write_all(HEADER)?;
    sealed.write_all(&prefix)?;
    let mut plain = BufReader::with_capacity(CHUNK, plain);
    let mut chunk = Vec::with_capacity(CHUNK + TAG_LEN);
    for counter in 0u32.. {
        chunk.resize(CHUNK, 0);
        let read = read_up_to(&mut plain, &mut chunk)?;
        chunk.truncate(read);
        let last = read < CHUNK || plain.fill_buf()?.is_empty();
        aead.seal_in_place_append_tag(nonce(&prefix, counter, last), Aad::from(HEADER), &mut chunk)
            .map_err(|_| anyhow::anyhow!("sealing failed"))?;
        sealed.write_all(&chunk)?;
        if last {
            break;
        }
    }
    sealed.flush()?;
    Ok(())
}

/// Opens a sealed file into `plain`. Anything but the untouched file of this key is an error;
/// what was written to `plain` before the error must then be thrown away.
pub fn open(key: &BackupKey, sealed: impl Read, mut plain: impl Write) -> anyhow::Result<()> {
    let aead = key.aead();
    let mut sealed = BufReader::with_capacity(CHUNK + TAG_LEN, sealed);
    let mut header = [0u8; HEADER.len() + PREFIX_LEN];
    if read_up_to(&mut sealed, &mut header)? < header.len() || &header[..HEADER.len()] != HEADER {
        bail!("this is not an encrypted Kōken Desk backup");
    }
    let prefix: [u8; PREFIX_LEN] = header[HEADER.len()..].try_into().expect("seven bytes");
    let mut chunk = Vec::with_capacity(CHUNK + TAG_LEN);
    for counter in 0u32.. {
        chunk.resize(CHUNK + TAG_LEN, 0);
        let read = read_up_to(&mut sealed, &mut chunk)?;
        chunk.truncate(read);
        let last = read < CHUNK + TAG_LEN || sealed.fill_buf()?.is_empty();
        let opened = aead
            .open_in_place(nonce(&prefix, counter, last), Aad::from(HEADER), &mut chunk)
            .map_err(|_| {
                anyhow::anyhow!(
                    "the backup cannot be opened: another key, or the file was changed or cut short"
                )
            })?;
        plain.write_all(opened)?;
        if last {
            break;
        }
    }
    plain.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(length: usize) {
        let key = BackupKey::generate().unwrap();
        let plain: Vec<u8> = (0..length).map(|i| (i * 31 % 251) as u8).collect();
        let mut sealed = Vec::new();
        seal(&key, &plain[..], &mut sealed).unwrap();
        let chunks = length.div_ceil(CHUNK).max(1);
        assert_eq!(sealed.len(), HEADER.len() + PREFIX_LEN + length + TAG_LEN * chunks);
        let mut opened = Vec::new();
        open(&key, &sealed[..], &mut opened).unwrap();
        assert_eq!(opened, plain, "length {length}");
    }

    #[test]
    fn any_length_comes_back_as_it_was() {
        for length in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 17] {
            round_trip(length);
        }
    }

    fn sealed_of(key: &BackupKey, length: usize) -> Vec<u8> {
        let mut sealed = Vec::new();
        seal(key, &vec![7u8; length][..], &mut sealed).unwrap();
        sealed
    }

    #[test]
    fn another_key_a_changed_byte_or_a_cut_opens_nothing() {
        let key = BackupKey::generate().unwrap();
        let sealed = sealed_of(&key, 2 * CHUNK + 5);
        let other = BackupKey::generate().unwrap();
        assert!(open(&other, &sealed[..], &mut Vec::new()).is_err(), "another key");
        for position in [HEADER.len(), HEADER.len() + PREFIX_LEN + 3, sealed.len() - 1] {
            let mut changed = sealed.clone();
            changed[position] ^= 1;
            assert!(open(&key, &changed[..], &mut Vec::new()).is_err(), "byte {position}");
        }
        // Cut at a chunk boundary: the chunk now read last was not sealed as the last one.
        let boundary = HEADER.len() + PREFIX_LEN + CHUNK + TAG_LEN;
        assert!(open(&key, &sealed[..boundary], &mut Vec::new()).is_err(), "cut at a boundary");
        assert!(open(&key, &sealed[..sealed.len() - 3], &mut Vec::new()).is_err(), "cut short");
        assert!(open(&key, &b"SQLite format 3\0"[..], &mut Vec::new()).is_err(), "not sealed");
    }

    #[test]
    fn sealing_twice_gives_different_files() {
        let key = BackupKey::generate().unwrap();
        assert_ne!(sealed_of(&key, 100), sealed_of(&key, 100), "a fresh nonce prefix each time");
    }

    #[test]
    fn a_key_survives_its_file() {
        let key = BackupKey::generate().unwrap();
        let again = BackupKey::from_text(&format!("{}\n", key.to_text())).unwrap();
        assert_eq!(again.0, key.0);
        assert!(BackupKey::from_text("abcd").is_err(), "too short");
        assert!(BackupKey::from_text(&"g".repeat(64)).is_err(), "not hexadecimal");
    }
}
