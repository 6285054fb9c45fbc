//! The stance-map binary: the command line, or the app window.

use std::process::ExitCode;

use stance_map::cli::{self, Command};

fn main() -> ExitCode {
    // `args_os`: a file name need not be UTF-8 (`std::env::args` would panic on one).
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    match cli::parse_args(&args) {
        Ok(Command::Help) => {
            println!("{}", cli::USAGE);
            ExitCode::SUCCESS
        }
        Ok(Command::Check { files }) => {
            if cli::check(&files, &mut std::io::stdout()) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Ok(Command::Format { files }) => {
            if cli::format(&files, &mut std::io::stdout()) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Ok(Command::Export(export_args)) => {
            if cli::export(&export_args, &mut std::io::stdout()) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Ok(Command::Open { file, present }) => stance_map::app::run(file, present),
        Err(message) => {
            // The message may quote the arguments: clean it like all other output.
            eprintln!(
                "stance-map: {}\n{}",
                stance_map::model::text::display_safe_line(&message),
                cli::USAGE
            );
            ExitCode::from(2)
        }
    }
}
