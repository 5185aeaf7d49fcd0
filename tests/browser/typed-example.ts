// Every method of pmp-client, typed: compiled with `tsc --strict --noEmit` (never run).
import {
  PmpClient,
  PmpError,
  type ApiMessage,
  type CallOptions,
  type Contact,
  type ContactInput,
  type Customer,
  type CustomField,
  type CustomFieldTarget,
  type ExpenseCategory,
  type InvoiceSent,
  type SendInvoiceInput,
  type CustomerInput,
  type ListOptions,
  type Lead,
  type LeadInput,
  type Milestone,
  type MilestoneInput,
  type Page,
  type PaymentMode,
  type PmpClientOptions,
  type PmpErrorKind,
  type PmpRequestEvent,
  type PmpResponseEvent,
  type Project,
  type ProjectInput,
  type Tax,
  type Ticket,
  type TicketInput,
} from "pmp-client";

const options: PmpClientOptions = {
  baseUrl: "http://127.0.0.1:8080/",
  token: "token",
  timeoutMs: 10_000,
  totalTimeoutMs: 60_000,
  retries: 3,
  retryWrites: true,
  retryBaseMs: 100,
  retryMaxMs: 2_000,
  retryAfterMaxMs: 10_000,
  onRequest: (r: PmpRequestEvent) => console.debug(r.method, r.url, r.headers["authtoken"], r.attempt),
  onResponse: (r: PmpResponseEvent) => console.debug(r.method, r.url, r.status, r.attempt, r.durationMs),
  headers: { "X-Trace": "1" },
  fetch: (url, init) => fetch(url, init),
};
const pmp = new PmpClient(options);
const call: CallOptions = { signal: new AbortController().signal };

