//! Tidy checks (rust-analyzer's habit): conventions that reviews would
//! otherwise have to catch, run as ordinary tests.

use std::path::{Path, PathBuf};

use zoom_adapter_e2e::repo_root;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir:?}: {e}"))
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.is_dir()
            && path
                .file_name()
                .is_some_and(|n| n != "target" && n != "snapshots")
        {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_rust_file_starts_with_a_module_doc() {
    let mut files = Vec::new();
    rust_files(&repo_root().join("crates"), &mut files);
    rust_files(&repo_root().join("tests"), &mut files);
    assert!(files.len() > 50);
    let missing: Vec<_> = files
        .iter()
        .filter(|f| {
            !std::fs::read_to_string(f)
                .unwrap_or_default()
                .starts_with("//!")
        })
        .collect();
    assert!(
        missing.is_empty(),
        "files without a `//!` doc comment first: {missing:?}"
    );
}

#[test]
fn library_code_never_prints_and_never_unwraps() {
    let mut files = Vec::new();
    rust_files(&repo_root().join("crates"), &mut files);
    let mut offenders = Vec::new();
    for file in files
        .iter()
        .filter(|f| f.components().any(|c| c.as_os_str() == "src"))
    {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        // Unit tests live at the end of a file, after `#[cfg(test)]`.
        let product = text.split("#[cfg(test)]").next().unwrap_or_default();
        let is_main = file.ends_with("main.rs");
        for (number, line) in product.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            let prints = !is_main
                && (code.contains("println!(")
                    || code.contains("print!(")
                    || code.contains("eprintln!("));
            if prints || code.contains(".unwrap()") || code.contains(".expect(") {
                offenders.push(format!(
                    "{}:{}: {}",
                    file.display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "product code must return errors and write through its output module:\n{}",
        offenders.join("\n")
    );
}
