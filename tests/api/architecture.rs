//! The shape of the code, checked on the source: imports between top-level modules flow one way
//! (no cycle), and the domain (`guidance`, `nudges`, `worklog`) and `store` never import the
//! Slack edge, the use cases or the HTTP layer. Test code (`tests.rs`, `#[cfg(test)]` tails) is
//! left out: a test may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level module -> the top-level modules its (non-test) code names as `crate::…`.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut dirs = vec![src.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("src readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "tests") {
                    dirs.push(path);
                }
                continue;
            }
            let is_rust = path.extension().is_some_and(|e| e == "rs");
            if !is_rust || path.file_name().is_some_and(|n| n == "tests.rs") {
                continue;
            }
            let rel = path.strip_prefix(&src).expect("under src");
            let first = rel.components().next().expect("a component");
            let top = first
                .as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_owned();
            if top == "lib" || top == "main" {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source readable");
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            let named = graph.entry(top.clone()).or_default();
            for (at, _) in code.match_indices("crate::") {
                let rest = &code[at + "crate::".len()..];
                let end = rest
                    .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
                    .unwrap_or(rest.len());
                let other = &rest[..end];
                if !other.is_empty() && other != top {
                    named.insert(other.to_owned());
                }
            }
        }
    }
    graph
}

#[test]
fn top_level_modules_import_each_other_one_way_only() {
    let graph = imports();
    assert!(graph.len() > 10, "found the modules: {graph:?}");
    // Kahn's algorithm: whatever cannot be ordered sits on a cycle.
    let mut left = graph.clone();
    loop {
        let leaves: Vec<String> = left
            .iter()
            .filter(|(_, deps)| deps.iter().all(|d| !left.contains_key(d)))
            .map(|(m, _)| m.clone())
            .collect();
        if leaves.is_empty() {
            break;
        }
        for leaf in leaves {
            left.remove(&leaf);
        }
    }
    assert!(left.is_empty(), "modules on an import cycle: {left:#?}");
}

#[test]
fn the_domain_and_the_store_never_import_the_edge_or_the_use_cases() {
    let graph = imports();
    let outer = [
        "slack",
        "bot",
        "routes",
        "startup",
        "cli",
        "playground",
        "server",
    ];
    for inner in [
        "guidance", "nudges", "worklog", "store", "ids", "clock", "crypto",
    ] {
        let deps = graph.get(inner).unwrap_or_else(|| panic!("{inner} exists"));
        let wrong: Vec<&String> = deps
            .iter()
            .filter(|d| outer.contains(&d.as_str()))
            .collect();
        assert!(wrong.is_empty(), "{inner} imports {wrong:?}");
    }
    assert!(
        graph["bot"].contains("slack") && graph["bot"].contains("nudges"),
        "the checker sees imports at all"
    );
}
