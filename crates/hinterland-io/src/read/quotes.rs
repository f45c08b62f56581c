//! Finding quotes the CSV parser would accept but that almost always are mistakes.
//!
//! The `csv` crate is lenient: a stray `"` at the start of a cell opens a quoted cell that runs
//! on, over line ends, to the next `"` in the file, swallowing the rows between; a `"` inside
//! a cell or after a closing quote is kept as text. This scan walks the text as the parser
//! does (comment lines only at the start of a record, doubled quotes inside quoted cells) and
//! reports the first such quote, so the reader can stop before it and say where the quote
//! opened.

/// What is wrong with a quote. Byte offsets into the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum QuoteProblem {
    /// A quoted cell opened at `open` that is never closed.
    Unterminated { open: usize },
    /// A quoted cell opened at `open` and closed at `close`, followed by more text.
    TextAfterClose { open: usize, close: usize },
    /// A `"` inside a cell that does not start with one.
    InsideCell { at: usize },
}

/// The first quote problem in `text`, with the byte where the record containing it starts
/// (the reader stops there).
pub(crate) fn scan(text: &str) -> Option<(QuoteProblem, usize)> {
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    loop {
        // The start of a record: blank and comment lines are skipped.
        while i < n && matches!(b[i], b'\n' | b'\r') {
            i += 1;
        }
        if i >= n {
            return None;
        }
        if b[i] == b'#' {
            i = next_line(b, i);
            continue;
        }
        let record = i;
        loop {
            if b.get(i) == Some(&b'"') {
                let open = i;
                i += 1;
                loop {
                    let Some(q) = find(b, i, b'"') else {
                        return Some((QuoteProblem::Unterminated { open }, record));
                    };
                    if b.get(q + 1) == Some(&b'"') {
                        i = q + 2;
                        continue;
                    }
                    i = q + 1;
                    if i < n && !matches!(b[i], b',' | b'\n' | b'\r') {
                        return Some((QuoteProblem::TextAfterClose { open, close: q }, record));
                    }
                    break;
                }
            } else {
                while i < n && !matches!(b[i], b',' | b'\n' | b'\r') {
                    if b[i] == b'"' {
                        return Some((QuoteProblem::InsideCell { at: i }, record));
                    }
                    i += 1;
                }
            }
            if b.get(i) == Some(&b',') {
                i += 1;
            } else {
                break;
            }
        }
    }
}

fn find(b: &[u8], from: usize, byte: u8) -> Option<usize> {
    b[from.min(b.len())..].iter().position(|&x| x == byte).map(|p| from + p)
}

fn next_line(b: &[u8], from: usize) -> usize {
    find(b, from, b'\n').map_or(b.len(), |p| p + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_quoting_passes() {
        for text in [
            "a,b\n\"x, y\",\"he said \"\"hi\"\"\"\n",
            "a,b\n\"two\nlines\",c\n",
            "a,b\r\n\"x\",\"\"\r\n",
            "# a \"comment\" with quotes\na,b\n1,2\n# end \"",
            "a\n\"\"",
        ] {
            assert_eq!(scan(text), None, "{text:?}");
        }
    }

    #[test]
    fn a_stray_opening_quote_is_found_where_it_opens() {
        // Line 3 opens a quote; the next quote (line 4) closes it, followed by `n`.
        let text = "a,b\n1,x\n2,\"oops\n3,\"note, with comma\"\n";
        let open = text.find("\"oops").unwrap();
        let close = text.find("\"note").unwrap();
        assert_eq!(scan(text), Some((QuoteProblem::TextAfterClose { open, close }, 8)));
        // Without a later quote it runs to the end of the file.
        let text = "a,b\n1,x\n2,\"oops\n3,y\n";
        assert_eq!(scan(text), Some((QuoteProblem::Unterminated { open: 10 }, 8)));
    }

    #[test]
    fn a_quote_inside_a_cell_is_found() {
        let text = "a,b\n1,12\" pipe\n";
        assert_eq!(scan(text), Some((QuoteProblem::InsideCell { at: 8 }, 4)));
        let text = "a,b\n1,\"x\"y\n";
        assert_eq!(scan(text), Some((QuoteProblem::TextAfterClose { open: 6, close: 8 }, 4)));
    }
}
