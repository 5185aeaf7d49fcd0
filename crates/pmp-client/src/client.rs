//! The client: one call is sent until it succeeds or fails for good (pmp-core's
//! `RetryPolicy`, per-attempt and total timeouts); lists and searches follow 3.x's pages.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures_util::{stream, StreamExt, TryStreamExt};
use pmp_core::{
    build_extra_request, build_request, check_no_rows, create_may_answer_empty, decode_created,
    decode_extra_answer, decode_extra_rows, decode_listing, decode_message, decode_row, defaults, first_seen,
    http_date_ms, is_asked_page, ApiMessage, Args, CheckEnd, CheckedWrite, ClientConfig, Endpoint, ErrorKind,
    Extra, ExtraArgs, FailedAttempt, HttpRequest, HttpResponse, InputRecord, ListPlan, ListQuery, Listing,
    Method, Operation, PmpError, Repeat, Resource, RetryPolicy, Row, UpdateEnd, UpdatePlan, UpdateStep,
};

use crate::transport::{new_key, now_ms, random, sleep, within, Answer, Failure, Http};
use crate::Error;

/// How many pages a list fetches at once after the first (pmp-core's default, as the
/// JavaScript client's).
pub const IN_FLIGHT: usize = ListPlan::IN_FLIGHT as usize;

/// 3.x's largest page (it clamps `per_page` to 1..100; pmp-core's `ListQuery` refuses more).
const PER_PAGE: u32 = defaults::MAX_PER_PAGE.value;

/// The time limits, retry policy and answer size bound of a client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The longest one attempt may take, answer read included (default 30 s).
    pub timeout: Duration,
    /// The longest a call may take, retries and waits included (default: no limit but the
    /// attempts'). A list through pages has this limit per page, a staff update or delete
    /// (the row's get, then the write) per request.
    pub total_timeout: Option<Duration>,
    /// When to try again (pmp-core's default: 2 retries of GETs only).
    pub retry: RetryPolicy,
    /// The largest answer accepted, in bytes (default 32 MiB); larger ones are `too_large`.
    pub max_response_bytes: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            timeout: Duration::from_millis(u64::from(defaults::TIMEOUT_MS.value)),
            total_timeout: None,
            retry: RetryPolicy::default(),
            max_response_bytes: defaults::MAX_RESPONSE_BYTES.value as usize,
        }
    }
}

/// The client of one PMP installation: one async method per endpoint of pmp-core's
/// catalogue (`list_customers`, `get_customer`, ...; see the crate's documentation).
/// Cheap to clone: clones share their connections. A call is cancelled by dropping its
/// future (its request is aborted).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    config: ClientConfig,
    options: Options,
    http: Http,
    /// The last `X-RateLimit-Reset` seen (epoch seconds; 0 for none): 3.x's 429 carries none.
    rate_reset: AtomicU64,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // ClientConfig's Debug shows the token as `[redacted]`.
        f.debug_struct("Client")
            .field("config", &self.inner.config)
            .field("options", &self.inner.options)
            .finish()
    }
}

impl Client {
    /// A client with the default [`Options`].
    pub fn new(config: ClientConfig) -> Result<Client, Error> {
        Client::with_options(config, Options::default())
    }

    /// A client with these options, checked: timeouts above zero, pmp-core's retry limits.
    pub fn with_options(config: ClientConfig, options: Options) -> Result<Client, Error> {
        options.retry.validate()?;
        if options.timeout.is_zero() || options.total_timeout.is_some_and(|t| t.is_zero()) {
            return Err(PmpError::invalid_input("timeouts must be above zero").into());
        }
        if options.max_response_bytes == 0 {
            return Err(PmpError::invalid_input("max_response_bytes must be positive").into());
        }
        Ok(Client {
            inner: Arc::new(Inner {
                http: Http::new()?,
                config,
                options,
                rate_reset: AtomicU64::new(0),
            }),
        })
    }

    /// The configuration (base URL, headers; its `Debug` never shows the token).
    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    /// The options.
    pub fn options(&self) -> &Options {
        &self.inner.options
    }

