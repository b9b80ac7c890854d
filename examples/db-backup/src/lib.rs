//! A database charm with backups: the exec, services, files and notices examples of the ops
//! how-to "run workloads with a charm", in Rust.
//!
//! - `db-pebble-ready` runs PostgreSQL from a layer.
//! - The `backup` action stops the database if it runs, archives its data directory with
//!   `tar` run in the container (the file is written there, nothing passes through the
//!   charm), starts it again and returns the archive's path and size; a failed `tar` fails
//!   the action with the end of its stderr.
//! - The workload's own backups end with `pebble notify example.com/db/backup-done path=...`:
//!   the notice handler copies that file into the charm container's `backups/` directory.

use std::collections::BTreeMap;

use charm_runtime::event::NoticeEvent;
use charm_runtime::hook_tools::{Juju, Status};
use charm_runtime::layer::Layer;
use charm_runtime::pebble;
use charm_runtime::{Container, Error, HookContext, Result, charm, layer, on};

/// The charm: PostgreSQL in the `db` container.
pub struct DbBackup;

#[layer]
fn db_layer(data_dir: &str) -> Layer {
    r#"
    services:
      db:
        override: replace
        command: postgres -D ${data_dir}
        startup: enabled
    "#
}

#[charm]
impl DbBackup {
    #[on(pebble_ready = "db")]
    async fn pebble_ready(
        juju: &Juju,
        db: Container,
        #[config = "data-dir"] data: String,
    ) -> Result<()> {
        db.ensure_layer("db", &db_layer(&data)).await?;
        juju.set_unit_status(Status::active("")).await?;
        Ok(())
    }

    #[on(action = "backup")]
    async fn backup(
        juju: &Juju,
        db: Container,
        #[config = "data-dir"] data: String,
        #[param] path: String,
        #[param] compress: bool,
    ) -> Result<()> {
        let running = db.service("db").await?.is_some_and(|s| s.is_running());
        if running {
            juju.action_log("stopping db").await?;
            db.stop_services(&["db"]).await?;
        }
        juju.action_log(&format!("archiving {data} to {path}"))
            .await?;
        let flags = if compress { "-czf" } else { "-cf" };
        let tar = db
            .exec(["tar", flags, &path, "-C", &data, "."])
            .service_context("db");
        let archived = async { tar.await?.wait().await }.await;
        if running {
            db.start_services(&["db"]).await?;
            juju.action_log("db started again").await?;
        }
        match archived {
            Err(pebble::Error::Exec(e)) => juju.action_fail(&e.to_string()).await?,
            Err(e) => return Err(e.into()),
            Ok(()) => {
                let file = db.list_files(&path).itself(true).await?;
                let size = file.first().and_then(|f| f.size).unwrap_or(0);
                juju.action_set(&BTreeMap::from([
                    ("path", path),
                    ("size", size.to_string()),
                ]))
                .await?;
            }
        }
        Ok(())
    }

    #[on(pebble_custom_notice = "db", key = "example.com/db/backup-done")]
    async fn backup_done(ctx: &HookContext, db: Container, notice: NoticeEvent) -> Result<()> {
        let notice = db.notice(&notice.id).await?;
        let path = notice
            .last_data
            .get("path")
            .ok_or_else(|| Error::msg("backup-done notice without a path"))?;
        db.pull_path(&[path.as_str()], ctx.charm_dir.join("backups"))
            .await?;
        ctx.juju
            .set_unit_status(Status::active(format!("backed up {path}")))
            .await?;
        Ok(())
    }
}
