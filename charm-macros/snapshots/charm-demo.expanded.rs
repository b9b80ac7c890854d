impl Demo {
    async fn reconcile(
        &self,
        myapp: Container,
        port: i64,
        statuses: &Statuses,
    ) -> Result<()> {
        if !myapp.can_connect().await {
            statuses.add_unit(Status::waiting("waiting for Pebble"));
            return Ok(());
        }
        myapp.ensure_layer("myapp", &self.layer(port)).await?;
        statuses.add_unit(Status::active(format!("serving on {port}")));
        Ok(())
    }
    async fn database(
        relation: RelationEvent,
        databases: &mut Vec<String>,
    ) -> Result<()> {
        if !databases.contains(&relation.remote_app) {
            databases.push(relation.remote_app);
        }
        Ok(())
    }
    fn backup(target: String, compress: bool) -> Result<()> {
        println!("backing up to {target} (compressed: {compress})");
        Ok(())
    }
    fn check_config(level: Option<String>, statuses: &Statuses) -> Result<()> {
        if let Some(level) = level.filter(|l| l != "info" && l != "debug") {
            statuses
                .add_unit(
                    Status::blocked(format!("log-level {level:?} is not info or debug")),
                );
        }
        Ok(())
    }
}
#[doc(hidden)]
#[allow(non_snake_case, clippy::all, clippy::pedantic)]
const _: () = {
    use ::charm_runtime::__private as __charm;
    #[allow(unused_imports)]
    use on as _;
    #[automatically_derived]
    impl __charm::Charm for Demo {
        const CHARMCRAFT: &'static str = ::core::include_str!(
            "/path/to/charm/charmcraft.yaml"
        );
        async fn handle(__charm_scope: &__charm::Scope<'_>) -> __charm::Result<()> {
            match __charm_scope.event() {
                __charm::Event::RelationChanged(
                    __charm_event,
                ) if __charm_event.endpoint == "database" => {
                    __charm_handle_database(__charm_scope).await?
                }
                __charm::Event::Action(
                    __charm_event,
                ) if __charm_event.name == "backup" => {
                    __charm_handle_backup(__charm_scope).await?
                }
                __charm::Event::Action(__charm_event) => {
                    return __charm::unhandled_action(__charm_event);
                }
                _ => {}
            }
            if ::core::matches!(
                __charm_scope.event(), __charm::Event::Install | __charm::Event::Start |
                __charm::Event::UpgradeCharm | __charm::Event::ConfigChanged |
                __charm::Event::LeaderElected | __charm::Event::LeaderSettingsChanged |
                __charm::Event::RelationCreated(_) | __charm::Event::RelationJoined(_) |
                __charm::Event::RelationChanged(_) | __charm::Event::RelationDeparted(_)
                | __charm::Event::RelationBroken(_) | __charm::Event::StorageAttached(_)
                | __charm::Event::StorageDetaching(_) | __charm::Event::SecretChanged(_)
                | __charm::Event::PebbleReady(_) | __charm::Event::PebbleCustomNotice(_)
                | __charm::Event::PebbleCheckFailed(_) |
                __charm::Event::PebbleCheckRecovered(_)
            ) {
                __charm_handle_reconcile(__charm_scope).await?;
            }
            ::core::result::Result::Ok(())
        }
        async fn collect_status(
            __charm_scope: &__charm::Scope<'_>,
        ) -> __charm::Result<()> {
            __charm_handle_check_config(__charm_scope).await?;
            ::core::result::Result::Ok(())
        }
    }
    async fn __charm_handle_reconcile(
        __charm_scope: &__charm::Scope<'_>,
    ) -> __charm::Result<()> {
        let __charm_arg0: Container = __charm::container(__charm_scope, "myapp");
        let __charm_arg1: i64 = __charm::config_option::<i64>(__charm_scope, "port")
            .await?;
        let __charm_arg2: &Statuses = <&Statuses as __charm::FromContext<
            '_,
        >>::from_context(__charm_scope)
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
        let __charm_arg0: RelationEvent = <RelationEvent as __charm::FromContext<
            '_,
        >>::from_context(__charm_scope)
            .await?;
        let mut __charm_state1 = __charm::StateSlot::<
            Vec<String>,
        >::load(__charm_scope, "databases")
            .await?;
        let __charm_arg1: &mut Vec<String> = __charm_state1.value_mut();
        let __charm_output = <Demo>::database(__charm_arg0, __charm_arg1).await;
        __charm::HandlerResult::into_result(__charm_output)?;
        __charm_state1.save(__charm_scope).await?;
        ::core::result::Result::Ok(())
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
    async fn __charm_handle_check_config(
        __charm_scope: &__charm::Scope<'_>,
    ) -> __charm::Result<()> {
        let __charm_arg0: Option<String> = __charm::config_option::<
            Option<String>,
        >(__charm_scope, "log-level")
            .await?;
        let __charm_arg1: &Statuses = <&Statuses as __charm::FromContext<
            '_,
        >>::from_context(__charm_scope)
            .await?;
        let __charm_output = <Demo>::check_config(__charm_arg0, __charm_arg1);
        __charm::HandlerResult::into_result(__charm_output)
    }
};
