//! The report's sections, each from an [`Analysis`], and the page that
//! holds them. Every user-supplied string (ids, attribute values, the
//! source line) passes through [`esc`](super::html::esc) on its way out.

use std::fmt::Write as _;

use ona_core::graph::MISSING;
use ona_core::ona::View;
use ona_core::{NodeId, Scores};

use crate::output::thousands;

use super::analyze::{Analysis, MAX_HEATMAP_GROUPS, ReportConfig};
use super::change::{Change, figures};
use super::html::{esc, note, num, page, para, pct, section, signed, table, tiles};
use super::svg::{OTHER, community_colours, community_map, heatmap, quotient_map};

/// Section ids, titles and navigation labels, in page order.
pub const SECTIONS: [(&str, &str, &str); 6] = [
    ("overview", "Headline numbers", "Headlines"),
    ("people", "Brokers, connectors and peripheral people", "People"),
    ("groups", "How groups mix", "Groups"),
    ("communities", "Community map", "Communities"),
    ("risks", "Single points of failure", "Risks"),
    ("change", "What changed", "Changes"),
];

/// The whole report page.
pub fn render(a: &Analysis<'_>, view: &View, change: Option<&Change>, cfg: &ReportConfig) -> String {
    let g = a.graph;
    let subtitle = format!(
        "{} people, {} ties ({}{}){}",
        thousands(g.node_count() as u64),
        thousands(g.edge_count() - g.self_loop_count()),
        if g.is_directed() { "directed" } else { "undirected" },
        if g.is_weighted() { ", weighted" } else { "" },
        if cfg.source.is_empty() { String::new() } else { format!(" · {}", cfg.source) }
    );
    let body = [overview(a, cfg), people(a, cfg), groups(a, cfg), communities(a, view, cfg), risks(a, cfg), changed(a, change)];
    let sections: Vec<String> = SECTIONS.iter().zip(body).map(|((id, title, _), b)| section(id, title, &b)).collect();
    page(&cfg.title, &subtitle, &SECTIONS.map(|(id, _, nav)| (id, nav)), &sections)
}

fn figure(value: f64, prec: usize) -> String {
    match format!("{value:.0}").parse::<u64>() {
        Ok(x) if prec == 0 => thousands(x),
        _ => num(value, prec),
    }
}

fn privacy_notes(a: &Analysis<'_>, cfg: &ReportConfig) -> String {
    let mut out = String::new();
    if a.pseudonymised() {
        out.push_str(&note("People are shown by keyed pseudonyms (p_…), not by their ids. Group names are shown as loaded."));
    }
    if let Some(gf) = &a.groups {
        let (hidden, people) = gf.suppressed();
        if hidden > 0 {
            out.push_str(&note(&format!(
                "Privacy: {hidden} {} with fewer than {} people ({people} people in all) {} left out of every group-level figure, and shown as \"(small group)\" next to people.",
                if hidden == 1 { "group" } else { "groups" },
                cfg.min_group_size,
                if hidden == 1 { "is" } else { "are" }
            )));
        }
    }
    out
}

fn overview(a: &Analysis<'_>, cfg: &ReportConfig) -> String {
    let figs = figures(a);
    let mut out = tiles(&figs.iter().take(8).map(|(l, v, p)| (l.to_string(), figure(*v, *p))).collect::<Vec<_>>());
    let rows: Vec<Vec<String>> = figs.iter().skip(8).map(|(l, v, p)| vec![l.to_string(), figure(*v, *p)]).collect();
    out.push_str(&table(&["measure", "value"], &[false, true], &rows));
    if !cfg.source.is_empty() {
        out.push_str(&para(&format!("Data: {}", cfg.source)));
    }
    out.push_str(&format!(
        "<p class=\"muted\">Betweenness {}; communities by Louvain (seeded); ties counted once, self loops left out.{}</p>\n",
        esc(&a.betweenness_label),
        a.groups.as_ref().map_or(String::new(), |gf| format!(" Groups: the node attribute “{}”.", esc(&gf.attribute)))
    ));
    out.push_str(&privacy_notes(a, cfg));
    out
}

