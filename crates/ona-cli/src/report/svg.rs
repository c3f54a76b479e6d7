//! Inline SVG charts: the group mixing heat-map, the community map (the
//! backbone of the best-connected people, coloured by community and sized
//! by PageRank) and the map of communities. Coordinates come from the
//! seeded layouts of `simplify_for_view`, so the same input draws the same
//! picture. Every label and tooltip is escaped.

use std::fmt::Write as _;

use ona_core::ona::View;

use super::analyze::{Analysis, ties};
use super::html::{clip, esc};

/// Colours of the largest communities; the rest are grey.
pub const PALETTE: [&str; 20] = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#393b79", "#e7969c", "#637939",
    "#aec7e8", "#ffbb78", "#98df8a", "#c5b0d5", "#c49c94", "#f7b6d2", "#9edae5", "#dbdb8d",
];
/// Colour of the communities beyond the palette.
pub const OTHER: &str = "#9aa3ad";

/// `t` in `[0, 1]` on a white-to-navy scale, as `#rrggbb`.
fn blue(t: f64) -> String {
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 };
    let lerp = |a: f64, b: f64| (a + (b - a) * t).round().clamp(0.0, 255.0);
    let (r, g, b) = (lerp(247.0, 8.0), lerp(251.0, 48.0), lerp(255.0, 107.0));
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // rounded and clamped to 0..=255 above
    let byte = |x: f64| x as u8;
    format!("#{:02x}{:02x}{:02x}", byte(r), byte(g), byte(b))
}

/// A heat-map of `k × k` values with row and column labels; `tip(i, j)` is
/// each cell's plain-text tooltip. Colour: `sqrt(value / max)`.
pub fn heatmap(labels: &[String], value: &dyn Fn(usize, usize) -> f64, tip: &dyn Fn(usize, usize) -> String) -> String {
    let k = labels.len();
    let cell = if k == 0 { 24.0 } else { (720.0 / k as f64).clamp(10.0, 44.0) };
    let (left, top) = (150.0, 140.0);
    let side = cell * k as f64;
    let max = (0..k).flat_map(|i| (0..k).map(move |j| (i, j))).map(|(i, j)| value(i, j)).filter(|x| x.is_finite()).fold(0.0, f64::max);
    let font = (cell * 0.55).clamp(8.0, 12.0);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg class=\"heatmap\" viewBox=\"0 0 {:.0} {:.0}\" width=\"{:.0}\" height=\"{:.0}\" role=\"img\" aria-label=\"group mixing heat-map\">",
        left + side + 20.0,
        top + side + 20.0,
        left + side + 20.0,
        top + side + 20.0
    );
    for (i, l) in labels.iter().enumerate() {
        let y = top + cell * (i as f64 + 0.5);
        let x = left + cell * (i as f64 + 0.5);
        let l = esc(&clip(l, 22));
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{y:.1}\" font-size=\"{font:.1}\" text-anchor=\"end\" dominant-baseline=\"middle\">{l}</text>",
            left - 6.0
        );
        let _ = writeln!(out, "<text transform=\"translate({x:.1},{:.1}) rotate(-60)\" font-size=\"{font:.1}\">{l}</text>", top - 6.0);
    }
    for i in 0..k {
        for j in 0..k {
            let v = value(i, j);
            let fill = if v.is_finite() && max > 0.0 { blue((v / max).sqrt()) } else { "#eceff3".into() };
            let _ = writeln!(
                out,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{cell:.1}\" height=\"{cell:.1}\" fill=\"{fill}\" stroke=\"#fff\" stroke-width=\"0.5\"><title>{}</title></rect>",
                left + cell * j as f64,
                top + cell * i as f64,
                esc(&tip(i, j))
            );
        }
    }
    out.push_str("</svg>\n");
    out
}

/// Colour of each quotient community: the palette by size rank, grey beyond.
pub fn community_colours(sizes: &[u64]) -> Vec<&'static str> {
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    order.sort_by(|&a, &b| sizes[b].cmp(&sizes[a]).then(a.cmp(&b)));
    let mut colour = vec![OTHER; sizes.len()];
    for (rank, &c) in order.iter().enumerate().take(PALETTE.len()) {
        // A community of one is not worth a colour.
        if sizes[c] > 1 {
            colour[c] = PALETTE[rank];
        }
    }
    colour
}

const W: f64 = 1100.0;
const H: f64 = 760.0;
const PAD: f64 = 24.0;

fn at(p: [f64; 2]) -> (f64, f64) {
    let f = |c: f64| if c.is_finite() { (c.clamp(-1.0, 1.0) + 1.0) / 2.0 } else { 0.5 };
    (PAD + f(p[0]) * (W - 2.0 * PAD), PAD + f(p[1]) * (H - 2.0 * PAD))
}

