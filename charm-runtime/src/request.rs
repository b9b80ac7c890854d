//! The shape of every call that has options: a request builder that runs when awaited.
//!
//! A call without options is an `async fn`. A call with options returns a builder holding its
//! arguments and options: consuming `#[must_use]` setters change the options, and `.await`
//! sends it (the builder implements [`IntoFuture`](std::future::IntoFuture)). So the common
//! case stays short (`client.replan().await`), an option is one more word
//! (`client.replan().timeout(d).await`), and there is one method per call, not a
//! `replan`/`replan_with` pair or an options argument most callers fill with defaults.

use std::future::Future;
use std::pin::Pin;

/// The future a request builder turns into: its call, boxed so that the builder's
/// `IntoFuture` impl can name it. One allocation per call, next to a round trip to Pebble or a
/// hook tool.
pub(crate) type Call<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Implements `IntoFuture` for a request builder through its `async fn send(self)`:
/// `into_future!(['a] Push<'a> => Result<()>)`.
macro_rules! into_future {
    ([$($lt:lifetime),*] $ty:ty => $out:ty) => {
        impl<$($lt),*> ::std::future::IntoFuture for $ty {
            type Output = $out;
            type IntoFuture = $crate::request::Call<'a, $out>;

            fn into_future(self) -> Self::IntoFuture {
                ::std::boxed::Box::pin(self.send())
            }
        }
    };
}

pub(crate) use into_future;
