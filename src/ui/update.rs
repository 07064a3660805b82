//! Telling the person that a newer build of pillid is ready, and loading
//! it whole when they ask.
//!
//! The service worker (`assets/sw.js`) keeps each build in a cache of its
//! own. When a newer build is deployed, the browser installs its worker in
//! the background, and that worker keeps the new files and then waits: the
//! open page goes on running the old build, page and module both. This
//! component, on a page a worker served:
//!
//! 1. asks the browser to look for a newer build now
//!    (`registration.update()`), so the notice can appear on this visit;
//! 2. when a worker is waiting, asks it which build it is ([`Ask::Build`],
//!    answered with a [`Build`]) and, when that is not this page's own
//!    build, says so with the date of its data
//!    ([`crate::wording::update_ready`]) and a button;
//! 3. on the button, tells the waiting worker to take over
//!    ([`Ask::TakeOver`]); once it controls the page (`controllerchange`)
//!    the page reloads, so the new build's page loads the new build's
//!    module from the new build's cache. The page also reloads when
//!    another tab let the new build in: its own build's cache is gone.
//!
//! A page no worker served (the first visit, a forced reload) shows
//! nothing: there is no kept build to replace.
//!
//! The messages are typed here and read by `assets/sw.js`; the pure parts
//! are tested natively, the rest by `tests/browser_update.rs`.

use crate::wording;
use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use serde::{Deserialize, Serialize};
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    MessageChannel, MessageEvent, ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration,
    ServiceWorkerState,
};
use yew::prelude::*;

/// How long the button waits for the new build to take over before
/// reloading anyway. Taking over only deletes the old cache, a matter of
/// milliseconds; a worker that was meanwhile replaced by a still newer
/// build never takes over, and then a reload shows whatever build is in
/// charge, whole, and its notice if one waits.
pub const TAKE_OVER_WAIT_MS: u32 = 10_000;

/// What the page asks a service worker, as `assets/sw.js` reads it:
/// `{"ask": "build"}` or `{"ask": "take-over"}`.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(tag = "ask", rename_all = "kebab-case")]
pub enum Ask {
    /// Which build are you? Answered on the message's port with a
    /// [`Build`].
    Build,
    /// Take over from the build in charge (the waiting worker's
    /// `skipWaiting`).
    TakeOver,
}

impl Ask {
    /// The message as JSON text.
    pub fn to_json(self) -> String {
        serde_json::to_string(&self).unwrap_or_default()
    }
}

/// A build, as its service worker describes it.
#[derive(Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Build {
    /// The build's version (a hash of its files), the same that its page
    /// carries in `<meta name="pillid-build">`.
    pub version: String,
    /// The `as_of` date of the database built into its module, when the
    /// database gives one.
    pub data_as_of: Option<String>,
}

impl Build {
    /// A worker's answer, from its JSON text; `None` when it is not one.
    pub fn from_reply(json: &str) -> Option<Build> {
        serde_json::from_str(json).ok()
    }

    /// Whether this build is one to offer to a page of build `page`
    /// (`None` when the page does not say): any other build is. The
    /// waiting build is the one deployed after the page's, so "other"
    /// means "newer".
    pub fn replaces(&self, page: Option<&str>) -> bool {
        page != Some(self.version.as_str())
    }
}

/// What the notice shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Offer {
    /// Nothing: no newer build is waiting.
    Nothing,
    /// This build is waiting to be loaded.
    Ready(Build),
    /// The person asked for it; the page reloads once it has taken over.
    Loading(Build),
}

/// The listeners and timers the notice keeps alive while it is on the page
/// (dropping one stops it).
type Held = Rc<RefCell<Vec<Box<dyn Any>>>>;

