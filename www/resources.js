// What the demo shows of each resource: table columns and form fields. The field names and
// kinds are those of the package's input types (CustomerInput, ...); which ones a form shows is
// a choice of this page.

/** @typedef {"text" | "number" | "date" | "flag" | "list" | "files" | "textarea"} FieldKind */

export const RESOURCES = [
  {
    key: "customers", title: "Customers", singular: "Customer", plural: "Customers", id: "userid",
    columns: ["userid", "company", "phonenumber", "city", "country", "active"],
    fields: [
      ["company", "text", true], ["vat", "text"], ["phonenumber", "text"], ["website", "text"],
      ["address", "text"], ["city", "text"], ["state", "text"], ["zip", "text"], ["country", "text"],
      ["groups_in", "list"],
    ],
  },
  {
    key: "leads", title: "Leads", singular: "Lead", plural: "Leads", id: "id",
    columns: ["id", "name", "company", "email", "status", "source"],
    fields: [
      // `assigned` (a staff id) is mandatory on 2.x and 3.x servers, optional on 1.0.
      ["name", "text", true], ["source", "text", true], ["status", "text", true], ["assigned", "text"],
      ["company", "text"], ["email", "text"], ["phonenumber", "text"], ["title", "text"], ["description", "textarea"],
      ["is_public", "flag"], ["files", "files"],
    ],
  },
  {
    key: "milestones", title: "Milestones", singular: "Milestone", plural: "Milestones", id: "id",
    columns: ["id", "name", "project_id", "due_date", "milestone_order"],
    fields: [
      ["project_id", "text", true], ["name", "text", true], ["due_date", "date", true],
      ["description", "textarea"], ["description_visible_to_customer", "flag"], ["milestone_order", "text"],
    ],
  },
  {
    key: "projects", title: "Projects", singular: "Project", plural: "Projects", id: "id",
    columns: ["id", "name", "clientid", "status", "start_date", "deadline"],
    fields: [
      ["name", "text", true], ["clientid", "number", true], ["billing_type", "number", true],
      ["start_date", "date", true], ["status", "number", true], ["deadline", "date"],
      ["description", "textarea"], ["project_members", "list"], ["files", "files"],
    ],
  },
  {
    key: "tickets", title: "Tickets", singular: "Ticket", plural: "Tickets", id: "ticketid",
    columns: ["ticketid", "subject", "department", "priority", "status"],
    fields: [
      ["subject", "text", true], ["department", "text", true], ["contactid", "text", true],
      ["userid", "text"], ["priority", "text"], ["assigned", "text"], ["message", "textarea"],
    ],
  },
];
