//! `ona report`: sections, escaping, no network references, small-group
//! suppression, pseudonyms, comparison, determinism.

use std::path::{Path, PathBuf};

use tempfile::TempDir;

use super::{ona, s, stderr, write};

/// A hostile id that must never reach the page unescaped.
const HOSTILE: &str = "<script>alert(1)</script>";

/// Two departments of six (cliques) joined only through the hostile id,
/// who also holds a pendant pair of the two-person department.
fn org(dir: &TempDir) -> (PathBuf, PathBuf) {
    let mut edges = String::from("source,target\n");
    for team in ["eng", "ops"] {
        for i in 1..=6 {
            for j in i + 1..=6 {
                edges.push_str(&format!("{team}_{i},{team}_{j}\n"));
            }
        }
        edges.push_str(&format!("{HOSTILE},{team}_1\n"));
    }
    edges.push_str(&format!("{HOSTILE},tiny_1\ntiny_1,tiny_2\n"));
    let mut nodes = String::from("id,department\n");
    for i in 1..=6 {
        nodes.push_str(&format!("eng_{i},engineering\nops_{i},operations\n"));
    }
    nodes.push_str(&format!("tiny_1,smallteam\ntiny_2,smallteam\n{HOSTILE},<b>bold</b>\n"));
    (write(dir, "edges.csv", &edges), write(dir, "nodes.csv", &nodes))
}

