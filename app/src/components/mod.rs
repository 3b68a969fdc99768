//! Widgets shared by several pages.

pub mod footer;
pub mod header;
pub mod language_switch;
pub mod skip_link;
