//! sea-orm entities: one module per table. They stay on the server; pages get DTOs.

pub mod audit_entry;
pub mod office;
pub mod recovery_code;
pub mod session;
pub mod setting;
pub mod user;
