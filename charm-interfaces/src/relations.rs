//! The relations of an endpoint, as a library's queries see them.

use charm_runtime::HookContext;
use charm_runtime::event::{Event, RelationId};

use crate::Result;

/// The relations of `endpoint` a query reads: all of them but the one whose relation-broken
/// hook is running. Juju still lists that relation in its own relation-broken hook, and ops
/// leaves it out of `Model.relations` there, so that a charm stops using what it offered.
///
/// # Errors
///
/// [`Error::HookTool`](crate::Error::HookTool) when `relation-ids` fails.
pub(crate) async fn live(ctx: &HookContext, endpoint: &str) -> Result<Vec<RelationId>> {
    let broken = match &ctx.event {
        Event::RelationBroken(r) if r.endpoint == endpoint => Some(&r.id),
        _ => None,
    };
    let mut ids = ctx.juju.relation_ids(endpoint).await?;
    ids.retain(|id| Some(id) != broken);
    Ok(ids)
}
