//! Pagination: every list endpoint as a `Stream` of items. Pages are read
//! with `page_size` (300 unless configured lower) and `next_page_token`
//! until the token is empty, null or absent. A token seen twice is an error,
//! never a loop.
//!
//! **Expired page token** (Zoom code 300 on a request that carried a token;
//! tokens live 15 minutes): lists whose items have a stable id restart
//! from the first page (at most `max_page_restarts` times, default 2) and
//! skip every id already yielded, so the consumer sees each object once;
//! lists without a stable id (participants, activity logs) fail with a
//! [`crate::ErrorKind::Pagination`] error instead.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use futures::Stream;
use serde::de::DeserializeOwned;

use crate::client::{Client, Request};
use crate::error::{CallError, Error, ErrorKind};
use crate::key_set::KeySet;

/// One decoded page of a list endpoint.
pub trait Page: DeserializeOwned + Send + 'static {
    /// The listed object.
    type Item: Send + 'static;
    /// The envelope key that holds the items (`users`, `devices` …).
    const ITEMS: &'static str;
    /// The items, the next page token and the total Zoom announces.
    fn into_parts(self) -> PageParts<Self::Item>;
    /// Gives each item the object Zoom sent for it, in page order.
    fn attach_raw(items: &mut [Self::Item], raw: Vec<serde_json::Value>);
}

/// What one page holds.
#[derive(Debug)]
pub struct PageParts<T> {
    /// The items; `None` when the page lacks its list key (or it is null).
    pub items: Option<Vec<T>>,
    /// The next page token (`None` when absent, null or `""`).
    pub next_page_token: Option<String>,
    /// `total_records`, when Zoom sends it.
    pub total_records: Option<i64>,
}

/// No list is read past this many pages (3,000,000 objects at 300 a page),
/// whatever the server announces.
pub const ABSOLUTE_PAGE_CEILING: u64 = 10_000;

/// The pages a list may take: twice what `total_records` implies at the
/// page size Zoom actually uses, plus 10, within [`ABSOLUTE_PAGE_CEILING`].
fn page_cap(total_records: Option<i64>, items_per_page: usize) -> u64 {
    let Some(total) = total_records.and_then(|t| u64::try_from(t).ok()) else {
        return ABSOLUTE_PAGE_CEILING;
    };
    let per_page = u64::try_from(items_per_page.max(1)).unwrap_or(1);
    total
        .div_ceil(per_page)
        .saturating_mul(2)
        .saturating_add(10)
        .min(ABSOLUTE_PAGE_CEILING)
}

/// How a listed object is told apart from the others, for de-duplication
/// after a restart.
pub trait Keyed {
    /// A stable id, or `None` when the object has none.
    fn key(&self) -> Option<String>;
}

/// What to do when Zoom says the page token expired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OnExpiredToken {
    /// Restart from the first page (a bounded number of times), skipping ids
    /// already yielded.
    RestartDeduplicated,
    /// Fail with a pagination error.
    Fail,
}

fn hash_key(key: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    key.hash(&mut hasher);
    hasher.finish()
}

/// Streams every item of a list, page after page.
pub(crate) fn paginate<P>(
    client: Client,
    request: Request,
    on_expired: OnExpiredToken,
) -> impl Stream<Item = Result<P::Item, Error>> + Send + 'static
where
    P: Page,
    P::Item: Keyed,
{
    paginate_announcing::<P>(client, request, on_expired, None)
}