/// Run `ona report` with `args`, writing `name`; the page.
fn report(dir: &TempDir, name: &str, args: &[&str]) -> String {
    let out = dir.path().join(name);
    let o = ona(&[&["report", "-o", s(&out)], args].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::read_to_string(&out).unwrap()
}

fn sections_of(page: &str) -> Vec<&str> {
    page.match_indices("<section id=\"").map(|(i, m)| page[i + m.len()..].split('"').next().unwrap()).collect()
}

#[test]
fn report_has_every_section_and_refers_to_nothing_outside() {
    let dir = TempDir::new().unwrap();
    let (e, n) = org(&dir);
    let page = report(&dir, "r.html", &["--edges", s(&e), "--nodes", s(&n), "--min-group-size", "2"]);
    assert_eq!(sections_of(&page), ["overview", "people", "groups", "communities", "risks", "change"]);
    for heading in ["Brokers", "Connectors", "Peripheral people", "Tie density within and between departments", "Single points of failure"]
    {
        assert!(page.contains(heading), "{heading}");
    }
    // Heat-map: 3 groups of at least 2 people (the hostile id's group has 1): 9 cells.
    let heat = &page[page.find("class=\"heatmap\"").unwrap()..];
    assert_eq!(heat[..heat.find("</svg>").unwrap()].matches("<rect").count(), 9);
    // Community map: one dot per person.
    let map = &page[page.find("aria-label=\"community map\"").unwrap()..];
    assert_eq!(map[..map.find("</svg>").unwrap()].matches("<circle").count(), 15);
    // Cut points: the hostile id (cuts off 8), eng_1 and ops_1 (5 each), tiny_1 (1); four bridges.
    let risks = &page[page.find("<section id=\"risks\"").unwrap()..];
    assert!(risks.contains("4 people are single points of failure"), "{}", &risks[..400]);
    assert!(risks.contains("4 ties are bridges"));
    let first = &risks[risks.find("<tbody>").unwrap()..];
    assert!(
        first.starts_with(
            "<tbody>\n<tr><td class=\"n\">1</td><td>&lt;script&gt;alert(1)&lt;/script&gt;</td><td>(small group)</td><td class=\"n\">8</td>"
        ),
        "{}",
        &first[..200]
    );
    for needle in ["http://", "https://", "<script", "<link", "<img", "<iframe", "url(", "@import", "src="] {
        assert!(!page.to_ascii_lowercase().contains(needle), "{needle}");
    }
}

#[test]
fn report_escapes_hostile_names() {
    let dir = TempDir::new().unwrap();
    let (e, n) = org(&dir);
    let page = report(&dir, "r.html", &["--edges", s(&e), "--nodes", s(&n), "--min-group-size", "1"]);
    assert!(!page.contains(HOSTILE) && !page.contains("<b>bold</b>"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("&lt;b&gt;bold&lt;/b&gt;"));
    // The hostile id is the top broker, so it is in the brokers table.
    let brokers = &page[page.find("<h3>Brokers").unwrap()..page.find("<h3>Connectors").unwrap()];
    assert!(brokers.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"));
}

#[test]
fn report_suppresses_small_groups_and_says_so() {
    let dir = TempDir::new().unwrap();
    let (e, n) = org(&dir);
    let page = report(&dir, "r.html", &["--edges", s(&e), "--nodes", s(&n)]);
    // smallteam (2) and the hostile id's group (1) are below the default 5.
    assert!(page.contains("Privacy: 2 groups with fewer than 5 people (3 people in all) are left out"), "no privacy note");
    assert!(!page.contains("smallteam") && !page.contains("bold"));
    assert!(page.contains("(small group)") && page.contains("engineering") && page.contains("operations"));
    let heat = &page[page.find("class=\"heatmap\"").unwrap()..];
    assert_eq!(heat[..heat.find("</svg>").unwrap()].matches("<rect").count(), 4);
    let all = report(&dir, "all.html", &["--edges", s(&e), "--nodes", s(&n), "--min-group-size", "1"]);
    assert!(all.contains("smallteam") && !all.contains("Privacy:"));
}

#[test]
fn report_pseudonymises_people() {
    let dir = TempDir::new().unwrap();
    let (e, n) = org(&dir);
    let key = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    let page = report(&dir, "r.html", &["--edges", s(&e), "--nodes", s(&n), "--pseudonymize", key]);
    for id in ["eng_1", "ops_6", "tiny_2", "alert(1)"] {
        assert!(!page.contains(id), "{id}");
    }
    assert!(page.contains("keyed pseudonyms") && page.matches("p_").count() >= 15);
    // Same key, same pseudonyms; another key, others.
    assert_eq!(page, report(&dir, "again.html", &["--edges", s(&e), "--nodes", s(&n), "--pseudonymize", key]));
    let other = report(&dir, "other.html", &["--edges", s(&e), "--nodes", s(&n), "--pseudonymize", &key.replace('f', "e")]);
    assert_ne!(page, other);
    let bad = ona(&["report", "--edges", s(&e), "-o", s(&dir.path().join("x.html")), "--pseudonymize", "123"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("64 hexadecimal digits") && !stderr(&bad).contains("123"));
}

#[test]
fn report_compares_two_graphs() {
    let dir = TempDir::new().unwrap();
    let (e, n) = org(&dir);
    // Before: the same organisation without tiny_2 and without the hostile id's tie to ops, plus a tie since gone.
    let now = std::fs::read_to_string(&e).unwrap();
    let mut before: String =
        now.lines().filter(|l| !l.contains("tiny_2") && *l != format!("{HOSTILE},ops_1")).map(|l| format!("{l}\n")).collect();
    before.push_str("eng_2,ops_2\n");
    let b = write(&dir, "before.csv", &before);
    // Without a node file, people are those with ties: tiny_2 joined.
    let page = report(&dir, "r.html", &["--edges", s(&e), "--compare", s(&b)]);
    let change = &page[page.find("<section id=\"change\"").unwrap()..];
    for (label, value) in [("joined", 1), ("left", 0), ("stayed", 14), ("ties added", 2), ("ties removed", 1), ("ties kept", 32)] {
        assert!(change.contains(&format!("<div class=\"v\">{value}</div><div class=\"l\">{label}</div>")), "{label} {value}");
    }
    assert!(change.contains("Largest moves in brokerage") && !change.contains("Silos"));
    assert!(change.contains("<td>eng_2</td>"), "eng_2 no longer brokers between the departments");
    let page = report(&dir, "g.html", &["--edges", s(&e), "--nodes", s(&n), "--compare", s(&b), "--min-group-size", "1"]);
    assert!(page.contains("Silos: each group") && page.contains("<td>smallteam</td><td class=\"n\">2</td><td class=\"n\">2</td>"));
    let alone = report(&dir, "one.html", &["--edges", s(&e)]);
    assert!(alone.contains("One graph only"));

    // The same two versions as time windows of one timestamped file: the same changes.
    let mut both = String::from("source,target,time\n");
    for (text, day) in [(&before, "2024-01-15"), (&now, "2024-02-15T09:30:00+01:00")] {
        both.extend(text.lines().skip(1).filter(|l| !l.is_empty()).map(|l| format!("{l},{day}\n")));
    }
    let t = write(&dir, "timed.csv", &both);
    let windows = report(&dir, "w.html", &["--edges", s(&t), "--window", "2024-02-01..", "--compare-window", "2024-01-01..2024-02-01"]);
    let section = |p: &str| p[p.find("<section id=\"change\"").unwrap()..].split("</section>").next().unwrap().to_string();
    assert_eq!(section(&windows), section(&page_files(&dir, &e, &b)));
    assert!(windows.contains("timed.csv in 2024-02-01.., compared with 2024-01-01..2024-02-01"));
}

fn page_files(dir: &TempDir, e: &Path, b: &Path) -> String {
    report(dir, "files.html", &["--edges", s(e), "--compare", s(b)])
}

#[test]
fn report_is_deterministic_across_threads() {
    let dir = TempDir::new().unwrap();
    let a = report(&dir, "a.html", &["--people", "300", "--threads", "1"]);
    let b = report(&dir, "b.html", &["--people", "300", "--threads", "2"]);
    assert_eq!(a, b);
    assert_eq!(sections_of(&a).len(), 6);
    assert!(a.contains("a synthetic organisation") && a.contains("class=\"heatmap\""));
}

#[test]
fn report_without_input_and_bad_options() {
    let dir = TempDir::new().unwrap();
    let out: &Path = &dir.path().join("report.html");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_ona"))
        .args(["report", "--people", "200", "--quiet"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read_to_string(out).unwrap().starts_with("<!DOCTYPE html>"));
    let (e, n) = org(&dir);
    let o = ona(&["report", "--edges", s(&e), "--nodes", s(&n), "--group-by", "office", "-o", s(out)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("department"), "{}", stderr(&o));
    let o = ona(&["report", "--edges", s(&e), "--max-nodes", "9000", "-o", s(out)]);
    assert_eq!(o.status.code(), Some(2));
}
