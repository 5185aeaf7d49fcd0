"""Imports the Python client openapi-generator made from openapi/pmp.openapi-3.0.json (run in
its output folder) and checks that its models and API classes carry the document's shapes."""

import pmp_client
from pmp_client.api.customers_api import CustomersApi
from pmp_client.api.tickets_api import TicketsApi
from pmp_client.models.customer import Customer
from pmp_client.models.error_body import ErrorBody

row = Customer.from_dict({"userid": "3", "company": "Jk Technologies", "vat": None, "custom_column": "x"})
assert row.userid == "3" and row.vat is None, row
assert row.additional_properties == {"custom_column": "x"}, "rows keep columns the model does not name"

error = ErrorBody.from_dict({"status": False, "message": None, "error": {"company": "The Company field is required."}})
assert error.error == {"company": "The Company field is required."}, error

for api, resource in [(CustomersApi, "customer"), (TicketsApi, "ticket")]:
    for verb in ["list", "get", "search", "create", "update", "delete"]:
        name = f"{verb}_{resource}s" if verb in ("list", "search") else f"{verb}_{resource}"
        assert callable(getattr(api, name, None)), f"{api.__name__} lacks {name}"

print(f"pmp_client {pmp_client.__version__}: models and APIs import and work")
