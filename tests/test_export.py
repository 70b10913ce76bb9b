"""Conversation export (Markdown, HTML handout), Markdown escaping and the shared views."""

from __future__ import annotations

import html
import re
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from assistant.chat import ChatAnswer, Part, Quote, split_solution
from assistant.i18n import STRINGS as MESSAGES
from assistant.i18n import t
from assistant.models import DataIssue, IssueCode, Network
from assistant.notices import FollowUp, FollowUpCode, Notice, NoticeCode
from assistant.profile import SituationProfile
from assistant.similarity import FacetMatch, NetworkMatch
from assistant.ui_text import STRINGS, UI_LANGUAGES, missing_translations, quality_reason, ui
from assistant.views.handout import conversation_html
from assistant.views.markdown import blockquote, conversation_markdown, escape_markdown
from assistant.views.parts import (
    Mark,
    citation,
    comparison_rows,
    export_filename,
    facet_views,
    fact_rows,
    profile_chips,
    short_name,
)

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = "<script>alert(1)</script>"
WHEN = datetime(2026, 11, 21, 15, 30)


def result(text: str, *, section: str = "success_factors", source: str = "halberstadt.en.txt",
           network_id: str = "halberstadt", start: int = 100, part: Part = Part.SUCCESS_FACTORS,
           number: int = 1) -> Quote:
    names = {
        "halberstadt": ("Caritas-Diakonie-Zora Netzwerk Halberstadt", "Halberstadt / Saxony-Anhalt / Germany"),
        "dortmund": ('Integrationsnetzwerk Dortmund "lokal willkommen"', "Dortmund / North Rhine-Westphalia / Germany"),
    }
    name, location = names[network_id]
    problem, solution = split_solution(text) if section == "challenges" else (text, None)
    return Quote(number=number, part=part, network_id=network_id, network=name, location=location, section=section,
                 text=text, source=source, score=0.5, language="en", start=start, end=start + len(text),
                 problem=problem if solution else None, solution=solution)


def advice(query: str = "Wir sind eine Kleinstadt ohne Koordination.", *,
           success: str = "Regular exchange of information", matched: bool = True) -> ChatAnswer:
    profile = SituationProfile(size="small_town", coordination="coordination_none", target_groups=["refugees"],
                               challenges=["funding"])
    if not matched:
        return ChatAnswer(query=query, language="en", ui_language="en", matched=False,
                          notices=[Notice(code=NoticeCode.OUT_OF_SCOPE)])
    halberstadt = NetworkMatch(
        network_id="halberstadt", network="Caritas-Diakonie-Zora Netzwerk Halberstadt",
        location="Halberstadt / Saxony-Anhalt / Germany", score=0.82,
        facets=[
            FacetMatch(facet="size", user=["small_town"], network=["small_town"], similarity=1.0,
                       quote="a rather small town in a rural area", source="halberstadt.en.txt"),
            FacetMatch(facet="coordination", user=["coordination_none"], network=["coordination_none"], similarity=1.0,
                       quote="No coordinating organisation", source="halberstadt.en.txt"),
            FacetMatch(facet="target_groups", user=["refugees", "women_families"], network=["refugees"],
                       similarity=0.5),
            FacetMatch(facet="challenges", user=["funding"], network=[], similarity=0.0, stated=False),
            FacetMatch(facet="text", user=[], network=[], similarity=0.84),
        ],
    )
    dortmund = NetworkMatch(
        network_id="dortmund", network='Integrationsnetzwerk Dortmund "lokal willkommen"',
        location="Dortmund / North Rhine-Westphalia / Germany", score=0.31,
        facets=[FacetMatch(facet="size", user=["small_town"], network=["large_city"], similarity=0.0),
                FacetMatch(facet="text", user=[], network=[], similarity=0.7)],
    )
    quotes = [
        result("It is an informal cooperation of three NGOs", section="description", part=Part.DIRECT, start=50),
        result(success),
        result("Common mission: working towards the same goals", start=200),
        result("At the beginning: language barriers; solution: refugees with existing language "
               "skills worked as volunteer language mediators", section="challenges", source="dortmund.en.txt",
               network_id="dortmund", start=3807, part=Part.LESSONS),
        result("Reaching the target group is sometimes difficult.", section="challenges", part=Part.LESSONS, start=300),
        result("It proves that cooperation can work well even informally", section="impact",
               part=Part.TRANSFERABILITY, start=400),
    ]
    quotes = [q.model_copy(update={"number": i}) for i, q in enumerate(quotes, 1)]
    return ChatAnswer(
        query=query, language="de", ui_language="de", matched=True, profile=profile,
        summary="Am ähnlichsten ist Ihrer Situation: Halberstadt [2].", situation=True,
        networks=[halberstadt, dortmund], answer=quotes,
        follow_ups=[FollowUp(code=FollowUpCode.FUNDING, params={"city": "Halberstadt"}),
                    FollowUp(code=FollowUpCode.PITFALLS, params={"city": "Halberstadt"})],
    )


