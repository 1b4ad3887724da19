//! `check` without `--json`: the report as a table for people.

use std::io::Write;

use zoom_api::ScopeFamily;

use super::{KindStatus, Report};
use crate::summary::FailureKind;

pub(super) fn write_table(out: &mut impl Write, report: &Report) -> std::io::Result<()> {
    if let Some(error) = &report.auth_error {
        if error.is_unreachable() {
            writeln!(out, "zoom could not be reached: {}", error.message)?;
        } else {
            writeln!(out, "authentication failed: {}", error.message)?;
        }
        return writeln!(out, "  fix: {}", error.what_to_do);
    }
    writeln!(
        out,
        "authenticated; scopes granted: {}",
        if report.granted_scopes.is_empty() {
            "(not listed by Zoom)".to_owned()
        } else {
            report.granted_scopes.join(" ")
        }
    )?;
    writeln!(
        out,
        "\n{:<20} {:<20} {:<12} needs",
        "asset type", "kind", "status"
    )?;
    if let Some(portal) = &report.portal {
        match &portal.error {
            None => writeln!(out, "web portal: signed in and out once")?,
            Some(error) => writeln!(
                out,
                "web portal: sign-in failed: {}\n  fix: {}",
                error.message, error.what_to_do
            )?,
        }
    }
    for kind in &report.kinds {
        let status = match kind.status {
            KindStatus::Reachable => "reachable",
            KindStatus::Reduced => "reduced",
            KindStatus::Partial => "partial",
            KindStatus::Unavailable => "unavailable",
            KindStatus::Unreachable => "unreachable",
            KindStatus::Off => "off",
        };
        let scopes = match report.scope_family {
            Some(ScopeFamily::Granular) if !kind.granular_scopes.is_empty() => {
                &kind.granular_scopes
            }
            _ => &kind.scopes,
        };
        let mut needs = scopes.join(", ");
        if let Some(plan) = kind.min_plan {
            needs.push_str(&format!("; {plan} plan or higher"));
        }
        writeln!(
            out,
            "{:<20} {:<20} {:<12} {needs}",
            kind.asset_type.as_str(),
            kind.kind.as_str(),
            status
        )?;
        if let Some(setting) = &kind.turn_off_with {
            writeln!(out, "{:>42} or turn it off: {setting}", "↳")?;
        }
        for failure in &kind.failures {
            let cause = match (
                failure.error.kind,
                &failure.error.missing_scope,
                &failure.error.required_plan,
            ) {
                (FailureKind::Zoom(zoom_api::ErrorKind::Permission), Some(scope), _) => {
                    format!("missing scope {scope}")
                }
                (FailureKind::Zoom(zoom_api::ErrorKind::Plan), _, Some(plan)) => {
                    format!("needs the {plan} plan")
                }
                _ => failure.error.message.clone(),
            };
            let note = if failure.enrichment {
                " (enrichment only: the kind is fetched with fewer fields)"
            } else {
                ""
            };
            writeln!(out, "{:>42} {}: {cause}{note}", "↳", failure.endpoint)?;
        }
    }
    Ok(())
}
