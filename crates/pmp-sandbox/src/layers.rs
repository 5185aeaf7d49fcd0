//! How the sandbox's modules stand on each other: their imports point one way, never in a
//! circle. At the bottom, `crm.rs`'s facts with the types its rows are made of, and the small
//! modules that import nothing of the sandbox (`clock.rs`, `body.rs`, `pages.rs`,
//! `limits.rs`, `serve.rs`); above them what reads the facts or the version profiles
//! (`profile.rs`, `schema.rs`, `views.rs`, `input.rs`, `auth.rs`, `openapi.rs`), then
//! `store.rs`, then `seed.rs`, which fills the store its opener hands it; on top the handlers
//! (`api.rs`), the guard around them, the configuration, and `lib.rs`, which wires them. A
//! module imports what stands below it: a type two modules share lives in the lower one, or
//! moves further down.
//!
//! Every check of how the sandbox's modules depend on each other lives here.

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    /// References the check leaves out, as `(module, path after crate::)`: none today. A
    /// reference set aside that the code no longer makes fails the check.
    const SET_ASIDE: &[(&str, &str)] = &[];

    /// The module that names the crate's root (`lib.rs`).
    const ROOT: &str = "lib";

    /// Where one module names another: the file and line, for the failure message.
    #[derive(Debug, Clone)]
    struct Place {
        file: String,
        line: usize,
        text: String,
    }

    /// The code of a source file without its comments and its `#[cfg(test)]` module (tests
    /// may reach any module), line for line.
    fn code_of(text: &str) -> String {
        let body = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
        body.lines()
            .map(|line| {
                if line.trim_start().starts_with("//") {
                    ""
                } else {
                    line.split(" // ").next().unwrap_or(line)
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn path_char(c: char) -> bool {
        c.is_ascii_alphanumeric() || c == '_' || c == ':'
    }

    /// The paths a piece of code names after `crate::`, with the 1-based line of each:
    /// `crate::a::b` gives `a::b`, `use crate::{a::B, c}` gives `a::B` and `c`.
    fn crate_paths(code: &str) -> Vec<(usize, String)> {
        let mut found = Vec::new();
        for (at, _) in code.match_indices("crate::") {
            if code[..at].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
                continue; // `pmp_sandbox_crate::` and the like
            }
            let line = code[..at].matches('\n').count() + 1;
            let rest = &code[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let mut depth = 0usize;
                let end = group
                    .char_indices()
                    .find(|&(_, c)| {
                        match c {
                            '{' => depth += 1,
                            '}' if depth == 0 => return true,
                            '}' => depth -= 1,
                            _ => {}
                        }
                        false
                    })
                    .map_or(group.len(), |(i, _)| i);
                let mut depth = 0usize;
                let mut item = String::new();
                for c in group[..end].chars().chain([',']) {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            let path: String = item.trim().chars().take_while(|c| path_char(*c)).collect();
                            let path = path.trim_end_matches(':');
                            if !path.is_empty() {
                                found.push((line, path.to_owned()));
                            }
                            item.clear();
                            continue;
                        }
                        _ => {}
                    }
                    item.push(c);
                }
            } else {
                let path: String = rest.chars().take_while(|c| path_char(*c)).collect();
                found.push((line, path.trim_end_matches(':').to_owned()));
            }
        }
        found
    }

    /// Every module of the sandbox's library (`lib` for `lib.rs`; a folder's files belong to
    /// the module of the same name), with its code.
    fn modules() -> BTreeMap<String, Vec<(String, String)>> {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        for entry in std::fs::read_dir(&src).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                for inner in std::fs::read_dir(&path).unwrap() {
                    files.push(inner.unwrap().path());
                }
            } else {
                files.push(path);
            }
        }
        let mut modules: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        for path in files {
            let shown = path
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            // main.rs is the binary, a crate of its own.
            if !shown.ends_with(".rs") || shown == "main.rs" {
                continue;
            }
            let module = shown.split(['/', '.']).next().unwrap().to_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            modules.entry(module).or_default().push((shown, code_of(&text)));
        }
        modules
    }

    /// Which modules each module imports, with the first place it does, and the set-aside
    /// references that were found.
    type Graph = BTreeMap<String, BTreeMap<String, Place>>;

    fn graph(
        modules: &BTreeMap<String, Vec<(String, String)>>,
    ) -> (Graph, BTreeSet<(&'static str, &'static str)>) {
        let mut graph = Graph::new();
        let mut set_aside = BTreeSet::new();
        for (module, files) in modules {
            let edges = graph.entry(module.clone()).or_default();
            for (file, code) in files {
                let lines: Vec<&str> = code.lines().collect();
                let place = |line: usize| Place {
                    file: file.clone(),
                    line,
                    text: lines[line - 1].trim().to_owned(),
                };
                let mut named: Vec<(usize, String)> = Vec::new();
                for (line, path) in crate_paths(code) {
                    if let Some(skip) = SET_ASIDE
                        .iter()
                        .find(|(from, to)| from == module && path.starts_with(to))
                    {
                        set_aside.insert(*skip);
                        continue;
                    }
                    let first = path.split("::").next().unwrap_or_default();
                    // `crate::Token`: a name re-exported by the root.
                    let target = if modules.contains_key(first) { first } else { ROOT };
                    named.push((line, target.to_owned()));
                }
                if module == ROOT {
                    // The root declares every module (`mod api;`) and names them by their names.
                    for (n, line) in lines.iter().enumerate() {
                        let declared = line.trim().strip_prefix("mod ").and_then(|m| m.strip_suffix(';'));
                        if let Some(declared) = declared {
                            named.push((n + 1, declared.to_owned()));
                        }
                    }
                } else if !file.contains('/') {
                    // `super::` at the top is the root; in a folder's file it is its own module.
                    for (n, line) in lines.iter().enumerate() {
                        if line.contains("super::") {
                            named.push((n + 1, ROOT.to_owned()));
                        }
                    }
                }
                for (line, target) in named {
                    if &target != module {
                        edges.entry(target).or_insert_with(|| place(line));
                    }
                }
            }
        }
        (graph, set_aside)
    }

    /// Every circle of imports a depth-first walk finds (one per edge that leads back), each
    /// as the modules in order, the first repeated at the end.
    fn cycles(graph: &Graph) -> Vec<Vec<String>> {
        fn walk(
            module: &str,
            graph: &Graph,
            path: &mut Vec<String>,
            done: &mut BTreeSet<String>,
            found: &mut Vec<Vec<String>>,
        ) {
            path.push(module.to_owned());
            for next in graph.get(module).into_iter().flat_map(|edges| edges.keys()) {
                if let Some(start) = path.iter().position(|m| m == next) {
                    let mut cycle = path[start..].to_vec();
                    cycle.push(next.clone());
                    found.push(cycle);
                } else if !done.contains(next) {
                    walk(next, graph, path, done, found);
                }
            }
            path.pop();
            done.insert(module.to_owned());
        }
        let mut done = BTreeSet::new();
        let mut found = Vec::new();
        for module in graph.keys() {
            if !done.contains(module) {
                walk(module, graph, &mut Vec::new(), &mut done, &mut found);
            }
        }
        found
    }

    #[test]
    fn paths_after_crate_are_read_from_uses_and_code() {
        let code = "use crate::{a::B, c::{self, D}, e};\nlet x = crate::f::g(crate::H);\nmy_crate::z";
        let paths: Vec<String> = crate_paths(code).into_iter().map(|(_, p)| p).collect();
        assert_eq!(paths, ["a::B", "c", "e", "f::g", "H"]);
        assert_eq!(crate_paths("x\ny crate::k::L")[0], (2, "k::L".to_owned()));
        assert_eq!(
            code_of("a\n// crate::b\nc // crate::d\n#[cfg(test)]\nmod tests"),
            "a\n\nc"
        );
    }

    #[test]
    fn a_circle_is_found_and_named() {
        let edge = || Place {
            file: String::new(),
            line: 1,
            text: String::new(),
        };
        let mut graph = Graph::new();
        for (from, to) in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("e", "d")] {
            graph
                .entry(from.to_owned())
                .or_default()
                .insert(to.to_owned(), edge());
            graph.entry(to.to_owned()).or_default();
        }
        assert_eq!(cycles(&graph), [["a", "b", "c", "a"]]);
        graph.get_mut("c").unwrap().remove("a");
        assert!(cycles(&graph).is_empty());
    }

    /// The rule of this file: no module of the sandbox imports, through others, itself.
    #[test]
    fn module_imports_point_one_way() {
        let modules = modules();
        let (graph, set_aside) = graph(&modules);
        // The walk read the sources it should: a broken reader must not pass for no circles.
        assert!(graph.len() > 15, "modules found: {:?}", graph.keys());
        for (from, to) in [
            ("api", "store"),
            ("store", "crm"),
            ("views", "crm"),
            (ROOT, "api"),
        ] {
            assert!(graph[from].contains_key(to), "{from} -> {to} not seen");
        }
        let found: Vec<String> = cycles(&graph)
            .iter()
            .map(|cycle| {
                let steps = cycle.windows(2).map(|pair| {
                    let place = &graph[&pair[0]][&pair[1]];
                    format!(
                        "  {} -> {}  ({}:{}: {})",
                        pair[0], pair[1], place.file, place.line, place.text
                    )
                });
                format!("{}\n{}", cycle.join(" -> "), steps.collect::<Vec<_>>().join("\n"))
            })
            .collect();
        assert!(
            found.is_empty(),
            "module imports in a circle (move the shared item down to the lower module):\n{}",
            found.join("\n")
        );
        for skip in SET_ASIDE {
            assert!(
                set_aside.contains(skip),
                "{} no longer names crate::{}: remove it from SET_ASIDE",
                skip.0,
                skip.1
            );
        }
    }
}
