#[charm]
impl Demo {
    #[on(install)]
    async fn install(juju: &Juju) -> Result<()> {
        juju.set_unit_status(Status::maintenance("installing")).await?;
        Ok(())
    }

    #[on(pebble_ready = "myapp")]
    #[on(config_changed)]
    async fn reconcile(&self, juju: &Juju, myapp: Container, #[config] port: i64) -> Result<()> {
        myapp.ensure_layer("myapp", &self.layer(port)).await?;
        juju.set_unit_status(Status::active(format!("serving on {port}"))).await?;
        Ok(())
    }

    #[on(relation_changed = "database")]
    async fn database(juju: &Juju, relation: RelationEvent) -> Result<()> {
        let status = format!("using the database of {}", relation.remote_app);
        juju.set_unit_status(Status::active(status)).await?;
        Ok(())
    }

    #[on(action = "backup")]
    fn backup(#[param] target: String, #[param] compress: bool) -> Result<()> {
        println!("backing up to {target} (compressed: {compress})");
        Ok(())
    }
}
