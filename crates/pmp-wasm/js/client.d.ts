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
   * Every row of the resource.
   */
  listCustomers(options?: CallOptions): Promise<Customer[]>;
  /**
   * Request customer information: `GET api/customers/{id}`.
   * One row by id; rejects with `not_found` if there is none.
   */
  getCustomer(id: number | string, options?: CallOptions): Promise<Customer>;
  /**
   * Search Customer Information: `GET api/customers/search/{keysearch}`.
   * The rows matching a keyword; rejects with `not_found` if none match. The keyword is sent as one percent-encoded path segment.
   */
  searchCustomers(keyword: string, options?: CallOptions): Promise<Customer[]>;
  /**
   * Add New Customer: `POST api/customers`.
   * Creates a row (form fields; `files` as `file[]` parts). The server does not return the new id.
   */
  createCustomer(input: CustomerInput, options?: CallOptions): Promise<ApiMessage>;
  /**
   * Update a Customer: `PUT api/customers/{id}`.
   * Changes a row (JSON). The server re-checks the mandatory fields, so they are required here too.
   */
  updateCustomer(id: number | string, input: CustomerInput, options?: CallOptions): Promise<ApiMessage>;
  /**
   * Delete a Customer: `DELETE api/delete/customers/{id}`.
   * Deletes a row.
   */
  deleteCustomer(id: number | string, options?: CallOptions): Promise<ApiMessage>;
  /**
   * List all leads: `GET api/leads`.
   * Every row of the resource.
   */
  listLeads(options?: CallOptions): Promise<Lead[]>;
  /**
   * Request lead information: `GET api/leads/{id}`.
   * One row by id; rejects with `not_found` if there is none.
   */
  getLead(id: number | string, options?: CallOptions): Promise<Lead>;
  /**
   * Search Lead Information: `GET api/leads/search/{keysearch}`.
   * The rows matching a keyword; rejects with `not_found` if none match. The keyword is sent as one percent-encoded path segment.
   */
  searchLeads(keyword: string, options?: CallOptions): Promise<Lead[]>;
  /**
   * Add New Lead: `POST api/leads`.
   * Creates a row (form fields; `files` as `file[]` parts). The server does not return the new id.
   */
  createLead(input: LeadInput, options?: CallOptions): Promise<ApiMessage>;
  /**
   * Update a lead: `PUT api/leads/{id}`.
   * Changes a row (JSON). The server re-checks the mandatory fields, so they are required here too.
   */
  updateLead(id: number | string, input: LeadInput, options?: CallOptions): Promise<ApiMessage>;
  /**
   * Delete a Lead: `DELETE api/delete/leads/{id}`.
   * Deletes a row.
   */
  deleteLead(id: number | string, options?: CallOptions): Promise<ApiMessage>;
  /**
   * List all milestones: `GET api/milestones`.
   * Every row of the resource.
   */
  listMilestones(options?: CallOptions): Promise<Milestone[]>;
  /**
   * Request Milestones information: `GET api/milestones/{id}`.
   * One row by id; rejects with `not_found` if there is none.
   */
  getMilestone(id: number | string, options?: CallOptions): Promise<Milestone>;
  /**
   * Search Milestones Information: `GET api/milestones/search/{keysearch}`.
   * The rows matching a keyword; rejects with `not_found` if none match. The keyword is sent as one percent-encoded path segment.
   */
  searchMilestones(keyword: string, options?: CallOptions): Promise<Milestone[]>;
  /**
   * Add New Milestone: `POST api/milestones`.
   * Creates a row (form fields; `files` as `file[]` parts). The server does not return the new id.
   */
  createMilestone(input: MilestoneInput, options?: CallOptions): Promise<ApiMessage>;
  /**
   * Update a Milestone: `PUT api/milestones/{id}`.
   * Changes a row (JSON). The server re-checks the mandatory fields, so they are required here too.
   */
  updateMilestone(id: number | string, input: MilestoneInput, options?: CallOptions): Promise<ApiMessage>;
  /**
   * Delete a Milestone: `DELETE api/delete/milestones/{id}`.
   * Deletes a row.
   */
  deleteMilestone(id: number | string, options?: CallOptions): Promise<ApiMessage>;
  /**
   * List all projects: `GET api/projects`.
   * Every row of the resource.
   */
  listProjects(options?: CallOptions): Promise<Project[]>;
  /**
   * Request project information: `GET api/projects/{id}`.
   * One row by id; rejects with `not_found` if there is none.
   */
  getProject(id: number | string, options?: CallOptions): Promise<Project>;
  /**
   * Search Project Information: `GET api/projects/search/{keysearch}`.
   * The rows matching a keyword; rejects with `not_found` if none match. The keyword is sent as one percent-encoded path segment.
   */
  searchProjects(keyword: string, options?: CallOptions): Promise<Project[]>;
  /**
   * Add New Project: `POST api/projects`.
   * Creates a row (form fields; `files` as `file[]` parts). The server does not return the new id.
   */
  createProject(input: ProjectInput, options?: CallOptions): Promise<ApiMessage>;
  /**
   * Update a Project: `PUT api/projects/{id}`.
   * Changes a row (JSON). The server re-checks the mandatory fields, so they are required here too.
   */
  updateProject(id: number | string, input: ProjectInput, options?: CallOptions): Promise<ApiMessage>;
  /**
   * Delete a Project: `DELETE api/delete/projects/{id}`.
   * Deletes a row.
   */
  deleteProject(id: number | string, options?: CallOptions): Promise<ApiMessage>;
  /**
   * List all tickets: `GET api/tickets`.
   * Every row of the resource.
   */
  listTickets(options?: CallOptions): Promise<Ticket[]>;
  /**
   * Request Ticket information: `GET api/tickets/{id}`.
   * One row by id; rejects with `not_found` if there is none.
   */
  getTicket(id: number | string, options?: CallOptions): Promise<Ticket>;
  /**
   * Search Ticket Information: `GET api/tickets/search/{keysearch}`.
   * The rows matching a keyword; rejects with `not_found` if none match. The keyword is sent as one percent-encoded path segment.
   */
  searchTickets(keyword: string, options?: CallOptions): Promise<Ticket[]>;
  /**
   * Add New Ticket: `POST api/tickets`.
   * Creates a row (form fields; `files` as `file[]` parts). The server does not return the new id.
   */
  createTicket(input: TicketInput, options?: CallOptions): Promise<ApiMessage>;
  /**
   * Update a Ticket: `PUT api/tickets/{id}`.
   * Changes a row (JSON). The server re-checks the mandatory fields, so they are required here too.
   */
  updateTicket(id: number | string, input: TicketInput, options?: CallOptions): Promise<ApiMessage>;
  /**
   * Delete a Ticket: `DELETE api/delete/tickets/{id}`.
   * Deletes a row.
   */
  deleteTicket(id: number | string, options?: CallOptions): Promise<ApiMessage>;
  /** Releases the client's wasm memory now (it is released when the client is garbage
   * collected anyway); calls made afterwards reject with kind `invalid_input`. */
  free(): void;
}
