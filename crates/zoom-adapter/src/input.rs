//! Reading input documents from files or stdin (`-`), with the size limit.

use std::io::Read;

use zoom_settings::{Document, MAX_DOCUMENT_BYTES, Problem};

/// Reads the document at `path` (`-` is stdin), at most 1 MiB plus one byte,
/// so an oversized file is reported without being read whole.
pub(crate) fn read_document(document: Document, path: &str) -> Result<Vec<u8>, Problem> {
    let limit = u64::try_from(MAX_DOCUMENT_BYTES + 1).unwrap_or(u64::MAX);
    let mut bytes = Vec::new();
    let result = if path == "-" {
        std::io::stdin().lock().take(limit).read_to_end(&mut bytes)
    } else {
        match std::fs::File::open(path) {
            Ok(file) => {
                if file.metadata().is_ok_and(|m| m.is_dir()) {
                    return Err(Problem::new(
                        document,
                        "",
                        &format!("file {path} is a directory"),
                        "pass the path of a JSON file",
                    ));
                }
                file.take(limit).read_to_end(&mut bytes)
            }
            Err(err) => Err(err),
        }
    };
    result.map_err(|err| {
        let what = match err.kind() {
            std::io::ErrorKind::NotFound => format!("file {path} does not exist"),
            std::io::ErrorKind::PermissionDenied => {
                format!("file {path} cannot be read (permission denied)")
            }
            _ => format!("file {path} cannot be read ({err})"),
        };
        Problem::new(
            document,
            "",
            &what,
            "check the path given to --connection or --settings",
        )
    })?;
    Ok(bytes)
}
