//! The docs tell the truth about the CLI and about each other: every
//! `zoom-adapter COMMAND --flag` written in the README, the crate READMEs
//! and `docs/` exists (its `--help` lists it), and every relative link
//! resolves to a file of the repository.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use zoom_adapter_e2e::{repo_root, run_adapter};

/// Every markdown file that documents the product.
fn markdown_files() -> Vec<PathBuf> {
    let root = repo_root();
    let mut files = vec![root.join("README.md"), root.join("examples/README.md")];
    for dir in ["docs", "crates", "tests"] {
        collect(&root.join(dir), &mut files);
    }
    files
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if path.is_dir() && name != "target" && name != "snapshots" {
            collect(&path, out);
        } else if name.ends_with(".md") {
            out.push(path);
        }
    }
}

/// `(command, flags)` of each `zoom-adapter …` invocation in `text`.
fn invocations(text: &str) -> Vec<(String, Vec<String>)> {
    let mut found = Vec::new();
    for (i, _) in text.match_indices("zoom-adapter ") {
        let rest = &text[i + "zoom-adapter ".len()..];
        let end = rest.find(['`', '\n', '|', '#', ')']).unwrap_or(rest.len());
        let words: Vec<&str> = rest[..end].split_whitespace().collect();
        let Some(command) = words.first() else {
            continue;
        };
        // `cargo test -p zoom-adapter --test …` names the package, not a command.
        if command.starts_with('-') || !command.chars().all(|c| c.is_ascii_lowercase() || c == '-')
        {
            continue;
        }
        let flags = words
            .iter()
            .filter(|w| w.starts_with("--"))
            .map(|w| {
                w.split(['=', ',', '.', ';', '\''])
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            })
            .filter(|w| w.len() > 2)
            .collect();
        found.push(((*command).to_owned(), flags));
    }
    found
}

#[test]
fn every_documented_command_and_flag_exists() {
    let top = run_adapter(&["--help"], "", &[]).stdout;
    let mut help: BTreeMap<String, String> = BTreeMap::new();
    let mut missing = Vec::new();
    let mut checked = 0;
    for file in markdown_files() {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        for (command, flags) in invocations(&text) {
            // Prose such as "zoom-adapter is …" is not an invocation.
            if !top.contains(&format!("  {command} ")) && !top.contains(&format!("  {command}\n")) {
                if [
                    "is", "and", "or", "the", "as", "in", "reads", "runs", "itself",
                ]
                .contains(&command.as_str())
                    || command.len() < 3
                {
                    continue;
                }
                missing.push(format!("{}: command {command}", file.display()));
                continue;
            }
            let text = help
                .entry(command.clone())
                .or_insert_with(|| run_adapter(&[&command, "--help"], "", &[]).stdout);
            for flag in flags {
                checked += 1;
                if !text.contains(&flag) {
                    missing.push(format!("{}: {command} {flag}", file.display()));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "documented but not in --help:\n{}",
        missing.join("\n")
    );
    assert!(checked >= 15, "only {checked} documented flags were found");
}

#[test]
fn every_relative_link_resolves() {
    let mut broken = Vec::new();
    for file in markdown_files() {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
        for (i, _) in text.match_indices("](") {
            let rest = &text[i + 2..];
            let target = rest.split(')').next().unwrap_or_default();
            let target = target.split('#').next().unwrap_or_default();
            if target.is_empty() || target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            if !dir.join(target).exists() {
                broken.push(format!("{}: {target}", file.display()));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "links to nothing:\n{}",
        broken.join("\n")
    );
}