/// [`paginate`], adding the `total_records` of the first page to
/// `announced` when given (so a caller knows the list's size before its
/// last page).
fn paginate_announcing<P>(
    client: Client,
    request: Request,
    on_expired: OnExpiredToken,
    announced: Option<Arc<AtomicU64>>,
) -> impl Stream<Item = Result<P::Item, Error>> + Send + 'static
where
    P: Page,
    P::Item: Keyed,
{
    async_stream::try_stream! {
        let page_size = client.inner.config.page_size.to_string();
        let mut token: Option<String> = None;
        let mut seen_tokens: HashSet<u64> = HashSet::new();
        let mut pages = 0u64;
        let mut max_pages = ABSOLUTE_PAGE_CEILING;
        let mut yielded = KeySet::default();
        let max_restarts = client.inner.config.max_page_restarts;
        let mut restarts = 0u32;
        loop {
            let mut page_request = request.clone().query("page_size", page_size.clone());
            if let Some(t) = &token {
                page_request = page_request.query("next_page_token", t.clone());
            }
            let (page, raw) = match fetch_page::<P>(&client, page_request).await {
                Ok(page) => page,
                Err(e) if e.kind() == ErrorKind::Pagination
                    && on_expired == OnExpiredToken::RestartDeduplicated
                    && restarts < max_restarts =>
                {
                    restarts += 1;
                    token = None;
                    seen_tokens.clear();
                    pages = 0;
                    client.inner.stats.update(|s| s.page_restarts += 1);
                    tracing::warn!(
                        endpoint = %request.route,
                        "zoom's page token expired; restarting the list and skipping objects already read"
                    );
                    continue;
                }
                Err(e) => {
                    if e.kind() == ErrorKind::Pagination {
                        client.inner.stats.failure(&request.route.name());
                    }
                    Err(e)?
                }
            };
            let PageParts { items, next_page_token: next, total_records } = page.into_parts();
            let mut items = match items {
                Some(items) => items,
                None => {
                let e = CallError::new(
                    ErrorKind::Malformed,
                    *request.route,
                    format!("zoom's answer has no \"{}\" list; nothing of this list was used", P::ITEMS),
                );
                client.inner.stats.failure(&request.route.name());
                // `?` ends the stream with the error.
                Err(Error::from(e))?;
                Vec::new()
                }
            };
            pages += 1;
            if pages == 1 {
                let per_page = if next.as_deref().is_some_and(|t| !t.trim().is_empty()) && !items.is_empty() {
                    items.len()
                } else {
                    client.inner.config.page_size as usize
                };
                max_pages = page_cap(total_records, per_page);
                if let (Some(announced), Some(total)) = (&announced, total_records) {
                    announced.fetch_add(u64::try_from(total).unwrap_or(0), Ordering::Relaxed);
                }
            }
            if let Some(raw) = raw {
                P::attach_raw(&mut items, raw);
            }
            for item in items {
                if on_expired == OnExpiredToken::RestartDeduplicated
                    && let Some(key) = item.key()
                    && !yielded.insert(hash_key(&key))
                {
                    continue;
                }
                yield item;
            }
            match next.filter(|t| !t.trim().is_empty()) {
                None => break,
                Some(next) => {
                    if pages >= max_pages {
                        let e = CallError::new(
                            ErrorKind::Pagination,
                            *request.route,
                            format!(
                                "zoom kept sending page tokens past {max_pages} pages (more than its total_records allows); stopped"
                            ),
                        );
                        client.inner.stats.failure(&request.route.name());
                        Err(Error::from(e))?;
                    }
                    if !seen_tokens.insert(hash_key(&next)) {
                        let e = CallError::new(
                            ErrorKind::Pagination,
                            *request.route,
                            "zoom returned a next page token it had already returned; stopped instead of looping",
                        );
                        client.inner.stats.failure(&request.route.name());
                        Err(Error::from(e))?;
                    }
                    token = Some(next);
                }
            }
        }
    }
}

/// One page, and — when the client keeps raw objects — each item exactly as
/// Zoom sent it (the page is read as JSON once, then decoded from that).
async fn fetch_page<P: Page>(
    client: &Client,
    request: Request,
) -> Result<(P, Option<Vec<serde_json::Value>>), Error> {
    if !client.inner.config.keep_raw {
        return Ok((client.send_json::<P>(request).await?, None));
    }
    let route = *request.route;
    let mut value: serde_json::Value = client.send_json(request).await?;
    let raw = value
        .get(P::ITEMS)
        .and_then(serde_json::Value::as_array)
        .cloned()
        .unwrap_or_default();
    let page = serde_json::from_value::<P>(std::mem::take(&mut value)).map_err(|err| {
        Error::from(CallError::new(
            ErrorKind::Bug,
            route,
            format!("zoom's page could not be decoded: {err}"),
        ))
    })?;
    Ok((page, Some(raw)))
}

/// Streams a list over date windows (`from`/`to` per window), oldest first.
pub(crate) fn paginate_windows<P>(
    client: Client,
    request: Request,
    windows: Vec<crate::dates::DateRange>,
    on_expired: OnExpiredToken,
    announced: Option<Arc<AtomicU64>>,
) -> impl Stream<Item = Result<P::Item, Error>> + Send + 'static
where
    P: Page,
    P::Item: Keyed,
{
    async_stream::try_stream! {
        for window in windows {
            let windowed = request
                .clone()
                .query("from", window.from_param())
                .query("to", window.to_param());
            let pages = paginate_announcing::<P>(client.clone(), windowed, on_expired, announced.clone());
            futures::pin_mut!(pages);
            while let Some(item) = futures::StreamExt::next(&mut pages).await {
                yield item?;
            }
        }
    }
}
