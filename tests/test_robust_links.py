"""No link that the sheet did not label as a link.

Streamlit renders Markdown with GFM, whose "autolink literals" make bare
``www.`` addresses, ``http(s)://`` URLs and e-mail addresses clickable, and a
backslash escape does not stop them (remarkjs/remark-gfm#33). ``escape_markdown``
puts an invisible word joiner where the pattern needs adjacency, so sheet and user
text stays text. Website and e-mail *fields* are links on purpose
(``fact_markdown``), showing the full address, and only for a value that is exactly
one address with a safe scheme.

Checked in Streamlit's real renderer (a probe page in Debian's chromium), and in the
app's Networks view through AppTest.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ROOT, streamlit_server

from assistant.views.markdown import address_link, escape_markdown, fact_markdown

CHROMIUM = Path("/usr/bin/chromium")
TEXTS = [
    "Mehr unter www.evil.example/phish oder WWW.EVIL.EXAMPLE.",
    "Siehe https://evil.example/login?next=x und http://evil.example.",
    "Schreiben Sie an boss@evil.example oder mailto:boss@evil.example.",
    "(www.evil.example) _www.evil.example_ *https://evil.example*",
    "<https://evil.example> [x](https://evil.example)",
]
FIELDS = [("websites", "www.willkommensnetz-lindenbrueck.de/netz"), ("websites", "https://www.zora.de/"),
          ("emails", "kontakt@willkommensnetz-lindenbrueck.de")]

pytestmark = pytest.mark.disable_socket


def test_escaped_text_carries_no_autolink_pattern_outside_a_code_span() -> None:
    """Every address is a code span (no text node for GFM's autolinks), verbatim: a copied
    address is the address, with no invisible character in it (tester finding T11)."""
    import re

    for text in TEXTS:
        escaped = escape_markdown(text)
        outside = re.sub(r"(`+).*?\1", "", escaped)
        assert not re.search(r"(?i)www\.|\w://|[-.\w+]@", outside), escaped
        assert "\u2060" not in escaped
        for address in re.findall(r"\S*(?:www\.|://|@)\S*", text, re.IGNORECASE):
            assert f"`{address}`" in escaped, (address, escaped)


@pytest.mark.parametrize(("fact", "value", "expected"), [
    ("websites", "www.example.de/netzwerk", "[www.example.de/netzwerk](<http://www.example.de/netzwerk>)"),
    ("websites", "https://www.zora.de/", "[https://www.zora.de/](<https://www.zora.de/>)"),
    ("emails", "info@example.de", "[info@example.de](<mailto:info@example.de>)"),
    ("websites", "javascript:alert(1)", None),
    ("websites", "data:text/html,<b>x</b>", None),
    ("websites", "www.example.de) [evil](https://evil.example", None),
    ("websites", "see www.example.de", None),  # not exactly one address: text
    ("emails", "info@example.de, boss@evil.example", None),
    ("coordinating_organisation", "www.example.de", None),  # not a link field
    (None, "info@example.de", None),
])
def test_only_website_and_email_fields_holding_one_address_link(fact: str | None, value: str,
                                                                 expected: str | None) -> None:
    assert address_link(fact, value) == expected
    if expected is None:
        assert fact_markdown(fact, value) == escape_markdown(value)


# --------------------------------------------------------------------------- in Streamlit's renderer


_PROBE = '''
import streamlit as st
from assistant.views.markdown import escape_markdown, fact_markdown
TEXTS = {texts!r}
FIELDS = {fields!r}
for text in TEXTS:
    st.markdown(escape_markdown(text))
st.markdown("\\n".join(f"- {{fact_markdown(fact, value)}}" for fact, value in FIELDS))
st.caption(escape_markdown(TEXTS[0]))
st.info(escape_markdown(TEXTS[2]))
st.markdown("probe-done")
'''


@pytest.fixture(scope="module")
def probe_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.exists():  # pragma: no cover - depends on the machine
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    work = tmp_path_factory.mktemp("links")
    app = work / "probe.py"
    app.write_text(_PROBE.format(texts=TEXTS, fields=FIELDS), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with streamlit_server(env, work / "streamlit.log", app=app) as url:
        yield url


@pytest.mark.browser
@pytest.mark.enable_socket
def test_streamlit_renders_sheet_text_without_links_and_fields_as_full_addresses(probe_url: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage"])
        try:
            page = browser.new_page()
            page.goto(probe_url)
            page.get_by_text("probe-done").wait_for(timeout=60_000)
            links = page.eval_on_selector_all(
                "[data-testid=stMain] a", "els => els.map(a => [a.getAttribute('href'), a.textContent])")
            body = page.inner_text("[data-testid=stMain]")
        finally:
            browser.close()
    assert not [link for link in links if "evil" in (link[0] or "")], links
    assert sorted(links) == sorted([
        ["http://www.willkommensnetz-lindenbrueck.de/netz", "www.willkommensnetz-lindenbrueck.de/netz"],
        ["https://www.zora.de/", "https://www.zora.de/"],
        ["mailto:kontakt@willkommensnetz-lindenbrueck.de", "kontakt@willkommensnetz-lindenbrueck.de"],
    ])
    assert "\u2060" not in body  # a copied address is the address
    assert "www.evil.example/phish" in body and "boss@evil.example" in body  # text stays readable