    /// Every row of a list or search: on 3.x, the largest pages, [`IN_FLIGHT`] at a time
    /// after the first has told how many there are; elsewhere the whole table the server sends.
    pub(crate) async fn every<T: Row>(
        &self,
        resource: Resource,
        operation: Operation,
        args: Args<'_>,
    ) -> Result<Vec<T>, Error> {
        let endpoint = Endpoint::of(resource, operation);
        let page = |number: u32| async move {
            let mut request = build_request(&self.inner.config, endpoint, args)?;
            let query = ListQuery {
                page: number,
                per_page: PER_PAGE,
                ..ListQuery::default()
            };
            query.apply(&mut request)?;
            self.call((endpoint.method, Repeat::ByPolicy), request, decode_listing::<T>)
                .await
        };
        let (mut rows, meta) = match page(1).await? {
            Listing::All(rows) => (rows, None),
            Listing::Page(first) => (first.data, Some(first.meta)),
        };
        // These lists take no sort or fields: a whole table is every row as sent.
        let plan =
            ListPlan::after_first(meta.as_ref(), &ListQuery::default()).map_err(|e| Error::new(e, 1))?;
        if let ListPlan::WholeTable(_) = plan {
            // No rows (or "No data were found") proves an empty table only where the list works.
            if rows.is_empty() {
                check_no_rows(&self.inner.config, endpoint).map_err(|e| Error::new(e, 1))?;
            }
            return Ok(rows);
        }
        let rest: Vec<Vec<T>> = stream::iter(plan.rest())
            .map(|number| async move {
                Ok::<_, Error>(match page(number).await? {
                    Listing::Page(p) if is_asked_page(number, &p.meta) => p.data,
                    _ => Vec::new(),
                })
            })
            .buffered(IN_FLIGHT)
            .try_collect()
            .await?;
        rows.extend(rest.into_iter().flatten());
        let keep = first_seen(rows.iter().map(Row::row_id), &mut HashSet::new());
        let mut keep = keep.into_iter();
        rows.retain(|_| keep.next().unwrap_or(true));
        Ok(rows)
    }

    /// One row.
    pub(crate) async fn row<T: Row>(&self, resource: Resource, args: Args<'_>) -> Result<T, Error> {
        let endpoint = Endpoint::of(resource, Operation::Get);
        let request = build_request(&self.inner.config, endpoint, args)?;
        self.call((endpoint.method, Repeat::ByPolicy), request, decode_row::<T>)
            .await
    }

    /// A create: `{status, message}` (3.x adds `record_id`; where the server may answer a
    /// create with an empty body, pmp-core's `create_may_answer_empty`, that is a success with
    /// no message).
    pub(crate) async fn write(
        &self,
        resource: Resource,
        operation: Operation,
        args: Args<'_>,
    ) -> Result<ApiMessage, Error> {
        let endpoint = Endpoint::of(resource, operation);
        let request = build_request(&self.inner.config, endpoint, args)?;
        // A create answered with an empty body is a success with no message where the server
        // may answer so (2.0.8's payments); elsewhere a decode error.
        let empty_ok =
            operation == Operation::Create && create_may_answer_empty(&self.inner.config, resource);
        let decode = if empty_ok { decode_created } else { decode_message };
        self.call((endpoint.method, Repeat::ByPolicy), request, decode)
            .await
    }

    /// A delete, after the row's get where the server answers success whatever the id
    /// ([`Client::checked`]).
    pub(crate) async fn delete<T: Row>(&self, id: u64) -> Result<ApiMessage, Error> {
        let endpoint = Endpoint::of(T::RESOURCE, Operation::Delete);
        let request = build_request(&self.inner.config, endpoint, Args::Id(id))?;
        self.checked::<T>(endpoint, id).await?;
        self.call((endpoint.method, Repeat::ByPolicy), request, decode_message)
            .await
    }

