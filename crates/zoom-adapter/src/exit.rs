//! [`Exit`]: the process exit codes of docs/contracts.md, in one place.

use std::process::ExitCode;

/// How a command ended, as the process exit code hosts and scripts read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: everything succeeded (or the input is valid).
    Ok,
    /// 1: an `airbyte` or `singer` command failed, as those engines expect
    /// (its TRACE or log messages say why).
    Failed,
    /// 2: the input (files, parameters, settings, command line) is invalid.
    Invalid,
    /// 3: authentication to Zoom failed.
    AuthFailed,
    /// 4: some sources or asset types are unreachable; the rest delivered.
    Partial,
    /// 5: Zoom refused an action.
    ZoomRefused,
    /// 6: Zoom could not be reached (network, DNS, proxy, TLS): the
    /// credentials were not checked.
    Unreachable,
}

impl Exit {
    /// The numeric code.
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::Failed => 1,
            Exit::Invalid => 2,
            Exit::AuthFailed => 3,
            Exit::Partial => 4,
            Exit::ZoomRefused => 5,
            Exit::Unreachable => 6,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit.code())
    }
}
