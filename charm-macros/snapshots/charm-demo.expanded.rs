impl Demo {
    async fn install(juju: &Juju) -> Result<()> {
        juju.set_unit_status(Status::maintenance("installing")).await?;
        Ok(())
    }
    async fn reconcile(&self, juju: &Juju, myapp: Container, port: i64) -> Result<()> {
        myapp.ensure_layer("myapp", &self.layer(port)).await?;
        juju.set_unit_status(Status::active(format!("serving on {port}"))).await?;
        Ok(())
    }
    async fn database(juju: &Juju, relation: RelationEvent) -> Result<()> {
        let status = format!("using the database of {}", relation.remote_app);
        juju.set_unit_status(Status::active(status)).await?;
        Ok(())
    }
    fn backup(target: String, compress: bool) -> Result<()> {
        println!("backing up to {target} (compressed: {compress})");
        Ok(())
    }
}
#[doc(hidden)]
#[allow(non_snake_case, clippy::all, clippy::pedantic)]
const _: () = {
    use ::charm_runtime::__private as __charm;
    const _: &[u8] = ::core::include_bytes!("/path/to/charm/charmcraft.yaml");
    #[allow(unused_imports)]
    use on as _;
    #[automatically_derived]
    impl __charm::Charm for Demo {
        async fn handle(__charm_scope: &__charm::Scope<'_>) -> __charm::Result<()> {
            match __charm_scope.event() {
                __charm::Event::Install => __charm_handle_install(__charm_scope).await,
                __charm::Event::PebbleReady(
                    __charm_event,
                ) if __charm_event.container == "myapp" => {
                    __charm_handle_reconcile(__charm_scope).await
                }
                __charm::Event::ConfigChanged => {
                    __charm_handle_reconcile(__charm_scope).await
                }
                __charm::Event::RelationChanged(
                    __charm_event,
                ) if __charm_event.endpoint == "database" => {
                    __charm_handle_database(__charm_scope).await
                }
                __charm::Event::Action(
                    __charm_event,
                ) if __charm_event.name == "backup" => {
                    __charm_handle_backup(__charm_scope).await
                }
                __charm::Event::Action(__charm_event) => {
                    __charm::unhandled_action(__charm_event)
                }
                _ => ::core::result::Result::Ok(()),
            }
        }
    }
    async fn __charm_handle_install(
        __charm_scope: &__charm::Scope<'_>,
    ) -> __charm::Result<()> {
        let __charm_arg0: &Juju = <&Juju as __charm::FromContext<
            '_,
        >>::from_context(__charm_scope)
            .await?;
        let __charm_output = <Demo>::install(__charm_arg0).await;
        __charm::HandlerResult::into_result(__charm_output)
    }
    async fn __charm_handle_reconcile(
        __charm_scope: &__charm::Scope<'_>,
    ) -> __charm::Result<()> {
        let __charm_arg0: &Juju = <&Juju as __charm::FromContext<
            '_,
        >>::from_context(__charm_scope)
            .await?;
        let __charm_arg1: Container = __charm::container(__charm_scope, "myapp");
        let __charm_arg2: i64 = __charm::config_option::<i64>(__charm_scope, "port")
            .await?;
        let __charm_self: Demo = __charm::new_charm();
        let __charm_output = <Demo>::reconcile(
                &__charm_self,
                __charm_arg0,
                __charm_arg1,
                __charm_arg2,
            )
            .await;
        __charm::HandlerResult::into_result(__charm_output)
    }
    async fn __charm_handle_database(
        __charm_scope: &__charm::Scope<'_>,
    ) -> __charm::Result<()> {
        let __charm_arg0: &Juju = <&Juju as __charm::FromContext<
            '_,
        >>::from_context(__charm_scope)
            .await?;
        let __charm_arg1: RelationEvent = <RelationEvent as __charm::FromContext<
            '_,
        >>::from_context(__charm_scope)
            .await?;
        let __charm_output = <Demo>::database(__charm_arg0, __charm_arg1).await;
        __charm::HandlerResult::into_result(__charm_output)
    }
    async fn __charm_handle_backup(
        __charm_scope: &__charm::Scope<'_>,
    ) -> __charm::Result<()> {
        let __charm_arg0: String = __charm::action_param::<
            String,
        >(__charm_scope, "target")
            .await?;
        let __charm_arg1: bool = __charm::action_param::<bool>(__charm_scope, "compress")
            .await?;
        let __charm_output = <Demo>::backup(__charm_arg0, __charm_arg1);
        __charm::HandlerResult::into_result(__charm_output)
    }
};
