//! `article-widget-server`: serve the API (and the built widget), or
//! moderate comments from the command line.
//!
//!   article-widget-server [serve] [--listen 127.0.0.1:8081] [--database-url sqlite://data/comments.db] …
//!   article-widget-server pending [--article ID]
//!   article-widget-server approve ID | reject ID | delete ID
//!   article-widget-server moderator add NAME | password NAME | remove NAME | list
//!   article-widget-server export ARTICLE_ID
//!   article-widget-server migrate --from sqlite://data/comments.db --to postgres://…

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use article_widget_server::admin::guard;
use article_widget_server::listener::{BodyPace, Limits};
use article_widget_server::store::{Action, Filter, Logged, Status, Storage, BATCH};
use article_widget_server::{Config, DatabaseUrl, Moderation, Trust};
use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(version, about = "Reference comment and article service for article-widget")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (the default).
    Serve,
    /// List comments waiting for a moderator.
    Pending {
        #[arg(long)]
        article: Option<String>,
    },
    /// Publish a comment.
    Approve { id: i64 },
    /// Refuse a comment (kept, never shown).
    Reject { id: i64 },
    /// Remove a comment for good.
    Delete { id: i64 },
    /// Accounts of the moderation page (/admin).
    Moderator {
        #[command(subcommand)]
        command: ModeratorCommand,
    },
    /// Print every comment of an article as JSON (emails and statuses included).
    Export { article: String },
    /// Copy every comment from one database to another (servers stopped); safe to run again.
    Migrate {
        /// The database to read, e.g. sqlite://data/comments.db.
        #[arg(long, value_parser = DatabaseUrl::parse)]
        from: DatabaseUrl,
        /// The database to fill, e.g. postgres://aw@db.internal/comments.
        #[arg(long, value_parser = DatabaseUrl::parse)]
        to: DatabaseUrl,
    },
}