export async function everyMethod(): Promise<string[]> {
  const customers: Customer[] = await pmp.listCustomers();
  const customer: Customer = await pmp.getCustomer(3, call);
  const found: Customer[] = await pmp.searchCustomers("Jk");
  const customerInput: CustomerInput = {
    company: "Acme",
    groups_in: [1, 4],
    custom_fields: { customers: { "1": "x" } },
  };
  const messages: ApiMessage[] = [
    await pmp.createCustomer(customerInput),
    await pmp.updateCustomer(customer.userid ?? 3, { company: "Acme Ltd" }),
    await pmp.deleteCustomer(3),
  ];

  const leads: Lead[] = await pmp.listLeads();
  const lead: Lead = await pmp.getLead("1");
  const leadHits: Lead[] = await pmp.searchLeads("x", call);
  const leadInput: LeadInput = {
    source: "1",
    status: "1",
    name: "Lead",
    is_public: true,
    files: [new Blob(["a"]), new File(["b"], "b.txt")],
  };
  messages.push(await pmp.createLead(leadInput));
  messages.push(await pmp.updateLead(1, { source: "1", status: "1", name: "Lead 2" }));
  messages.push(await pmp.deleteLead(1));

  const milestones: Milestone[] = await pmp.listMilestones();
  const milestone: Milestone = await pmp.getMilestone(5);
  const milestoneHits: Milestone[] = await pmp.searchMilestones("A");
  const milestoneInput: MilestoneInput = { project_id: "2", name: "M", due_date: "2019-07-30" };
  messages.push(await pmp.createMilestone(milestoneInput));
  messages.push(await pmp.updateMilestone(5, { ...milestoneInput, description_visible_to_customer: true }));
  messages.push(await pmp.deleteMilestone(5));

  const projects: Project[] = await pmp.listProjects();
  const project: Project = await pmp.getProject(28);
  const projectHits: Project[] = await pmp.searchProjects("Test");
  const projectInput: ProjectInput = {
    name: "P",
    clientid: 11,
    billing_type: 3,
    start_date: "2019-07-30",
    status: 2,
    project_members: [1],
    files: [new Blob(["spec"])],
  };
  messages.push(await pmp.createProject(projectInput));
  messages.push(await pmp.updateProject(28, { ...projectInput, files: undefined }));
  messages.push(await pmp.deleteProject(28));

  const tickets: Ticket[] = await pmp.listTickets();
  const ticket: Ticket = await pmp.getTicket(1);
  const ticketHits: Ticket[] = await pmp.searchTickets("ER");
  const ticketInput: TicketInput = { subject: "S", department: "1", contactid: "1", userid: "3" };
  messages.push(await pmp.createTicket(ticketInput));
  messages.push(await pmp.updateTicket(1, ticketInput));
  messages.push(await pmp.deleteTicket(1));

  // A customer's contacts (2.x, 3.x): the list and the get name the customer.
  const contacts: Contact[] = await pmp.listContacts(3);
  const contact: Contact = await pmp.getContact("3", 1);
  const contactHits: Contact[] = await pmp.searchContacts("ada@");
  const contactInput: ContactInput = { customer_id: 3, firstname: "Ada", lastname: "S", email: "a@b.c", password: "x" };
  messages.push(await pmp.createContact(contactInput));
  messages.push(await pmp.updateContact(1, { title: "CTO" }));
  messages.push(await pmp.deleteContact(1));

  // Every version: pages with 3.x's meta, lists with a query, ids and dates from rows.
  const page: Page<Customer> = await pmp.page("listCustomers", { page: 2, perPage: 50, sort: "-userid" });
  const total: number = page.meta.total;
  for await (const { data } of pmp.pages("searchLeads", "acme", { perPage: 20 })) {
    const names: (string | null | undefined)[] = data.map((l: Lead) => l.name);
    void names;
  }
  const query: ListOptions = { fields: ["userid", "company"], createdAfter: new Date(), signal: call.signal };
  const sorted: Customer[] = await pmp.listCustomers(query);
  const made = await pmp.createProject(
    { name: "P", clientid: customer.userid ?? 3, billing_type: "1", start_date: new Date(), status: 2 },
    { idempotencyKey: "project-1" },
  );
  const newId: number | undefined = made.record_id;
  const unchanged: true | undefined = (await pmp.updateCustomer(3, { phonenumber: "456" })).unchanged;
  void [total, sorted, newId, unchanged];

  // Rows keep unknown fields as `unknown`, named ones as text or null.
  const extra: unknown = customer["customfields"];
  const company: string | null | undefined = customer.company;
  void [customers, found, leads, lead, leadHits, milestones, milestone, milestoneHits];
  void [projects, project, projectHits, tickets, ticket, ticketHits, extra, company];
  void [contacts, contact, contactHits];

  // The lookups and custom fields: one request each, every row.
  const categories: ExpenseCategory[] = await pmp.listExpenseCategories(call);
  const modes: PaymentMode[] = await pmp.listPaymentModes();
  const taxes: Tax[] = await pmp.listTaxes();
  const target: CustomFieldTarget = "credit_note";
  const fields: CustomField[] = await pmp.listCustomFields("customers", customer.userid ?? 3, call);
  const ofNoRow: CustomField[] = await pmp.listCustomFields(target);
  const raw: string | null | undefined = fields[0]?.value;
  const decoded: string | string[] | undefined = fields[0]?.decoded_value;
  const choices: string[] | undefined = fields[0]?.decoded_options;
  // @ts-expect-error a target the module does not know
  await pmp.listCustomFields("customer");
  void [categories, modes, taxes, ofNoRow, raw, decoded, choices];

  // Sending an invoice (3.x): its answer, typed; the input is `{ cc? }`.
  const cc: SendInvoiceInput = { cc: "accounts@example.com" };
  const sent: InvoiceSent = await pmp.sendInvoice(7, cc, call);
  const again: InvoiceSent = await pmp.sendInvoice("7");
  const when: string | null | undefined = sent.datesend;
  const done: boolean | undefined = again.sent;
  // @ts-expect-error cc is text
  await pmp.sendInvoice(7, { cc: 1 });
  void [when, done, sent.invoice_number, sent.message];
  return messages.map((m) => (m.status ? (m.message ?? "") : "failed"));
}

export function describe(e: unknown): string {
  if (e instanceof PmpError) {
    const kind: PmpErrorKind = e.kind;
    const status: number | undefined = e.status;
    const fields: Record<string, string> = e.fieldErrors;
    const attempts: number = e.attempts;
    const wait: number | undefined = e.retryAfterMs;
    void wait;
    const json: { kind: PmpErrorKind; attempts: number } = e.toJSON();
    return `${kind} ${status ?? "-"} ${e.message} ${Object.keys(fields).join(",")} ${attempts} ${json.kind}`;
  }
  return String(e);
}

// `pmp-client/full` (the entry that loads the full wasm at once): the same class and types.
import { PmpClient as FullClient } from "pmp-client/full";
export const fullClient: PmpClient = new FullClient({ baseUrl: "/crm/", token: "t" });