# --------------------------------------------------------------------------- escaping

_RENDER = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _shown(text: str) -> str:
    return html.escape(text.strip(), quote=False).replace('"', "&quot;")


def rendered_text(markdown: str) -> str:
    """The rendered text, the code spans that keep addresses from becoming links unwrapped."""
    out = _RENDER.render(markdown).strip()
    assert out.startswith("<p>") and out.endswith("</p>"), out
    return re.sub(r"</?code>", "", out[3:-4])


@pytest.mark.parametrize("text", [
    SCRIPT, "<b>bold</b> & <i>", "*emph* _emph_ **strong** __strong__", "[link](http://example.org) ![img](x.png)",
    "`code` ``more``", "~~strike~~", "| a | b |", "# heading", "## heading", "- item", "+ item", "1. item", "2) item",
    "> quote", "***", "---", "===", "&amp; &#60; &copy;", "back\\slash \\*", "<http://example.org>",
    "Einrichtung von Sprachkursen (z. B. für 20 € / Monat)",
])
def test_escaped_markdown_renders_literally(text: str) -> None:
    assert rendered_text(escape_markdown(text)) == _shown(text)


_LINE = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")),
    min_size=1, max_size=60,
).filter(lambda s: s.strip())


@settings(max_examples=300, deadline=None)
@given(_LINE)
def test_any_single_line_renders_literally(text: str) -> None:
    assert rendered_text(escape_markdown(text)) == _shown(text)


def test_escaping_covers_streamlit_extensions_and_line_breaks() -> None:
    assert escape_markdown(":red[alarm] :material/home: $x$") == r"\:red\[alarm\] \:material/home: \$x\$"
    # An address is a code span: no link, and the very address (no invisible character in it).
    assert escape_markdown("see: https://www.zora.de/ :100:") == "see: `https://www.zora.de/` \\:100:"
    assert escape_markdown("`x`@y.de") == "`` `x`@y.de ``"
    assert escape_markdown("a\n- b\r\n1. c") == "a  \n\\- b  \n1\\. c"
    assert blockquote("one\n\ntwo") == "> one  \n>   \n> two"
    assert rendered_text(blockquote("x <y>").replace("> ", "", 1)) == "x &lt;y&gt;"


# --------------------------------------------------------------------------- Markdown export


def test_markdown_has_quotes_sources_and_structure() -> None:
    text = conversation_markdown([advice()], "de", generated=WHEN)
    assert text.startswith(f"# {ui('export_heading', 'de')}\n")
    assert "2026-11-21 15:30" in text
    assert f"## {ui('export_question', 'de', n=1)}" in text
    assert "> Wir sind eine Kleinstadt ohne Koordination." in text
    for key in ("closest_networks", "part_direct", "part_success_factors", "part_lessons", "part_transferability",
                "export_follow_ups"):
        assert f"### {ui(key, 'de')}" in text
    assert f"**{ui('summary_title', 'de')}:** Am ähnlichsten" in text
    # The breakdown per network, in German.
    assert "1. **Halberstadt**" in text and "Ähnlichkeit 0,82" in text
    assert "Kleinstadt ✓" in text and "Geflüchtete ≈ (1/2)" in text and "Kleinstadt ✗ (Großstadt)" in text
    # Every quote verbatim with network, section and source.
    assert "> Regular exchange of information" in text
    assert "— Caritas-Diakonie-Zora Netzwerk Halberstadt · Erfolgsfaktoren · halberstadt.en.txt · EN" in text
    # The lesson with the sheet's solution.
    assert "> At the beginning: language barriers\n>\n> **Lösung laut Steckbrief:** refugees with existing" in text
    assert "dortmund.en.txt" in text
    assert "- Wie wird das Netzwerk in Halberstadt finanziert?" in text
    # Rendered, the quotes come out as written.
    rendered = _RENDER.render(text)
    assert "<blockquote>\n<p>Regular exchange of information</p>\n</blockquote>" in rendered


