"""Which of the ranked passages a topic asked alone shows ("Ehrenamt?", "Volunteers?",
"Gönüllüler?"): every network whose sheet says something on the topic, before a further passage
of a network the answer shows already. Composed by :mod:`assistant.chat`; the ranking is as it was."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from assistant.retrieve import Hit


def every_network(hits: Sequence[Hit], k: int) -> list[Hit]:
    """``hits`` (in ranking order) with the first ``k`` chosen so that each network that has a
    passage on the question's topics among them (``matched_concepts``) has one: the last-ranked
    passage of the network with most goes for it (session 19 browser tester F6: "Ehrenamt?"
    showed Dortmund's third passage, its target group "Volunteers", and left Halberstadt's own
    "Volunteers" out). The chosen keep their ranking order; the others follow them."""
    chosen = list(hits[:k])
    for hit in hits[k:]:
        network = hit.unit.network_id
        if not hit.matched_concepts or any(h.unit.network_id == network for h in chosen):
            continue
        count = Counter(h.unit.network_id for h in chosen)
        most, last = max((count[h.unit.network_id], i) for i, h in enumerate(chosen))
        if most < 2:
            break
        del chosen[last]
        chosen.append(hit)  # ranked below every chosen one: the order stays the ranking's
    kept = {id(h) for h in chosen}
    return chosen + [h for h in hits if id(h) not in kept]
