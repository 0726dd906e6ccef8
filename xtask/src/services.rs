//! `cargo xtask services`: real services, installed from PyPI or npm and run here on SQLite
//! or in memory, each called by a short program through a client generated from the
//! description the service publishes.
//!
//! Each service gets a folder `target/services/NAME` with its virtual environment or npm
//! packages (installed once), a fresh data folder, the server's log and its description. The
//! clients and programs are members of one scratch workspace, built with the workspace's
//! lock file; the programs are `tests/services/NAME.rs`.

use std::fmt::Write as _;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::corpus::{self, Outcome};

/// Where a service is installed from.
pub enum Install {
    /// PyPI, into a virtual environment: the requirement, pinned, and bounds on its
    /// dependencies, where a newer release than it allows breaks it.
    Pip { requirement: &'static str, pins: &'static [&'static str] },
    /// The npm registry, into the service's folder: the package, pinned.
    Npm { package: &'static str },
}

impl Install {
    /// The package and its version, as the report shows it.
    fn package(&self) -> &'static str {
        match self {
            Install::Pip { requirement, .. } => requirement,
            Install::Npm { package } => package,
        }
    }
}

/// Where a service publishes its description.
pub enum Description {
    /// Served at this path by the running server.
    Served(&'static str),
    /// Shipped in its package at this path, beside the server that implements it.
    Packaged(&'static str),
    /// Another party's description of the API the service implements, in this repository
    /// (relative to the workspace): OpenAI's, for a server that speaks OpenAI's API.
    Implemented(&'static str),
}

/// A service, how to install and start it, and where it publishes its description.
pub struct Service {
    pub name: &'static str,
    pub install: Install,
    pub licence: &'static str,
    /// What writes its description.
    pub producer: &'static str,
    /// The program the package installs (for npm, `node` and the script), then its
    /// arguments; `{port}`, `{data}` and `{package}` stand for the port, the data folder and
    /// the installed package's folder.
    pub command: &'static [&'static str],
    /// Environment variables of the server (with `{data}` replaced).
    pub env: &'static [(&'static str, &'static str)],
    pub description: Description,
    /// A path the running server answers, for one whose description is not served.
    pub ready: &'static str,
    /// The path the client's base URL ends in, where the description's `servers` say so.
    pub base: &'static str,
    /// Environment variables the program gets, such as its token.
    pub program_env: &'static [(&'static str, &'static str)],
    /// An overlay (relative to the workspace) for what the served description gets wrong.
    pub overlay: Option<&'static str>,
    /// Files written into the data folder before the server starts, such as its settings.
    pub files: &'static [(&'static str, &'static str)],
    /// Python run in the service's environment once it serves (`{data}` replaced), to set
    /// up what an administrator would in its settings.
    pub prepare: Option<&'static str>,
}

/// The user token Label Studio is started with and the program signs in with.
const LABEL_STUDIO_TOKEN: &str = "4c0ffee04c0ffee04c0ffee04c0ffee04c0ffee0";

/// The key LiteLLM's proxy is started with and the program signs in with.
const LITELLM_KEY: &str = "sk-graphgen-local-0123456789abcdef";

/// LiteLLM's settings: one model, which answers every chat with the same text, as
/// LiteLLM's `mock_response` makes it, without calling any provider.
const LITELLM_CONFIG: &str = "model_list:
  - model_name: mock-gpt
    litellm_params:
      model: openai/mock-gpt
      api_key: not-a-key
      mock_response: The quick brown fox jumps over the lazy dog.
";

/// The services, each from a different producer of descriptions.
pub const SERVICES: &[Service] = &[
    Service {
        name: "chroma",
        install: Install::Pip { requirement: "chromadb==1.5.9", pins: &[] },
        licence: "Apache-2.0",
        producer: "utoipa (Rust, axum)",
        command: &["chroma", "run", "--path", "{data}", "--host", "127.0.0.1", "--port", "{port}"],
        env: &[("ANONYMIZED_TELEMETRY", "False")],
        description: Description::Served("/openapi.json"),
        ready: "",
        base: "",
        program_env: &[],
        overlay: None,
        files: &[],
        prepare: None,
    },
    Service {
        name: "prefect",
        install: Install::Pip { requirement: "prefect==3.9.1", pins: &[] },
        licence: "Apache-2.0",
        producer: "FastAPI (Python, Pydantic)",
        command: &["prefect", "server", "start", "--host", "127.0.0.1", "--port", "{port}"],
        env: &[
            ("PREFECT_HOME", "{data}"),
            ("PREFECT_SERVER_ANALYTICS_ENABLED", "false"),
            ("PREFECT_SERVER_UI_ENABLED", "false"),
        ],
        description: Description::Served("/api/openapi.json"),
        ready: "",
        base: "/api",
        program_env: &[],
        overlay: None,
        files: &[],
        prepare: None,
    },
    Service {
        name: "label-studio",
        // sentry-sdk 3 refuses the `send_default_pii` option Label Studio 1.23 starts it with.
        install: Install::Pip { requirement: "label-studio==1.23.2", pins: &["sentry-sdk<3"] },
        licence: "Apache-2.0",
        producer: "drf-spectacular (Python, Django REST framework)",
        command: &[
            "label-studio",
            "start",
            "--no-browser",
            "--internal-host",
            "127.0.0.1",
            "--port",
            "{port}",
            "--data-dir",
            "{data}",
        ],
        env: &[
            ("LABEL_STUDIO_BASE_DATA_DIR", "{data}"),
            ("LABEL_STUDIO_USERNAME", "owner@example.com"),
            ("LABEL_STUDIO_PASSWORD", "not-a-secret"),
            ("LABEL_STUDIO_USER_TOKEN", LABEL_STUDIO_TOKEN),
            ("LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK", "true"),
            ("COLLECT_ANALYTICS", "false"),
        ],
        description: Description::Served("/docs/api/schema/?format=json"),
        ready: "",
        base: "",
        program_env: &[("LABEL_STUDIO_TOKEN", LABEL_STUDIO_TOKEN)],
        overlay: Some("tests/services/label-studio.overlay.yaml"),
        files: &[],
        // A new organisation takes only JWT tokens; the description's `Token` scheme is the
        // legacy token, which its settings page turns on.
        prepare: Some(
            "import sqlite3; db = sqlite3.connect('{data}/label_studio.sqlite3'); \
             db.execute('update jwt_auth_jwtsettings set legacy_api_tokens_enabled = 1'); db.commit()",
        ),
    },
    Service {
        name: "litellm",
        install: Install::Pip { requirement: "litellm[proxy]==1.108.7", pins: &[] },
        licence: "MIT",
        producer: "OpenAI's description (an excerpt in `tests/fixtures/specs/bodies.yaml`), served by an OpenAI-compatible proxy",
        command: &["litellm", "--config", "{data}/config.yaml", "--host", "127.0.0.1", "--port", "{port}"],
        env: &[("LITELLM_MASTER_KEY", LITELLM_KEY), ("LITELLM_LOCAL_MODEL_COST_MAP", "True")],
        description: Description::Implemented("tests/fixtures/specs/bodies.yaml"),
        ready: "/health/liveliness",
        base: "/v1",
        program_env: &[("LITELLM_KEY", LITELLM_KEY)],
        overlay: None,
        files: &[("config.yaml", LITELLM_CONFIG)],
        prepare: None,
    },
    Service {
        name: "autorest-complex",
        install: Install::Npm { package: "@microsoft.azure/autorest.testserver@3.3.51" },
        licence: "MIT",
        producer: "Swagger 2.0, by hand (Azure SDK test server)",
        command: &["node", "{package}/dist/cli/cli.js", "run", "--port", "{port}"],
        env: &[],
        description: Description::Packaged("swagger/body-complex.json"),
        ready: "/complex/basic/valid",
        base: "",
        program_env: &[],
        overlay: None,
        files: &[],
        prepare: None,
    },
    Service {
        name: "autorest-paging",
        install: Install::Npm { package: "@microsoft.azure/autorest.testserver@3.3.51" },
        licence: "MIT",
        producer: "Swagger 2.0, by hand (Azure SDK test server)",
        command: &["node", "{package}/dist/cli/cli.js", "run", "--port", "{port}"],
        env: &[],
        description: Description::Packaged("swagger/paging.json"),
        ready: "/paging/single",
        base: "",
        program_env: &[],
        overlay: None,
        files: &[],
        prepare: None,
    },
];

/// How one service fared.
pub struct Run {
    pub name: &'static str,
    pub entry: Option<corpus::Entry>,
    /// The program's output, or why there was none.
    pub output: String,
    pub passed: bool,
    pub started_in: Option<Duration>,
}

/// Runs `services` in turn; `root` is the workspace root.
pub fn run(services: &[&Service], root: &Path) -> Result<Vec<Run>, String> {
    let folder = root.join("target/services");
    let workspace = folder.join("workspace");
    let _ = std::fs::remove_dir_all(&workspace);
    std::fs::create_dir_all(&workspace).map_err(|e| format!("cannot create {}: {e}", workspace.display()))?;
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy the lock file: {e}"))?;
    let mut runs = Vec::new();
    for service in services {
        eprintln!("== {} ({})", service.name, service.install.package());
        let run = run_one(service, &folder.join(service.name), &workspace, &root.join("target/scratch"), root)
            .unwrap_or_else(|message| Run {
                name: service.name,
                entry: None,
                output: message,
                passed: false,
                started_in: None,
            });
        eprintln!("{}", run.output);
        runs.push(run);
    }
    Ok(runs)
}

fn run_one(service: &Service, dir: &Path, workspace: &Path, target: &Path, root: &Path) -> Result<Run, String> {
    let installed = install(service, dir)?;
    let data = dir.join("data");
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    for (name, text) in service.files {
        std::fs::write(data.join(name), text).map_err(|e| format!("cannot write {name}: {e}"))?;
    }
    let port = free_port()?;
    let started = Instant::now();
    let mut server = Server::start(service, &installed, &data, port, &dir.join("server.log"))?;
    let spec = match &service.description {
        Description::Served(path) => {
            let spec = dir.join("openapi.json");
            server.wait_for(&format!("http://127.0.0.1:{port}{path}"), &spec)?;
            spec
        }
        Description::Packaged(path) => {
            server.wait_for(&format!("http://127.0.0.1:{port}{}", service.ready), &dir.join("ready"))?;
            installed.package.join(path)
        }
        Description::Implemented(path) => {
            server.wait_for(&format!("http://127.0.0.1:{port}{}", service.ready), &dir.join("ready"))?;
            root.join(path)
        }
    };
    let started_in = started.elapsed();
    if let Some(script) = service.prepare {
        let script = script.replace("{data}", &data.to_string_lossy());
        succeed(Command::new(installed.bin.join("python")).args(["-c", &script]), "prepare the service")?;
    }
    eprintln!("   started in {:.1} s; its description is {}", started_in.as_secs_f64(), spec.display());

    let overlays: Vec<PathBuf> = service.overlay.iter().map(|o| root.join(o)).collect();
    let (mut entry, generated) = corpus::generate_entry_with(service.name, &spec, &overlays, false)?;
    let Some(generated) = generated else {
        let output = format!("the description did not generate:\n{}", corpus::failures(std::slice::from_ref(&entry)));
        return Ok(Run { name: service.name, entry: Some(entry), output, passed: false, started_in: Some(started_in) });
    };
    let client = format!("{}-client", service.name);
    corpus::write_member(workspace, &client, &spec, generated, &mut entry)?;
    let program = format!("{}-program", service.name);
    write_program(workspace, &program, &client, &root.join(format!("tests/services/{}.rs", service.name)))?;
    let members = std::fs::read_dir(workspace)
        .map_err(|e| e.to_string())?
        .flatten()
        .filter(|e| e.path().join("Cargo.toml").is_file())
        .map(|e| format!("{:?}", e.file_name().to_string_lossy()))
        .collect::<Vec<_>>();
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(workspace.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;

    let outcome = corpus::cargo(workspace, target, "clippy", &["-p", &client, "-p", &program])
        .map_err(|output| format!("the client or the program does not build:\n{output}"))
        .and_then(|()| corpus::cargo(workspace, target, "build", &["-p", &program]).map_err(|e| e.to_string()))
        .and_then(|()| {
            let mut command = Command::new(target.join("debug").join(&program));
            command.env("SERVICE_URL", format!("http://127.0.0.1:{port}{}", service.base));
            command.envs(service.program_env.iter().copied());
            let output = command.output().map_err(|e| format!("cannot run {program}: {e}"))?;
            let text =
                format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
            if output.status.success() {
                Ok(text)
            } else {
                Err(format!("{program} failed ({}):\n{text}", output.status))
            }
        });
    server.stop();
    let passed = outcome.is_ok() && matches!(entry.outcome, Outcome::Compiles);
    let output = outcome.unwrap_or_else(|e| e);
    Ok(Run { name: service.name, entry: Some(entry), output, passed, started_in: Some(started_in) })
}

/// An installed service: the folder of its programs (before `PATH`), and its package's.
struct Installed {
    bin: PathBuf,
    package: PathBuf,
}

/// Installs the service once per package (and pins): a virtual environment filled by pip,
/// or a folder of npm packages.
fn install(service: &Service, dir: &Path) -> Result<Installed, String> {
    let (folder, installed) = match &service.install {
        Install::Pip { .. } => {
            let venv = dir.join("venv");
            (venv.clone(), Installed { bin: venv.join("bin"), package: venv })
        }
        Install::Npm { package } => {
            let npm = dir.join("npm");
            let name = package.rsplit_once('@').map_or(*package, |(name, _)| name);
            let bin = npm.join("node_modules/.bin");
            (npm.clone(), Installed { bin, package: npm.join("node_modules").join(name) })
        }
    };
    let marker = folder.join("graphgen-installed");
    let wanted: Vec<&str> = match &service.install {
        Install::Pip { requirement, pins } => std::iter::once(*requirement).chain(pins.iter().copied()).collect(),
        Install::Npm { package } => vec![package],
    };
    if std::fs::read_to_string(&marker).is_ok_and(|r| r == wanted.join(" ")) {
        return Ok(installed);
    }
    eprintln!("   installing {} into {}", service.install.package(), folder.display());
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    match &service.install {
        Install::Pip { .. } => {
            let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
            succeed(Command::new(&python).args(["-m", "venv"]).arg(&folder), "make a virtual environment")?;
            let pip = folder.join("bin/pip");
            succeed(Command::new(pip).args(["install", "--quiet"]).args(&wanted), "install with pip")?;
        }
        Install::Npm { .. } => {
            std::fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
            let mut npm = Command::new("npm");
            npm.current_dir(&folder).args(["install", "--no-audit", "--no-fund", "--silent", "--prefix", "."]);
            succeed(npm.args(&wanted), "install with npm")?;
        }
    }
    std::fs::write(&marker, wanted.join(" ")).map_err(|e| e.to_string())?;
    Ok(installed)
}

fn succeed(command: &mut Command, what: &str) -> Result<(), String> {
    let output = command.output().map_err(|e| format!("cannot {what}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "cannot {what}:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// A port nothing listens on now.
fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    listener.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

/// A running server, in a process group of its own so that stopping it stops the
/// workers it starts too.
struct Server {
    child: Child,
    log: PathBuf,
}

impl Server {
    fn start(service: &Service, installed: &Installed, data: &Path, port: u16, log: &Path) -> Result<Server, String> {
        let fill = |text: &str| {
            text.replace("{port}", &port.to_string())
                .replace("{data}", &data.to_string_lossy())
                .replace("{package}", &installed.package.to_string_lossy())
        };
        let file = std::fs::File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let errors = file.try_clone().map_err(|e| e.to_string())?;
        // A program of the installation, or one on `PATH` (`node`).
        let own = installed.bin.join(service.command[0]);
        let mut command = Command::new(if own.is_file() { own } else { PathBuf::from(service.command[0]) });
        command.args(service.command[1..].iter().map(|a| fill(a)));
        command.envs(service.env.iter().map(|(k, v)| (*k, fill(v))));
        command.current_dir(data);
        command.env("PATH", format!("{}:{}", installed.bin.display(), std::env::var("PATH").unwrap_or_default()));
        command.stdin(Stdio::null()).stdout(file).stderr(errors);
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let child = command.spawn().map_err(|e| format!("cannot start {}: {e}", service.command[0]))?;
        Ok(Server { child, log: log.to_owned() })
    }

    /// Waits until the server serves its description, and saves it at `to`.
    fn wait_for(&mut self, url: &str, to: &Path) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(240);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("the server stopped ({status}); see {}", self.log.display()));
            }
            let fetched = Command::new("curl").args(["--silent", "--fail", "--output"]).arg(to).arg(url).status();
            match fetched {
                Ok(status) if status.success() => return Ok(()),
                Ok(_) => std::thread::sleep(Duration::from_millis(500)),
                Err(e) => return Err(format!("cannot run curl: {e}")),
            }
        }
        Err(format!("{url} did not answer in 240 s; see {}", self.log.display()))
    }

    fn stop(&mut self) {
        #[cfg(unix)]
        if let Ok(group) = i32::try_from(self.child.id()) {
            // SAFETY: `kill` only sends a signal; a negative pid names the process group.
            unsafe {
                libc::kill(-group, libc::SIGTERM);
            }
        }
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            self.stop();
        }
    }
}

/// The program's package: the program and its two dependencies.
fn write_program(workspace: &Path, program: &str, client: &str, source: &Path) -> Result<(), String> {
    let dir = workspace.join(program);
    std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    let manifest = format!(
        "[package]\nname = {program:?}\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\n{client} = {{ path = \"../{client}\" }}\n\
         serde_json = \"1\"\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    std::fs::copy(source, dir.join("src/main.rs")).map_err(|e| format!("cannot copy {}: {e}", source.display()))?;
    Ok(())
}

/// The table of a run: a row per service, then `N passed, N failed`.
pub fn report(runs: &[Run]) -> String {
    let mut out = String::from(
        "| service | package | licence | description by | description | started | generation | invented names | program |\n\
         |---|---|---|---|---:|---:|---:|---|---|\n",
    );
    for run in runs {
        let service = SERVICES.iter().find(|s| s.name == run.name);
        let (requirement, licence, producer) =
            service.map_or(("", "", ""), |s| (s.install.package(), s.licence, s.producer));
        let (size, generation, invented) =
            run.entry.as_ref().map_or(("–".to_owned(), "–".to_owned(), "–".to_owned()), |e| {
                (
                    format!("{} KB", e.bytes / 1024),
                    format!("{} ms", e.generation.as_millis()),
                    corpus::invented_cell(&e.invented),
                )
            });
        let started = run.started_in.map_or("–".to_owned(), |d| format!("{:.1} s", d.as_secs_f64()));
        let outcome = if run.passed { "passed" } else { "failed" };
        let _ = writeln!(
            out,
            "| {} | `{requirement}` | {licence} | {producer} | {size} | {started} | {generation} | {invented} | {outcome} |",
            run.name
        );
    }
    let passed = runs.iter().filter(|r| r.passed).count();
    let _ = writeln!(out, "\n{passed} passed, {} failed", runs.len() - passed);
    out
}
