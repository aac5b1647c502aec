//! Source files as text: decoding bytes (naming the encoding of a file that is not UTF-8), and
//! turning byte offsets into line and character-column positions.

use std::ops::Range;

use crate::diagnostic::{Code, Finding};
use crate::i18n::Msg;

/// Item files larger than this are refused: an item file is a few kilobytes.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// The plan file may be larger: it holds one group per few items, so it grows with the roadmap
/// (a 100,000-item roadmap with 10 items per group needs about 1.1 MB). Still a cap: a hostile
/// file costs at most this much to read and parse.
pub const MAX_PLAN_BYTES: u64 = 8 * 1024 * 1024;

/// The most a roadmap file at `rel` (inside the roadmap directory) may hold.
pub fn max_bytes(rel: &str) -> u64 {
    if rel == crate::load::PLAN_FILE {
        MAX_PLAN_BYTES
    } else {
        MAX_FILE_BYTES
    }
}

/// A file's path (as shown to users) and its bytes, wherever they came from (disk or git).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawFile {
    pub path: String,
    /// The path inside the roadmap directory, `/`-separated: `roadmap.toml`, `items/1-1-1.toml`.
    pub rel: String,
    pub bytes: Vec<u8>,
}

/// A decoded file: its text without a byte-order mark, and an index of its lines so that turning
/// a byte offset into a position costs a lookup, not a scan of the file (a file may hold thousands
/// of findings). The index is built the first time a position is asked for: most files of a
/// roadmap have no finding, and indexing 10,000 of them would cost a pass over every byte.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
    index: std::sync::OnceLock<LineIndex>,
}

impl PartialEq for SourceFile {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path && self.text == other.text
    }
}

impl Eq for SourceFile {}

#[derive(Clone, Debug)]
struct LineIndex {
    /// Byte offset of each line's start.
    line_starts: Vec<usize>,
    /// Characters before each checkpoint, one checkpoint per [`CHECKPOINT`] bytes (at the char
    /// boundary at or before it): counting a column never reads more than that many bytes.
    chars_before: Vec<usize>,
}

impl LineIndex {
    /// One pass over the text.
    fn of(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut chars_before = Vec::with_capacity(text.len() / CHECKPOINT + 1);
        let mut count = 0;
        let mut from = 0;
        for k in 0..=text.len() / CHECKPOINT {
            let at = floor_char_boundary(text, k * CHECKPOINT);
            count += text.get(from..at).map_or(0, |t| t.chars().count());
            chars_before.push(count);
            from = at;
        }
        Self {
            line_starts,
            chars_before,
        }
    }
}

/// Bytes between two character-count checkpoints.
const CHECKPOINT: usize = 1024;

/// The encoding bytes that are not UTF-8 look like, guessed as for Japanese text.
pub fn guess_encoding(bytes: &[u8]) -> &'static encoding_rs::Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    detector.feed(bytes, true);
    detector.guess(Some(b"jp"), chardetng::Utf8Detection::Allow)
}

/// Decodes a file as UTF-8 (a BOM is accepted and dropped). Anything else is a finding that names
/// what the bytes look like and how to convert them; the text is then a lossy decoding so the
/// finding can still show the line.
pub fn decode(raw: RawFile) -> (SourceFile, Option<Finding>) {
    match decode_strict(raw) {
        Ok(file) => (file, None),
        Err((finding, lossy)) => (lossy, Some(*finding)),
    }
}

type Undecodable = (Box<Finding>, SourceFile);

