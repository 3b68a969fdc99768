//! Sample case data: realistic, reproducible Japanese case files for demonstrations, manual
//! testing and load tests (`koken-desk seed --cases N [--seed S]`).
//!
//! The same seed and count on an empty database give the same persons, case numbers, dates and
//! row ids: a small PRNG of our own (SplitMix64) draws everything, one stream per person, so
//! neither the chunking nor the database changes the result. Dates are anchored on Japan's
//! today (the last generated day is yesterday, so no timestamp lies in the future).
//!
//! Every case is checked against the workflow rules while it is generated: its final state with
//! [`check_state`](app::domain::cases::check_state) and every stage move of its timeline with
//! [`check_move`](app::domain::cases::check_move), so a rule the generator gets wrong fails
//! loudly instead of filling a database with impossible cases.

mod cases;
mod contacts;
mod context;
mod details;
mod guardians;
mod master;
mod names;
mod person;
mod petition;
mod plan;
mod rng;
mod rows;
mod tables;
mod workload;

use anyhow::{Context as _, bail, ensure};
use app::domain::cases::case_number_sequence;
use app::domain::dates::japan_today;
use app::server::entities::{case, office};
use context::Context;
use master::ensure_master_data;
use plan::plan;
use rows::Rows;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait, QuerySelect};
use std::collections::BTreeMap;
use std::fmt;
use std::time::Instant;
use uuid::Uuid;

/// The most persons one run generates.
pub const MAX_PERSONS: u32 = 100_000;

/// How far back cases were opened: a centre with about six years of history.
const HISTORY_DAYS: i64 = 6 * 365;

/// Persons generated, inserted and committed together (one transaction per group).
const PERSONS_PER_TRANSACTION: usize = 1000;

/// PRNG streams: each purpose draws from its own, so adding draws to one leaves the others as
/// they were.
const STREAM_MASTER: u64 = 1;
const STREAM_PLAN: u64 = 2;
const STREAM_DETAILS: u64 = 3;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleOptions {
    /// Persons to generate, each with one case; about 5% also get an older, closed case.
    pub persons: u32,
    pub seed: u64,
    /// Add to a database that already holds cases: numbering continues after each year's
    /// highest number, and the ids are no longer reproducible.
    pub append: bool,
    /// Print progress (every 10%) on stderr.
    pub progress: bool,
    /// Activity records to log on the cases with a guardian, and audit entries to write: the
    /// traces of months of use, for load tests.
    pub activities: u32,
    pub audit_rows: u32,
}

impl SampleOptions {
    pub fn new(persons: u32, seed: u64) -> SampleOptions {
        SampleOptions {
            persons,
            seed,
            append: false,
            progress: false,
            activities: 0,
            audit_rows: 0,
        }
    }
}

/// What a run created.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SampleSummary {
    pub seed: u64,
    /// Whether the demonstration offices and accounts had to be loaded first (no office).
    pub demo_accounts_loaded: bool,
    /// Whether districts, family courts or partner organisations were created.
    pub master_data_created: bool,
    pub persons: u64,
    pub contacts: u64,
    pub cases: u64,
    /// Of `cases`, the older closed cases of persons who came back.
    pub older_cases: u64,
    pub consultations: u64,
    pub case_events: u64,
    pub petition_documents: u64,
    pub kinship_entries: u64,
    pub guardians: u64,
    pub appointments: u64,
    /// Cases with a professional and a citizen guardian dividing the duties.
    pub joint_appointments: u64,
    /// Completed relays from a professional to a citizen guardian.
    pub relays: u64,
    pub deadlines: u64,
    pub activities: u64,
    pub audit_rows: u64,
    pub elapsed_ms: u128,
}

impl fmt::Display for SampleSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "sample data generated (seed {}):", self.seed)?;
        writeln!(f, "  persons             {:>8}", self.persons)?;
        writeln!(f, "  contacts            {:>8}", self.contacts)?;
        writeln!(
            f,
            "  cases               {:>8}  ({} of them older, closed cases)",
            self.cases, self.older_cases
        )?;
        writeln!(f, "  consultations       {:>8}", self.consultations)?;
        writeln!(f, "  case events         {:>8}", self.case_events)?;
        writeln!(f, "  petition documents  {:>8}", self.petition_documents)?;
        writeln!(f, "  kinship survey      {:>8}", self.kinship_entries)?;
        writeln!(f, "  guardians           {:>8}", self.guardians)?;
        writeln!(
            f,
            "  appointments        {:>8}  ({} joint with divided duties, {} relays)",
            self.appointments, self.joint_appointments, self.relays
        )?;
        writeln!(f, "  court deadlines     {:>8}", self.deadlines)?;
        if self.activities > 0 || self.audit_rows > 0 {
            writeln!(f, "  activity records    {:>8}", self.activities)?;
            writeln!(f, "  audit trail rows    {:>8}", self.audit_rows)?;
        }
        if self.master_data_created {
            writeln!(f, "  (districts, family courts and partner organisations created)")?;
        }
        if self.demo_accounts_loaded {
            writeln!(f, "  (demonstration offices and accounts loaded first)")?;
        }
        #[allow(clippy::cast_precision_loss)]
        let seconds = self.elapsed_ms as f64 / 1000.0;
        write!(f, "  elapsed             {seconds:>8.1} s")
    }
}

