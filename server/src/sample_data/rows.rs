use super::SampleSummary;
use app::server::entities::{
    case, case_event, consultation, kinship_entry, person, person_contact, petition_document,
};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, Iterable,
};

/// Bind parameters per statement, below SQLite's limit (32766) and PostgreSQL's (65535).
const MAX_PARAMETERS: usize = 30_000;
const MAX_ROWS_PER_STATEMENT: usize = 500;

/// Rows generated for a group of persons, inserted together.
#[derive(Default)]
pub(super) struct Rows {
    pub(super) persons: Vec<person::Model>,
    pub(super) contacts: Vec<person_contact::Model>,
    pub(super) cases: Vec<case::Model>,
    pub(super) older_cases: u64,
    pub(super) consultations: Vec<consultation::Model>,
    pub(super) events: Vec<case_event::Model>,
    pub(super) documents: Vec<petition_document::Model>,
    pub(super) kinship: Vec<kinship_entry::Model>,
}

impl Rows {
    /// Inserts in the order of the foreign keys.
    pub(super) async fn insert(&self, db: &impl ConnectionTrait) -> anyhow::Result<()> {
        insert_rows::<person::ActiveModel, _>(db, &self.persons).await?;
        insert_rows::<person_contact::ActiveModel, _>(db, &self.contacts).await?;
        insert_rows::<case::ActiveModel, _>(db, &self.cases).await?;
        insert_rows::<consultation::ActiveModel, _>(db, &self.consultations).await?;
        insert_rows::<case_event::ActiveModel, _>(db, &self.events).await?;
        insert_rows::<petition_document::ActiveModel, _>(db, &self.documents).await?;
        insert_rows::<kinship_entry::ActiveModel, _>(db, &self.kinship).await?;
        Ok(())
    }

    pub(super) fn count_into(&self, summary: &mut SampleSummary) {
        let count = |rows: usize| rows as u64;
        summary.persons += count(self.persons.len());
        summary.contacts += count(self.contacts.len());
        summary.cases += count(self.cases.len());
        summary.older_cases += self.older_cases;
        summary.consultations += count(self.consultations.len());
        summary.case_events += count(self.events.len());
        summary.petition_documents += count(self.documents.len());
        summary.kinship_entries += count(self.kinship.len());
    }
}

/// Inserts rows with multi-row statements, as many rows per statement as the bind-parameter
/// limits allow.
pub(super) async fn insert_rows<A, M>(
    db: &impl ConnectionTrait,
    rows: &[M],
) -> Result<(), sea_orm::DbErr>
where
    A: ActiveModelTrait,
    M: IntoActiveModel<A> + Clone,
{
    let columns = <<A::Entity as EntityTrait>::Column as Iterable>::iter().count().max(1);
    let per_statement = (MAX_PARAMETERS / columns).clamp(1, MAX_ROWS_PER_STATEMENT);
    for batch in rows.chunks(per_statement) {
        sea_orm::InsertMany::<A>::many(batch.iter().cloned()).exec_without_returning(db).await?;
    }
    Ok(())
}

/// Inserts the rows an iterator yields, `per_transaction` at a time, each batch in its own write
/// transaction: a hundred thousand generated rows are neither held in memory at once nor written
/// under one long lock. Returns how many were inserted.
pub(super) async fn insert_in_transactions<A, M>(
    db: &DatabaseConnection,
    rows: impl IntoIterator<Item = M>,
    per_transaction: usize,
) -> anyhow::Result<u64>
where
    A: ActiveModelTrait,
    M: IntoActiveModel<A> + Clone,
{
    let mut rows = rows.into_iter().peekable();
    let mut inserted = 0;
    while rows.peek().is_some() {
        let batch: Vec<M> = rows.by_ref().take(per_transaction.max(1)).collect();
        let txn = app::server::begin_write(db).await?;
        insert_rows::<A, _>(&txn, &batch).await?;
        txn.commit().await?;
        inserted += batch.len() as u64;
    }
    Ok(inserted)
}
