//! The server as a child process: started on a free loopback port against a database, asked
//! how much memory it holds, killed or stopped at the end. Shared by the load bench and the
//! crash harness (`tests/integration/crashes.rs`).

use anyhow::{Context as _, bail};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The binary `make release` (cargo leptos build --release) leaves.
pub fn binary(workspace: &Path) -> anyhow::Result<PathBuf> {
    let binary = workspace.join("target/release/koken-desk");
    if !binary.exists() {
        bail!("{} is missing: run `make release` first (make bench does)", binary.display());
    }
    Ok(binary)
}

/// Runs `koken-desk seed` with `args` on the database at `url`; what it printed.
pub fn seed(binary: &Path, url: &str, scratch: &Path, args: &[&str]) -> anyhow::Result<String> {
    let output = Command::new(binary)
        .arg("seed")
        .args(args)
        .current_dir(scratch)
        .env("DATABASE_URL", url)
        .env("KOKEN_DATA_DIR", scratch.join("data"))
        .env("KOKEN_LOG", "warn")
        .output()
        .context("cannot run the seed")?;
    if !output.status.success() {
        bail!("the seed failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

pub struct Server {
    child: Child,
    pub address: SocketAddr,
    pub log: PathBuf,
}

impl Server {
    pub async fn start(
        binary: &Path,
        database_url: &str,
        site_root: &Path,
        log: PathBuf,
    ) -> anyhow::Result<Server> {
        let address = free_address()?;
        let child = Command::new(binary)
            .arg("serve")
            // Anything it writes beside itself lands in the scratch directory.
            .current_dir(log.parent().unwrap_or(Path::new(".")))
            .env("KOKEN_DATA_DIR", log.with_extension("data"))
            .env("DATABASE_URL", database_url)
            .env("KOKEN_LISTEN", address.to_string())
            .env("LEPTOS_SITE_ROOT", site_root)
            .env("KOKEN_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log)?)
            .spawn()
            .context("cannot start the release server")?;
        let mut server = Server { child, address, log };
        server.wait_until_healthy().await?;
        Ok(server)
    }

    async fn wait_until_healthy(&mut self) -> anyhow::Result<()> {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(60) {
            if let Some(status) = self.child.try_wait()? {
                bail!("the server stopped at start ({status}); see {}", self.log.display());
            }
            if let Ok(mut client) = super::client::Client::connect(self.address).await
                && let Ok(response) = client.get("/healthz").await
                && response.status.is_success()
            {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("the server did not answer /healthz within 60 s")
    }

    /// Resident memory now and at its peak, in MB (Linux: /proc).
    pub fn memory(&self) -> anyhow::Result<(f64, f64)> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))?;
        Ok((status_field(&status, "VmRSS:")?, status_field(&status, "VmHWM:")?))
    }

    /// Resident memory now, in MB, and how much of it is pages of files under `directory`
    /// mapped into the server (SQLite reads its database through a memory map: those pages are
    /// the kernel's file cache, which reading the file with `read()` would hold as well,
    /// outside the process where resident memory does not count them).
    pub fn memory_mapping(&self, directory: &Path) -> anyhow::Result<(f64, f64)> {
        memory_mapping(self.child.id(), directory)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Lines of the server's log that name a locked database.
    pub fn locked_database_lines(&self) -> usize {
        std::fs::read_to_string(&self.log)
            .map(|log| log.lines().filter(|line| line.contains("database is locked")).count())
            .unwrap_or(0)
    }
}

impl Server {
    /// SIGKILL: no shutdown handler runs, nothing is flushed; what was committed stays.
    pub fn kill(mut self) -> anyhow::Result<()> {
        self.child.kill()?;
        self.child.wait()?;
        Ok(())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// [`Server::memory_mapping`] of the process `pid`.
pub fn memory_mapping(pid: u32, directory: &Path) -> anyhow::Result<(f64, f64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let resident = status_field(&status, "VmRSS:")?;
    let maps = std::fs::read_to_string(format!("/proc/{pid}/smaps"))?;
    let mut mapped_kb = 0.0;
    let mut in_directory = false;
    for line in maps.lines() {
        let mut fields = line.split_whitespace();
        let first = fields.next().unwrap_or_default();
        if first.contains('-') && first.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            // A mapping's header: address range, permissions, offset, device, inode, path.
            in_directory = fields.nth(4).is_some_and(|path| Path::new(path).starts_with(directory));
        } else if first == "Rss:" && in_directory {
            mapped_kb += fields.next().and_then(|kb| kb.parse::<f64>().ok()).unwrap_or(0.0);
        }
    }
    Ok((resident, mapped_kb / 1024.0))
}

/// A `Vm…:` line of /proc/<pid>/status, in MB.
fn status_field(status: &str, name: &str) -> anyhow::Result<f64> {
    let line = status
        .lines()
        .find(|line| line.starts_with(name))
        .with_context(|| format!("no {name} in /proc/<pid>/status"))?;
    let kilobytes: f64 =
        line.split_whitespace().nth(1).context("a size")?.parse().context("a number of kB")?;
    Ok(kilobytes / 1024.0)
}

fn free_address() -> anyhow::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?)
}
