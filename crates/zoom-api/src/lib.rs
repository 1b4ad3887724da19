//! The Zoom client (work in progress).