/// Generates `options.persons` persons with their cases, consultations, timelines, petition
/// documents and kinship surveys. Master data is created where its table is empty; without an
/// office the demonstration offices and accounts are loaded first. Refuses a database that
/// already holds cases unless `append` is set.
pub async fn generate(
    db: &DatabaseConnection,
    options: SampleOptions,
) -> anyhow::Result<SampleSummary> {
    let started = Instant::now();
    ensure!(
        (1..=MAX_PERSONS).contains(&options.persons),
        "the number of cases must be between 1 and {MAX_PERSONS}"
    );
    let existing_cases = case::Entity::find().count(db).await?;
    if existing_cases > 0 && !options.append {
        bail!(
            "the database already holds {existing_cases} cases: sample data is generated into a \
             database without cases (use --append to add more; numbering then continues after \
             each year's highest number, and the data is not reproducible)"
        );
    }

    let mut summary = SampleSummary { seed: options.seed, ..SampleSummary::default() };
    if office::Entity::find().count(db).await? == 0 {
        summary.demo_accounts_loaded = crate::seed::load_demo_accounts(db).await?;
    }
    summary.master_data_created = ensure_master_data(db).await?;

    // Appending to generated data with the same seed would draw the same ids again.
    let seed = if existing_cases > 0 {
        options.seed ^ (Uuid::new_v4().as_u128() as u64)
    } else {
        options.seed
    };
    let today = japan_today();
    let context = Context::load(db, seed, today).await?;
    let next_sequence = next_sequences(db, existing_cases).await?;
    let plans = plan(seed, options.persons, today, next_sequence)?;

    let total = plans.len();
    let mut reported_tenths = 0;
    let mut done = 0;
    for (chunk_index, chunk) in plans.chunks(PERSONS_PER_TRANSACTION).enumerate() {
        let mut rows = Rows::default();
        for (offset, plan) in chunk.iter().enumerate() {
            context.person(chunk_index * PERSONS_PER_TRANSACTION + offset, plan, &mut rows)?;
        }
        let txn = app::server::begin_write(db).await?;
        rows.insert(&txn).await.with_context(|| {
            format!("cannot insert sample data ({done} of {total} persons were committed)")
        })?;
        txn.commit().await?;
        rows.count_into(&mut summary);
        done += chunk.len();
        let tenths = done * 10 / total;
        if options.progress && tenths > reported_tenths {
            reported_tenths = tenths;
            eprintln!("seed: {:>3}%  {done} of {total} persons", tenths * 10);
        }
    }
    let districts: Vec<Uuid> = context.districts.iter().map(|(id, _, _)| *id).collect();
    let register = guardians::generate(db, seed, today, &districts).await?;
    summary.guardians = register.guardians;
    summary.appointments = register.appointments;
    summary.joint_appointments = register.joint;
    summary.relays = register.relays;
    summary.deadlines = register.deadlines;
    if summary.demo_accounts_loaded {
        // The demo guardian's account shows "my cases" on generated data too.
        crate::seed::link_demo_guardian(db).await?;
    }
    (summary.activities, summary.audit_rows) =
        workload::generate(db, seed, today, options.activities, options.audit_rows).await?;
    summary.elapsed_ms = started.elapsed().as_millis();
    Ok(summary)
}

/// The next free sequence number per year, after the numbers already taken.
async fn next_sequences(
    db: &DatabaseConnection,
    existing_cases: u64,
) -> anyhow::Result<BTreeMap<i32, u32>> {
    let mut highest = BTreeMap::new();
    if existing_cases == 0 {
        return Ok(highest);
    }
    let numbers: Vec<String> = case::Entity::find()
        .select_only()
        .column(case::Column::CaseNumber)
        .into_tuple()
        .all(db)
        .await?;
    for number in numbers {
        let Some(year) = number.split_once('-').and_then(|(year, _)| year.parse::<i32>().ok())
        else {
            continue;
        };
        if let Some(sequence) = case_number_sequence(&number, year) {
            let entry = highest.entry(year).or_insert(0);
            *entry = (*entry).max(sequence);
        }
    }
    Ok(highest)
}
