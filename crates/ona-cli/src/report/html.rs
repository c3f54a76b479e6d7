//! HTML building blocks: escaping, tables, number formatting and the page
//! skeleton with its inline style sheet. Nothing here refers to anything
//! outside the page: no scripts, fonts, images or links to other sites.

use std::fmt::Write as _;

/// `s` with `& < > " '` escaped, safe in element text and in quoted
/// attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab and newline are not allowed in HTML text.
            c if c.is_control() && c != '\t' && c != '\n' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// At most `max` characters of `s`, with an ellipsis when cut.
pub fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// `x` with `prec` decimals, "–" for NaN or infinite.
pub fn num(x: f64, prec: usize) -> String {
    if x.is_finite() { format!("{x:.prec$}") } else { "–".into() }
}

/// `x` as a signed number with `prec` decimals, "–" for NaN or infinite.
pub fn signed(x: f64, prec: usize) -> String {
    if x.is_finite() { format!("{x:+.prec$}") } else { "–".into() }
}

/// `part / whole` as a percentage with one decimal.
pub fn pct(part: f64, whole: f64) -> String {
    if whole > 0.0 { format!("{:.1}%", 100.0 * part / whole) } else { "–".into() }
}

/// A table of plain-text cells (every cell and header escaped here). The
/// first `numeric` flags right-align columns.
pub fn table(headers: &[&str], numeric: &[bool], rows: &[Vec<String>]) -> String {
    let align = |i: usize| if numeric.get(i).copied().unwrap_or(false) { " class=\"n\"" } else { "" };
    let mut out = String::from("<table>\n<thead><tr>");
    for (i, h) in headers.iter().enumerate() {
        let _ = write!(out, "<th{}>{}</th>", align(i), esc(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in rows {
        out.push_str("<tr>");
        for (i, c) in r.iter().enumerate() {
            let _ = write!(out, "<td{}>{}</td>", align(i), esc(c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// A paragraph of plain text.
pub fn para(text: &str) -> String {
    format!("<p>{}</p>\n", esc(text))
}

/// A highlighted note (privacy notes, caveats) of plain text.
pub fn note(text: &str) -> String {
    format!("<p class=\"note\">{}</p>\n", esc(text))
}

/// Headline tiles: (label, value) pairs of plain text.
pub fn tiles(items: &[(String, String)]) -> String {
    let mut out = String::from("<div class=\"tiles\">\n");
    for (label, value) in items {
        let _ = writeln!(out, "<div class=\"tile\"><div class=\"v\">{}</div><div class=\"l\">{}</div></div>", esc(value), esc(label));
    }
    out.push_str("</div>\n");
    out
}

/// One `<section>` with an id (ASCII, from the code) and a plain-text title;
/// `body` is HTML built by the functions here.
pub fn section(id: &str, title: &str, body: &str) -> String {
    format!("<section id=\"{}\">\n<h2>{}</h2>\n{body}</section>\n", esc(id), esc(title))
}

const STYLE: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;background:#f6f7f9;color:#1d232b;line-height:1.45}
main{max-width:1180px;margin:0 auto;padding:24px 28px 48px}
header{background:#1f3a5f;color:#fff;padding:22px 28px}
header h1{margin:0 0 4px;font-size:26px}
header p{margin:0;opacity:.85}
nav{margin:10px 0 0}nav a{color:#cfe0f5;margin-right:14px;text-decoration:none;font-size:14px}
section{background:#fff;border:1px solid #dde2e8;border-radius:8px;padding:16px 20px;margin:18px 0}
h2{margin:0 0 10px;font-size:20px;color:#1f3a5f}
h3{margin:16px 0 6px;font-size:16px}
table{border-collapse:collapse;font-size:13.5px;margin:6px 0 10px}
th,td{padding:4px 10px;border-bottom:1px solid #e6e9ee;text-align:left;vertical-align:top}
th{background:#eef2f7;font-weight:600}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.tiles{display:flex;flex-wrap:wrap;gap:10px}
.tile{background:#eef4fb;border-radius:6px;padding:10px 14px;min-width:130px}
.tile .v{font-size:22px;font-weight:650;color:#1f3a5f}
.tile .l{font-size:12.5px;color:#4a5563}
.note{background:#fff6e0;border-left:4px solid #e0a100;padding:6px 10px;font-size:13.5px}
.muted{color:#6b7480;font-size:13px}
.legend span{display:inline-block;margin:2px 12px 2px 0;font-size:13px}
.legend i{display:inline-block;width:11px;height:11px;border-radius:50%;margin-right:5px;vertical-align:-1px}
svg{display:block;max-width:100%;height:auto;background:#fff}
svg text{font-family:system-ui,sans-serif}
.grid{display:flex;flex-wrap:wrap;gap:24px}.grid>div{flex:1 1 480px}
footer{color:#6b7480;font-size:12px;text-align:center;padding:10px}
";

/// The whole page: `<head>` with the inline style, a header with the
/// plain-text `title` and `subtitle`, links to `nav` (section id, label),
/// then the sections.
pub fn page(title: &str, subtitle: &str, nav: &[(&str, &str)], sections: &[String]) -> String {
    let mut out = String::with_capacity(sections.iter().map(String::len).sum::<usize>() + 4096);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{}</title>", esc(title));
    let _ = writeln!(out, "<style>\n{STYLE}</style>\n</head>\n<body>");
    let _ = writeln!(out, "<header>\n<h1>{}</h1>\n<p>{}</p>", esc(title), esc(subtitle));
    out.push_str("<nav>");
    for (id, label) in nav {
        let _ = write!(out, "<a href=\"#{}\">{}</a>", esc(id), esc(label));
    }
    out.push_str("</nav>\n</header>\n<main>\n");
    for s in sections {
        out.push_str(s);
    }
    out.push_str(
        "</main>\n<footer>Made by ona report. Self-contained: this file loads nothing from anywhere else.</footer>\n</body>\n</html>\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_active() {
        assert_eq!(esc("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assert_eq!(esc("a&b \"c\""), "a&amp;b &quot;c&quot;");
        assert_eq!(esc("x\u{0}y"), "x\u{fffd}y");
        let t = table(&["<h>"], &[false], &[vec!["<td>".into()]]);
        assert!(t.contains("&lt;h&gt;") && t.contains("&lt;td&gt;") && !t.contains("<td><td>"));
    }

    #[test]
    fn formats_and_clips() {
        assert_eq!(num(f64::NAN, 2), "–");
        assert_eq!(num(0.125, 2), "0.12");
        assert_eq!(signed(0.5, 1), "+0.5");
        assert_eq!(pct(1.0, 4.0), "25.0%");
        assert_eq!(pct(1.0, 0.0), "–");
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("abc", 4), "abc");
        let p = page("T<", "s", &[("a", "A")], &["<section></section>".into()]);
        assert!(p.starts_with("<!DOCTYPE html>") && p.contains("<title>T&lt;</title>") && p.ends_with("</html>\n"));
    }
}
