//! [`Hostile`]: the server's handle, its scripted routes and counters.

use super::*;

/// The hostile server, running in this process, and a folder for the
/// adapter's input files.
pub struct Hostile {
    runtime: Option<tokio::runtime::Runtime>,
    addr: SocketAddr,
    state: Arc<State>,
    dir: tempfile::TempDir,
}

impl Hostile {
    /// Starts a server that answers the token endpoint (`POST /oauth/token`)
    /// and 404 to everything else.
    pub fn start() -> Hostile {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap_or_else(|e| panic!("runtime: {e}"));
        let listener = runtime
            .block_on(TcpListener::bind("127.0.0.1:0"))
            .unwrap_or_else(|e| panic!("bind: {e}"));
        let addr = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("local_addr: {e}"));
        let state = Arc::new(State {
            routes: Mutex::new(HashMap::new()),
            counts: Mutex::new(BTreeMap::new()),
            seen: Mutex::new(Vec::new()),
            fresh: AtomicU64::new(0),
        });
        runtime.spawn(accept_loop(listener, state.clone()));
        let server = Hostile {
            runtime: Some(runtime),
            addr,
            state,
            dir: tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}")),
        };
        server.on("POST", "/oauth/token", token_reply(3600));
        server
    }

    /// Starts a server scripted as a small working account (see
    /// [`Hostile::script_minimal_account`]).
    pub fn minimal() -> Hostile {
        let server = Hostile::start();
        server.script_minimal_account();
        server
    }

    /// `method path` answers `reply` from now on (replacing any script).
    pub fn on(&self, method: &str, path: &str, reply: Reply) {
        self.on_fn(method, path, move |_| reply.clone());
    }

    /// `method path` answers what `handler` says for each request.
    pub fn on_fn(
        &self,
        method: &str,
        path: &str,
        handler: impl Fn(&Request) -> Reply + Send + Sync + 'static,
    ) {
        lock(&self.state.routes).insert(route_key(method, path), Arc::new(handler));
    }

    /// Scripts the few answers a fetch with `{"fetch_devices": false}`
    /// reads: groups, two active users, no pending user, the token's owner,
    /// the account settings and the plan usage.
    pub fn script_minimal_account(&self) {
        self.on(
            "GET",
            "/v2/groups",
            Reply::ok(json!({"total_records": 0, "groups": []})),
        );
        self.on_fn("GET", "/v2/users", |request| {
            let users = if request.query_param("status") == Some("pending") {
                json!([])
            } else {
                json!([user(1), user(2)])
            };
            let total = users.as_array().map_or(0, Vec::len);
            Reply::ok(json!({
                "page_size": 300,
                "total_records": total,
                "next_page_token": "",
                "users": users,
            }))
        });
        self.on("GET", "/v2/users/me", Reply::ok(user(1)));
        self.on(
            "GET",
            "/v2/accounts/me/settings",
            Reply::ok(json!({
                "security": {"sign_in_with_two_factor_auth": "all", "password_requirement": {"minimum_password_length": 10}},
                "feature": {"meeting_capacity": 300},
            })),
        );
        self.on(
            "GET",
            "/v2/accounts/me/plans/usage",
            Reply::ok(json!({
                "plan_base": [{"type": "monthly", "hosts": 10, "usage": 2}],
            })),
        );
    }

    /// The server's base URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Requests received on `method path` so far (every attempt counted).
    pub fn count(&self, method: &str, path: &str) -> u64 {
        lock(&self.state.counts)
            .get(&route_key(method, path))
            .copied()
            .unwrap_or(0)
    }

    /// Requests received so far, per `METHOD /path`.
    pub fn counts(&self) -> BTreeMap<String, u64> {
        lock(&self.state.counts).clone()
    }

    /// Every request received so far, in order of arrival.
    pub fn requests(&self) -> Vec<Request> {
        lock(&self.state.seen).clone()
    }

    /// The connection document for this server, `patch` applied on top.
    pub fn connection_json(&self, patch: Value) -> Value {
        let mut connection = json!({
            "domain": self.url(),
            "oauth_url": format!("{}/oauth/token", self.url()),
            "account_id": ACCOUNT_ID,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
        });
        if let (Some(target), Value::Object(patch)) = (connection.as_object_mut(), patch) {
            target.extend(patch);
        }
        connection
    }

    /// Writes a connection file (see [`Hostile::connection_json`]); returns its path.
    pub fn connection(&self, patch: Value) -> String {
        write_file(
            &self.dir,
            "connection.json",
            &self.connection_json(patch).to_string(),
        )
    }

    /// Writes a settings file: short timeouts, one retry, a one-minute
    /// cycle deadline, `settings` on top; returns its path.
    pub fn settings(&self, settings: Value) -> String {
        let mut all = json!({
            "request_timeout_secs": 5,
            "connect_timeout_secs": 2,
            "max_retries": 1,
            "max_cycle_minutes": 1,
        });
        if let (Some(target), Value::Object(patch)) = (all.as_object_mut(), settings) {
            target.extend(patch);
        }
        write_file(&self.dir, "settings.json", &all.to_string())
    }

    /// Runs `fetch` against this server with `settings` (see
    /// [`Hostile::settings`]), `extra` arguments and `env`.
    pub fn fetch(&self, settings: Value, extra: &[&str], env: &[(&str, &str)]) -> Outcome {
        self.fetch_with(&self.connection(json!({})), settings, extra, env)
    }

    /// Runs `fetch` with the connection file `connection`.
    pub fn fetch_with(
        &self,
        connection: &str,
        settings: Value,
        extra: &[&str],
        env: &[(&str, &str)],
    ) -> Outcome {
        let settings = self.settings(settings);
        let mut args = vec!["fetch", "--connection", connection, "--settings", &settings];
        args.extend_from_slice(extra);
        run(&args, env)
    }

    /// Runs `check` against this server with `settings`.
    pub fn check(&self, settings: Value, env: &[(&str, &str)]) -> Outcome {
        self.check_with(&self.connection(json!({})), settings, env)
    }

    /// Runs `check` with the connection file `connection`.
    pub fn check_with(&self, connection: &str, settings: Value, env: &[(&str, &str)]) -> Outcome {
        let settings = self.settings(settings);
        run(
            &["check", "--connection", connection, "--settings", &settings],
            env,
        )
    }
}

