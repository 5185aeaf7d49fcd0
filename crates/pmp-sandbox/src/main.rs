//! `pmp-sandbox`: the command line. See `USAGE` and the crate README.

use std::io::Write;
use std::process::ExitCode;

use pmp_sandbox::{Config, TOKEN_ENV};
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match Config::from_args(&args, std::env::var(TOKEN_ENV).ok()) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("{message}");
            let help = args.iter().any(|a| a == "-h" || a == "--help");
            return if help {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    match run(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("pmp-sandbox: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(config: Config) -> Result<(), String> {
    let router = pmp_sandbox::app(&config).map_err(|e| e.to_string())?;
    let listener = TcpListener::bind((config.host.as_str(), config.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", config.host, config.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let host = if addr.is_ipv6() {
        format!("[{}]", addr.ip())
    } else {
        addr.ip().to_string()
    };
    {
        // Other tools wait for these lines: print them at once, in this order.
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "pmp-sandbox listening on http://{host}:{}/", addr.port());
        if config.dev_token {
            let _ = writeln!(out, "token: {}", pmp_sandbox::DEV_TOKEN);
        }
        let _ = out.flush();
    }
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(stop_signal())
    .await
    .map_err(|e| format!("server error: {e}"))
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
async fn stop_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {},
        _ = terminate => {},
    }
}
