//! `classroom [--port N] [--host H] [--root DIR] [--expiry MINUTES]`: serves
//! the page and its classroom (`cargo xtask classroom` builds the page and runs this).

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use classroom::{Config, Hub};

const USAGE: &str = "usage: classroom [--port N] [--host H] [--root DIR] [--expiry MINUTES]";

struct Options {
    port: u16,
    host: IpAddr,
    config: Config,
}

fn options(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        port: 8080,
        host: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        config: Config { root: Some(PathBuf::from(".")), ..Config::default() },
    };
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag}: missing its value; {USAGE}"))?;
        match flag.as_str() {
            "--port" => {
                options.port = value.parse().map_err(|_| {
                    format!("--port {value}: expected a port number from 1 to 65535")
                })?
            }
            "--host" => {
                options.host = value.parse().map_err(|_| {
                    format!("--host {value}: expected an IP address such as 0.0.0.0")
                })?
            }
            "--root" => options.config.root = Some(PathBuf::from(value)),
            "--expiry" => {
                let minutes: f64 =
                    value.parse().ok().filter(|m: &f64| *m > 0.0 && *m <= 24.0 * 60.0).ok_or(
                        format!("--expiry {value}: expected minutes, more than 0 and at most 1440"),
                    )?;
                options.config.expiry = Duration::from_secs_f64(minutes * 60.0);
            }
            _ => return Err(format!("unknown option {flag}; {USAGE}")),
        }
    }
    Ok(options)
}

/// The addresses phones on the same network can reach: this machine's non-loopback IPv4 ones.
fn lan_addresses() -> Vec<IpAddr> {
    if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .filter(|i| !i.is_loopback())
        .map(|i| i.ip())
        .filter(IpAddr::is_ipv4)
        .collect()
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match options(&args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind((options.host, options.port)).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!(
                "error: cannot listen on {}:{}: {e} (try --port with another number)",
                options.host, options.port
            );
            return ExitCode::FAILURE;
        }
    };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(options.port);
    println!("Backprop Lab's classroom is running (Ctrl-C stops it; every room ends with it).");
    if options.host.is_unspecified() {
        for ip in lan_addresses() {
            println!("  students on this network: http://{ip}:{port}/");
        }
        println!("  on this computer:         http://127.0.0.1:{port}/");
    } else {
        println!("  at http://{}:{port}/", options.host);
    }
    let hub = Hub::new(options.config);
    tokio::select! {
        outcome = classroom::run(listener, hub) => if let Err(e) = outcome {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        },
        _ = tokio::signal::ctrl_c() => println!("stopped"),
    }
    ExitCode::SUCCESS
}
