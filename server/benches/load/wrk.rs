//! Load from wrk (Debian's package): 32 connections on loopback for a fixed time, its figures
//! read back through a Lua `done` hook.

use anyhow::{Context as _, bail};
use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// What wrk prints when it is done: one line, space-separated.
const REPORT: &str = r#"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout, summary.bytes))
end
"#;

#[derive(Debug, Clone, Copy)]
pub struct Figures {
    pub requests_per_second: f64,
    pub p50: Duration,
    pub p99: Duration,
    pub errors: u64,
    pub bytes_per_response: u64,
}

pub struct Load<'a> {
    pub address: SocketAddr,
    pub path: &'a str,
    pub cookie: Option<&'a str>,
    pub connections: u32,
    pub duration: Duration,
}

impl Load<'_> {
    pub fn run(&self, scratch: &Path) -> anyhow::Result<Figures> {
        let script = scratch.join("report.lua");
        std::fs::write(&script, REPORT)?;
        let numbers = self.run_script(&script, "WRK")?;
        let [requests, duration_us, p50_us, p99_us, errors, bytes] = numbers[..] else {
            bail!("unexpected wrk figures: {numbers:?}");
        };
        Ok(Figures {
            requests_per_second: requests as f64 / (duration_us as f64 / 1e6),
            p50: Duration::from_micros(p50_us),
            p99: Duration::from_micros(p99_us),
            errors,
            bytes_per_response: bytes.checked_div(requests).unwrap_or(0),
        })
    }

    /// Runs wrk with a Lua script whose `done` hook prints one line of numbers after `prefix`,
    /// and returns those numbers.
    pub fn run_script(&self, script: &Path, prefix: &str) -> anyhow::Result<Vec<u64>> {
        let mut command = Command::new("wrk");
        command
            .args(["--threads", "2", "--connections", &self.connections.to_string()])
            .args(["--duration", &format!("{}s", self.duration.as_secs()), "--timeout", "10s"])
            .arg("--script")
            .arg(script);
        if let Some(cookie) = self.cookie {
            command.arg("--header").arg(format!("Cookie: {cookie}"));
        }
        command.arg(format!("http://{}{}", self.address, self.path));
        let output =
            command.output().context("cannot run wrk (tools/setup.sh --bench installs it)")?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() {
            bail!("wrk failed: {stdout}{}", String::from_utf8_lossy(&output.stderr));
        }
        let line = stdout
            .lines()
            .find_map(|line| line.strip_prefix(prefix)?.strip_prefix(' '))
            .with_context(|| format!("no figures in wrk's output: {stdout}"))?;
        Ok(line.split_whitespace().map(str::parse).collect::<Result<_, _>>()?)
    }
}
