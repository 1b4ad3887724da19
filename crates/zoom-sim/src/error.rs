//! [`Error`]: why the simulator could not start or run.

/// Why the simulator could not start or run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A configuration value is invalid (a flag, a fault spec, a size).
    #[error("invalid simulator configuration: {0}")]
    Config(String),
    /// The listening socket could not be opened.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address asked for.
        addr: std::net::SocketAddr,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// Writing a file (the truth file) failed.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The simulated clock cannot move there (backwards, or past the horizon).
    #[error("invalid simulator clock: {0}")]
    Clock(String),
    /// The HTTP server stopped with an error.
    #[error("the simulator's server failed: {0}")]
    Serve(std::io::Error),
}
