//! `PmpClient`: the options, one generic dispatcher, and the 30 methods generated from a
//! table that a test checks against pmp-core's `CATALOGUE`.

use std::rc::Rc;

use js_sys::{Function, Promise};
use pmp_core::{
    build_request, Args, ClientConfig, Endpoint, HttpRequest, InputKind, Operation, PmpError, Resource,
    RetryPolicy, MAX_RETRIES,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::attempts::{Attempts, Failure};
use crate::error::to_js;
use crate::input::{read_id, read_input, read_keyword};
use crate::js::{self, AbortSignal};
use crate::transport::Transport;

/// The default time limit of one request.
const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// The longest delay `setTimeout` honours (larger ones fire at once).
const MAX_TIMEOUT_MS: f64 = 2_147_483_647.0;

/// A client of one PMP installation. Every method returns a promise that resolves with the
/// parsed answer or rejects with a `PmpError`; the client stays usable after any failure.
#[wasm_bindgen]
pub struct PmpClient {
    inner: Rc<Inner>,
}

struct Inner {
    config: ClientConfig,
    transport: Transport,
    attempts: Attempts,
}

#[wasm_bindgen]
impl PmpClient {
    /// A client for `options.baseUrl` with `options.token`. Throws a `PmpError` of kind
    /// `invalid_input` naming the option that is wrong.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "PmpClientOptions")] options: JsValue,
    ) -> Result<PmpClient, JsValue> {
        Inner::from_options(&options)
            .map(|inner| PmpClient {
                inner: Rc::new(inner),
            })
            .map_err(|e| to_js(None, e, 0))
    }
}

impl Inner {
    fn from_options(options: &JsValue) -> Result<Inner, PmpError> {
        if !js::is_plain_object(options) {
            return Err(PmpError::invalid_input(
                "options must be an object with baseUrl and token",
            ));
        }
        let text = |name: &str| {
            js::get(options, name)
                .as_string()
                .ok_or_else(|| PmpError::invalid_input(format!("options.{name} must be a string")))
        };
        let mut config = ClientConfig::new(&text("baseUrl")?, &text("token")?)?;
        let headers = js::get(options, "headers");
        if !headers.is_undefined() {
            if !js::is_record(&headers) {
                return Err(PmpError::invalid_input(
                    "options.headers must be a plain object of strings (not a Headers or Map)",
                ));
            }
            for name in js::keys(&headers).iter() {
                let name = name.as_string().unwrap_or_default();
                let value = js::get(&headers, &name).as_string().ok_or_else(|| {
                    PmpError::invalid_input(format!("options.headers[\"{name}\"] must be a string"))
                })?;
                config = config.with_header(&name, &value)?;
            }
        }
        let timeout = js::get(options, "timeoutMs");
        let timeout_ms = match timeout.as_f64() {
            _ if timeout.is_undefined() => DEFAULT_TIMEOUT_MS,
            // Fractions are rounded up: `setTimeout` counts whole milliseconds.
            Some(ms) if ms > 0.0 && ms <= MAX_TIMEOUT_MS => ms.ceil() as u32,
            _ => {
                return Err(PmpError::invalid_input(
                    "options.timeoutMs must be a number of milliseconds, above 0 and at most 2147483647",
                ))
            }
        };
        let fetch = js::get(options, "fetch");
        let fetch = if fetch.is_undefined() {
            js::get(&js_sys::global(), "fetch")
        } else {
            fetch
        };
        let fetch = fetch.dyn_into::<Function>().map_err(|_| {
            PmpError::invalid_input("options.fetch must be a function (and there is no global fetch)")
        })?;
        Ok(Inner {
            config,
            transport: Transport { fetch, timeout_ms },
            attempts: read_attempts(options)?,
        })
    }

    /// One call of the catalogue: arguments checked and encoded by pmp-core, then sent
    /// (and retried) until it succeeds or fails for good.
    async fn call(
        &self,
        endpoint: &Endpoint,
        first: JsValue,
        second: JsValue,
        options: JsValue,
    ) -> Result<JsValue, Failure> {
        // Refused before sending: no attempt made.
        let (request, blobs, signal) =
            prepare(&self.config, endpoint, first, second, &options).map_err(|e| (e, 0))?;
        self.attempts
            .run(&self.transport, &request, blobs, endpoint, signal)
            .await
    }
}

