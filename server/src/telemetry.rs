//! Structured logs through `tracing`. Every request's lines carry its request id (also returned
//! to the client in `x-request-id`), so a user's report can be matched to the server's log.
//! Logs carry ids, never a person's details.

use crate::config::{Config, LogFormat};
use tracing_subscriber::{EnvFilter, fmt, prelude::*};

pub fn init(config: &Config) -> anyhow::Result<()> {
    let filter = EnvFilter::try_new(&config.log_filter)
        .map_err(|error| anyhow::anyhow!("invalid log filter {:?}: {error}", config.log_filter))?;
    let registry = tracing_subscriber::registry().with(filter);
    match config.log_format {
        LogFormat::Text => registry.with(fmt::layer()).try_init()?,
        LogFormat::Json => registry.with(fmt::layer().json().flatten_event(true)).try_init()?,
    }
    Ok(())
}
