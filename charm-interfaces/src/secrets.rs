//! Secrets found by label, where "no such secret" is an answer rather than an error.

use charm_runtime::hook_tools::{self, GetSecret, Juju, SecretContent, SecretRef};

use crate::Result;

/// Whether a hook tool failed because the secret does not exist (or is not visible).
fn is_not_found(err: &hook_tools::Error) -> bool {
    matches!(err, hook_tools::Error::Failed { stderr, .. } if stderr.to_ascii_lowercase().contains("not found"))
}

/// The content of a secret, or `None` when there is none under that reference.
pub(crate) async fn get(request: GetSecret<'_>) -> Result<Option<SecretContent>> {
    match request.await {
        Ok(content) => Ok(Some(content)),
        Err(err) if is_not_found(&err) => Ok(None),
        Err(err) => Err(err.into()),
    }
}

/// The content of the secret this unit (or its application) owns under `label`.
pub(crate) async fn get_owned(juju: &Juju, label: &str) -> Result<Option<SecretContent>> {
    let reference = SecretRef::label(label);
    get(juju.secret_get(&reference)).await
}

/// Removes the owned secret labelled `label`; returns whether there was one.
pub(crate) async fn remove_owned(juju: &Juju, label: &str) -> Result<bool> {
    match juju.secret_remove(&SecretRef::label(label), None).await {
        Ok(()) => Ok(true),
        Err(err) if is_not_found(&err) => Ok(false),
        Err(err) => Err(err.into()),
    }
}