fn top(s: &Scores, k: usize) -> Vec<NodeId> {
    s.top_k(k).into_iter().map(|(v, _)| v).collect()
}

fn people(a: &Analysis<'_>, cfg: &ReportConfig) -> String {
    let k = cfg.top;
    let reached = |v: NodeId| a.groups.as_ref().map_or("–".into(), |gf| gf.reached[v.index()].to_string());
    let mut out = String::from("<h3>Brokers: who links people who are otherwise apart</h3>\n");
    out.push_str(&para("Highest betweenness: the share of shortest paths between others that pass through the person. Low constraint and a large effective size mean contacts who do not know one another."));
    let rows: Vec<Vec<String>> = top(&a.betweenness, k)
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            let x = v.index();
            vec![
                (i + 1).to_string(),
                a.name(v),
                a.group_of(v),
                num(a.betweenness[x], 4),
                num(a.holes.constraint[x], 3),
                num(a.holes.effective_size[x], 1),
                reached(v),
                num(a.degree[x], 0),
            ]
        })
        .collect();
    out.push_str(&table(
        &["#", "person", "group", "betweenness", "constraint", "effective size", "groups reached", "ties"],
        &[true, false, false, true, true, true, true, true],
        &rows,
    ));
    let (by, label) = match &a.strength {
        Some(s) => (s, "strength (summed weight)"),
        None => (&a.degree, "ties"),
    };
    out.push_str("<h3>Connectors: who has the most ties</h3>\n");
    let rows: Vec<Vec<String>> = top(by, k)
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            let x = v.index();
            vec![
                (i + 1).to_string(),
                a.name(v),
                a.group_of(v),
                num(by[x], if a.strength.is_some() { 1 } else { 0 }),
                num(a.pagerank[x], 5),
                reached(v),
            ]
        })
        .collect();
    out.push_str(&table(&["#", "person", "group", label, "PageRank", "groups reached"], &[true, false, false, true, true, true], &rows));
    out.push_str("<h3>Peripheral people: fewest ties</h3>\n");
    out.push_str(&para(&format!(
        "{} people have no tie at all; {} have exactly one.",
        a.isolates(),
        a.degree.iter().filter(|&&d| d == 1.0).count()
    )));
    let rows: Vec<Vec<String>> = a
        .peripheral(k)
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            let x = v.index();
            let comp = a.component_sizes.get(a.components[x] as usize).copied().unwrap_or(0);
            vec![(i + 1).to_string(), a.name(v), a.group_of(v), num(a.degree[x], 0), num(a.pagerank[x], 5), comp.to_string()]
        })
        .collect();
    out.push_str(&table(&["#", "person", "group", "ties", "PageRank", "component size"], &[true, false, false, true, true, true], &rows));
    out
}

