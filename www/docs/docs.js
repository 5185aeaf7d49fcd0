// Renders the OpenAPI document that the server of this page serves at /openapi.json, with
// that server first in `servers`, so that "Try it out" calls it whatever its port.
const root = new URL("../", window.location.href);
const here = root.href.replace(/\/$/, "");

fetch(new URL("openapi.json", root))
  .then((answer) => {
    if (!answer.ok) throw new Error(`GET /openapi.json answered ${answer.status}`);
    return answer.json();
  })
  .then((spec) => {
    const others = (spec.servers || []).filter((server) => server.url !== here);
    spec.servers = [{ url: here, description: "The server of this page" }, ...others];
    window.ui = SwaggerUIBundle({
      spec,
      dom_id: "#swagger-ui",
      deepLinking: true,
      // No call to the public validator service: the document is checked by the test suite.
      validatorUrl: null,
    });
  })
  .catch((error) => {
    document.getElementById("swagger-ui").textContent = `Cannot load the OpenAPI document: ${error.message}`;
  });