def test_markdown_out_of_scope_turn_and_empty_conversation() -> None:
    text = conversation_markdown([advice(matched=False, query="Lasagne?")], "en", generated=WHEN)
    assert escape_markdown(t("out_of_scope", "en")) in text
    assert ui("rephrase_hint", "en") in text
    assert ui("part_success_factors", "en") not in text
    assert ui("export_empty", "tr") in conversation_markdown([], "tr")


def test_exports_render_notices_and_follow_ups_in_their_own_language() -> None:
    """An export in Turkish shows the German conversation's notices and follow-ups in Turkish;
    a follow-up asked in a later turn is not offered again there."""
    turns = [advice(), advice(matched=False, query="Lasagne?")]
    for lang in ("de", "en", "tr"):
        text = conversation_markdown(turns, lang, generated=WHEN)
        page = conversation_html(turns, lang, generated=WHEN)
        assert escape_markdown(t("out_of_scope", lang)) in text and t("out_of_scope", lang) in html.unescape(page)
        for code in (FollowUpCode.FUNDING, FollowUpCode.PITFALLS):
            question = t(f"follow_up_{code.value}", lang, city="Halberstadt")
            assert f"- {escape_markdown(question)}" in text and f"<li>{question}</li>" in html.unescape(page)
    asked = t("follow_up_funding", "en", city="Halberstadt")
    later = conversation_markdown([advice(), advice(query=asked)], "de", generated=WHEN)
    assert later.count("- Wie wird das Netzwerk in Halberstadt finanziert?") == 1  # by the first turn only
    assert later.count("- Was lief in Halberstadt schief") == 2


def test_markdown_marks_switched_off_facets() -> None:
    weights = {"size": 0.0}
    text = conversation_markdown([advice()], "en", weights=[weights], generated=WHEN)
    assert "Small town ⊘" in text
    assert "Small town ⊘" in conversation_markdown([advice()], "en", weights=weights, generated=WHEN)


def test_markdown_escapes_sheet_and_user_text() -> None:
    text = conversation_markdown([advice(query=f"Hi {SCRIPT} *x*", success=f"Respect {SCRIPT}")], "en")
    assert SCRIPT not in text
    assert escape_markdown(SCRIPT) in text and "\\*x\\*" in text
    assert "<script" not in _RENDER.render(text)


# --------------------------------------------------------------------------- HTML handout


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data):  # noqa: ANN001
        self.text.append(data)


def parse(page: str) -> _Collect:
    parser = _Collect()
    parser.feed(page)
    return parser


def test_html_handout_is_self_contained_and_print_ready() -> None:
    page = conversation_html([advice(), advice(matched=False, query="Lasagne?")], "de", generated=WHEN)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="de">' in page
    assert "@media print" in page and "@page" in page
    doc = parse(page)
    assert "script" not in doc.tags and "link" not in doc.tags and "img" not in doc.tags
    assert not [a for a in doc.attrs if a[0] in ("src", "href")]
    text = "".join(doc.text)
    assert "Regular exchange of information" in text
    assert "Caritas-Diakonie-Zora Netzwerk Halberstadt · Erfolgsfaktoren · halberstadt.en.txt" in text
    assert "Lösung laut Steckbrief" in text and "refugees with existing language skills" in text
    assert t("out_of_scope", "de") in text  # the notice in the page's language
    assert 'Integrationsnetzwerk Dortmund "lokal willkommen"' in text
    assert '<blockquote lang="en">' in page


def test_html_escapes_everything_from_sheets_and_users() -> None:
    evil = advice(query=f'Frage {SCRIPT} <img src=x onerror="alert(2)">', success=f"Respect {SCRIPT} & more")
    page = conversation_html([evil], "de")
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&#34;alert(2)&#34;&gt;" in page  # markupsafe writes " as &#34;
    assert "Respect &lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    doc = parse(page)
    assert "script" not in doc.tags and "img" not in doc.tags
    assert 'Frage <script>alert(1)</script> <img src=x onerror="alert(2)">' in "".join(doc.text)  # shown as typed


# --------------------------------------------------------------------------- shared views


def test_facet_views_and_chips() -> None:
    views = {v.facet: v for v in facet_views(advice().networks[0], "en")}
    assert views["size"].chip == "Small town ✓" and views["size"].mark is Mark.MATCH
    assert views["target_groups"].chip == "Refugees ≈ (1/2)"
    assert views["challenges"].mark is Mark.UNKNOWN  # the sheet does not say: not stated, not a mismatch
    assert views["challenges"].network == ui("not_in_sheet", "en")
    assert views["text"].chip == "Text similarity 0.84"
    # Compact chips for the cards of the UI (details go into a tooltip).
    assert views["size"].short == "Small town ✓" and views["target_groups"].short == "Target groups 1/2 ≈"
    assert facet_views(advice().networks[1], "en")[0].short == "Small town ✗"
    off = {v.facet: v for v in facet_views(advice().networks[0], "de", {"size": 0, "text": 0})}
    assert off["size"].off and off["size"].mark is Mark.OFF and off["text"].chip.endswith("⊘")
    assert facet_views(advice().networks[1], "tr")[0].chip.endswith("(Büyükşehir)")