#[derive(Subcommand)]
enum ModeratorCommand {
    /// Create an account. The password (12 characters or more) is asked twice on the terminal.
    Add {
        name: String,
        /// Read the password from the first line of standard input instead (scripts).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set an account's password; its open sessions are signed out.
    Password {
        name: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Remove an account (its sessions end).
    Remove { name: String },
    /// List the accounts.
    List,
}

#[derive(Args)]
struct ServeArgs {
    /// Address to listen on; port 0 picks a free one (printed at start).
    #[arg(long, env = "AW_LISTEN", default_value = "127.0.0.1:8081", global = true)]
    listen: String,
    /// The database: sqlite://PATH (created if missing, readable by its owner only) or postgres://… (several
    /// instances); a bare path is a SQLite file.
    #[arg(long = "database-url", alias = "db", env = "DATABASE_URL", default_value = "sqlite://data/comments.db",
          value_parser = DatabaseUrl::parse, global = true)]
    database_url: DatabaseUrl,
    /// Folder of article JSON files.
    #[arg(long, env = "AW_ARTICLES", default_value = "static/articles", global = true)]
    articles: PathBuf,
    /// Folder of built widget files to serve (e.g. dist); none by default.
    #[arg(long, env = "AW_DIST", global = true)]
    dist: Option<PathBuf>,
    /// Origins allowed to call the API from a browser, as scheme://host[:port] (repeat, or comma-separate); any when none or "*".
    #[arg(long = "cors-origin", env = "AW_CORS_ORIGINS", value_delimiter = ',', global = true)]
    cors_origins: Vec<String>,
    /// Who sees new comments at once.
    #[arg(long, env = "AW_MODERATION", value_enum, default_value = "off", global = true)]
    moderation: Moderation,
    /// What makes a reader known to first-time moderation: the secret key their browser sends, or the email
    /// address they type (which anyone can type).
    #[arg(
        long = "first-time-trust",
        env = "AW_FIRST_TIME_TRUST",
        value_enum,
        default_value = "reader-key",
        global = true
    )]
    trust: Trust,
    /// Posts per client per window; 0 turns the limit off.
    #[arg(long, env = "AW_RATE_LIMIT", default_value_t = 5, global = true)]
    rate_limit: u32,
    /// The rate limit window, in seconds.
    #[arg(long, env = "AW_RATE_WINDOW", default_value_t = 60, global = true)]
    rate_window: u64,
    /// Number of proxies you run in front of the server, each appending to X-Forwarded-For: the client is the N-th
    /// address from the right. Alone, the flag means 1 (and true/false are 1/0, the old form); 0 ignores the header.
    #[arg(long, env = "AW_TRUST_PROXY", value_name = "N", num_args = 0..=1, default_value = "0",
          default_missing_value = "1", value_parser = proxy_count, global = true)]
    trust_proxy: usize,
    /// Feed of candidate related stories for /api/articles/{id}/related; none by default.
    #[arg(long, env = "AW_RELATED_FEED", global = true)]
    related_feed: Option<PathBuf>,
    /// Seconds a client has to send a request's line and headers (from the connection, or the end of the last answer).
    #[arg(long, env = "AW_HEADER_TIMEOUT", value_name = "SECONDS", default_value = "10", value_parser = seconds, global = true)]
    header_timeout: Duration,
    /// Seconds a connection may wait for its next request without sending anything.
    #[arg(long, env = "AW_IDLE_TIMEOUT", value_name = "SECONDS", default_value = "5", value_parser = seconds, global = true)]
    idle_timeout: Duration,
    /// Seconds a request body may take in all.
    #[arg(long, env = "AW_BODY_TIMEOUT", value_name = "SECONDS", default_value = "30", value_parser = seconds, global = true)]
    body_timeout: Duration,
    /// Bytes a second a request body must keep on average after its first 5 s; 0 checks the body timeout only.
    #[arg(long, env = "AW_MIN_BODY_RATE", value_name = "BYTES", default_value_t = 512, global = true)]
    min_body_rate: u64,
    /// Seconds an answer may wait for the client to read it.
    #[arg(long, env = "AW_SEND_TIMEOUT", value_name = "SECONDS", default_value = "30", value_parser = seconds, global = true)]
    send_timeout: Duration,
    /// Open connections at most (the oldest idle ones are closed first); by default 8192, or what the open-file limit allows.
    #[arg(long, env = "AW_MAX_CONNECTIONS", value_name = "N", global = true)]
    max_connections: Option<usize>,
    /// Request line and headers, in bytes (answered 431 beyond).
    #[arg(long, env = "AW_MAX_HEADER_BYTES", value_name = "BYTES", default_value_t = 8192,
          value_parser = clap::value_parser!(u32).range(1024..=1 << 20), global = true)]
    max_header_bytes: u32,
    /// Days a comment keeps its client's IP address (then it is dropped); 0 keeps none.
    #[arg(long = "client-retention-days", env = "AW_CLIENT_RETENTION_DAYS", default_value_t = 30, global = true)]
    client_retention_days: u32,
    /// Minutes during which a reader may edit or delete their own comment after posting it; 0 turns it off.
    #[arg(long = "edit-window", env = "AW_EDIT_WINDOW", value_name = "MINUTES", default_value = "15",
          value_parser = minutes_or_zero, global = true)]
    edit_window: Duration,
    /// Minutes a moderator stays signed in to /admin.
    #[arg(long = "admin-session", env = "AW_ADMIN_SESSION", value_name = "MINUTES", default_value = "480",
          value_parser = minutes, global = true)]
    admin_session: Duration,
}

/// A duration in minutes, possibly with a fraction, above 0 and at most a week.
fn minutes(text: &str) -> Result<Duration, String> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|m| m.is_finite() && *m > 0.0 && *m <= 7.0 * 1440.0)
        .map(|m| Duration::from_secs_f64(m * 60.0))
        .ok_or_else(|| format!("{text:?} is not a number of minutes (above 0, at most a week)"))
}

/// As [`minutes`], or 0 (off).
fn minutes_or_zero(text: &str) -> Result<Duration, String> {
    if text.trim().parse::<f64>() == Ok(0.0) {
        return Ok(Duration::ZERO);
    }
    minutes(text)
}

/// A duration in seconds, possibly with a fraction (`2.5`).
fn seconds(text: &str) -> Result<Duration, String> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s <= 86_400.0)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| format!("{text:?} is not a number of seconds (above 0, at most a day)"))
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "article_widget_server=info,tower_http=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let args = cli.serve;
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(args),
        command => runtime().and_then(|rt| rt.block_on(moderate(&args.database_url, command))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("article-widget-server: {message}");
            ExitCode::FAILURE
        }
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Runtime::new().map_err(|e| e.to_string())
}