/// The backbone drawn: at most `max_edges` ties (heaviest first, then by
/// node order), nodes coloured by community and sized by PageRank, each
/// with a tooltip (name, group, community). Returns the SVG and the number
/// of ties drawn.
pub fn community_map(a: &Analysis<'_>, view: &View, colours: &[&str], max_edges: usize) -> (String, usize) {
    let bb = &view.backbone;
    let mut edges = ties(&bb.graph);
    edges.sort_by(|x, y| y.2.partial_cmp(&x.2).unwrap_or(std::cmp::Ordering::Equal).then((x.0, x.1).cmp(&(y.0, y.1))));
    edges.truncate(max_edges);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg class=\"map\" viewBox=\"0 0 {W:.0} {H:.0}\" width=\"{W:.0}\" height=\"{H:.0}\" role=\"img\" aria-label=\"community map\">"
    );
    if !edges.is_empty() {
        out.push_str("<path fill=\"none\" stroke=\"#8a96a3\" stroke-opacity=\"0.28\" stroke-width=\"0.6\" d=\"");
        for &(u, v, _) in &edges {
            let (x0, y0) = at(view.backbone_layout[u as usize]);
            let (x1, y1) = at(view.backbone_layout[v as usize]);
            let _ = write!(out, "M{x0:.1} {y0:.1}L{x1:.1} {y1:.1}");
        }
        out.push_str("\"/>\n");
    }
    let max_pr = bb.original.iter().map(|v| a.pagerank[v.index()]).filter(|x| x.is_finite()).fold(0.0, f64::max);
    // Small nodes first so the large ones stay visible on top.
    let mut order: Vec<usize> = (0..bb.original.len()).collect();
    let pr = |i: usize| a.pagerank[bb.original[i].index()];
    order.sort_by(|&x, &y| pr(x).partial_cmp(&pr(y)).unwrap_or(std::cmp::Ordering::Equal).then(x.cmp(&y)));
    for i in order {
        let v = bb.original[i];
        let (x, y) = at(view.backbone_layout[i]);
        let r = if max_pr > 0.0 { 2.0 + 9.0 * (pr(i) / max_pr).max(0.0).sqrt() } else { 3.0 };
        let c = view.backbone_community.get(i).copied().unwrap_or(0);
        let fill = colours.get(c as usize).copied().unwrap_or(OTHER);
        let tip = format!("{} · {} · community {}", a.name(v), a.group_of(v), c + 1);
        let _ = writeln!(
            out,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\" fill=\"{fill}\" stroke=\"#fff\" stroke-width=\"0.5\"><title>{}</title></circle>",
            esc(&tip)
        );
    }
    out.push_str("</svg>\n");
    (out, edges.len())
}

/// The community quotient drawn: one disc per community of at least
/// `min_size` people (area ∝ size), ties between them (width ∝ weight).
pub fn quotient_map(view: &View, colours: &[&str], min_size: u64) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg class=\"map\" viewBox=\"0 0 {W:.0} {H:.0}\" width=\"{W:.0}\" height=\"{H:.0}\" role=\"img\" aria-label=\"map of communities\">"
    );
    let Some(q) = &view.quotient else {
        out.push_str("</svg>\n");
        return out;
    };
    let keep = |c: u32| q.sizes.get(c as usize).is_some_and(|&s| s >= min_size);
    let edges: Vec<(u32, u32, f64)> = ties(&q.graph).into_iter().filter(|e| keep(e.0) && keep(e.1)).collect();
    let max_w = edges.iter().map(|e| e.2).filter(|x| x.is_finite()).fold(0.0, f64::max);
    let max_size = q.sizes.iter().copied().max().unwrap_or(1).max(1) as f64;
    for &(u, v, w) in &edges {
        let (x0, y0) = at(view.quotient_layout[u as usize]);
        let (x1, y1) = at(view.quotient_layout[v as usize]);
        let width = if max_w > 0.0 { 0.5 + 7.0 * (w / max_w).sqrt() } else { 1.0 };
        let _ = writeln!(
            out,
            "<line x1=\"{x0:.1}\" y1=\"{y0:.1}\" x2=\"{x1:.1}\" y2=\"{y1:.1}\" stroke=\"#8a96a3\" stroke-opacity=\"0.45\" stroke-width=\"{width:.2}\"><title>communities {} – {}: weight {w:.0}</title></line>",
            u + 1,
            v + 1
        );
    }
    for (c, &size) in (0u32..).zip(&q.sizes) {
        if !keep(c) {
            continue;
        }
        let (x, y) = at(view.quotient_layout[c as usize]);
        let r = 6.0 + 40.0 * (size as f64 / max_size).sqrt();
        let fill = colours.get(c as usize).copied().unwrap_or(OTHER);
        let _ = writeln!(
            out,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\" fill=\"{fill}\" fill-opacity=\"0.85\" stroke=\"#fff\"><title>community {}: {size} people</title></circle>",
            c + 1
        );
        if r >= 12.0 {
            let _ = writeln!(
                out,
                "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"12\" text-anchor=\"middle\" dominant-baseline=\"middle\" fill=\"#fff\">{}</text>",
                c + 1
            );
        }
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_and_colours() {
        assert_eq!(blue(0.0), "#f7fbff");
        assert_eq!(blue(1.0), "#08306b");
        assert_eq!(blue(f64::NAN), "#f7fbff");
        let c = community_colours(&[3, 9, 1, 9]);
        assert_eq!(c, vec![PALETTE[2], PALETTE[0], OTHER, PALETTE[1]]);
        let h = heatmap(&["<a>".into(), "b".into()], &|i, j| (i + j) as f64, &|i, j| format!("{i}<{j}"));
        assert!(h.contains("&lt;a&gt;") && h.contains("0&lt;1") && !h.contains("<a>"));
        assert_eq!(h.matches("<rect").count(), 4);
    }
}
