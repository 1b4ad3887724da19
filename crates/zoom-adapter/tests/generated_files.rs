//! Drift test: the checked-in generated files must equal what the Rust types
//! generate. A stale file is rewritten and the test fails, so re-running
//! `cargo test -p zoom-adapter --test generated_files` and committing fixes it.

use std::path::PathBuf;

#[test]
fn generated_files_are_up_to_date() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut stale = Vec::new();
    for file in zoom_adapter::generated::generated_files() {
        let path = root.join(&file.path);
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current != file.contents {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .unwrap_or_else(|e| panic!("create {parent:?}: {e}"));
            }
            std::fs::write(&path, &file.contents).unwrap_or_else(|e| panic!("write {path:?}: {e}"));
            stale.push(file.path);
        }
    }
    assert!(
        stale.is_empty(),
        "these generated files were out of date and have been regenerated: {stale:?}\n\
         review them, then run `cargo test -p zoom-adapter --test generated_files` again and commit them"
    );
}

/// `docs/ARCHITECTURE.md` lists every generated file (by name, or by its
/// directory's `*.schema.json` row with the right count).
#[test]
fn the_architecture_doc_lists_every_generated_file() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let doc = std::fs::read_to_string(root.join("docs/ARCHITECTURE.md")).unwrap();
    let section = doc
        .split("## Generated files")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap_or_default();
    let mut per_dir = std::collections::BTreeMap::<String, usize>::new();
    for file in zoom_adapter::generated::generated_files() {
        if section.contains(&format!("`{}`", file.path)) {
            continue;
        }
        let dir = file.path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        assert!(
            section.contains(&format!("`{dir}/*.schema.json`")),
            "{} is generated but docs/ARCHITECTURE.md's table does not list it",
            file.path
        );
        *per_dir.entry(dir.to_owned()).or_default() += 1;
    }
    for (dir, count) in per_dir {
        assert!(
            section.contains(&format!("`{dir}/*.schema.json`"))
                && section.contains(&format!("({count} files)")),
            "docs/ARCHITECTURE.md should say {dir}/ has {count} generated files"
        );
    }
}
