//! Thin entry point: parse the command line, set up logging, run a command.

use clap::Parser;

use bridgework::config::{Cli, Command};

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_new(&cli.config.log_level)
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(cli.config),
        Command::CreateCoach(args) => bridgework::commands::create_account(
            &cli.config,
            &args,
            bridgework::models::user::Role::Coach,
        ),
        Command::CreateMember {
            account,
            station,
            platoon,
        } => {
            bridgework::commands::create_member(&cli.config, &account, &station, platoon.as_deref())
        }
        Command::Backup { file } => bridgework::commands::backup(&cli.config, &file),
        Command::Demo {
            members,
            weeks,
            seed,
        } => bridgework::commands::demo(
            &cli.config,
            bridgework::demo::DemoOptions {
                members,
                weeks,
                seed,
            },
        ),
        Command::Migrate => bridgework::commands::migrate(&cli.config),
    }
}

#[actix_web::main]
async fn serve(config: bridgework::config::Config) -> anyhow::Result<()> {
    let host = match config.bind.rsplit_once(':') {
        Some(("0.0.0.0", _)) | None => "127.0.0.1".to_string(),
        Some((host, _)) => host.to_string(),
    };
    let app = bridgework::Application::build(config)?;
    println!("Bridgework is running at http://{host}:{}/", app.port());
    app.run_until_stopped().await?;
    Ok(())
}
