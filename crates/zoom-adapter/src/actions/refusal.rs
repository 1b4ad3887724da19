//! Zoom's refusal of one target's call as a [`TargetStatus`] and a message:
//! what Zoom said (its words, its code) and what to do about it, once.
//! Classified by Zoom's code and message first, by the error's kind after,
//! so a refusal Zoom explains is never answered with generic advice (the
//! account owner cannot be deleted: that is not a missing scope).

use zoom_api::ErrorKind;

use super::report::TargetStatus;

/// How one refused call ends its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Refusal {
    /// The target's status.
    pub status: TargetStatus,
    /// Zoom's words, then what to do (once).
    pub message: String,
}

/// The refusal `err` stands for.
pub(super) fn refusal(err: &zoom_api::Error) -> Refusal {
    let code = err.zoom_code().unwrap_or_default();
    let says = err
        .call()
        .and_then(|c| c.zoom_message.clone())
        .unwrap_or_default();
    let lower = says.to_ascii_lowercase();
    let zoom = |advice: &str| {
        if says.is_empty() {
            format!("{}; {advice}", err.describe())
        } else {
            format!("zoom says: {says} (zoom code {code}); {advice}")
        }
    };
    let (status, message) = match (code, err.kind()) {
        ("1005", _) | (_, ErrorKind::Conflict) => (
            TargetStatus::AlreadyExists,
            zoom("nothing to do: a user with this email exists"),
        ),
        ("4130" | "1010", _) => (
            TargetStatus::GroupNotFound,
            zoom("check the group's id or name (GET /groups lists them)"),
        ),
        ("1001", _) | (_, ErrorKind::NotFound) => (
            TargetStatus::NotFound,
            zoom("check the user's id or email; a deleted user cannot be found"),
        ),
        ("300", _) if lower.contains("not a member") => (
            TargetStatus::Unchanged,
            zoom("nothing to do: the user is not in the group"),
        ),
        ("300", _) if lower.contains("pending") => (
            TargetStatus::Failed,
            zoom("a pending user can only be disassociated: use mode disassociate"),
        ),
        (_, _) if lower.contains("owner") && lower.contains("delete") => (
            TargetStatus::Failed,
            zoom(
                "zoom never deletes the account owner: transfer the account's ownership to \
                 another user first (Account Profile in Zoom's web portal), then run this again",
            ),
        ),
        (_, ErrorKind::Throttled | ErrorKind::DailyLimit | ErrorKind::QuotaBudget) => (
            TargetStatus::RateLimited,
            match err.reset_at() {
                Some(reset) => zoom(&format!("zoom accepts this again after {reset}")),
                None => zoom("run this target again later (other apps share the account's limits)"),
            },
        ),
        (_, ErrorKind::Permission) => (
            TargetStatus::Failed,
            match err.call().and_then(|c| c.missing_scope.clone()) {
                Some(scope) => zoom(&format!(
                    "add the scope {scope} to the server-to-server oauth app in the zoom app \
                     marketplace, and give the app's owner a role that may make this change"
                )),
                None => zoom(
                    "the app's owner lacks the role permission for this change, or the \
                     account's plan does not allow it: check the owner's role in Zoom",
                ),
            },
        ),
        (_, ErrorKind::InvalidRequest) => (
            TargetStatus::Failed,
            zoom("zoom refused this target's values: check them against the action's schema"),
        ),
        _ => (TargetStatus::Failed, err.to_string()),
    };
    Refusal { status, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(kind: ErrorKind, status: u16, code: &str, message: &str) -> zoom_api::Error {
        let mut call = zoom_api::CallError::new(kind, zoom_api::api::users::DELETE_USER, "refused");
        call.status = Some(status);
        call.zoom_code = Some(code.to_owned());
        call.zoom_message = Some(message.to_owned());
        zoom_api::Error::Call(Box::new(call))
    }

    #[test]
    fn the_owner_is_not_a_scope_problem() {
        let err = error(
            ErrorKind::Permission,
            400,
            "200",
            "The account owner cannot be deleted.",
        );
        let r = refusal(&err);
        assert_eq!(r.status, TargetStatus::Failed);
        assert!(r.message.contains("The account owner cannot be deleted."));
        assert!(r.message.contains("transfer the account's ownership"));
        assert!(!r.message.contains("scope"), "{}", r.message);
    }

    #[test]
    fn not_a_member_is_unchanged_and_the_advice_appears_once() {
        let err = error(
            ErrorKind::InvalidRequest,
            400,
            "300",
            "The user is not a member of this group.",
        );
        let r = refusal(&err);
        assert_eq!(r.status, TargetStatus::Unchanged);
        assert_eq!(
            r.message,
            "zoom says: The user is not a member of this group. (zoom code 300); nothing to do: the user is not in the group"
        );
    }

    #[test]
    fn codes_map_to_statuses() {
        let cases = [
            (
                ErrorKind::Conflict,
                409,
                "1005",
                TargetStatus::AlreadyExists,
            ),
            (
                ErrorKind::NotFound,
                404,
                "4130",
                TargetStatus::GroupNotFound,
            ),
            (ErrorKind::NotFound, 404, "1001", TargetStatus::NotFound),
            (ErrorKind::Throttled, 429, "429", TargetStatus::RateLimited),
            (ErrorKind::InvalidRequest, 400, "300", TargetStatus::Failed),
        ];
        for (kind, status, code, expected) in cases {
            assert_eq!(
                refusal(&error(kind, status, code, "x")).status,
                expected,
                "{code}"
            );
        }
    }
}
