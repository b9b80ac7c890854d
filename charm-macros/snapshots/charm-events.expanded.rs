impl MyCharm {
    fn backup_done(notice: NoticeEvent) -> Result<()> {
        Ok(())
    }
    fn other_notice(db: Container) -> Result<()> {
        Ok(())
    }
    async fn check_failed(&mut self, check: CheckEvent) -> Result<()> {
        Ok(())
    }
    async fn database(juju: Juju, relation: RelationEvent) -> Result<()> {
        Ok(())
    }
    fn storage(storage: StorageEvent) -> Result<()> {
        Ok(())
    }
    fn secret(secret: SecretEvent, event: &Event) -> Result<()> {
        Ok(())
    }
    async fn backup(
        juju: &Juju,
        target: String,
        compress: bool,
        level: Option<String>,
    ) -> Result<()> {
        Ok(())
    }
    fn housekeeping(event: &Event, seen: u64, notes: &Notes) -> Result<()> {
        Ok(())
    }
}
#[doc(hidden)]
#[allow(non_snake_case, clippy::all, clippy::pedantic)]
const _: () = {
    use my_runtime::__private as __charm;
    #[allow(unused_imports)]
    use on as _;
    #[automatically_derived]
    impl __charm::Charm for MyCharm {
        const CHARMCRAFT: &'static str = ::core::include_str!(
            "/path/to/charm/charmcraft.yaml"
        );
        const REMEMBER_STATUS: bool = false;
        async fn handle(__charm_scope: &__charm::Scope<'_>) -> __charm::Result<()> {
            match __charm_scope.event() {
                __charm::Event::PebbleCustomNotice(
                    __charm_event,
                ) if __charm_event.container == "db"
                    && __charm_event.key == "example.com/backup-done" => {
                    __charm_handle_backup_done(__charm_scope).await?
                }
                __charm::Event::PebbleCheckFailed(
                    __charm_event,
                ) if __charm_event.container == "db"
                    && __charm_event.check == "http-test" => {
                    __charm_handle_check_failed(__charm_scope).await?
                }
                __charm::Event::PebbleCustomNotice(
                    __charm_event,
                ) if __charm_event.container == "db" => {
                    __charm_handle_other_notice(__charm_scope).await?
                }
                __charm::Event::RelationChanged(
                    __charm_event,
                ) if __charm_event.endpoint == "database" => {
                    __charm_handle_database(__charm_scope).await?
                }
                __charm::Event::StorageAttached(
                    __charm_event,
                ) if __charm_event.name == "data" => {
                    __charm_handle_storage(__charm_scope).await?
                }
                __charm::Event::SecretChanged(_) => {
                    __charm_handle_secret(__charm_scope).await?
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
                __charm_scope.event(), __charm::Event::StorageAttached(__charm_event) if
                __charm_event.name == "data"
            )
                || ::core::matches!(
                    __charm_scope.event(),
                    __charm::Event::StorageDetaching(__charm_event) if __charm_event.name
                    == "data"
                )
                || ::core::matches!(
                    __charm_scope.event(), __charm::Event::LeaderElected |
                    __charm::Event::LeaderSettingsChanged | __charm::Event::LeaderDeposed
                )
            {
                __charm_handle_housekeeping(__charm_scope).await?;
            }
            ::core::result::Result::Ok(())
        }
    }
    async fn __charm_handle_backup_done(
        __charm_scope: &__charm::Scope<'_>,
    ) -> __charm::Result<()> {
        let __charm_arg0: NoticeEvent = <NoticeEvent as __charm::FromContext<
            '_,
        >>::from_context(__charm_scope)
            .await?;
        let __charm_output = <MyCharm>::backup_done(__charm_arg0);
        __charm::HandlerResult::into_result(__charm_output)
    }
    async fn __charm_handle_other_notice(
        __charm_scope: &__charm::Scope<'_>,
    ) -> __charm::Result<()> {
        let __charm_arg0: Container = __charm::container(__charm_scope, "db");
        let __charm_output = <MyCharm>::other_notice(__charm_arg0);
        __charm::HandlerResult::into_result(__charm_output)
    }
    async fn __charm_handle_check_failed(
        __charm_scope: &__charm::Scope<'_>,
    ) -> __charm::Result<()> {
        let __charm_arg0: CheckEvent = <CheckEvent as __charm::FromContext<
            '_,
        >>::from_context(__charm_scope)
            .await?;
        let mut __charm_self: MyCharm = __charm::new_charm();
        let __charm_output = <MyCharm>::check_failed(&mut __charm_self, __charm_arg0)
            .await;
        __charm::HandlerResult::into_result(__charm_output)
    }
    async fn __charm_handle_database(
        __charm_scope: &__charm::Scope<'_>,
    ) -> __charm::Result<()> {
        let __charm_arg0: Juju = <Juju as __charm::FromContext<
            '_,
        >>::from_context(__charm_scope)
            .await?;
        let __charm_arg1: RelationEvent = <RelationEvent as __charm::FromContext<
            '_,
        >>::from_context(__charm_scope)
            .await?;
        let __charm_output = <MyCharm>::database(__charm_arg0, __charm_arg1).await;
        __charm::HandlerResult::into_result(__charm_output)
    }
    async fn __charm_handle_storage(
        __charm_scope: &__charm::Scope<'_>,
    ) -> __charm::Result<()> {
        let __charm_arg0: StorageEvent = <StorageEvent as __charm::FromContext<
            '_,
        >>::from_context(__charm_scope)
            .await?;
        let __charm_output = <MyCharm>::storage(__charm_arg0);
        __charm::HandlerResult::into_result(__charm_output)
    }
    async fn __charm_handle_secret(
        __charm_scope: &__charm::Scope<'_>,
    ) -> __charm::Result<()> {
        let __charm_arg0: SecretEvent = <SecretEvent as __charm::FromContext<
            '_,
        >>::from_context(__charm_scope)
            .await?;
        let __charm_arg1: &Event = <&Event as __charm::FromContext<
            '_,
        >>::from_context(__charm_scope)
            .await?;
        let __charm_output = <MyCharm>::secret(__charm_arg0, __charm_arg1);
        __charm::HandlerResult::into_result(__charm_output)
    }
    async fn __charm_handle_backup(
        __charm_scope: &__charm::Scope<'_>,
    ) -> __charm::Result<()> {
        let __charm_arg0: &Juju = <&Juju as __charm::FromContext<
            '_,
        >>::from_context(__charm_scope)
            .await?;
        let __charm_arg1: String = __charm::action_param::<
            String,
        >(__charm_scope, "target")
            .await?;
        let __charm_arg2: bool = __charm::action_param::<bool>(__charm_scope, "compress")
            .await?;
        let __charm_arg3: Option<String> = __charm::config_option::<
            Option<String>,
        >(__charm_scope, "log-level")
            .await?;
        let __charm_output = <MyCharm>::backup(
                __charm_arg0,
                __charm_arg1,
                __charm_arg2,
                __charm_arg3,
            )
            .await;
        __charm::HandlerResult::into_result(__charm_output)
    }
    async fn __charm_handle_housekeeping(
        __charm_scope: &__charm::Scope<'_>,
    ) -> __charm::Result<()> {
        let __charm_arg0: &Event = <&Event as __charm::FromContext<
            '_,
        >>::from_context(__charm_scope)
            .await?;
        let __charm_state1 = __charm::StateSlot::<u64>::load(__charm_scope, "seen")
            .await?;
        let __charm_arg1: u64 = __charm_state1.into_value();
        let __charm_state2 = __charm::StateSlot::<Notes>::load(__charm_scope, "notes")
            .await?;
        let __charm_arg2: &Notes = __charm_state2.value();
        let __charm_output = <MyCharm>::housekeeping(
            __charm_arg0,
            __charm_arg1,
            __charm_arg2,
        );
        __charm::HandlerResult::into_result(__charm_output)
    }
};
