use charm_runtime::event::{CheckEvent, Event};
use charm_runtime::hook_tools::Status;
use charm_runtime::status::Statuses;
use charm_runtime::{Container, Result, charm, on};

#[derive(Default, serde::Serialize, serde::Deserialize)]
struct Memo {
    flushes: u64,
}

#[derive(Default)]
struct MyCharm;

#[charm(remember_status = false)]
impl MyCharm {
    #[on(reconcile)]
    #[on(update_status)]
    async fn reconcile(&self, myapp: Container, event: &Event, statuses: &Statuses, #[state] memo: &Memo) -> Result<()> {
        let _ = (myapp, event, memo.flushes);
        statuses.add_unit(Status::active(""));
        Ok(())
    }

    #[on(workload = "db")]
    fn db(db: Container) -> Result<()> {
        let _ = db;
        Ok(())
    }

    #[on(relation = "database")]
    #[on(storage = "data")]
    #[on(secret)]
    #[on(leadership)]
    fn housekeeping(#[state = "seen"] seen: u64) -> Result<()> {
        let _ = seen;
        Ok(())
    }

    #[on(pebble_check_failed = "myapp")]
    fn check(check: CheckEvent, #[state] memo: &mut Memo) -> Result<()> {
        let _ = check;
        memo.flushes += 1;
        Ok(())
    }

    #[on(collect_status)]
    fn status(statuses: &Statuses, #[config] port: i64) -> Result<()> {
        if port < 1024 {
            statuses.add_unit(Status::blocked("port below 1024"));
        }
        Ok(())
    }

    #[on(collect_status)]
    fn app_status(statuses: &Statuses) -> Result<()> {
        statuses.add_app(Status::active(""));
        Ok(())
    }
}

fn main() {}