    /// An update. 1.0 and 2.0 answer 404 `... Update Fail.` both to an unknown id and to an
    /// update that changes nothing: one get tells them apart (`not_found`, or
    /// [`ApiMessage::unchanged`]). Where the server answers success whatever the id, the
    /// get comes first ([`Client::checked`]).
    pub(crate) async fn update<T: Row>(&self, id: u64, record: &InputRecord) -> Result<ApiMessage, Error> {
        let endpoint = Endpoint::of(T::RESOURCE, Operation::Update);
        let request = build_request(&self.inner.config, endpoint, Args::IdAndFields(id, record))?;
        self.checked::<T>(endpoint, id).await?;
        let error = match self
            .call((endpoint.method, Repeat::ByPolicy), request, decode_message)
            .await
        {
            Err(error) => error,
            ok => return ok,
        };
        let plan = UpdatePlan::of(T::RESOURCE);
        if plan.after_update(error.as_pmp()) == UpdateStep::Done {
            return Err(error);
        }
        let get = self.row::<T>(T::RESOURCE, Args::Id(id)).await;
        match UpdatePlan::after_get(error.message(), get.as_ref().map(|_| ()).map_err(Error::kind)) {
            UpdateEnd::Unchanged(message) => Ok(ApiMessage::unchanged(message)),
            UpdateEnd::NoSuchRow(missing) => Err(Error::new(missing, error.attempts())),
            UpdateEnd::Failed => Err(error),
        }
    }

    /// The get a write of `endpoint` sends first where its answer says nothing about the row
    /// (pmp-core's `CheckedWrite`: staff updates and deletes answer success for any id): an
    /// unknown id is `not_found` and the write is not sent; a get that fails otherwise fails
    /// the call, with nothing written. The get is a call of its own: retried as gets are,
    /// with the per-attempt and total timeouts, cancelled with the call's future.
    async fn checked<T: Row>(&self, endpoint: &Endpoint, id: u64) -> Result<(), Error> {
        let Some(check) = CheckedWrite::of(&self.inner.config, endpoint) else {
            return Ok(());
        };
        let get = self
            .row::<T>(check.get().resource, Args::Id(id))
            .await
            .map(|_| ());
        match check.after_get(get.as_ref().map_err(Error::kind).copied()) {
            CheckEnd::Write => Ok(()),
            CheckEnd::NoSuchRow(missing) => Err(Error::new(missing, get.err().map_or(1, |e| e.attempts()))),
            CheckEnd::Failed => get,
        }
    }

    /// The rows of an endpoint beyond the six of a resource (pmp-core's `EXTRAS`): one plain
    /// array, `[]` for "No data were found".
    pub(crate) async fn extra_rows<T: serde::de::DeserializeOwned>(
        &self,
        extra: Extra,
        args: ExtraArgs<'_>,
    ) -> Result<Vec<T>, Error> {
        let endpoint = extra.endpoint();
        let request = build_extra_request(&self.inner.config, endpoint, args)?;
        let sending = (endpoint.method, endpoint.retried);
        self.call(sending, request, decode_extra_rows::<T>).await
    }

    /// The answer object of an endpoint beyond the six whose success is one
    /// `{"status": true, ...}` (pmp-core's `decode_extra_answer`), sent again after a failed
    /// attempt only if its declaration allows (`sendInvoice`: never).
    pub(crate) async fn extra_answer<T: serde::de::DeserializeOwned>(
        &self,
        extra: Extra,
        args: ExtraArgs<'_>,
    ) -> Result<T, Error> {
        let endpoint = extra.endpoint();
        let request = build_extra_request(&self.inner.config, endpoint, args)?;
        let sending = (endpoint.method, endpoint.retried);
        self.call(sending, request, decode_extra_answer::<T>).await
    }

