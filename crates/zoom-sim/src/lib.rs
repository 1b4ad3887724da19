//! A seeded, deterministic Zoom API simulator (work in progress).
