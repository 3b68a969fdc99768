//! sea-orm entities: one module per table. They stay on the server; pages get DTOs.

pub mod office;
