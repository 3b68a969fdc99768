//! sea-orm entities: one module per table. They stay on the server; pages get DTOs.

pub mod appointment;
pub mod audit_entry;
pub mod case;
pub mod case_event;
pub mod consultation;
pub mod deadline;
pub mod district;
pub mod family_court;
pub mod guardian;
pub mod guardian_conflict;
pub mod kinship_entry;
pub mod matching_candidate;
pub mod matching_decision;
pub mod office;
pub mod partner_organisation;
pub mod person;
pub mod person_contact;
pub mod petition_document;
pub mod recovery_code;
pub mod relay_checklist_item;
pub mod relay_plan;
pub mod session;
pub mod setting;
pub mod user;
