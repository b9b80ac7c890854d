#[charm]
impl Demo {
    #[on(reconcile)]
    async fn reconcile(&self, myapp: Container, #[config] port: i64, statuses: &Statuses) -> Result<()> {
        if !myapp.can_connect().await {
            statuses.add_unit(Status::waiting("waiting for Pebble"));
            return Ok(());
        }
        myapp.ensure_layer("myapp", &self.layer(port)).await?;
        statuses.add_unit(Status::active(format!("serving on {port}")));
        Ok(())
    }

    #[on(relation_changed = "database")]
    async fn database(relation: RelationEvent, #[state] databases: &mut Vec<String>) -> Result<()> {
        if !databases.contains(&relation.remote_app) {
            databases.push(relation.remote_app);
        }
        Ok(())
    }

    #[on(action = "backup")]
    fn backup(#[param] target: String, #[param] compress: bool) -> Result<()> {
        println!("backing up to {target} (compressed: {compress})");
        Ok(())
    }

    #[on(collect_status)]
    fn check_config(#[config = "log-level"] level: Option<String>, statuses: &Statuses) -> Result<()> {
        if let Some(level) = level.filter(|l| l != "info" && l != "debug") {
            statuses.add_unit(Status::blocked(format!("log-level {level:?} is not info or debug")));
        }
        Ok(())
    }
}
