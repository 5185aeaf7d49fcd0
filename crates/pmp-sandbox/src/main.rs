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
    let stop = stop_signal();
    {
        // Other tools wait for these lines: print them at once, in this order.
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "pmp-sandbox listening on http://{host}:{}/", addr.port());
        if config.dev_token {
            let _ = writeln!(out, "token: {}", pmp_sandbox::DEV_TOKEN);
        }
        let _ = out.flush();
    }
    pmp_sandbox::serve(listener, router, config.serve_limits, stop).await;
    Ok(())
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM. The handlers are installed now, not when the future
/// is first polled: a signal sent right after the start lines are printed is not lost.
fn stop_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut terminate = signal(SignalKind::terminate()).ok();
        let mut interrupt = signal(SignalKind::interrupt()).ok();
        async move {
            tokio::select! {
                _ = recv(terminate.as_mut()) => {},
                _ = recv(interrupt.as_mut()) => {},
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// The next delivery of a signal whose handler is installed; never, if it could not be.
#[cfg(unix)]
async fn recv(signal: Option<&mut tokio::signal::unix::Signal>) {
    match signal {
        Some(signal) => {
            signal.recv().await;
        }
        None => std::future::pending::<()>().await,
    }
}
