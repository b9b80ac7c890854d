//! Every kind of handler argument, with and without `self`.

use charm_runtime::dispatch::HookContext;
use charm_runtime::event::{
    ActionEvent, CheckEvent, Event, NoticeEvent, RelationEvent, SecretEvent, SeriesUpgrade,
    StorageEvent, WorkloadEvent,
};
use charm_runtime::handler::{Config, Params};
use charm_runtime::hook_tools::Juju;
use charm_runtime::{Container, Result, charm, on};

#[derive(Default)]
struct Arguments {
    count: u32,
}

#[derive(serde::Deserialize)]
struct Settings {
    port: i64,
}

#[derive(serde::Deserialize)]
struct Backup {
    target: String,
}

#[charm]
impl Arguments {
    #[on(install)]
    async fn model(&self, juju: &Juju, owned: Juju, event: &Event, copy: Event, context: &HookContext) -> Result<()> {
        let _ = (self.count, juju, owned, event, copy, &context.app_name);
        Ok(())
    }

    #[on(pebble_ready = "myapp")]
    async fn workload(&mut self, container: Container, ready: WorkloadEvent) -> Result<()> {
        self.count += 1;
        let _ = (container.name(), ready.container);
        Ok(())
    }

    #[on(pebble_custom_notice = "db")]
    fn notice(notice: NoticeEvent, db: Container, #[container = "myapp"] app: Container) -> Result<()> {
        let _ = (notice.key, db, app);
        Ok(())
    }

    #[on(pebble_check_failed = "db")]
    #[on(pebble_check_recovered = "db")]
    fn check(check: CheckEvent) -> Result<()> {
        let _ = check.check;
        Ok(())
    }

    #[on(relation_changed = "database")]
    fn relation(relation: RelationEvent) -> Result<()> {
        let _ = relation.remote_app;
        Ok(())
    }

    #[on(storage_attached = "data")]
    fn storage(storage: StorageEvent) -> Result<()> {
        let _ = storage.location;
        Ok(())
    }

    #[on(secret_changed)]
    fn secret(secret: SecretEvent) -> Result<()> {
        let _ = secret.id;
        Ok(())
    }

    #[on(pre_series_upgrade)]
    fn series(upgrade: SeriesUpgrade) -> Result<()> {
        let _ = upgrade.target_base;
        Ok(())
    }

    #[on(config_changed)]
    async fn config(
        config: Config<Settings>,
        #[config] port: u16,
        #[config = "log-level"] level: Option<String>,
        #[config] ratio: f64,
        #[config] debug: bool,
        #[config] token: Option<String>,
    ) -> Result<()> {
        let _ = (config.port, port, level, ratio, debug, token);
        Ok(())
    }

    #[on(action = "backup")]
    async fn backup(
        action: ActionEvent,
        params: Params<Backup>,
        #[param] target: String,
        #[param] compress: bool,
        #[param] level: Option<i64>,
    ) -> Result<()> {
        let _ = (action.id, &params.target, target, compress, level);
        Ok(())
    }

    #[on(action = "restore")]
    fn restore() -> std::result::Result<(), charm_runtime::hook_tools::Error> {
        Ok(())
    }

    fn not_a_handler(&self) -> u32 {
        self.count
    }
}

fn main() {
    let _ = Arguments::default().not_a_handler();
}
