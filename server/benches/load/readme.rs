//! The benchmark's figures as a Markdown table, with the machine they were measured on, written
//! between two markers in the README's Performance section.

use super::timing::Timings;
use super::wrk::Figures;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

const START: &str = "<!-- make bench: start -->";
const END: &str = "<!-- make bench: end -->";

pub struct Row {
    pub database: &'static str,
    pub page: &'static str,
    pub bytes: usize,
    pub figures: Figures,
    pub static_file: Figures,
    pub raw_sql: Option<Timings>,
}

pub struct Budget {
    pub database: &'static str,
    /// Resident memory once every page has answered, and how much of it is the database file
    /// mapped into the server (SQLite's memory map).
    pub idle_memory_mb: f64,
    pub idle_mapped_mb: f64,
    /// The kernel's peak of resident memory, and the highest reading without the mapped file.
    pub peak_memory_mb: f64,
    pub peak_without_mapped_mb: f64,
    pub locked_in_log: usize,
}

struct Database {
    name: &'static str,
    seed: Duration,
    seeded: String,
    static_file: Option<Figures>,
    raw_dashboard: Option<Timings>,
    writes: Option<Timings>,
    budget: Option<Budget>,
}

pub struct Report {
    readme: PathBuf,
    machine: String,
    rows: Vec<Row>,
    databases: Vec<Database>,
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

/// The budgets of issue 9, one line each in the README.
const BUDGETS: [&str; 5] = [
    "Case list ≥ 0.2× the static file's requests/s, p99 ≤ 40 ms, 0 errors",
    "Dashboard p50 ≤ 50 ms (SQLite) and ≤ 1.3× its raw SQL",
    "Case saves, 8 writers: p99 ≤ 50 ms, no \"database is locked\"",
    "Server memory (less the database file it maps) ≤ 60 MB idle, ≤ 200 MB under load",
    "10,000-case seed ≤ 30 s",
];

/// A reference line of the table: the static file, the raw queries, the writers.
fn reference_row(
    out: &mut String,
    database: &str,
    label: &str,
    size: &str,
    figures: Timings,
    static_ratio: &str,
    raw_ratio: &str,
) {
    let _ = writeln!(
        out,
        "| {database} | {label} | {size} | {:.0} | {} | {} | {} | {static_ratio} | {raw_ratio} |",
        figures.per_second,
        ms(figures.p50),
        ms(figures.p99),
        figures.errors
    );
}

fn mark(ok: bool) -> &'static str {
    if ok { "met" } else { "**missed**" }
}

impl Report {
    pub fn new(workspace: &Path) -> anyhow::Result<Report> {
        Ok(Report {
            readme: workspace.join("README.md"),
            machine: machine(workspace),
            rows: Vec::new(),
            databases: Vec::new(),
        })
    }

    pub fn seeded(&mut self, name: &'static str, seed: Duration, summary: &str) {
        // The seed's summary, one figure per line: kept as "name figure" pairs.
        let seeded = summary
            .lines()
            .skip(1)
            .filter_map(|line| {
                let words: Vec<&str> = line.split_whitespace().collect();
                let figure = words.iter().position(|word| word.parse::<u64>().is_ok())?;
                Some(format!("{} {}", words[figure], words[..figure].join(" ")))
            })
            .collect::<Vec<_>>()
            .join(", ");
        self.databases.push(Database {
            name,
            seed,
            seeded,
            static_file: None,
            raw_dashboard: None,
            writes: None,
            budget: None,
        });
    }

    fn database(&mut self, name: &str) -> &mut Database {
        self.databases.iter_mut().find(|database| database.name == name).expect("seeded first")
    }

    pub fn row(&mut self, row: Row) {
        self.rows.push(row);
    }

    pub fn static_and_writes(
        &mut self,
        name: &str,
        static_file: Figures,
        raw_dashboard: Timings,
        writes: Timings,
    ) {
        let database = self.database(name);
        database.static_file = Some(static_file);
        database.raw_dashboard = Some(raw_dashboard);
        database.writes = Some(writes);
    }

