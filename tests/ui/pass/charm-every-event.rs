//! Every `#[on]` form the runtime decodes, sync and async.

use charm_runtime::hook_tools::Juju;
use charm_runtime::{Result, charm, on};

struct EveryEvent;

#[charm]
impl EveryEvent {
    #[on(install)]
    async fn install(_juju: &Juju) -> Result<()> { Ok(()) }
    #[on(start)]
    fn start() -> Result<()> { Ok(()) }
    #[on(stop)]
    fn stop() -> Result<()> { Ok(()) }
    #[on(remove)]
    fn remove() -> Result<()> { Ok(()) }
    #[on(upgrade_charm)]
    fn upgrade_charm() -> Result<()> { Ok(()) }
    #[on(config_changed)]
    async fn config_changed() -> Result<()> { Ok(()) }
    #[on(update_status)]
    async fn update_status() -> Result<()> { Ok(()) }
    #[on(leader_elected)]
    fn leader_elected() -> Result<()> { Ok(()) }
    #[on(leader_settings_changed)]
    fn leader_settings_changed() -> Result<()> { Ok(()) }
    #[on(leader_deposed)]
    fn leader_deposed() -> Result<()> { Ok(()) }
    #[on(pre_series_upgrade)]
    fn pre_series_upgrade() -> Result<()> { Ok(()) }
    #[on(post_series_upgrade)]
    fn post_series_upgrade() -> Result<()> { Ok(()) }
    #[on(collect_metrics)]
    fn collect_metrics() -> Result<()> { Ok(()) }
    #[on(relation_created = "database")]
    fn relation_created() -> Result<()> { Ok(()) }
    #[on(relation_joined = "metrics")]
    fn relation_joined() -> Result<()> { Ok(()) }
    #[on(relation_changed = "database")]
    async fn relation_changed() -> Result<()> { Ok(()) }
    #[on(relation_departed = "cluster")]
    fn relation_departed() -> Result<()> { Ok(()) }
    #[on(relation_broken = "database")]
    fn relation_broken() -> Result<()> { Ok(()) }
    #[on(storage_attached = "data")]
    fn storage_attached() -> Result<()> { Ok(()) }
    #[on(storage_detaching = "data")]
    fn storage_detaching() -> Result<()> { Ok(()) }
    #[on(secret_changed)]
    fn secret_changed() -> Result<()> { Ok(()) }
    #[on(secret_rotate)]
    fn secret_rotate() -> Result<()> { Ok(()) }
    #[on(secret_remove)]
    fn secret_remove() -> Result<()> { Ok(()) }
    #[on(secret_expired)]
    fn secret_expired() -> Result<()> { Ok(()) }
    #[on(pebble_ready = "myapp")]
    async fn pebble_ready() -> Result<()> { Ok(()) }
    #[on(pebble_custom_notice = "db", key = "example.com/backup-done")]
    fn backup_done() -> Result<()> { Ok(()) }
    #[on(pebble_custom_notice = "db")]
    fn any_notice() -> Result<()> { Ok(()) }
    #[on(pebble_check_failed = "db", check = "http-test")]
    fn check_failed() -> Result<()> { Ok(()) }
    #[on(pebble_check_recovered = "db")]
    fn check_recovered() -> Result<()> { Ok(()) }
    #[on(action = "backup")]
    async fn backup() -> Result<()> { Ok(()) }
    #[charm_runtime::on(action = "restore")]
    fn restore() -> Result<()> { Ok(()) }
}

fn main() {}
