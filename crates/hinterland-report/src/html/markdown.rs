//! Just enough Markdown to show a scenario's README, SOURCES and ASSUMPTIONS in the report:
//! headings, paragraphs, nested lists, pipe tables, code blocks (fenced with ``` or ~~~, also
//! inside a list item, or indented by four spaces), and inline code, bold,
//! italics and links. Everything is HTML-escaped first; unknown syntax stays as text.

use std::fmt::Write as _;

use super::esc;

/// Renders Markdown `text` as HTML. Headings are shifted down by `shift` levels so a
/// document's `#` title fits under the report's own headings.
pub fn to_html(text: &str, shift: usize) -> String {
    let mut out = String::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    let mut para: Vec<&str> = Vec::new();
    let flush = |para: &mut Vec<&str>, out: &mut String| {
        if !para.is_empty() {
            out.push_str("<p>");
            out.push_str(&inline(&para.join(" ")));
            out.push_str("</p>\n");
            para.clear();
        }
    };
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush(&mut para, &mut out);
            i += 1;
        } else if let Some(fence) = fence(trimmed) {
            // A fenced block (``` or ~~~, with or without a language), at any indentation:
            // its lines as they are, less the fence's indentation.
            flush(&mut para, &mut out);
            let indent = line.len() - line.trim_start().len();
            i += 1;
            out.push_str("<pre><code>");
            while i < lines.len() && !lines[i].trim_start().starts_with(fence) {
                let l = lines[i];
                let cut = l.len() - l.trim_start().len();
                out.push_str(&esc(&l[cut.min(indent)..]));
                out.push('\n');
                i += 1;
            }
            out.push_str("</code></pre>\n");
            i += 1;
        } else if para.is_empty() && (line.starts_with("    ") || line.starts_with('\t')) {
            // An indented code block: indented lines (and blank lines between them), after a
            // blank line; a paragraph's indented continuation stays in the paragraph.
            let mut block: Vec<&str> = Vec::new();
            while i < lines.len()
                && (lines[i].starts_with("    ") || lines[i].starts_with('\t') || lines[i].trim().is_empty())
            {
                block.push(lines[i]);
                i += 1;
            }
            while block.last().is_some_and(|l| l.trim().is_empty()) {
                block.pop();
            }
            out.push_str("<pre><code>");
            for l in block {
                let l = l.strip_prefix("    ").or_else(|| l.strip_prefix('\t')).unwrap_or(l.trim_start());
                out.push_str(&esc(l));
                out.push('\n');
            }
            out.push_str("</code></pre>\n");
        } else if let Some(level) = heading_level(trimmed) {
            flush(&mut para, &mut out);
            let h = (level + shift).min(6);
            let body = trimmed[level..].trim().trim_end_matches('#').trim();
            let _ = writeln!(out, "<h{h}>{}</h{h}>", inline(body));
            i += 1;
        } else if trimmed.starts_with('|') {
            flush(&mut para, &mut out);
            let start = i;
            while i < lines.len() && lines[i].trim().starts_with('|') {
                i += 1;
            }
            out.push_str(&table(&lines[start..i]));
        } else if list_marker(line).is_some() {
            flush(&mut para, &mut out);
            let start = i;
            i += 1;
            // A list goes on over its items and their indented continuation lines.
            while i < lines.len()
                && !lines[i].trim().is_empty()
                && fence(lines[i].trim()).is_none()
                && (list_marker(lines[i]).is_some() || lines[i].starts_with(' '))
            {
                i += 1;
            }
            out.push_str(&list(&lines[start..i]));
        } else {
            para.push(trimmed);
            i += 1;
        }
    }
    flush(&mut para, &mut out);
    out
}

/// The fence a code block opens with: "```" or "~~~".
fn fence(trimmed: &str) -> Option<&'static str> {
    ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f))
}

fn heading_level(line: &str) -> Option<usize> {
    let n = line.chars().take_while(|c| *c == '#').count();
    (1..=6).contains(&n).then_some(n).filter(|_| line[n..].starts_with(' '))
}

/// `(indent, ordered, text)` of a list item line.
fn list_marker(line: &str) -> Option<(usize, bool, &str)> {
    let indent = line.len() - line.trim_start().len();
    let t = line.trim_start();
    if let Some(rest) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
        return Some((indent, false, rest));
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && t[digits..].starts_with(". ") {
        return Some((indent, true, &t[digits + 2..]));
    }
    None
}

fn list(lines: &[&str]) -> String {
    // Items with their indentation; continuation lines join the previous item.
    let mut items: Vec<(usize, bool, String)> = Vec::new();
    for line in lines {
        match list_marker(line) {
            Some((indent, ordered, text)) => items.push((indent, ordered, text.trim().to_owned())),
            None => {
                if let Some(last) = items.last_mut() {
                    last.2.push(' ');
                    last.2.push_str(line.trim());
                }
            }
        }
    }
    let mut out = String::new();
    let mut stack: Vec<(usize, bool)> = Vec::new();
    for (indent, ordered, text) in items {
        while stack.last().is_some_and(|(d, _)| *d > indent) {
            let (_, o) = stack.pop().expect("checked non-empty");
            out.push_str(if o { "</li></ol>" } else { "</li></ul>" });
        }
        if stack.last().is_some_and(|(d, _)| *d == indent) {
            out.push_str("</li>");
        } else {
            out.push_str(if ordered { "<ol>" } else { "<ul>" });
            stack.push((indent, ordered));
        }
        out.push_str("<li>");
        out.push_str(&inline(&text));
    }
    while let Some((_, o)) = stack.pop() {
        out.push_str(if o { "</li></ol>" } else { "</li></ul>" });
    }
    out.push('\n');
    out
}