    pub fn budget(&mut self, budget: Budget) {
        let name = budget.database;
        self.database(name).budget = Some(budget);
    }

    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}\n", self.machine);
        let _ = writeln!(
            out,
            "| Database | Page | Size | Requests/s | p50 | p99 | Errors | × static file (req/s) | × raw SQL (p50) |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|");
        for database in &self.databases {
            for row in self.rows.iter().filter(|row| row.database == database.name) {
                let f = row.figures;
                let _ = writeln!(
                    out,
                    "| {} | {} | {} KB | {:.0} | {} | {} | {} | {:.2} | {} |",
                    row.database,
                    row.page,
                    row.bytes / 1024,
                    f.requests_per_second,
                    ms(f.p50),
                    ms(f.p99),
                    f.errors,
                    f.requests_per_second / row.static_file.requests_per_second,
                    row.raw_sql.map_or("".into(), |raw| format!(
                        "{:.2}",
                        f.p50.as_secs_f64() / raw.p50.as_secs_f64()
                    )),
                );
            }
            if let Some(f) = database.static_file {
                let size = format!("{} KB", f.bytes_per_response / 1024);
                let label = "*Static file of the case list's size (reference)*";
                reference_row(&mut out, database.name, label, &size, Timings::from(f), "1", "");
            }
            if let Some(raw) = database.raw_dashboard {
                let label = "*Dashboard's queries run on the database (reference)*";
                reference_row(&mut out, database.name, label, "", raw, "", "1");
            }
            if let Some(writes) = database.writes {
                let label = "Case saved with its audit row, 8 writers";
                reference_row(&mut out, database.name, label, "", writes, "", "");
            }
        }
        let _ = writeln!(out, "\n| Budget (issue 9) | {} |", self.names().join(" | "));
        let _ = writeln!(out, "|---|{}", "---|".repeat(self.databases.len()));
        let cells: Vec<[String; 5]> =
            self.databases.iter().map(|database| self.budget_cells(database)).collect();
        for (line, label) in BUDGETS.iter().enumerate() {
            let row: Vec<&str> = cells.iter().map(|cells| cells[line].as_str()).collect();
            let _ = writeln!(out, "| {label} | {} |", row.join(" | "));
        }
        for database in &self.databases {
            let _ = writeln!(
                out,
                "\n{} seeded in {:.1} s: {}.",
                database.name,
                database.seed.as_secs_f64(),
                database.seeded
            );
        }
        out
    }

    fn names(&self) -> Vec<&'static str> {
        self.databases.iter().map(|database| database.name).collect()
    }

    fn page(&self, database: &str, page: &str) -> Option<&Row> {
        self.rows.iter().find(|row| row.database == database && row.page.starts_with(page))
    }

    /// Each budget's verdict for one database, in the order of [`BUDGETS`].
    fn budget_cells(&self, database: &Database) -> [String; 5] {
        let case_list = self.page(database.name, "Case list").map_or("—".into(), |row| {
            let ratio = row.figures.requests_per_second / row.static_file.requests_per_second;
            let ok = ratio >= 0.2
                && row.figures.p99 <= Duration::from_millis(40)
                && row.figures.errors == 0;
            format!("{} ({ratio:.2}×, p99 {})", mark(ok), ms(row.figures.p99))
        });
        let dashboard = self.page(database.name, "Manager dashboard").map_or("—".into(), |row| {
            let raw = row
                .raw_sql
                .map_or(f64::NAN, |raw| row.figures.p50.as_secs_f64() / raw.p50.as_secs_f64());
            let fast = database.name != "SQLite" || row.figures.p50 <= Duration::from_millis(50);
            format!("{} (p50 {}, {raw:.2}×)", mark(fast && raw <= 1.3), ms(row.figures.p50))
        });
        let writes = match (&database.writes, &database.budget) {
            (Some(writes), Some(budget)) => {
                let ok = writes.p99 <= Duration::from_millis(50)
                    && writes.errors == 0
                    && budget.locked_in_log == 0;
                format!(
                    "{} (p99 {}, {} errors, {} locked)",
                    mark(ok),
                    ms(writes.p99),
                    writes.errors,
                    budget.locked_in_log
                )
            }
            _ => "—".into(),
        };
        let memory = database.budget.as_ref().map_or("—".into(), |budget| {
            // The budget is the server's own memory: the database file's pages it maps are the
            // kernel's file cache (README, Performance), shown beside it.
            let idle_own = budget.idle_memory_mb - budget.idle_mapped_mb;
            let ok = idle_own <= 60.0 && budget.peak_without_mapped_mb <= 200.0;
            let mapped = if budget.idle_mapped_mb >= 0.5 {
                format!(
                    "; resident with the mapped database file {:.0} MB idle, {:.0} MB peak",
                    budget.idle_memory_mb, budget.peak_memory_mb
                )
            } else {
                String::new()
            };
            format!(
                "{} ({:.0} MB idle, {:.0} MB peak{mapped})",
                mark(ok),
                idle_own,
                budget.peak_without_mapped_mb
            )
        });
        let seed = format!(
            "{} ({:.1} s)",
            mark(database.seed <= Duration::from_secs(30)),
            database.seed.as_secs_f64()
        );
        [case_list, dashboard, writes, memory, seed]
    }

    /// Replaces what stands between the markers in the README.
    pub fn write_into_readme(&self) -> anyhow::Result<()> {
        let readme = std::fs::read_to_string(&self.readme)?;
        let (Some(start), Some(end)) = (readme.find(START), readme.find(END)) else {
            anyhow::bail!("README.md lacks the markers {START} … {END}");
        };
        let updated = format!("{}{START}\n{}{}", &readme[..start], self.markdown(), &readme[end..]);
        std::fs::write(&self.readme, updated)?;
        Ok(())
    }
}

/// The machine, the date and the commit, as the line above the table says them.
fn machine(workspace: &Path) -> String {
    let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
    let cpu = read("/proc/cpuinfo")
        .lines()
        .find_map(|line| {
            line.strip_prefix("model name")
                .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory_gib = read("/proc/meminfo")
        .lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|rest| rest.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0 / 1024.0);
    let debian = read("/etc/debian_version").trim().to_owned();
    let kernel = read("/proc/sys/kernel/osrelease").trim().to_owned();
    let commit = std::process::Command::new("git")
        .args(["-C", &workspace.display().to_string(), "describe", "--always", "--dirty"])
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .unwrap_or_default();
    format!(
        "Measured by `make bench` on {} at {commit}: {cores} cores of {cpu}, {memory_gib:.0} GiB, \
         Debian {debian} (Linux {kernel}); release server, wrk on loopback on the same cores, \
         {} connections, {} s per page after a 2 s warm-up.",
        chrono::Utc::now().format("%Y-%m-%d"),
        super::CONNECTIONS,
        super::load_seconds().as_secs(),
    )
}
