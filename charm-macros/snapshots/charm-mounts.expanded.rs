impl MyCharm {
    fn database(endpoint: &'static str) -> DatabaseRequirer {
        DatabaseRequirer::new(endpoint, "app")
    }
    async fn credentials(database: &Mounted<DatabaseRequirer>) -> Result<()> {
        Ok(())
    }
    fn reconcile(database: &DatabaseRequirer) -> Result<()> {
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
    impl __charm::Charm for MyCharm {
        const CHARMCRAFT: &'static str = ::core::include_str!(
            "/path/to/charm/charmcraft.yaml"
        );
        async fn mount(__charm_scope: &__charm::Scope<'_>) -> __charm::Result<()> {
            let __charm_mounts = __CharmMounts {
                database: __charm::Mounted::observe(
                        <MyCharm>::database("database"),
                        __charm_scope.context(),
                    )
                    .await?,
            };
            __charm::set_mounts(__charm_scope, __charm_mounts)
        }
        async fn handle(__charm_scope: &__charm::Scope<'_>) -> __charm::Result<()> {
            let mut __charm_ran_credentials = false;
            match __charm_scope.event() {
                __charm::Event::ConfigChanged => {
                    __charm_ran_credentials = true;
                    __charm_handle_credentials(__charm_scope).await?
                }
                __charm::Event::Action(__charm_event) => {
                    return __charm::unhandled_action(__charm_event);
                }
                _ => {}
            }
            if !__charm_ran_credentials
                && !__charm::mounts::<__CharmMounts>(__charm_scope)?
                    .database
                    .events()
                    .is_empty()
            {
                __charm_handle_credentials(__charm_scope).await?;
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
    }
    struct __CharmMounts {
        database: __charm::Mounted<DatabaseRequirer>,
    }
    const _: () = ::core::assert!(
        __charm::serves_section:: < DatabaseRequirer > ("requires"),
        "`DatabaseRequirer` cannot serve endpoint \"database\": charmcraft.yaml:9 declares it under `requires`, and `DatabaseRequirer` serves another side of the relation (its Interface::ROLE); mount a library for `requires` endpoints, or move the endpoint to the section of the library's role"
    );
    const _: () = ::core::assert!(
        __charm::serves_interface:: < DatabaseRequirer > ("postgresql_client"),
        "`DatabaseRequirer` cannot serve endpoint \"database\": charmcraft.yaml:9 declares `interface: postgresql_client`, which is not one of the interfaces `DatabaseRequirer` speaks (its Interface::INTERFACES); mount a library for `postgresql_client`, or fix the endpoint's interface"
    );
    async fn __charm_handle_credentials(
        __charm_scope: &__charm::Scope<'_>,
    ) -> __charm::Result<()> {
        let __charm_arg0: &Mounted<DatabaseRequirer> = __charm::FromMounted::from_mounted(
            &__charm::mounts::<__CharmMounts>(__charm_scope)?.database,
        );
        let __charm_output = <MyCharm>::credentials(__charm_arg0).await;
        __charm::HandlerResult::into_result(__charm_output)
    }
    async fn __charm_handle_reconcile(
        __charm_scope: &__charm::Scope<'_>,
    ) -> __charm::Result<()> {
        let __charm_arg0: &DatabaseRequirer = __charm::FromMounted::from_mounted(
            &__charm::mounts::<__CharmMounts>(__charm_scope)?.database,
        );
        let __charm_output = <MyCharm>::reconcile(__charm_arg0);
        __charm::HandlerResult::into_result(__charm_output)
    }
};
