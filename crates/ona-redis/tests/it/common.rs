//! Test helpers: the shared server's URL and private redis-server processes.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use arrow::array::{Float64Array, RecordBatch, UInt64Array};
use arrow::datatypes::{DataType, Field, Schema};

/// The shared server started by `scripts/servers.sh start redis`.
pub fn shared_url() -> String {
    std::env::var("ONA_REDIS_URL")
        .expect("ONA_REDIS_URL is not set: run scripts/servers.sh start redis && . target/servers/env.sh (or scripts/test-redis.sh)")
}

/// A name no other test run uses (tenants, graphs).
pub fn unique(prefix: &str) -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").subsec_nanos();
    format!("{prefix}-{}-{nanos:x}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed))
}

/// A small scores table: ids 0..n, one `pagerank` column.
pub fn scores(n: u64, seed: f64) -> RecordBatch {
    let schema = Arc::new(Schema::new(vec![Field::new("id", DataType::UInt64, false), Field::new("pagerank", DataType::Float64, false)]));
    let ids = UInt64Array::from_iter_values(0..n);
    let v = Float64Array::from_iter_values((0..n).map(|i| seed + f64::from(u32::try_from(i).expect("small"))));
    RecordBatch::try_new(schema, vec![Arc::new(ids), Arc::new(v)]).expect("batch")
}

/// A redis-server of this test alone, on a free loopback port, no persistence.
#[derive(Debug)]
pub struct OwnRedis {
    pub port: u16,
    child: Option<Child>,
    dir: tempfile::TempDir,
}

impl OwnRedis {
    pub fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
        let mut me = Self { port, child: None, dir: tempfile::tempdir().expect("tempdir") };
        me.restart();
        me
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// (Re)start on the same port and wait until it answers PING.
    pub fn restart(&mut self) {
        assert!(self.child.is_none(), "already running");
        let bin = std::env::var("ONA_REDIS_SERVER").unwrap_or_else(|_| "redis-server".into());
        let child = Command::new(&bin)
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .arg("--dir")
            .arg(self.dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {bin} (apt-get install redis-server): {e}"));
        self.child = Some(child);
        let client = redis::Client::open(self.url()).expect("url");
        let t0 = Instant::now();
        loop {
            if let Ok(mut c) = client.get_connection_with_timeout(Duration::from_millis(100))
                && redis::cmd("PING").query::<String>(&mut c).is_ok()
            {
                return;
            }
            assert!(t0.elapsed() < Duration::from_secs(10), "redis-server on port {} did not come up", self.port);
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Kill it (SIGKILL) and wait for the process to go.
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            c.kill().expect("kill");
            c.wait().expect("wait");
        }
    }

    fn signal(&self, sig: &str) {
        let pid = self.child.as_ref().expect("running").id().to_string();
        let ok = Command::new("kill").args([sig, &pid]).status().expect("kill");
        assert!(ok.success());
    }

    /// SIGSTOP: the port accepts connections (the kernel's backlog) but nothing answers.
    pub fn pause(&self) {
        self.signal("-STOP");
    }

    /// SIGCONT.
    pub fn resume(&self) {
        self.signal("-CONT");
    }
}

impl Drop for OwnRedis {
    fn drop(&mut self) {
        if let Some(c) = &self.child {
            let _ = Command::new("kill").args(["-CONT", &c.id().to_string()]).status();
        }
        self.stop();
    }
}
