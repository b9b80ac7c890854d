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
    const _: &[u8] = ::core::include_bytes!(
        "/path/to/charm/charmcraft.yaml"
    );
    #[allow(unused_imports)]
    use on as _;
    #[automatically_derived]
    impl ::charm_runtime::__private::Charm for Demo {
        async fn handle(
            __charm_scope: &::charm_runtime::__private::Scope<'_>,
        ) -> ::charm_runtime::__private::Result<()> {
            match __charm_scope.event() {
                ::charm_runtime::__private::Event::Install => {
                    __charm_handle_install(__charm_scope).await
                }
                ::charm_runtime::__private::Event::PebbleReady(
                    __charm_event,
                ) if __charm_event.container == "myapp" => {
                    __charm_handle_reconcile(__charm_scope).await
                }
                ::charm_runtime::__private::Event::ConfigChanged => {
                    __charm_handle_reconcile(__charm_scope).await
                }
                ::charm_runtime::__private::Event::RelationChanged(
                    __charm_event,
                ) if __charm_event.endpoint == "database" => {
                    __charm_handle_database(__charm_scope).await
                }
                ::charm_runtime::__private::Event::Action(
                    __charm_event,
                ) if __charm_event.name == "backup" => {
                    __charm_handle_backup(__charm_scope).await
                }
                ::charm_runtime::__private::Event::Action(__charm_event) => {
                    ::charm_runtime::__private::unhandled_action(__charm_event)
                }
                _ => ::core::result::Result::Ok(()),
            }
        }
    }
    async fn __charm_handle_install(
        __charm_scope: &::charm_runtime::__private::Scope<'_>,
    ) -> ::charm_runtime::__private::Result<()> {
        use ::charm_runtime::__private::HandlerResult as __charm_HandlerResult;
        let __charm_arg0: &Juju = <&Juju as ::charm_runtime::__private::FromContext<
            '_,
        >>::from_context(__charm_scope)
            .await?;
        let __charm_output = <Demo>::install(__charm_arg0).await;
        __charm_HandlerResult::into_result(__charm_output)
    }
    async fn __charm_handle_reconcile(
        __charm_scope: &::charm_runtime::__private::Scope<'_>,
    ) -> ::charm_runtime::__private::Result<()> {
        use ::charm_runtime::__private::HandlerResult as __charm_HandlerResult;
        use ::charm_runtime::__private::config_option as __charm_config_option;
        let __charm_arg0: &Juju = <&Juju as ::charm_runtime::__private::FromContext<
            '_,
        >>::from_context(__charm_scope)
            .await?;
        let __charm_arg1: Container = ::charm_runtime::__private::container(
            __charm_scope,
            "myapp",
        );
        let __charm_arg2: i64 = __charm_config_option::<i64>(__charm_scope, "port")
            .await?;
        use ::charm_runtime::__private::new_charm as __charm_new_charm;
        let __charm_self: Demo = __charm_new_charm();
        let __charm_output = <Demo>::reconcile(
                &__charm_self,
                __charm_arg0,
                __charm_arg1,
                __charm_arg2,
            )
            .await;
        __charm_HandlerResult::into_result(__charm_output)
    }
    async fn __charm_handle_database(
        __charm_scope: &::charm_runtime::__private::Scope<'_>,
    ) -> ::charm_runtime::__private::Result<()> {
        use ::charm_runtime::__private::HandlerResult as __charm_HandlerResult;
        let __charm_arg0: &Juju = <&Juju as ::charm_runtime::__private::FromContext<
            '_,
        >>::from_context(__charm_scope)
            .await?;
        let __charm_arg1: RelationEvent = <RelationEvent as ::charm_runtime::__private::FromContext<
            '_,
        >>::from_context(__charm_scope)
            .await?;
        let __charm_output = <Demo>::database(__charm_arg0, __charm_arg1).await;
        __charm_HandlerResult::into_result(__charm_output)
    }
    async fn __charm_handle_backup(
        __charm_scope: &::charm_runtime::__private::Scope<'_>,
    ) -> ::charm_runtime::__private::Result<()> {
        use ::charm_runtime::__private::HandlerResult as __charm_HandlerResult;
        use ::charm_runtime::__private::action_param as __charm_action_param;
        let __charm_arg0: String = __charm_action_param::<
            String,
        >(__charm_scope, "target")
            .await?;
        let __charm_arg1: bool = __charm_action_param::<bool>(__charm_scope, "compress")
            .await?;
        let __charm_output = <Demo>::backup(__charm_arg0, __charm_arg1);
        __charm_HandlerResult::into_result(__charm_output)
    }
};
