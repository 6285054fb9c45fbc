//! The stance-map binary: the command line, or the app window.

use std::process::ExitCode;

use stance_map::cli::{self, Command};

fn main() -> ExitCode {
    init_logging();
    // `args_os`: a file name need not be UTF-8 (`std::env::args` would panic on one).
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let done = |ok: bool| ExitCode::from(if ok { cli::EXIT_OK } else { cli::EXIT_FAILED });
    match cli::parse_args(&args) {
        Ok(Command::Help(text)) => {
            print!("{text}");
            ExitCode::from(cli::EXIT_OK)
        }
        Ok(Command::Check { files }) => done(cli::check(&files, &mut std::io::stdout())),
        Ok(Command::Format { files }) => done(cli::format(&files, &mut std::io::stdout())),
        Ok(Command::Export(export_args)) => done(cli::export(&export_args, &mut std::io::stdout())),
        Ok(Command::Class(class_args)) => done(cli::class(
            &class_args,
            &mut std::io::stdout(),
            &mut std::io::stderr(),
        )),
        Ok(Command::Open { file, present }) => stance_map::app::run(file, present),
        Err(message) => {
            // Already cleaned by `parse_args`: it may quote the arguments.
            eprint!("{message}");
            ExitCode::from(cli::EXIT_USAGE)
        }
    }
}

/// Print what eframe, winit, wgpu and the app report through the `log` crate ("Saving
/// disabled: Failed to find path to `data_dir`", a recovery copy that could not be written) on
/// standard error: warnings and errors by default; `RUST_LOG` chooses otherwise
/// (`RUST_LOG=info`, `RUST_LOG=off`, `RUST_LOG=eframe=debug`).
fn init_logging() {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
}