fn groups(a: &Analysis<'_>, cfg: &ReportConfig) -> String {
    let Some(gf) = &a.groups else {
        return para("No grouping attribute: give a node file (--nodes) with a department column, or pick a column with --group-by.");
    };
    let mut out = privacy_notes(a, cfg);
    out.push_str(&para(&format!(
        "E-I index between groups {} (−1: every tie inside a group, +1: every tie across groups); {} of ties cross groups.",
        signed(gf.ei.network, 3),
        pct(gf.ei.network_external, gf.ei.network_external + gf.ei.network_internal)
    )));
    let mut shown: Vec<usize> = (0..gf.labels.len()).filter(|&c| gf.shown[c] && gf.sizes[c] > 0).collect();
    shown.sort_by(|&x, &y| gf.sizes[y].cmp(&gf.sizes[x]).then(gf.labels[x].cmp(&gf.labels[y])));
    match &gf.mixing {
        Some(mix) if !shown.is_empty() => {
            let drawn: Vec<usize> = shown.iter().copied().take(MAX_HEATMAP_GROUPS).collect();
            out.push_str(&format!(
                "<h3>Tie density within and between {}s</h3>\n<p class=\"muted\">Ties over possible pairs; darker is denser. Rows and columns are the {} largest groups shown. Hover a cell for its numbers.</p>\n",
                esc(&gf.attribute),
                drawn.len()
            ));
            let labels: Vec<String> = drawn.iter().map(|&c| gf.labels[c].clone()).collect();
            let value = |i: usize, j: usize| mix.density(drawn[i], drawn[j]);
            let tip = |i: usize, j: usize| {
                let (x, y) = (drawn[i], drawn[j]);
                let ties = if x == y && !a.graph.is_directed() { mix.count(x, y) / 2 } else { mix.count(x, y) };
                format!("{} → {}: density {}, {} ties", gf.labels[x], gf.labels[y], num(mix.density(x, y), 4), ties)
            };
            out.push_str(&heatmap(&labels, &value, &tip));
        }
        Some(_) => out.push_str(&note("No group is large enough to show.")),
        None => out.push_str(&note("Too many groups for a mixing matrix.")),
    }
    let rows: Vec<Vec<String>> = shown
        .iter()
        .map(|&c| {
            let inside = gf.mixing.as_ref().map_or(f64::NAN, |m| m.density(c, c));
            vec![
                gf.labels[c].clone(),
                gf.sizes[c].to_string(),
                signed(gf.ei.group[c], 3),
                num(gf.ei.group_internal[c], 0),
                num(gf.ei.group_external[c], 0),
                num(inside, 4),
            ]
        })
        .collect();
    let _ = writeln!(out, "<h3>Groups ({})</h3>", rows.len());
    out.push_str(&table(
        &["group", "people", "E-I index", "ties inside", "ties outside", "density inside"],
        &[false, true, true, true, true, true],
        &rows,
    ));
    out
}

fn communities(a: &Analysis<'_>, view: &View, cfg: &ReportConfig) -> String {
    let Some(q) = &view.quotient else { return para("No communities.") };
    let colours = community_colours(&q.sizes);
    let (map, drawn) = community_map(a, view, &colours, cfg.max_edges);
    let bb = &view.backbone;
    let mut out = para(&format!(
        "{} communities (modularity {}). The map shows the {} people with the highest PageRank and {} of the {} ties among them; colour is community, size is PageRank. Hover a dot for the person.",
        q.sizes.len(),
        num(a.modularity, 3),
        bb.original.len(),
        drawn,
        bb.graph.edge_count() - bb.graph.self_loop_count()
    ));
    out.push_str(&map);
    // Legend: the coloured communities with their largest shown group.
    let mut order: Vec<usize> = (0..q.sizes.len()).filter(|&c| colours[c] != OTHER).collect();
    order.sort_by(|&x, &y| q.sizes[y].cmp(&q.sizes[x]).then(x.cmp(&y)));
    out.push_str("<div class=\"legend\">");
    for &c in &order {
        let _ = write!(
            out,
            "<span><i style=\"background:{}\"></i>community {}: {} people{}</span>",
            colours[c],
            c + 1,
            q.sizes[c],
            esc(&dominant(a, q, c))
        );
    }
    if q.sizes.len() > order.len() {
        let _ = write!(out, "<span><i style=\"background:{OTHER}\"></i>{} smaller communities</span>", q.sizes.len() - order.len());
    }
    out.push_str("</div>\n<h3>Communities and the ties between them</h3>\n<p class=\"muted\">One disc per community of at least 3 people (area: people), lines weigh the ties between them.</p>\n");
    out.push_str(&quotient_map(view, &colours, 3));
    out
}

/// ", mostly <group> (62%)" for community `c`, when its largest group is shown.
fn dominant(a: &Analysis<'_>, q: &ona_core::ona::Quotient, c: usize) -> String {
    let Some(gf) = &a.groups else { return String::new() };
    let mut count = vec![0u64; gf.labels.len()];
    for (v, &k) in q.community.iter().enumerate() {
        let code = gf.codes[v];
        if k as usize == c && code != MISSING {
            count[code as usize] += 1;
        }
    }
    let best = (0..count.len()).max_by(|&x, &y| count[x].cmp(&count[y]).then(y.cmp(&x)));
    match best {
        Some(b) if count[b] > 0 && gf.shown[b] => format!(", mostly {} ({})", gf.labels[b], pct(count[b] as f64, q.sizes[c] as f64)),
        _ => String::new(),
    }
}

