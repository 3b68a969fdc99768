//! Bringing a centre's ledgers in from Excel and CSV: the kinds of sheet and their fields, how a
//! CSV text splits into records, and how a cell's text becomes a date or a category, with what
//! the import report says about each conversion. Pure rules, no files and no database; the
//! server decodes the files and writes the rows.

pub mod appointments;
pub mod csv;
pub mod dates;
pub mod fields;
pub mod labels;
pub mod plan;
#[cfg(test)]
mod properties;
pub mod rows;
