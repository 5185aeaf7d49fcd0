// Generated from pmp-core's CATALOGUE by crates/pmp-wasm/tests/declarations.rs: do not edit.
/**
 * A client of one PMP installation. Every method returns a promise that resolves with the
 * parsed answer or rejects with a `PmpError`; the client stays usable after any failure.
 */
export declare class PmpClient {
  /**
   * A client for `options.baseUrl` with `options.token`. Throws a `PmpError` of kind
   * `invalid_input` naming the option that is wrong.
   */
  constructor(options: PmpClientOptions);
  /**
   * List all customers: `GET api/customers`.
   * Every row, on every server version: 3.x's pages are all fetched (100 rows each, a few at once); `[]` for an empty table. `sort` and `fields` go to 3.x servers and are done locally elsewhere; `createdAfter`/`createdBefore` need 3.x.
   */
  listCustomers(options?: ListOptions): Promise<Customer[]>;
  /**
   * Request customer information: `GET api/customers/{id}`.
   * One row by id; rejects with `not_found` if there is none.
   */
  getCustomer(id: number | string, options?: CallOptions): Promise<Customer>;
  /**
   * Search Customer Information: `GET api/customers/search/{keysearch}`.
   * Every row matching a keyword (pages followed as for lists); `[]` if none match. The keyword is sent as one percent-encoded path segment.
   */
  searchCustomers(keyword: string, options?: ListOptions): Promise<Customer[]>;
  /**
   * Add New Customer: `POST api/customers`.
   * Creates a row (form fields; `files` as `file[]` parts), with an `Idempotency-Key`. 3.x servers return the new id as `record_id`; 1.0 and 2.0 do not.
   */
  createCustomer(input: CustomerInput, options?: CreateOptions): Promise<ApiMessage>;
  /**
   * Update a Customer: `PUT api/customers/{id}`.
   * Changes the fields given, and only those (servers never re-check mandatory fields on update); an input with no field is refused. Resolves with `unchanged: true` when the server says `Update Fail.` and the row exists; rejects with `not_found` if it does not.
   */
  updateCustomer(id: number | string, input: Partial<CustomerInput>, options?: CallOptions): Promise<ApiMessage>;
  /**
   * Delete a Customer: `DELETE api/delete/customers/{id}`.
   * Deletes a row.
   */
  deleteCustomer(id: number | string, options?: CallOptions): Promise<ApiMessage>;
  /**
   * List all leads: `GET api/leads`.
   * Every row, on every server version: 3.x's pages are all fetched (100 rows each, a few at once); `[]` for an empty table. `sort` and `fields` go to 3.x servers and are done locally elsewhere; `createdAfter`/`createdBefore` need 3.x.
   */
  listLeads(options?: ListOptions): Promise<Lead[]>;
  /**
   * Request lead information: `GET api/leads/{id}`.
   * One row by id; rejects with `not_found` if there is none.
   */
  getLead(id: number | string, options?: CallOptions): Promise<Lead>;
  /**
   * Search Lead Information: `GET api/leads/search/{keysearch}`.
   * Every row matching a keyword (pages followed as for lists); `[]` if none match. The keyword is sent as one percent-encoded path segment.
   */
  searchLeads(keyword: string, options?: ListOptions): Promise<Lead[]>;
  /**
   * Add New Lead: `POST api/leads`.
   * Creates a row (form fields; `files` as `file[]` parts), with an `Idempotency-Key`. 3.x servers return the new id as `record_id`; 1.0 and 2.0 do not.
   */
  createLead(input: LeadInput, options?: CreateOptions): Promise<ApiMessage>;
  /**
   * Update a lead: `PUT api/leads/{id}`.
   * Changes the fields given, and only those (servers never re-check mandatory fields on update); an input with no field is refused. Resolves with `unchanged: true` when the server says `Update Fail.` and the row exists; rejects with `not_found` if it does not.
   */
  updateLead(id: number | string, input: Partial<LeadInput>, options?: CallOptions): Promise<ApiMessage>;
  /**
   * Delete a Lead: `DELETE api/delete/leads/{id}`.
   * Deletes a row.
   */
  deleteLead(id: number | string, options?: CallOptions): Promise<ApiMessage>;
  /**
   * List all milestones: `GET api/milestones`.
   * Every row, on every server version: 3.x's pages are all fetched (100 rows each, a few at once); `[]` for an empty table. `sort` and `fields` go to 3.x servers and are done locally elsewhere; `createdAfter`/`createdBefore` need 3.x.
   */
  listMilestones(options?: ListOptions): Promise<Milestone[]>;
  /**
   * Request Milestones information: `GET api/milestones/{id}`.
   * One row by id; rejects with `not_found` if there is none.
   */
  getMilestone(id: number | string, options?: CallOptions): Promise<Milestone>;
  /**
   * Search Milestones Information: `GET api/milestones/search/{keysearch}`.
   * Every row matching a keyword (pages followed as for lists); `[]` if none match. The keyword is sent as one percent-encoded path segment.
   */
  searchMilestones(keyword: string, options?: ListOptions): Promise<Milestone[]>;
  /**
   * Add New Milestone: `POST api/milestones`.
   * Creates a row (form fields; `files` as `file[]` parts), with an `Idempotency-Key`. 3.x servers return the new id as `record_id`; 1.0 and 2.0 do not.
   */
  createMilestone(input: MilestoneInput, options?: CreateOptions): Promise<ApiMessage>;
  /**
   * Update a Milestone: `PUT api/milestones/{id}`.
   * Changes the fields given, and only those (servers never re-check mandatory fields on update); an input with no field is refused. Resolves with `unchanged: true` when the server says `Update Fail.` and the row exists; rejects with `not_found` if it does not.
   */
  updateMilestone(id: number | string, input: Partial<MilestoneInput>, options?: CallOptions): Promise<ApiMessage>;
  /**
   * Delete a Milestone: `DELETE api/delete/milestones/{id}`.
   * Deletes a row.
   */
  deleteMilestone(id: number | string, options?: CallOptions): Promise<ApiMessage>;
  /**
   * List all projects: `GET api/projects`.
   * Every row, on every server version: 3.x's pages are all fetched (100 rows each, a few at once); `[]` for an empty table. `sort` and `fields` go to 3.x servers and are done locally elsewhere; `createdAfter`/`createdBefore` need 3.x.
   */
  listProjects(options?: ListOptions): Promise<Project[]>;
  /**
   * Request project information: `GET api/projects/{id}`.
   * One row by id; rejects with `not_found` if there is none.
   */
  getProject(id: number | string, options?: CallOptions): Promise<Project>;
  /**
   * Search Project Information: `GET api/projects/search/{keysearch}`.
   * Every row matching a keyword (pages followed as for lists); `[]` if none match. The keyword is sent as one percent-encoded path segment.
   */
  searchProjects(keyword: string, options?: ListOptions): Promise<Project[]>;
  /**
   * Add New Project: `POST api/projects`.
   * Creates a row (form fields; `files` as `file[]` parts), with an `Idempotency-Key`. 3.x servers return the new id as `record_id`; 1.0 and 2.0 do not.
   */
  createProject(input: ProjectInput, options?: CreateOptions): Promise<ApiMessage>;
  /**
   * Update a Project: `PUT api/projects/{id}`.
   * Changes the fields given, and only those (servers never re-check mandatory fields on update); an input with no field is refused. Resolves with `unchanged: true` when the server says `Update Fail.` and the row exists; rejects with `not_found` if it does not.
   */
  updateProject(id: number | string, input: Partial<ProjectInput>, options?: CallOptions): Promise<ApiMessage>;
  /**
   * Delete a Project: `DELETE api/delete/projects/{id}`.
   * Deletes a row.
   */
  deleteProject(id: number | string, options?: CallOptions): Promise<ApiMessage>;
  /**
   * List all tickets: `GET api/tickets`.
   * Every row, on every server version: 3.x's pages are all fetched (100 rows each, a few at once); `[]` for an empty table. `sort` and `fields` go to 3.x servers and are done locally elsewhere; `createdAfter`/`createdBefore` need 3.x.
   */
  listTickets(options?: ListOptions): Promise<Ticket[]>;
  /**
   * Request Ticket information: `GET api/tickets/{id}`.
   * One row by id; rejects with `not_found` if there is none.
   */
  getTicket(id: number | string, options?: CallOptions): Promise<Ticket>;
  /**
   * Search Ticket Information: `GET api/tickets/search/{keysearch}`.
   * Every row matching a keyword (pages followed as for lists); `[]` if none match. The keyword is sent as one percent-encoded path segment.
   */
  searchTickets(keyword: string, options?: ListOptions): Promise<Ticket[]>;
  /**
   * Add New Ticket: `POST api/tickets`.
   * Creates a row (form fields; `files` as `file[]` parts), with an `Idempotency-Key`. 3.x servers return the new id as `record_id`; 1.0 and 2.0 do not.
   */
  createTicket(input: TicketInput, options?: CreateOptions): Promise<ApiMessage>;
  /**
   * Update a Ticket: `PUT api/tickets/{id}`.
   * Changes the fields given, and only those (servers never re-check mandatory fields on update); an input with no field is refused. Resolves with `unchanged: true` when the server says `Update Fail.` and the row exists; rejects with `not_found` if it does not.
   */
  updateTicket(id: number | string, input: Partial<TicketInput>, options?: CallOptions): Promise<ApiMessage>;
  /**
   * Delete a Ticket: `DELETE api/delete/tickets/{id}`.
   * Deletes a row.
   */
  deleteTicket(id: number | string, options?: CallOptions): Promise<ApiMessage>;
  /**
   * List a customer's contacts: `GET api/contacts/{id}`.
   * Every row, on every server version: 3.x's pages are all fetched (100 rows each, a few at once); `[]` for an empty table. `sort` and `fields` go to 3.x servers and are done locally elsewhere; `createdAfter`/`createdBefore` need 3.x.
   */
  listContacts(id: number | string, options?: ListOptions): Promise<Contact[]>;
  /**
   * Request a contact of a customer: `GET api/contacts/{parent_id}/{id}`.
   * One row by id; rejects with `not_found` if there is none.
   */
  getContact(parentId: number | string, id: number | string, options?: CallOptions): Promise<Contact>;
  /**
   * Search Contact Information: `GET api/contacts/search/{keysearch}`.
   * Every row matching a keyword (pages followed as for lists); `[]` if none match. The keyword is sent as one percent-encoded path segment.
   */
  searchContacts(keyword: string, options?: ListOptions): Promise<Contact[]>;
  /**
   * Add New Contact: `POST api/contacts`.
   * Creates a row (form fields; `files` as `file[]` parts), with an `Idempotency-Key`. 3.x servers return the new id as `record_id`; 1.0 and 2.0 do not.
   */
  createContact(input: ContactInput, options?: CreateOptions): Promise<ApiMessage>;
  /**
   * Update a Contact: `PUT api/contacts/{id}`.
   * Changes the fields given, and only those (servers never re-check mandatory fields on update); an input with no field is refused. Resolves with `unchanged: true` when the server says `Update Fail.` and the row exists; rejects with `not_found` if it does not.
   */
  updateContact(id: number | string, input: Partial<ContactInput>, options?: CallOptions): Promise<ApiMessage>;
  /**
   * Delete a Contact: `DELETE api/delete/contacts/{id}`.
   * Deletes a row.
   */
  deleteContact(id: number | string, options?: CallOptions): Promise<ApiMessage>;
  /** Releases the client's wasm memory now (it is released when the client is garbage
   * collected anyway); calls made afterwards reject with kind `invalid_input`. */
  free(): void;
  /**
   * One page of a list, on every server version: 3.x sends it; 1.0 and 2.0 send the
   * whole table, which is cut locally, with the same `meta`. A page past the end has no rows.
   */
  page<M extends keyof PmpLists>(method: M, options?: PageOptions): Promise<Page<PmpLists[M]>>;
  /** One page of a search, as `page` does for lists. */
  page<M extends keyof PmpSearches>(method: M, keyword: string, options?: PageOptions): Promise<Page<PmpSearches[M]>>;
  /** The pages of a list from `options.page` (default 1) to the last, for `for await`. */
  pages<M extends keyof PmpLists>(method: M, options?: PageOptions): AsyncGenerator<Page<PmpLists[M]>, void>;
  /** The pages of a search, as `pages` does for lists. */
  pages<M extends keyof PmpSearches>(method: M, keyword: string, options?: PageOptions): AsyncGenerator<Page<PmpSearches[M]>, void>;
}

/** The list methods and their row types (for `page` and `pages`). */
export interface PmpLists {
  listCustomers: Customer;
  listLeads: Lead;
  listMilestones: Milestone;
  listProjects: Project;
  listTickets: Ticket;
}

/** The search methods and their row types (for `page` and `pages`). */
export interface PmpSearches {
  searchCustomers: Customer;
  searchLeads: Lead;
  searchMilestones: Milestone;
  searchProjects: Project;
  searchTickets: Ticket;
  listContacts: Contact;
  searchContacts: Contact;
}