def test_citation_short_name_and_profile_chips() -> None:
    r = result("Cooperation")
    expected = "Caritas-Diakonie-Zora Netzwerk Halberstadt · Başarı faktörleri · halberstadt.en.txt · EN"
    assert citation(r, "tr") == expected
    assert citation(r, "en", offsets=True).endswith("halberstadt.en.txt, chars 100–111 · EN")
    # Y9 (s8 tester): a general row's value is cited by its field, not as "General information"
    value = result("Volunteers", section="general", part=Part.DIRECT).model_copy(
        update={"fact": "target_groups", "value": "Volunteers"})
    assert citation(value, "de") == "Caritas-Diakonie-Zora Netzwerk Halberstadt · Zielgruppen · halberstadt.en.txt · EN"
    assert "Hedef gruplar" in citation(value, "tr") and "Target groups" in citation(value, "en")
    assert short_name("Some network", "Halberstadt / Saxony-Anhalt / Germany") == "Halberstadt"
    assert short_name("Some network", "") == "Some network"
    assert profile_chips(advice().profile, "de")[:2] == ["Kleinstadt", "Ohne koordinierende Stelle"]


def test_comparison_rows(networks: dict[str, Network]) -> None:
    chosen = [networks["erfurt"], networks["halberstadt"]]
    rows = {row.key: row for row in comparison_rows(chosen, "en")}
    assert list(rows) == ["founding", "coordination", "formalisation", "members", "fields", "groups",
                          "resources", "success", "challenges"]
    erfurt_founding, halberstadt_founding = rows["founding"].cells
    assert {c.text for c in erfurt_founding} == {"2004", "1999"}
    assert all(c.flag == ui("conflict_flag", "en") for c in erfurt_founding)
    assert halberstadt_founding == []
    assert [c.text for c in rows["coordination"].cells[1]] == ["No coordinating organisation"]
    assert "Agreements are mutually respected" in [c.text for c in rows["success"].cells[1]]
    assert all(c.source == "halberstadt.en.txt" for c in rows["success"].cells[1])
    # In Turkish, the Turkish sheet's wording is preferred where there is one.
    tr = {row.key: row for row in comparison_rows(chosen, "tr")}
    assert tr["coordination"].cells[0][0].source == "erfurt.tr.txt"
    assert tr["success"].cells[0][0].language == "tr"
    assert tr["success"].cells[1][0].language == "en"


def test_fact_rows_keep_every_claim_with_its_source(networks: dict[str, Network]) -> None:
    rows = fact_rows(networks["erfurt"], "de")
    founding = [r for r in rows if r.field == "Gründungsjahr"]
    assert {r.source.split(":")[0] for r in founding} >= {"erfurt.en.txt", "erfurt.tr.txt", "erfurt.de.txt"}
    assert all(r.flag == ui("conflict_flag", "de") for r in founding)
    assert all(re.fullmatch(r"[\w.]+", r.source) and 0 <= r.start < r.end for r in rows)
    assert not any(r.flag for r in fact_rows(networks["halberstadt"], "de"))


def test_export_filename() -> None:
    assert export_filename("de", "md", WHEN) == "netzwerk-kompass-gespraech-2026-11-21-1530.md"
    assert export_filename("en", ".html", WHEN) == "netzwerk-kompass-conversation-2026-11-21-1530.html"


# --------------------------------------------------------------------------- UI strings


def test_every_ui_string_is_translated() -> None:
    assert missing_translations() == []
    assert all(set(table) >= set(UI_LANGUAGES) for table in STRINGS.values())
    for key, table in STRINGS.items():
        # {city:loc}: the same placeholder, in a grammatical form (assistant.messages.FORMS)
        fields = {lang: set(re.findall(r"{(\w+)(?::\w+)?}", text)) for lang, text in table.items()}
        assert len({frozenset(f) for f in fields.values()}) == 1, f"{key}: placeholders differ between languages"


