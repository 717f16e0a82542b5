//! The Stoplight Prism mock server (pinned in `tests/prism/package-lock.json`, installed by
//! `cargo xtask test`): started on a free loopback port in its own process group, stopped with it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

/// How long Prism may take to start listening.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(Path::to_path_buf).unwrap_or(here)
}

/// The pinned Prism executable, or a message saying how to install it.
pub fn prism_binary() -> Result<PathBuf, String> {
    let node = Command::new("node").arg("--version").output();
    match node {
        Ok(out) if out.status.success() => {}
        _ => {
            return Err("Node.js is not installed: the conformance suite runs Stoplight Prism, which needs \
                 Node.js (20 or newer) and npm on PATH. Install them (e.g. `apt-get install nodejs npm`) and \
                 run `cargo xtask test`."
                .into());
        }
    }
    let bin = workspace_root().join("tests/prism/node_modules/.bin/prism");
    if bin.exists() {
        Ok(bin)
    } else {
        Err(format!(
            "Prism is not installed at {}: run `cargo xtask test` (it runs `npm ci` in tests/prism), or \
             `npm ci --prefix tests/prism` yourself",
            bin.display()
        ))
    }
}

/// The spec Prism mocks: `spec/twilio_proxy_v1.json` with two test-only changes, derived here from
/// the real spec so they never drift.
///
/// 1. Prism rejects repeated-key form arrays unless an `encoding` object spells out OpenAPI 3.0's
///    default (`style: form, explode: true`); `allowReserved` keeps it from rejecting the `+` of an
///    encoded space.
/// 2. List answers get `minItems: 1` on their records array, so that every page Prism invents has
///    records whose fields the suite can check (an empty page is still a valid answer, and the
///    scripted-server tests decode those).
pub fn prism_spec(spec: &Value) -> Value {
    let mut spec = spec.clone();
    let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) else {
        return spec;
    };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for op in item.values_mut() {
            require_records_in_list_answers(op);
            let Some(media) =
                op.pointer_mut("/requestBody/content/application~1x-www-form-urlencoded")
            else {
                continue;
            };
            let arrays: Vec<String> = media
                .pointer("/schema/properties")
                .and_then(Value::as_object)
                .map(|props| {
                    props
                        .iter()
                        .filter(|(_, p)| p.get("type").and_then(Value::as_str) == Some("array"))
                        .map(|(k, _)| k.clone())
                        .collect()
                })
                .unwrap_or_default();
            if arrays.is_empty() {
                continue;
            }
            let encoding: serde_json::Map<String, Value> = arrays
                .into_iter()
                .map(|name| {
                    (
                        name,
                        json!({"style": "form", "explode": true, "allowReserved": true}),
                    )
                })
                .collect();
            if let Some(media) = media.as_object_mut() {
                media.insert("encoding".into(), Value::Object(encoding));
            }
        }
    }
    spec
}

/// Sets `minItems: 1` on the records array of an operation's list answers (the array beside `meta`).
fn require_records_in_list_answers(op: &mut Value) {
    let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
        return;
    };
    for response in responses.values_mut() {
        let Some(properties) = response
            .pointer_mut("/content/application~1json/schema/properties")
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        if !properties.contains_key("meta") {
            continue;
        }
        for (name, property) in properties.iter_mut() {
            if name != "meta"
                && property["type"] == "array"
                && let Some(property) = property.as_object_mut()
            {
                property.insert("minItems".into(), json!(1));
            }
        }
    }
}

/// How to start Prism.
#[derive(Debug, Clone, Copy, Default)]
pub struct PrismOptions {
    /// `--seed N` for dynamic answers (always `-d --errors`).
    pub seed: u64,
}

/// A running Prism; stopped (with its whole process group) when dropped.
pub struct Prism {
    child: Child,
    port: u16,
    log: Arc<Mutex<Vec<String>>>,
    _dir: tempfile::TempDir,
}

impl Prism {
    /// Starts Prism on a free loopback port with `-d --errors --seed N` and waits until it listens.
    pub fn start(spec: &Value, options: PrismOptions) -> Result<Prism, String> {
        let bin = prism_binary()?;
        let dir = tempfile::tempdir().map_err(|e| format!("temp dir: {e}"))?;
        let spec_path = dir.path().join("prism_spec.json");
        std::fs::write(&spec_path, prism_spec(spec).to_string())
            .map_err(|e| format!("writing the Prism spec: {e}"))?;
        let port = free_port()?;
        let mut command = Command::new(&bin);
        command
            .args([
                "mock",
                "-h",
                "127.0.0.1",
                "-p",
                &port.to_string(),
                "-d",
                "--errors",
            ])
            .args(["--seed", &options.seed.to_string()])
            .arg(&spec_path)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let mut child = command
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        let log = Arc::new(Mutex::new(Vec::new()));
        let (ready_tx, ready_rx) = mpsc::channel();
        for stream in [
            child
                .stdout
                .take()
                .map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
            child
                .stderr
                .take()
                .map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let log = Arc::clone(&log);
            let ready_tx = ready_tx.clone();
            // Drains the pipe for Prism's whole life, so it never blocks on a full pipe.
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if line.contains("Prism is listening on") {
                        let _ = ready_tx.send(());
                    }
                    if let Ok(mut log) = log.lock() {
                        log.push(line);
                    }
                }
            });
        }
        let mut prism = Prism {
            child,
            port,
            log,
            _dir: dir,
        };
        match ready_rx.recv_timeout(START_TIMEOUT) {
            Ok(()) => Ok(prism),
            Err(_) => {
                let status = prism.child.try_wait().ok().flatten();
                Err(format!(
                    "Prism did not start listening within {START_TIMEOUT:?} (exit status {status:?}); its output:\n{}",
                    prism.log_text()
                ))
            }
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// What Prism printed so far.
    pub fn log_text(&self) -> String {
        self.log.lock().map(|l| l.join("\n")).unwrap_or_default()
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        for _ in 0..50 {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.wait();
    }
}

fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| format!("bind: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| format!("local address: {e}"))
}