fn decode_strict(raw: RawFile) -> Result<SourceFile, Undecodable> {
    let RawFile {
        path,
        rel,
        bytes: mut owned,
    } = raw;
    let bytes = owned.as_slice();
    let lossy = |text: String| SourceFile::new(path.clone(), text);
    let max = max_bytes(&rel);
    if bytes.len() as u64 > max {
        let msg = Msg::FileTooLarge {
            bytes: bytes.len() as u64,
            max,
        };
        let finding = Finding::new(Code::TooLarge, &path, None, msg);
        return Err((Box::new(finding), lossy(String::new())));
    }
    if let Some(encoding) = utf16_kind(bytes) {
        let (text, _, _) = encoding.decode(bytes);
        let msg = Msg::Utf16 {
            encoding: encoding.name().to_owned(),
        };
        let help = Msg::ConvertWithIconv {
            from: encoding.name().to_owned(),
            path: path.clone(),
        };
        let finding = Finding::new(Code::Encoding, &path, None, msg).with_help(help);
        return Err((Box::new(finding), lossy(text.into_owned())));
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        owned.drain(..3);
    }
    // The text takes the bytes over: a roadmap's files are read once and never copied.
    match String::from_utf8(owned) {
        Ok(text) => {
            if let Some(at) = text.find('\0') {
                let msg = Msg::NulByte;
                // The text keeps the NUL: the renderer shows it as U+FFFD, under the caret.
                let finding = Finding::new(Code::NulByte, &path, Some(at..at + 1), msg);
                return Err((Box::new(finding), lossy(text)));
            }
            Ok(SourceFile::new(path, text))
        }
        Err(err) => {
            let at = err.utf8_error().valid_up_to();
            let body = err.as_bytes();
            let guess = guess_encoding(body);
            let name = guess.name();
            let (message, help) = if guess == encoding_rs::UTF_8 {
                (Msg::NotUtf8, Msg::SaveAsUtf8)
            } else {
                // Japanese files "in Shift_JIS" are nearly always Windows' CP932 (which
                // encoding_rs decodes as Shift_JIS); `iconv -f SHIFT_JIS` rejects its ①, ㈱, ….
                let from = if guess == encoding_rs::SHIFT_JIS {
                    "CP932"
                } else {
                    name
                };
                (
                    Msg::LooksLike {
                        encoding: name.to_owned(),
                    },
                    Msg::ConvertWithIconv {
                        from: from.to_owned(),
                        path: path.clone(),
                    },
                )
            };
            // Show the text as the encoding it looks like (so the line reads as Japanese, not
            // mojibake), and point at the first character that is not UTF-8.
            let (text, _) = guess.decode_without_bom_handling(body);
            let text = text.into_owned();
            let (before, _) = guess.decode_without_bom_handling(&body[..at]);
            let start = before.len();
            let span = text
                .get(start..)
                .and_then(|rest| rest.chars().next())
                .map(|c| start..start + c.len_utf8());
            let finding = Finding::new(Code::Encoding, &path, span, message).with_help(help);
            Err((Box::new(finding), lossy(text)))
        }
    }
}

