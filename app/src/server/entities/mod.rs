//! sea-orm entities: one module per table. They stay on the server; pages get DTOs.

pub mod audit_entry;
pub mod office;
pub mod session;
pub mod user;
