//! "Load, show, retry" written once, modelled on Yew's `use_future_with`
//! (which needs a `Suspense` boundary; this one draws its own loading
//! state): a request starts when its address changes or on retry, only the
//! newest answer is kept, and a request whose answer can no longer be shown
//! (the component went away, or a newer one started) is aborted.
//!
//! The state, the effect and the task are written once for every answer
//! type (the answer is kept as `dyn Any` and read back by its type): each
//! caller then costs the wasm only its own request, not another copy of the
//! hook (typed, the article and the sidebar each had one, 1 KB gzip).

use std::any::Any;
use std::cell::Cell;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;

use web_sys::AbortController;
use yew::prelude::*;

/// The newest answer of a [`use_fetch`] request, and a way to ask again.
pub struct UseFetchHandle<T> {
    answer: UseStateHandle<Option<Rc<dyn Any>>>,
    attempt: UseStateHandle<u32>,
    answer_type: PhantomData<T>,
}

impl<T: 'static> UseFetchHandle<T> {
    /// The newest answer; `None` while it is on its way.
    pub fn answer(&self) -> Option<&T> {
        (*self.answer).as_ref()?.downcast_ref()
    }

    /// Starts the request again (for a retry button).
    pub fn retry(&self) -> Callback<()> {
        let attempt = self.attempt.clone();
        Callback::from(move |()| attempt.set(*attempt + 1))
    }
}

/// What a fetch gets from [`use_fetch`]: the controller to hand to its
/// request, aborted when the answer would no longer be shown, and a way to
/// ask whether it still would (so that a superseded or orphaned request
/// reports nothing, not even to the console).
#[derive(Clone)]
pub struct Pending {
    pub abort: AbortController,
    current: Rc<Cell<bool>>,
}

impl Pending {
    /// The answer will be shown: the request is the newest and its component is still there.
    pub fn wanted(&self) -> bool {
        self.current.get()
    }
}

type Request = Pin<Box<dyn Future<Output = Rc<dyn Any>>>>;
type Start = Box<dyn FnOnce(&str, Pending) -> Request>;

/// Runs `fetch` for `url` after the first render, again when `url` changes
/// and on [`UseFetchHandle::retry`]; with no `url` nothing is requested.
#[hook]
pub fn use_fetch<T, F, Fut>(url: Option<String>, fetch: F) -> UseFetchHandle<T>
where
    T: 'static,
    F: FnOnce(&str, Pending) -> Fut + 'static,
    Fut: Future<Output = T> + 'static,
{
    let start: Start = Box::new(move |url, pending| {
        let request = fetch(url, pending);
        Box::pin(async move { Rc::new(request.await) as Rc<dyn Any> })
    });
    let (answer, attempt) = use_any_fetch(url, start);
    UseFetchHandle { answer, attempt, answer_type: PhantomData }
}

/// [`use_fetch`] for any answer.
#[hook]
fn use_any_fetch(url: Option<String>, start: Start) -> (UseStateHandle<Option<Rc<dyn Any>>>, UseStateHandle<u32>) {
    let answer = use_state(|| None);
    let attempt = use_state(|| 0u32);
    {
        let answer = answer.clone();
        use_effect_with((url, *attempt), move |(url, _)| {
            let running = url.as_deref().and_then(|url| {
                // `current` is cleared when this request is superseded or the component goes.
                let pending = Pending { abort: AbortController::new().ok()?, current: Rc::new(Cell::new(true)) };
                if answer.is_some() {
                    answer.set(None);
                }
                let request = start(url, pending.clone());
                let still = pending.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let result = request.await;
                    if still.wanted() {
                        answer.set(Some(result));
                    }
                });
                Some(pending)
            });
            move || {
                if let Some(pending) = running {
                    pending.current.set(false);
                    pending.abort.abort();
                }
            }
        });
    }
    (answer, attempt)
}
