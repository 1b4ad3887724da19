//! The `zoom-adapter` binary; everything lives in the library.

fn main() -> std::process::ExitCode {
    zoom_adapter::cli::main()
}
