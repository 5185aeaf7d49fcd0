// pmp-client in a service worker: runs the flow with the config a page posts, and answers
// that page with the report.
import { PmpClient, PmpError } from "pmp-client";
import { flow } from "../flow.js";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
self.addEventListener("message", (event) => {
  event.waitUntil(flow({ PmpClient, PmpError }, event.data).then((report) => event.source.postMessage(report)));
});