    /// Sends `request` until it succeeds or fails for good, within the total timeout: its
    /// method and whether it may be repeated decide, with the policy, whether a failed
    /// attempt is sent again.
    async fn call<T>(
        &self,
        sending: (Method, Repeat),
        request: HttpRequest,
        decode: fn(&ClientConfig, &HttpResponse<'_>) -> Result<T, PmpError>,
    ) -> Result<T, Error> {
        let attempts = AtomicU32::new(0);
        let tries = self.attempts(sending, &request, decode, &attempts);
        let Some(total) = self.inner.options.total_timeout else {
            return tries.await;
        };
        within(millis(total), tries).await.unwrap_or_else(|| {
            let message = format!("no result within the total timeout ({} ms)", total.as_millis());
            Err(Error::new(
                PmpError::new(ErrorKind::Timeout, message),
                attempts.load(Ordering::Relaxed),
            ))
        })
    }

    async fn attempts<T>(
        &self,
        (method, repeat): (Method, Repeat),
        request: &HttpRequest,
        decode: fn(&ClientConfig, &HttpResponse<'_>) -> Result<T, PmpError>,
        attempts: &AtomicU32,
    ) -> Result<T, Error> {
        let Inner {
            config,
            options,
            http,
            rate_reset,
        } = &*self.inner;
        // One key per create, the same on each attempt: 3.x answers a repeat from storage.
        let key = (method == Method::Post).then(new_key);
        let extra: Vec<(&str, &str)> = key.iter().map(|k| ("Idempotency-Key", k.as_str())).collect();
        let transport = |message: String| PmpError::new(ErrorKind::Network, config.redact(&message));
        let mut attempt = 0;
        loop {
            attempt += 1;
            attempts.store(attempt, Ordering::Relaxed);
            let sent = within(
                millis(options.timeout),
                http.send(request, &extra, options.max_response_bytes),
            )
            .await;
            let (error, retry_after) = match sent {
                None => {
                    let message = format!("no answer within {} ms", options.timeout.as_millis());
                    (PmpError::new(ErrorKind::Timeout, message), None)
                }
                Some(Err(Failure::Network(why))) => (transport(format!("the request failed: {why}")), None),
                Some(Err(failure)) => {
                    return Err(Error::new(final_error(config, request, failure, None), attempt))
                }
                Some(Ok(answer)) => {
                    if let Some(reset) = answer.rate_reset {
                        rate_reset.store(reset, Ordering::Relaxed);
                    }
                    if (301..=308).contains(&answer.status) && answer.location.is_some() {
                        let error = final_error(config, request, Failure::Redirect, Some(&answer));
                        return Err(Error::new(error, attempt));
                    }
                    match decode(config, &response(&answer)) {
                        Ok(value) => return Ok(value),
                        Err(error) => (error, answer.retry_after),
                    }
                }
            };
            // pmp-core decides: the server's wait (Retry-After, else over a rate limit the
            // last X-RateLimit-Reset), then the policy's.
            let reset = rate_reset.load(Ordering::Relaxed);
            let failed = FailedAttempt {
                method,
                repeat,
                attempts: attempt,
                kind: error.kind,
                status: error.status,
                // As fetch gives it in the wasm client: without the spaces around it.
                retry_after: retry_after.as_deref().map(str::trim),
                rate_reset: (reset > 0).then_some(reset as f64),
            };
            let step = options
                .retry
                .after_failure(&failed, now_ms(), random(), http_date_ms);
            let Some(wait) = step.wait_ms else {
                let rate_wait = step.retry_after_ms.map(Duration::from_millis);
                return Err(Error::new(error, attempt).with_retry_after(rate_wait));
            };
            sleep(u64::from(wait)).await;
        }
    }
}

/// A failure that is never retried: a redirect, or an answer over `max_response_bytes`.
fn final_error(
    config: &ClientConfig,
    request: &HttpRequest,
    failure: Failure,
    answer: Option<&Answer>,
) -> PmpError {
    let error = match failure {
        Failure::TooLarge => PmpError::new(ErrorKind::TooLarge, "the answer is over max_response_bytes"),
        _ => {
            let to = answer
                .and_then(|a| a.location.as_deref())
                .map_or("elsewhere".to_owned(), |l| format!("to {l}"));
            let message = format!(
                "{} redirects {to}: not followed, so that the token goes nowhere else; fix the base URL",
                request.url
            );
            PmpError::new(ErrorKind::Redirect, config.redact(&message))
        }
    };
    match answer {
        Some(answer) => error.with_status(answer.status),
        None => error,
    }
}

fn response(answer: &Answer) -> HttpResponse<'_> {
    HttpResponse {
        status: answer.status,
        content_type: answer.content_type.as_deref(),
        body: &answer.body,
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
