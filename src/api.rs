//! All HTTP the widget does, through gloo-net. Every failure comes back as a
//! [`WidgetError`]; nothing here panics on what a server sends.

use article_widget_core::{Article, WidgetError};
use gloo_net::http::{Request, Response};
use gloo_timers::callback::Timeout;
use web_sys::AbortController;

/// An article and the address it was finally read from (after redirects),
/// which its relative links resolve against.
pub struct Fetched {
    pub article: Article,
    pub url: String,
}

pub async fn fetch_article(url: &str, timeout_ms: u32) -> Result<Fetched, WidgetError> {
    let response = get(url, timeout_ms).await?;
    let text = response.body;
    let article = crate::config::parse_article(&text)?;
    Ok(Fetched { article, url: response.url })
}

struct Body {
    body: String,
    url: String,
}

/// GET with a deadline that covers the whole exchange, body included.
/// Non-2xx answers become errors.
async fn get(url: &str, timeout_ms: u32) -> Result<Body, WidgetError> {
    let seconds = timeout_ms.div_ceil(1000);
    let controller = AbortController::new().map_err(|_| WidgetError::Network { url: url.into() })?;
    let signal = controller.signal();
    // Dropping the timer (on any return) cancels it.
    let _deadline = Timeout::new(timeout_ms, move || controller.abort());
    let failed = |signal: &web_sys::AbortSignal| {
        if signal.aborted() {
            WidgetError::Timeout { seconds, url: url.into() }
        } else {
            WidgetError::Network { url: url.into() }
        }
    };

    let response: Response = Request::get(url)
        .header("Accept", "application/json")
        .abort_signal(Some(&signal))
        .send()
        .await
        .map_err(|_| failed(&signal))?;
    match response.status() {
        200..=299 => {}
        404 | 410 => return Err(WidgetError::NotFound { url: url.into() }),
        status => return Err(WidgetError::Http { status, url: url.into() }),
    }
    let body = response.text().await.map_err(|_| failed(&signal))?;
    Ok(Body { body, url: response.url() })
}