impl Drop for Hostile {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            // Silent and trickling connections may still be open: do not wait.
            runtime.shutdown_background();
        }
    }
}

/// The token endpoint's answer: a bearer token living `expires_in` seconds
/// (any JSON number, `u64::MAX` included).
pub fn token_reply(expires_in: u64) -> Reply {
    Reply::Json {
        status: 200,
        headers: vec![("Content-Type".to_owned(), "application/json".to_owned())],
        body: format!(
            r#"{{"access_token":"{ACCESS_TOKEN}","token_type":"bearer","expires_in":{expires_in},"scope":"{SCOPES}"}}"#
        ),
    }
}

/// A user as `GET /v2/users` lists it, numbered `n`.
pub fn user(n: u64) -> Value {
    json!({
        "id": format!("hostile-user-{n}"),
        "first_name": "Hostile",
        "last_name": format!("User{n}"),
        "display_name": format!("Hostile User{n}"),
        "email": format!("user{n}@hostile.example"),
        "type": 2,
        "pmi": 1_000_000_000u64 + n,
        "timezone": "UTC",
        "verified": 1,
        "dept": "",
        "created_at": "2024-01-02T03:04:05Z",
        "last_login_time": "2025-01-02T03:04:05Z",
        "last_client_version": "6.0.0.1234(mac)",
        "language": "en-US",
        "status": "active",
        "role_id": "2",
    })
}

/// A port on 127.0.0.1 nothing listens on (bound, then released).
pub fn dead_port() -> u16 {
    let listener =
        std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
    let port = listener
        .local_addr()
        .unwrap_or_else(|e| panic!("local_addr: {e}"))
        .port();
    drop(listener);
    port
}