/// UTF-16 by its BOM, or by the NUL bytes every other byte that ASCII-heavy UTF-16 text has.
fn utf16_kind(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some(encoding_rs::UTF_16LE),
        [0xFE, 0xFF, ..] => return Some(encoding_rs::UTF_16BE),
        _ => {}
    }
    let sample = &bytes[..bytes.len().min(512)];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let nul_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    let nul_even = sample.iter().step_by(2).filter(|b| **b == 0).count();
    if nul_odd * 10 >= pairs * 4 && nul_even == 0 {
        Some(encoding_rs::UTF_16LE)
    } else if nul_even * 10 >= pairs * 4 && nul_odd == 0 {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// A 1-based line and 1-based character column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    /// A file's text; its line index comes when a position is first asked for.
    pub fn new(path: String, text: String) -> Self {
        Self {
            path,
            text,
            index: std::sync::OnceLock::new(),
        }
    }

    fn index(&self) -> &LineIndex {
        self.index.get_or_init(|| LineIndex::of(&self.text))
    }

    /// Lets go of the text (and its index) of a file nothing points into: after analysis, only
    /// the files with findings are shown, and a large roadmap's text is most of its memory.
    pub fn forget_text(&mut self) {
        self.text = String::new();
        self.index = std::sync::OnceLock::new();
    }

    /// The number of characters before a byte offset (a char boundary).
    fn char_index(&self, offset: usize) -> usize {
        let chars_before = &self.index().chars_before;
        let k = (offset / CHECKPOINT).min(chars_before.len().saturating_sub(1));
        let at = floor_char_boundary(&self.text, k * CHECKPOINT);
        let before = chars_before.get(k).copied().unwrap_or(0);
        before + self.text.get(at..offset).map_or(0, |t| t.chars().count())
    }

    /// The index of the line holding a byte offset.
    fn line_of(&self, offset: usize) -> usize {
        self.index()
            .line_starts
            .partition_point(|start| *start <= offset)
            .saturating_sub(1)
    }

    /// Line and character column of a byte offset (clamped to the text, and to a char boundary).
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(&self.text, offset);
        let line = self.line_of(offset);
        let start = self.index().line_starts.get(line).copied().unwrap_or(0);
        Position {
            line: line + 1,
            column: self.char_index(offset) - self.char_index(start) + 1,
        }
    }

    /// The byte range of the line holding `offset`, without its line end.
    pub fn line_range(&self, offset: usize) -> Range<usize> {
        let offset = floor_char_boundary(&self.text, offset);
        let line = self.line_of(offset);
        let line_starts = &self.index().line_starts;
        let start = line_starts.get(line).copied().unwrap_or(0);
        let end = line_starts
            .get(line + 1)
            .map_or(self.text.len(), |next| next - 1);
        let text = self.text.get(start..end).unwrap_or_default();
        start..start + text.strip_suffix('\r').unwrap_or(text).len()
    }
}

/// The largest char boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(bytes: &[u8]) -> RawFile {
        RawFile {
            path: "x.toml".into(),
            rel: "items/x.toml".into(),
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let file = SourceFile::new("x".into(), "a = 1\ntitle = \"日本語\" x\n".into());
        let at = file.text.find('x').expect("x is in the text");
        assert_eq!(
            file.position(at),
            Position {
                line: 2,
                column: 15
            }
        );
        assert_eq!(
            file.text.get(file.line_range(at)),
            Some("title = \"日本語\" x")
        );
    }

    #[test]
    fn positions_agree_with_a_scan_on_long_lines() {
        let text = format!("a\n{}x\r\n\nend", "あa".repeat(3000));
        let file = SourceFile::new("x".into(), text.clone());
        for offset in (0..=text.len()).step_by(7).chain([text.len()]) {
            let offset = floor_char_boundary(&text, offset);
            let before = text.get(..offset).unwrap_or_default();
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let want = Position {
                line: before.matches('\n').count() + 1,
                column: before.get(line_start..).unwrap_or_default().chars().count() + 1,
            };
            assert_eq!(file.position(offset), want, "at {offset}");
        }
        let x = text.find('x').expect("x");
        assert_eq!(
            file.text.get(file.line_range(x)).map(str::len),
            Some(x - 2 + 1)
        );
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let (file, finding) = decode(raw(b"\xEF\xBB\xBFa = 1\r\n"));
        assert_eq!(finding, None);
        assert_eq!(file.text, "a = 1\r\n");
        assert_eq!(file.text.get(file.line_range(0)), Some("a = 1"));
    }

    #[test]
    fn shift_jis_is_named() {
        let (sjis, _, _) =
            encoding_rs::SHIFT_JIS.encode("title = \"職場の上司によるキャリア支援\"\n");
        let finding = decode(raw(&sjis)).1.expect("Shift_JIS is not UTF-8");
        assert_eq!(finding.code, Code::Encoding);
        assert_eq!(
            finding.message,
            Msg::LooksLike {
                encoding: "Shift_JIS".into()
            }
        );
    }

    #[test]
    fn utf16_is_named() {
        let bytes: Vec<u8> = "a = 1\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let finding = decode(raw(&bytes)).1.expect("UTF-16 is not UTF-8");
        assert_eq!(
            finding.message,
            Msg::Utf16 {
                encoding: "UTF-16LE".into()
            }
        );
    }
}
