"""Which of the ranked passages a topic asked across networks shows ("Ehrenamt?", "Volunteers?",
"Which network works best with volunteers?"): every network whose sheet says something on the topic,
before a further passage of a network the answer shows already; and of a funding question every row
of a network that says who pays. Composed by :mod:`assistant.chat`; the ranking is as it was."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Sequence

from assistant.concepts import CONCEPTS
from assistant.query import topic_concepts
from assistant.retrieve import Hit


def one_topic(concepts: Collection[str]) -> str | None:
    """The one topic a question is about, its broader ones aside ("Which network works best with
    volunteers?": volunteers); None for none or several ("… the health of refugee women": health,
    refugees, women), where the ranking weighs which passage says most of them."""
    topics = topic_concepts(frozenset(concepts))
    specific = {t for t in topics if not any(t in CONCEPTS[o].broader for o in topics)}
    return next(iter(specific)) if len(specific) == 1 else None


def every_network(hits: Sequence[Hit], k: int, on_topic: Callable[[Hit], bool]) -> list[Hit]:
    """``hits`` (in ranking order) with the first ``k`` chosen so that each network that has a
    passage ``on_topic`` among them (on the question's topics, saying something) has one: the last-ranked
    passage of the network with most goes for it (session 19 browser tester F6: "Ehrenamt?"
    showed Dortmund's third passage, its target group "Volunteers", and left Halberstadt's own
    "Volunteers" out). The chosen keep their ranking order; the others follow them. A bare
    "Volunteers" says nothing to "How do we win volunteers?": no place for it."""
    chosen = list(hits[:k])
    for hit in hits[k:]:
        network = hit.unit.network_id
        if not on_topic(hit) or any(h.unit.network_id == network for h in chosen):
            continue
        count = Counter(h.unit.network_id for h in chosen)
        most, last = max((count[h.unit.network_id], i) for i, h in enumerate(chosen))
        if most < 2:
            break
        del chosen[last]
        chosen.append(hit)  # ranked below every chosen one: the order stays the ranking's
    kept = {id(h) for h in chosen}
    return chosen + [h for h in hits if id(h) not in kept]


def every_row_said(hits: Sequence[Hit], k: int, says: Callable[[Hit], bool]) -> list[Hit]:
    """``hits`` with every passage that ``says`` what the question asks following the first of its
    network's section among the first ``k``, in the sheet's order, before the ranking's next: of a
    funding question each network's funding rows, both of Halberstadt's ("… financed by federal
    funds", "Zora is financially supported by the city …"), not the one the ranking of each
    language put first (session 19 browser tester F2)."""
    chosen: list[Hit] = []
    taken: set[int] = set()
    for i, hit in enumerate(hits[:k]):
        if i in taken:
            continue
        pair = (hit.unit.network_id, hit.unit.section)
        same = [j for j, h in enumerate(hits) if j not in taken and (h.unit.network_id, h.unit.section) == pair
                and says(h)] if says(hit) else [i]
        chosen += [hits[j] for j in sorted(same, key=lambda j: hits[j].unit.position)]
        taken.update(same)
    return chosen + [h for j, h in enumerate(hits) if j not in taken]
