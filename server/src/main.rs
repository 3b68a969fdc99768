use clap::Parser;
use server::backup::{self, ServingLock, sealed::BackupKey};
use server::config::{Cli, Command, ServeArgs};
use server::{accounts, database, maintenance, sample_data, seed, startup, telemetry};
use std::process::ExitCode;

/// jemalloc instead of glibc's malloc. Rendering a page allocates and frees thousands of small
/// strings; with glibc a third of the case list's CPU went to `malloc`/`free` (its fastbin
/// consolidation among them). Measured on the 10,000-case set (same binary, Debian's jemalloc
/// preloaded, 32 connections): case list 415 → 557 req/s, dashboard 1,155 → 1,885 req/s, and
/// resident memory 90 → 60 MB idle, 151 → 117 MB at the peak. mimalloc was as fast but peaked
/// at 198 MB.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(error) = telemetry::init(&cli.config) {
        eprintln!("koken-desk: {error:#}");
        return ExitCode::FAILURE;
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("koken-desk: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error:#}");
            eprintln!("koken-desk: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = cli.config;
    match cli.command.unwrap_or(Command::Serve(ServeArgs::default())) {
        Command::Serve(args) => {
            let app = server::build_app(&config).await?;
            // Held until the process ends, so a restore cannot replace the database under it.
            let _serving = backup::sqlite_file(&config.database_url())
                .map(|database| ServingLock::acquire(&database))
                .transpose()?;
            if args.demo_data {
                if seed::load_demo_data(&app.db).await? {
                    tracing::info!("demonstration data loaded");
                }
                seed::print_demo_sign_ins();
            }
            accounts::warn_if_no_admin(&app.db).await?;
            maintenance::spawn(app.db.clone(), app::server::clock::Clock::system());
            let listener = startup::bind(config.listen).await?;
            tracing::info!(
                database = %database::redact(&config.database_url()),
                "Kōken Desk is serving on http://{}",
                config.listen
            );
            startup::serve(listener, app.router, startup::shutdown_signal()).await
        }
        Command::Migrate => {
            startup::open_database(&config).await?;
            tracing::info!("the database is up to date");
            Ok(())
        }
        Command::SeedDemo => {
            let db = startup::open_database(&config).await?;
            if seed::load_demo_data(&db).await? {
                tracing::info!("demonstration data loaded");
                seed::print_demo_sign_ins();
            } else {
                tracing::info!("the database already holds data: nothing loaded");
            }
            Ok(())
        }
        Command::Seed(args) => {
            let db = startup::open_database(&config).await?;
            let options = sample_data::SampleOptions {
                persons: args.cases,
                seed: args.seed,
                append: args.append,
                progress: true,
                activities: args.activities,
                audit_rows: args.audit_rows,
            };
            let summary = sample_data::generate(&db, options).await?;
            database::refresh_statistics(&db).await?;
            println!("{summary}");
            if summary.demo_accounts_loaded {
                seed::print_demo_sign_ins();
            }
            Ok(())
        }
        Command::AddUser(args) => {
            let db = startup::open_database(&config).await?;
            accounts::add_user(&db, args).await
        }
        Command::Backup(args) => {
            let url = config.database_url();
            let db = database::connect(&url).await?;
            let key = args.key.as_deref().map(BackupKey::read).transpose()?;
            let report = backup::backup(&db, &url, &args.output, key.as_ref()).await?;
            println!(
                "{} written: {} bytes{}",
                args.output.display(),
                report.bytes,
                if report.encrypted { ", encrypted" } else { " (not encrypted: no --key)" }
            );
            Ok(())
        }
        Command::Restore(args) => {
            let key = args.key.as_deref().map(BackupKey::read).transpose()?;
            backup::restore(&config.database_url(), &args.input, key.as_ref(), args.replace)
                .await?;
            println!("restored from {}; start the server to use it", args.input.display());
            Ok(())
        }
        Command::BackupKey(args) => {
            BackupKey::generate()?.write_new(&args.output)?;
            println!(
                "{} written: keep a copy apart from the backups (without it they cannot be read)",
                args.output.display()
            );
            Ok(())
        }
    }
}