fn risks(a: &Analysis<'_>, cfg: &ReportConfig) -> String {
    let n = a.graph.node_count();
    let mut points = a.cut.points.clone();
    points.sort_by(|x, y| a.cut.cut_off[y.index()].cmp(&a.cut.cut_off[x.index()]).then(x.cmp(y)));
    let mut out = para(&format!(
        "{} people are single points of failure: without them, someone loses every path to the rest of their part of the network. {} ties are bridges (the only link between two parts); {} of them lead to someone with that one tie only.",
        points.len(),
        a.bridges.len(),
        a.bridges.iter().filter(|(u, v)| a.degree[u.index()] == 1.0 || a.degree[v.index()] == 1.0).count()
    ));
    let rows: Vec<Vec<String>> = points
        .iter()
        .take(cfg.top)
        .enumerate()
        .map(|(i, &v)| {
            let x = v.index();
            vec![
                (i + 1).to_string(),
                a.name(v),
                a.group_of(v),
                a.cut.cut_off[x].to_string(),
                pct(f64::from(a.cut.cut_off[x]), n as f64),
                num(a.degree[x], 0),
                num(a.betweenness[x], 4),
            ]
        })
        .collect();
    if !rows.is_empty() {
        out.push_str(&table(
            &["#", "person", "group", "people cut off", "share of all", "ties", "betweenness"],
            &[true, false, false, true, true, true, true],
            &rows,
        ));
    }
    out
}

fn changed(a: &Analysis<'_>, change: Option<&Change>) -> String {
    let Some(c) = change else {
        return para(
            "One graph only. Give an earlier graph with --compare FILE to see who joined or left, which ties formed or faded, and how brokerage and silos moved.",
        );
    };
    let mut out = tiles(&[
        ("joined".into(), c.joined.to_string()),
        ("left".into(), c.left.to_string()),
        ("stayed".into(), c.stayed.to_string()),
        ("ties added".into(), c.ties_added.to_string()),
        ("ties removed".into(), c.ties_removed.to_string()),
        ("ties kept".into(), c.ties_kept.to_string()),
    ]);
    let rows: Vec<Vec<String>> =
        c.figures.iter().map(|(l, b, x, p)| vec![l.to_string(), figure(*b, *p), figure(*x, *p), signed(x - b, (*p).max(1))]).collect();
    out.push_str("<h3>Headline numbers, before and after</h3>\n");
    out.push_str(&table(&["measure", "before", "after", "change"], &[false, true, true, true], &rows));
    out.push_str("<h3>Largest moves in brokerage</h3>\n");
    let rows: Vec<Vec<String>> = c
        .movers
        .iter()
        .map(|m| {
            vec![
                a.name(m.after),
                a.group_of(m.after),
                num(m.betweenness.0, 4),
                num(m.betweenness.1, 4),
                signed(m.betweenness.1 - m.betweenness.0, 4),
                num(m.degree.0, 0),
                num(m.degree.1, 0),
            ]
        })
        .collect();
    out.push_str(&table(
        &["person", "group", "betweenness before", "after", "change", "ties before", "after"],
        &[false, false, true, true, true, true, true],
        &rows,
    ));
    if !c.groups.is_empty() || c.groups_suppressed > 0 {
        out.push_str("<h3>Silos: each group's E-I index</h3>\n");
        let rows: Vec<Vec<String>> = c
            .groups
            .iter()
            .map(|g| {
                vec![
                    g.label.clone(),
                    g.size.0.to_string(),
                    g.size.1.to_string(),
                    signed(g.ei.0, 3),
                    signed(g.ei.1, 3),
                    signed(g.ei.1 - g.ei.0, 3),
                ]
            })
            .collect();
        out.push_str(&table(
            &["group", "people before", "after", "E-I before", "after", "change"],
            &[false, true, true, true, true, true],
            &rows,
        ));
        if c.groups_suppressed > 0 {
            out.push_str(&note(&format!(
                "Privacy: {} groups smaller than the minimum size in either graph are left out.",
                c.groups_suppressed
            )));
        }
    }
    out
}