fn serve(args: ServeArgs) -> Result<(), String> {
    let config = Config {
        database: args.database_url,
        articles: args.articles,
        dist: args.dist,
        cors_origins: args.cors_origins,
        moderation: args.moderation,
        trust: args.trust,
        rate_limit: args.rate_limit,
        rate_window_secs: args.rate_window,
        trust_proxy: args.trust_proxy,
        related_feed: args.related_feed,
        client_retention_days: args.client_retention_days,
        edit_window: args.edit_window,
        admin_session: args.admin_session,
        limits: Limits {
            header_timeout: args.header_timeout,
            idle_timeout: args.idle_timeout,
            body: BodyPace { timeout: args.body_timeout, min_rate: args.min_body_rate, ..Limits::default().body },
            send_timeout: args.send_timeout,
            max_connections: args.max_connections,
            max_header_bytes: args.max_header_bytes as usize,
            ..Limits::default()
        },
    };
    let limits = config.limits.clone();
    runtime()?.block_on(async move {
        let router = article_widget_server::app(config).await?;
        let listener = tokio::net::TcpListener::bind(&args.listen)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
        let address = listener.local_addr().map_err(|e| e.to_string())?;
        // The one line on stdout: scripts and tests read the address from it.
        println!("listening on http://{address}");
        // On a signal, stop accepting and let the requests under way finish,
        // but no longer than DRAIN: a client that never completes its request
        // must not keep the server from stopping.
        let (signalled_tx, signalled_rx) = tokio::sync::oneshot::channel::<()>();
        let signal = async move {
            shutdown_signal().await;
            let _ = signalled_tx.send(());
        };
        let server = article_widget_server::serve(listener, router, limits, signal);
        tokio::pin!(server);
        tokio::select! {
            result = &mut server => result.map_err(|e| e.to_string())?,
            _ = async {
                let _ = signalled_rx.await;
                tokio::time::sleep(DRAIN).await;
            } => tracing::warn!("stopping with requests still open after {} s", DRAIN.as_secs()),
        }
        tracing::info!("stopped");
        Ok(())
    })
}

/// `--trust-proxy N`, or the old boolean form (`true` is one proxy).
fn proxy_count(text: &str) -> Result<usize, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" => Ok(1),
        "false" | "no" | "off" => Ok(0),
        n => n.parse().map_err(|_| format!("{text:?} is not a number of proxies (0, 1, 2…)")),
    }
}

/// How long requests under way may take to finish after SIGINT or SIGTERM.
const DRAIN: Duration = Duration::from_secs(10);

/// SIGINT or SIGTERM: stop accepting, finish what is under way.
async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(signal) => signal,
            Err(_) => return std::future::pending().await,
        };
        tokio::select! {
            _ = interrupt => {},
            _ = terminate.recv() => {},
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
    tracing::info!("shutting down: finishing requests under way");
}

async fn moderate(database: &DatabaseUrl, command: Command) -> Result<(), String> {
    if let Command::Migrate { from, to } = &command {
        let report = article_widget_server::migrate::migrate(from, to).await?;
        println!("{report}");
        return Ok(());
    }
    let store = database.open().await.map_err(|e| format!("database {database}: {e}"))?.store;
    // What the moderation log says did it.
    let by = Logged { actor: "command line".into(), at: article_widget_server::clock::now() };
    let db_error = |e: article_widget_server::store::StoreError| e.to_string();
    let moderate = |action: Action, id: i64, what: &'static str| {
        let (store, by) = (store.clone(), by.clone());
        async move {
            if store.moderate(action, &[id], &by).await.map_err(db_error)?.is_empty() {
                return Err(format!("no comment {id}"));
            }
            println!("comment {id} {what}");
            Ok(())
        }
    };
    match command {
        Command::Serve | Command::Migrate { .. } => unreachable!("handled by the caller"),
        Command::Pending { article } => {
            let rows =
                all(store.as_ref(), Filter { article_id: article, status: Some(Status::Pending), ..Filter::default() })
                    .await
                    .map_err(db_error)?;
            if rows.is_empty() {
                println!("no comment is waiting");
            }
            for c in rows {
                println!(
                    "#{} [{}] {} <{}> at {}\n    {}",
                    c.id,
                    c.article_id,
                    c.author,
                    c.email,
                    c.created_at,
                    c.body.replace('\n', "\n    ")
                );
            }
            Ok(())
        }
        Command::Approve { id } => moderate(Action::Approve, id, "published").await,
        Command::Reject { id } => moderate(Action::Reject, id, "rejected").await,
        Command::Delete { id } => moderate(Action::Delete, id, "deleted").await,
        Command::Moderator { command } => moderators(store.as_ref(), command).await,
        Command::Export { article } => {
            let rows = all(store.as_ref(), Filter { article_id: Some(article.clone()), ..Filter::default() })
                .await
                .map_err(db_error)?;
            let json = serde_json::to_string_pretty(&serde_json::json!({ "article_id": article, "comments": rows }))
                .map_err(|e| e.to_string())?;
            println!("{json}");
            Ok(())
        }
    }
}