def test_app_and_views_use_only_known_ui_keys() -> None:
    views = ROOT / "assistant" / "views"
    for path in (ROOT / "streamlit_app.py", *sorted(views.glob("*.py"))):
        source = path.read_text(encoding="utf-8")
        for key in re.findall(r"\bui\(\s*\"(\w+)\"", source):
            assert key in STRINGS or key in MESSAGES, f"{path.name}: unknown UI string {key!r}"
    template = (views / "templates" / "handout.html").read_text(encoding="utf-8")
    keys = re.findall(r"\bt\(\s*\"(\w+)\"\s*[,)]", template)  # whole keys (not "part_" ~ ...)
    assert len(keys) > 10 and sorted(k for k in keys if k not in MESSAGES) == []


def test_app_has_no_hard_coded_labels() -> None:
    """Every label, caption and message the app shows goes through ui() or t() (or is sheet/user text)."""
    source = (ROOT / "streamlit_app.py").read_text(encoding="utf-8")
    literal = re.compile(r"st\.(?:button|caption|markdown|info|warning|error|success|subheader|header|title|"
                         r"selectbox|multiselect|slider|pills|expander|download_button|chat_input|spinner|status)"
                         r"\(\s*(?:f?\"[A-Za-z])")
    assert not literal.findall(source)


def test_quality_reasons_are_translated() -> None:
    conflict = DataIssue(code=IssueCode.CONFLICT, field="founding_year", value="2004 vs 1999",
                         reason="sources disagree: 2004 (a.txt); 1999 (b.txt)")
    assert quality_reason(conflict, "de") == "Quellen widersprechen sich: 2004 (a.txt); 1999 (b.txt)"
    bad_year = DataIssue(code=IssueCode.IMPLAUSIBLE_YEAR, field="founding_year", value="1",
                         reason="not a plausible founding year")
    assert quality_reason(bad_year, "tr") == ui("quality_bad_year", "tr")
    missing = DataIssue(code=IssueCode.SECTION_MISSING, field="impact", value="", reason="section is missing")
    assert quality_reason(missing, "de") == ui("quality_missing", "de")


# --------------------------------------------------------------------------- marks and the handout template


def test_marks_are_codes_and_glyphs_come_at_render_time() -> None:
    from assistant.views.parts import glyph

    assert {m.value for m in Mark} == {"match", "partial", "mismatch", "off", "unknown"}
    assert [glyph(m) for m in Mark] == ["✓", "≈", "✗", "⊘", "?"]
    views = {v.facet: v for v in facet_views(advice().networks[0], "en", {"size": 0})}
    assert views["size"].mark is Mark.OFF and views["size"].chip == f"Small town {glyph(Mark.OFF)}"
    assert views["coordination"].mark is Mark.MATCH and views["target_groups"].mark is Mark.PARTIAL


def test_handout_is_the_template_with_its_css_and_marks_as_classes() -> None:
    from assistant.views.handout import TEMPLATES

    page = conversation_html([advice()], "en", generated=WHEN)
    css = (TEMPLATES / "handout.css").read_text(encoding="utf-8").strip()
    assert css in page and ".chip.match" in css and ".chip.mismatch" in css
    assert '<span class="chip match">No coordinating organisation ✓</span>' in page
    assert '<span class="chip partial">Refugees ≈ (1/2)</span>' in page
    # The parts in order, each heading once; the score as the language writes it.
    heads = re.findall(r"<h3>(.*?)</h3>", page)
    assert heads == [ui(k, "en") for k in ("part_direct", "part_success_factors", "part_lessons",
                                           "part_transferability", "closest_networks", "export_follow_ups")]
    assert ui("similarity_score", "en", score="0.82") in page
    assert ui("similarity_score", "de", score="0,82") in conversation_html([advice()], "de", generated=WHEN)


def test_the_handout_escapes_catalogue_text_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """Autoescape covers every value the template prints, a translator's string included."""
    import assistant.views.handout as handout

    real = handout.ui

    def translated(key: str, lang: str, **values: object) -> str:
        return "<b>x</b>" if key == "export_intro" else real(key, lang, **values)

    monkeypatch.setattr(handout, "ui", translated)
    page = handout.conversation_html([], "en", generated=WHEN)
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>" not in page
    assert ui("export_empty", "en") in page


@pytest.mark.parametrize("export", ["markdown", "json"])
def test_exports_load_back(export: str) -> None:
    from assistant.saved_conversations import conversation_json, load_conversation

    turns = [advice(), advice(matched=False, query="Lasagne?")]
    data = conversation_markdown(turns, "de", generated=WHEN) if export == "markdown" else conversation_json(turns)
    assert load_conversation(data.encode("utf-8")).turns == turns