/// The notice (`#update`, a polite live region, empty until a newer build
/// is ready) and its button (`#update-load`).
#[function_component]
pub fn UpdateNotice() -> Html {
    let offer = use_state_eq(|| Offer::Nothing);
    let registration = use_mut_ref(|| None::<ServiceWorkerRegistration>);
    let held: Held = use_mut_ref(Vec::new);
    {
        let offer = offer.setter();
        let registration = registration.clone();
        let held = held.clone();
        use_effect_with((), move |()| {
            let watching = held.clone();
            yew::platform::spawn_local(async move {
                watch(offer, registration, watching).await;
            });
            move || held.borrow_mut().clear()
        });
    }
    let onclick = {
        let offer = offer.clone();
        Callback::from(move |_: MouseEvent| {
            if let Offer::Ready(build) = &*offer {
                offer.set(Offer::Loading(build.clone()));
                take_over(registration.borrow().as_ref(), &held);
            }
        })
    };
    let shown = match &*offer {
        Offer::Nothing => html! {},
        Offer::Ready(build) | Offer::Loading(build) => {
            let loading = matches!(*offer, Offer::Loading(_));
            html! {
                <>
                    <p>{ wording::update_ready(build.data_as_of.as_deref()) }</p>
                    <button type="button" id="update-load" disabled={loading} {onclick}>
                        { if loading { wording::UPDATE_LOADING } else { wording::UPDATE_LOAD } }
                    </button>
                </>
            }
        }
    };
    html! {
        <div id="update" class="update" role="status">{ shown }</div>
    }
}

/// The page's service worker container, when the browser has one (not on
/// insecure pages, nor in some embedded browsers).
fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    let present = js_sys::Reflect::get(&navigator, &JsValue::from_str("serviceWorker"))
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    present.then(|| navigator.service_worker())
}

/// The build this page is, from `<meta name="pillid-build">` (written by
/// `scripts/trunk-post-build.mjs`).
fn page_build() -> Option<String> {
    web_sys::window()?
        .document()?
        .query_selector("meta[name=pillid-build]")
        .ok()??
        .get_attribute("content")
}

fn reload() {
    if let Some(window) = web_sys::window() {
        // A failed reload leaves the old build running, whole.
        let _ = window.location().reload();
    }
}

/// Steps 1 and 2 of the module's description: follows the registration
/// and offers every waiting build that is not this page's.
async fn watch(
    offer: UseStateSetter<Offer>,
    registration: Rc<RefCell<Option<ServiceWorkerRegistration>>>,
    held: Held,
) {
    let Some(container) = container() else {
        return;
    };
    if container.controller().is_none() {
        return;
    }
    // This page's build is kept by the worker in charge; when another one
    // takes over, that build's cache is gone: load the new build whole.
    held.borrow_mut().push(Box::new(EventListener::new(
        &container,
        "controllerchange",
        |_| reload(),
    )));
    let Ok(ready) = container.ready() else {
        return;
    };
    let Some(found) = wasm_bindgen_futures::JsFuture::from(ready)
        .await
        .ok()
        .and_then(|r| r.dyn_into::<ServiceWorkerRegistration>().ok())
    else {
        return;
    };
    *registration.borrow_mut() = Some(found.clone());
    let page = page_build();
    let offer_from = {
        let offer = offer.clone();
        move |worker: ServiceWorker| {
            let offer = offer.clone();
            let page = page.clone();
            yew::platform::spawn_local(async move {
                if let Some(build) = ask_build(&worker).await {
                    if build.replaces(page.as_deref()) {
                        offer.set(Offer::Ready(build));
                    }
                }
            });
        }
    };
    // A worker being installed: offered once it has kept its files. (Weak:
    // the updatefound listener, itself held, must not keep `held` alive.)
    let follow = {
        let held = Rc::downgrade(&held);
        let offer_from = offer_from.clone();
        move |worker: ServiceWorker| {
            let installed = {
                let worker = worker.clone();
                let offer_from = offer_from.clone();
                move || {
                    if worker.state() == ServiceWorkerState::Installed {
                        offer_from(worker.clone());
                    }
                }
            };
            let on_change = installed.clone();
            if let Some(held) = held.upgrade() {
                held.borrow_mut().push(Box::new(EventListener::new(
                    &worker,
                    "statechange",
                    move |_| on_change(),
                )));
            }
            // It may have finished before the listener was there.
            installed();
        }
    };
    if let Some(waiting) = found.waiting() {
        offer_from(waiting);
    }
    if let Some(installing) = found.installing() {
        follow(installing);
    }
    {
        let registration = found.clone();
        held.borrow_mut().push(Box::new(EventListener::new(
            &found,
            "updatefound",
            move |_| {
                if let Some(installing) = registration.installing() {
                    follow(installing);
                }
            },
        )));
    }
    // Look for a newer build now, not only when the browser next thinks
    // of it. Offline this fails, and the build in charge goes on.
    if let Ok(update) = found.update() {
        let _ = wasm_bindgen_futures::JsFuture::from(update).await;
    }
}

