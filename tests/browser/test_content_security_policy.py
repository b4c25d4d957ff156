"""The pages work under the real Content-Security-Policy: no violation, and the menu's script runs."""

import pytest

from tests.conftest import make_indicator, make_node, make_project, make_report, make_strategy


@pytest.mark.browser
def test_public_pages_break_no_rule_of_the_policy(browser, live_server, transactional_db):
    strategy = make_strategy(title="Utenos strategija")
    node = make_node(strategy, "1")
    make_indicator(node, name="Dalyviai", target=100, headline=True)
    project = make_project(node, title="Gera būti")
    make_report(project, "2023-01-01", "2023-03-31", participants=40)

    context = browser.new_context(viewport={"width": 375, "height": 800})  # no bypass_csp here
    page = context.new_page()
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    for path in ["/", f"/strategijos/{strategy.code}/", "/projektai/", project.get_absolute_url(), "/paskyra/login/"]:
        response = page.goto(live_server.url + path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Rodyti meniu").click()  # Bootstrap's script opens the menu
    page.get_by_role("link", name="Projektai").first.wait_for(state="visible")
    width = page.evaluate("getComputedStyle(document.querySelector('.bullet-bar')).width")
    context.close()
    assert violations == []
    assert width not in ("0px", "auto")  # the bar's width from its style attribute is applied
