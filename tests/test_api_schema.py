"""The API tested as a client would: the schema is valid OpenAPI 3, and schemathesis sends each operation a
bounded number of generated requests, every answer of which must be documented, never a 500."""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .opendata_helpers import build_world

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Enough to reach every parameter's edge cases in a minute or so; the examples in the schema come first.
EXAMPLES_PER_OPERATION = 40


# Read from the portal itself, as a client would; making the schema needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


@pytest.fixture
def world(db, settings):
    settings.API_THROTTLE_RATE = "1000000/min"  # the throttle is tested apart
    # The real WSGI handler closes the connection after each request, and with it the test's transaction;
    # Django's test client keeps it open in the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield build_world()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
    derandomize=True,
    database=None,  # the same examples on every run, and no example database written to the work tree
)
def test_every_answer_of_the_api_is_documented_and_none_is_a_server_error(case, world):
    response = case.call()
    case.validate_response(response, checks=CHECKS)


def test_the_schema_is_valid_openapi_3(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    validate_schema(document)  # raises on anything OpenAPI 3 does not allow
    assert {
        "/api/v1/",
        "/api/v1/strategies/",
        "/api/v1/strategies/{code}/",
        "/api/v1/strategies/{code}/nodes/",
        "/api/v1/strategies/{code}/years/",
        "/api/v1/strategies/{code}/nodes/{node_code}/",
        "/api/v1/projects/",
        "/api/v1/projects/{slug}/",
        "/api/v1/projects/{slug}/periods/",
        "/api/v1/organisations/",
        "/api/v1/organisations/{slug}/",
        "/api/v1/target-groups/",
    } == set(document["paths"])


@pytest.mark.parametrize("query", ["lang=lt", "lang=%00", "x=1"])
def test_the_schema_takes_no_parameters_and_stays_english(client, query):
    response = client.get(f"/api/v1/schema/?{query}", HTTP_ACCEPT_LANGUAGE="lt")
    assert (response.status_code, response["Location"]) == (301, "/api/v1/schema/")
    document = json.loads(client.get("/api/v1/schema/", HTTP_ACCEPT_LANGUAGE="lt").content)
    page = next(p for p in document["paths"]["/api/v1/projects/"]["get"]["parameters"] if p["name"] == "puslapis")
    assert page["description"] == "The page number, from 1."


def test_the_schema_is_generated_without_a_warning(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