/// Asks `worker` which build it is; `None` when it does not answer with
/// one (an answer that never comes leaves this pending, costing nothing).
async fn ask_build(worker: &ServiceWorker) -> Option<Build> {
    let channel = MessageChannel::new().ok()?;
    let port = channel.port1();
    // Setting onmessage starts the port; the first message resolves.
    let reply = js_sys::Promise::new(&mut |resolve, _reject| port.set_onmessage(Some(&resolve)));
    let message = js_sys::JSON::parse(&Ask::Build.to_json()).ok()?;
    worker
        .post_message_with_transferable(&message, &js_sys::Array::of1(&channel.port2()))
        .ok()?;
    let answer = wasm_bindgen_futures::JsFuture::from(reply).await.ok()?;
    port.set_onmessage(None);
    port.close();
    let data = answer.dyn_into::<MessageEvent>().ok()?.data();
    Build::from_reply(&js_sys::JSON::stringify(&data).ok()?.as_string()?)
}

/// Step 3: tells the waiting worker to take over (the reload follows on
/// `controllerchange`, see [`watch`]), or reloads when none waits any more.
fn take_over(registration: Option<&ServiceWorkerRegistration>, held: &Held) {
    let waiting = registration.and_then(ServiceWorkerRegistration::waiting);
    let told = waiting.is_some_and(|worker| {
        js_sys::JSON::parse(&Ask::TakeOver.to_json())
            .and_then(|message| worker.post_message(&message))
            .is_ok()
    });
    if told {
        held.borrow_mut()
            .push(Box::new(Timeout::new(TAKE_OVER_WAIT_MS, reload)));
    } else {
        reload();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_messages_are_those_the_service_worker_reads() {
        assert_eq!(Ask::Build.to_json(), r#"{"ask":"build"}"#);
        assert_eq!(Ask::TakeOver.to_json(), r#"{"ask":"take-over"}"#);
        let worker = include_str!("../../assets/sw.js");
        for ask in ["\"build\"", "\"take-over\""] {
            assert!(
                worker.contains(&format!("ask === {ask}")),
                "assets/sw.js does not answer {ask}"
            );
        }
        assert!(
            worker.contains("{ version: VERSION, data_as_of: DATA_AS_OF }"),
            "assets/sw.js does not answer with a build"
        );
    }

    #[test]
    fn a_worker_answer_is_read_as_a_build_or_not_at_all() {
        let build = Build::from_reply(r#"{"version":"0123abcd","data_as_of":"2027-01-31"}"#);
        assert_eq!(
            build,
            Some(Build {
                version: "0123abcd".to_owned(),
                data_as_of: Some("2027-01-31".to_owned()),
            })
        );
        let undated = Build::from_reply(r#"{"version":"0123abcd","data_as_of":null}"#);
        assert_eq!(undated.and_then(|b| b.data_as_of), None);
        assert_eq!(Build::from_reply(r#"{"data_as_of":"2027-01-31"}"#), None);
        assert_eq!(Build::from_reply("null"), None);
    }

    #[test]
    fn only_another_build_than_the_page_is_offered() {
        let build = Build {
            version: "b".to_owned(),
            data_as_of: None,
        };
        assert!(build.replaces(Some("a")));
        assert!(!build.replaces(Some("b")));
        assert!(build.replaces(None));
    }

    #[tokio::test]
    async fn the_notice_is_an_empty_live_region_until_a_build_is_ready() {
        let render = yew::LocalServerRenderer::<UpdateNotice>::new()
            .hydratable(false)
            .render();
        let html = tokio::task::LocalSet::new().run_until(render).await;
        // One element, the live region, with nothing in it.
        assert_eq!(html.matches('<').count(), 2, "{html}");
        assert!(
            html.starts_with("<div ") && html.ends_with("\"></div>"),
            "{html}"
        );
        for attribute in [r#"id="update""#, r#"role="status""#] {
            assert!(html.contains(attribute), "{html}");
        }
    }
}