/// Every comment the filter selects, read a batch at a time.
async fn all(
    store: &dyn Storage,
    mut filter: Filter,
) -> Result<Vec<article_widget_server::store::Stored>, article_widget_server::store::StoreError> {
    filter.limit = BATCH;
    let mut rows = Vec::new();
    loop {
        let batch = store.list(&filter).await?;
        let Some(last) = batch.last() else { return Ok(rows) };
        filter.after = Some(last.id);
        let full = batch.len() == BATCH as usize;
        rows.extend(batch);
        if !full {
            return Ok(rows);
        }
    }
}

/// `moderator add|password|remove|list`.
async fn moderators(store: &dyn Storage, command: ModeratorCommand) -> Result<(), String> {
    let db_error = |e: article_widget_server::store::StoreError| e.to_string();
    match command {
        ModeratorCommand::Add { name, password_stdin } => {
            guard::check_name(&name)?;
            if store.moderator(&name).await.map_err(db_error)?.is_some() {
                return Err(format!("moderator {name} exists: `moderator password {name}` sets a new password"));
            }
            let hash = guard::hash_password(&new_password(password_stdin)?)?;
            store.put_moderator(&name, &hash, article_widget_server::clock::now()).await.map_err(db_error)?;
            println!("moderator {name} created: sign in at /admin");
            Ok(())
        }
        ModeratorCommand::Password { name, password_stdin } => {
            if store.moderator(&name).await.map_err(db_error)?.is_none() {
                return Err(format!("no moderator {name}: `moderator add {name}` creates it"));
            }
            let hash = guard::hash_password(&new_password(password_stdin)?)?;
            store.put_moderator(&name, &hash, article_widget_server::clock::now()).await.map_err(db_error)?;
            println!("moderator {name}: password changed, sessions ended");
            Ok(())
        }
        ModeratorCommand::Remove { name } => {
            if store.remove_moderator(&name).await.map_err(db_error)? {
                println!("moderator {name} removed");
                Ok(())
            } else {
                Err(format!("no moderator {name}"))
            }
        }
        ModeratorCommand::List => {
            let all = store.moderators().await.map_err(db_error)?;
            if all.is_empty() {
                println!("no moderator yet: article-widget-server moderator add NAME");
            }
            for m in all {
                println!("{} (since {})", m.name, m.created_at);
            }
            Ok(())
        }
    }
}

/// A new password: the first line of standard input, or typed twice on the terminal without echo.
fn new_password(from_stdin: bool) -> Result<String, String> {
    use std::io::{BufRead, IsTerminal};
    let password = if from_stdin || !std::io::stdin().is_terminal() {
        if !from_stdin {
            return Err("no terminal to ask the password on: give it on standard input with --password-stdin".into());
        }
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(|e| format!("reading the password: {e}"))?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    } else {
        let first = rpassword::prompt_password("Password: ").map_err(|e| e.to_string())?;
        guard::check_password(&first)?;
        let again = rpassword::prompt_password("Once more: ").map_err(|e| e.to_string())?;
        if first != again {
            return Err("the two passwords differ; nothing changed".into());
        }
        first
    };
    guard::check_password(&password)?;
    Ok(password)
}