/// The request of a call, its files and the caller's signal, or why the arguments are refused.
fn prepare(
    config: &ClientConfig,
    endpoint: &Endpoint,
    first: JsValue,
    second: JsValue,
    options: &JsValue,
) -> Result<(HttpRequest, Vec<JsValue>, Option<AbortSignal>), PmpError> {
    let signal = call_signal(options)?;
    let keyword;
    let record;
    let mut blobs = Vec::new();
    let args = match endpoint.input {
        InputKind::None => Args::None,
        InputKind::Id => Args::Id(read_id(&first)?),
        InputKind::Keyword => {
            keyword = read_keyword(&first)?;
            Args::Keyword(&keyword)
        }
        InputKind::Fields => {
            (record, blobs) = read_input(endpoint.resource, &first)?;
            Args::Fields(&record)
        }
        InputKind::IdAndFields => {
            let id = read_id(&first)?;
            (record, blobs) = read_input(endpoint.resource, &second)?;
            Args::IdAndFields(id, &record)
        }
    };
    Ok((build_request(config, endpoint, args)?, blobs, signal))
}

/// The retry, overall time limit and hook options, checked.
fn read_attempts(options: &JsValue) -> Result<Attempts, PmpError> {
    let defaults = RetryPolicy::default();
    let retries = js::get(options, "retries");
    let retries = match retries.as_f64() {
        _ if retries.is_undefined() => defaults.retries,
        Some(n) if n.fract() == 0.0 && (0.0..=f64::from(MAX_RETRIES)).contains(&n) => n as u32,
        _ => {
            return Err(PmpError::invalid_input(format!(
                "options.retries must be an integer from 0 to {MAX_RETRIES}"
            )))
        }
    };
    let retry_writes = js::get(options, "retryWrites");
    let retry_writes = match retry_writes.as_bool() {
        _ if retry_writes.is_undefined() => defaults.retry_writes,
        Some(on) => on,
        None => return Err(PmpError::invalid_input("options.retryWrites must be a boolean")),
    };
    let policy = RetryPolicy {
        retries,
        retry_writes,
        base_delay_ms: read_ms(options, "retryBaseMs", 0)?.unwrap_or(defaults.base_delay_ms),
        max_delay_ms: read_ms(options, "retryMaxMs", 0)?.unwrap_or(defaults.max_delay_ms),
        max_retry_after_ms: read_ms(options, "retryAfterMaxMs", 0)?.unwrap_or(defaults.max_retry_after_ms),
    };
    policy.validate()?;
    Ok(Attempts {
        policy,
        total_timeout_ms: read_ms(options, "totalTimeoutMs", 1)?,
        on_request: read_hook(options, "onRequest")?,
        on_response: read_hook(options, "onResponse")?,
    })
}

/// A whole number of milliseconds from `min` to `setTimeout`'s limit; `None` when not given.
// `min` is an integer so that the message needs no float formatting (kept out of the wasm).
fn read_ms(options: &JsValue, name: &str, min: u32) -> Result<Option<u32>, PmpError> {
    let value = js::get(options, name);
    match value.as_f64() {
        _ if value.is_undefined() => Ok(None),
        Some(ms) if ms.fract() == 0.0 && (f64::from(min)..=MAX_TIMEOUT_MS).contains(&ms) => {
            Ok(Some(ms as u32))
        }
        _ => Err(PmpError::invalid_input(format!(
            "options.{name} must be a whole number of milliseconds from {min} to 2147483647"
        ))),
    }
}

/// A hook option: a function, or `None` when not given.
fn read_hook(options: &JsValue, name: &str) -> Result<Option<Function>, PmpError> {
    let value = js::get(options, name);
    if value.is_undefined() {
        return Ok(None);
    }
    value
        .dyn_into::<Function>()
        .map(Some)
        .map_err(|_| PmpError::invalid_input(format!("options.{name} must be a function")))
}

/// The `signal` of a call's options, if any.
fn call_signal(options: &JsValue) -> Result<Option<AbortSignal>, PmpError> {
    if options.is_undefined() || options.is_null() {
        return Ok(None);
    }
    if !js::is_plain_object(options) {
        return Err(PmpError::invalid_input(
            "call options must be an object such as { signal }",
        ));
    }
    let signal = js::get(options, "signal");
    if signal.is_undefined() || signal.is_null() {
        return Ok(None);
    }
    signal
        .dyn_into::<AbortSignal>()
        .map(Some)
        .map_err(|_| PmpError::invalid_input("options.signal must be an AbortSignal"))
}

impl PmpClient {
    /// Runs one call as a promise that rejects only with a `PmpError`.
    // Not inlined into the 30 exports: one copy of the call setup instead of thirty.
    #[inline(never)]
    fn dispatch(
        &self,
        resource: Resource,
        operation: Operation,
        first: JsValue,
        second: JsValue,
        options: Option<JsValue>,
    ) -> Promise {
        let inner = self.inner.clone();
        future_to_promise(async move {
            let endpoint = Endpoint::of(resource, operation);
            inner
                .call(endpoint, first, second, options.unwrap_or_default())
                .await
                .map_err(|(e, attempts)| to_js(Some(&inner.config), e, attempts))
        })
    }
}