fn cells(line: &str) -> Vec<&str> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').map(str::trim).collect()
}

fn table(lines: &[&str]) -> String {
    let is_rule =
        |l: &str| cells(l).iter().all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':')));
    let mut out = String::from("<div class=\"scroll reflow\"><table class=\"md\">");
    let (head, body) =
        if lines.len() >= 2 && is_rule(lines[1]) { (Some(lines[0]), &lines[2..]) } else { (None, lines) };
    // Each cell carries its column's name, for the phone layout (see `table_class`).
    let labels: Vec<String> =
        head.map(|h| cells(h).into_iter().map(|c| super::esc(&strip(c))).collect()).unwrap_or_default();
    if let Some(h) = head {
        out.push_str("<thead><tr>");
        for c in cells(h) {
            let _ = write!(out, "<th>{}</th>", inline(c));
        }
        out.push_str("</tr></thead>");
    }
    out.push_str("<tbody>");
    for l in body {
        out.push_str("<tr>");
        for (i, c) in cells(l).into_iter().enumerate() {
            match labels.get(i) {
                Some(label) => {
                    let _ = write!(out, "<td data-label=\"{label}\">{}</td>", inline(c));
                }
                None => {
                    let _ = write!(out, "<td>{}</td>", inline(c));
                }
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>\n");
    out
}

/// A header cell's text without its inline markup (`code`, **bold**), for a label.
fn strip(text: &str) -> String {
    text.chars().filter(|c| !matches!(c, '`' | '*')).collect()
}

/// Inline markup on one line of text: `code`, **bold**, *em*, [text](url).
pub fn inline(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('`')
            && let Some(end) = r.find('`')
        {
            let _ = write!(out, "<code>{}</code>", esc(&r[..end]));
            rest = &r[end + 1..];
        } else if let Some(r) = rest.strip_prefix("**")
            && let Some(end) = r.find("**")
            && end > 0
        {
            let _ = write!(out, "<strong>{}</strong>", inline(&r[..end]));
            rest = &r[end + 2..];
        } else if let Some(r) = rest.strip_prefix('*')
            && let Some(end) = r.find('*')
            && end > 0
            && !r.starts_with(' ')
        {
            let _ = write!(out, "<em>{}</em>", inline(&r[..end]));
            rest = &r[end + 1..];
        } else if let Some(r) = rest.strip_prefix('[')
            && let Some(close) = r.find("](")
            && let Some(end) = r[close + 2..].find(')')
        {
            let label = &r[..close];
            let url = &r[close + 2..close + 2 + end];
            // Only absolute web links are links: relative ones point into a folder the
            // reader of a single HTML file does not have.
            if url.starts_with("https://") || url.starts_with("http://") {
                let _ = write!(out, "<a href=\"{}\">{}</a>", esc(url), inline(label));
            } else {
                out.push_str(&inline(label));
            }
            rest = &r[close + 3 + end..];
        } else {
            let ch = rest.chars().next().expect("non-empty");
            out.push_str(&esc(&rest[..ch.len_utf8()]));
            rest = &rest[ch.len_utf8()..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_markdown_the_scenarios_use() {
        let md = "# Title\n\nSome **bold** and `code` <b>.\n\n- one\n  more\n- two\n  1. nested\n\n| a | b |\n|---|---|\n| 1 | [x](ASSUMPTIONS.md) |\n";
        let html = to_html(md, 2);
        assert!(html.contains("<h3>Title</h3>"), "{html}");
        assert!(html.contains("<strong>bold</strong> and <code>code</code> &lt;b&gt;."), "{html}");
        assert!(html.contains("<ul><li>one more</li><li>two<ol><li>nested</li></ol></li></ul>"), "{html}");
        assert!(html.contains("<th>a</th>") && html.contains("<td data-label=\"b\">x</td>"), "{html}");
    }

    /// Issue 30: a code block keeps its lines (the Mali README's indented block of two
    /// commands rendered as one run-on paragraph).
    #[test]
    fn code_blocks_keep_their_lines() {
        let md = "Run:\n\n    python3 build.py          # rewrites\n    python3 build.py --check  # verifies\n\nThen:\n\n```sh\na < b\n  indented\n```\n\n~~~\nx\n~~~\n\n- item\n  ```\n  in a list\n  ```\n- next\n";
        let html = to_html(md, 0);
        assert!(
            html.contains("<pre><code>python3 build.py          # rewrites\npython3 build.py --check  # verifies\n</code></pre>"),
            "{html}"
        );
        assert!(html.contains("<pre><code>a &lt; b\n  indented\n</code></pre>"), "{html}");
        assert!(html.contains("<pre><code>x\n</code></pre>"), "{html}");
        assert!(html.contains("<pre><code>in a list\n</code></pre>"), "{html}");
        assert!(html.contains("<p>Then:</p>") && html.contains("<li>next</li>"), "{html}");
        // An indented line that continues a paragraph is not code.
        assert_eq!(to_html("a\n    b\n", 0), "<p>a b</p>\n");
    }

    #[test]
    fn unclosed_markup_stays_text() {
        assert_eq!(inline("a * b ` c [d"), "a * b ` c [d");
    }
}
