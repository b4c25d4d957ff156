"""The API documentation page works in a real browser, offline, under the portal's Content-Security-Policy."""

from urllib.parse import urlparse

import pytest

from tests.opendata_helpers import build_world


@pytest.mark.browser
def test_the_api_docs_load_from_the_portal_alone_and_break_no_rule_of_the_policy(
    browser, live_server, transactional_db
):
    build_world()
    context = browser.new_context()  # no bypass_csp: the real policy
    page = context.new_page()
    violations, elsewhere = [], []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    page.on(
        "request",
        lambda request: (
            urlparse(request.url).hostname not in ("localhost", "127.0.0.1")
            and not request.url.startswith("data:")
            and elsewhere.append(request.url)
        ),
    )

    response = page.goto(live_server.url + "/api/v1/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.get_by_text("/api/v1/strategies/{code}/", exact=True).first.wait_for(state="visible")
    page.get_by_text("/api/v1/strategies/{code}/", exact=True).first.click()  # open the operation
    page.get_by_role("button", name="Try it out").click()
    page.get_by_placeholder("code").fill("2023-2029")
    page.get_by_role("button", name="Execute").click()
    page.locator(".response .microlight").first.wait_for(state="visible")
    body = page.locator(".live-responses-table .response-col_description .microlight").first.inner_text()
    context.close()

    assert violations == []
    assert elsewhere == []  # everything from the portal itself: it works with no internet
    assert '"code": "2023-2029"' in body