/// The six methods of each resource. The JavaScript names are pmp-core's operation ids
/// (a test checks that every `CATALOGUE` entry has its method). wasm-bindgen reads only
/// literal attributes, hence the spelled-out type names.
macro_rules! resource_methods {
    ($( $Res:ident $Rows:literal $Row:literal $Input:literal {
        $list:ident $list_js:literal, $get:ident $get_js:literal, $search:ident $search_js:literal,
        $create:ident $create_js:literal, $update:ident $update_js:literal, $delete:ident $delete_js:literal
    } )*) => {
        #[wasm_bindgen]
        impl PmpClient { $(
            /// Every row of the resource (`GET api/{resource}`).
            #[wasm_bindgen(js_name = $list_js, unchecked_return_type = $Rows)]
            pub fn $list(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>) -> Promise {
                self.dispatch(Resource::$Res, Operation::List, JsValue::UNDEFINED, JsValue::UNDEFINED, options)
            }

            /// One row by id (`GET api/{resource}/{id}`); rejects with `not_found` if there is none.
            #[wasm_bindgen(js_name = $get_js, unchecked_return_type = $Row)]
            pub fn $get(&self, #[wasm_bindgen(unchecked_param_type = "number | string")] id: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>) -> Promise {
                self.dispatch(Resource::$Res, Operation::Get, id, JsValue::UNDEFINED, options)
            }

            /// The rows matching a keyword (`GET api/{resource}/search/{keysearch}`); rejects with
            /// `not_found` if none match. The keyword is sent as one percent-encoded path segment.
            #[wasm_bindgen(js_name = $search_js, unchecked_return_type = $Rows)]
            pub fn $search(&self, #[wasm_bindgen(unchecked_param_type = "string")] keyword: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>) -> Promise {
                self.dispatch(Resource::$Res, Operation::Search, keyword, JsValue::UNDEFINED, options)
            }

            /// Creates a row (`POST api/{resource}`, form fields; `files` as `file[]` parts).
            /// The server does not return the new id.
            #[wasm_bindgen(js_name = $create_js, unchecked_return_type = "Promise<ApiMessage>")]
            pub fn $create(&self, #[wasm_bindgen(unchecked_param_type = $Input)] input: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>) -> Promise {
                self.dispatch(Resource::$Res, Operation::Create, input, JsValue::UNDEFINED, options)
            }

            /// Changes a row (`PUT api/{resource}/{id}`, JSON). The server re-checks the
            /// mandatory fields, so they are required here too.
            #[wasm_bindgen(js_name = $update_js, unchecked_return_type = "Promise<ApiMessage>")]
            pub fn $update(&self, #[wasm_bindgen(unchecked_param_type = "number | string")] id: JsValue,
                #[wasm_bindgen(unchecked_param_type = $Input)] input: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>) -> Promise {
                self.dispatch(Resource::$Res, Operation::Update, id, input, options)
            }

            /// Deletes a row (`DELETE api/delete/{resource}/{id}`).
            #[wasm_bindgen(js_name = $delete_js, unchecked_return_type = "Promise<ApiMessage>")]
            pub fn $delete(&self, #[wasm_bindgen(unchecked_param_type = "number | string")] id: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>) -> Promise {
                self.dispatch(Resource::$Res, Operation::Delete, id, JsValue::UNDEFINED, options)
            }
        )* }
    };
}

resource_methods! {
    Customers "Promise<Customer[]>" "Promise<Customer>" "CustomerInput" {
        list_customers "listCustomers", get_customer "getCustomer", search_customers "searchCustomers",
        create_customer "createCustomer", update_customer "updateCustomer", delete_customer "deleteCustomer"
    }
    Leads "Promise<Lead[]>" "Promise<Lead>" "LeadInput" {
        list_leads "listLeads", get_lead "getLead", search_leads "searchLeads",
        create_lead "createLead", update_lead "updateLead", delete_lead "deleteLead"
    }
    Milestones "Promise<Milestone[]>" "Promise<Milestone>" "MilestoneInput" {
        list_milestones "listMilestones", get_milestone "getMilestone", search_milestones "searchMilestones",
        create_milestone "createMilestone", update_milestone "updateMilestone", delete_milestone "deleteMilestone"
    }
    Projects "Promise<Project[]>" "Promise<Project>" "ProjectInput" {
        list_projects "listProjects", get_project "getProject", search_projects "searchProjects",
        create_project "createProject", update_project "updateProject", delete_project "deleteProject"
    }
    Tickets "Promise<Ticket[]>" "Promise<Ticket>" "TicketInput" {
        list_tickets "listTickets", get_ticket "getTicket", search_tickets "searchTickets",
        create_ticket "createTicket", update_ticket "updateTicket", delete_ticket "deleteTicket"
    }
}
