"""Case-based similarity of the asker's situation and each network, facet by facet.

Honest by construction:

* the score is absolute (0-1) and comparable across questions: the text part is the
  mean cosine of the network's best-matching passages, not a share of the best network;
* a facet the sheet does not state is "not stated" and left out of the mean, never a 0;
* the evidence for a facet is a quote about that facet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from pydantic import BaseModel, Field

from assistant.candidates import best_first_by_group
from assistant.index import SearchIndex
from assistant.profile import CHALLENGES, NAMED_COORDINATOR, SIZES, Evidence, NetworkProfile, SituationProfile

#: Default facet weights of the network similarity; the UI lets users change them.
DEFAULT_WEIGHTS: dict[str, float] = {
    "size": 1.0,
    "coordination": 1.0,
    "formalisation": 1.0,
    "target_groups": 0.5,
    "fields_of_action": 0.5,
    "challenges": 1.0,
    "text": 1.0,
}

#: How many of a network's best passages make its text similarity.
TEXT_TOP = 3


class FacetMatch(BaseModel):
    """One facet of the similarity: the user's value, the network's, and the evidence."""

    facet: str
    user: list[str]
    network: list[str]
    similarity: float
    stated: bool = Field(default=True, description="False when the sheet says nothing about this facet.")
    quote: str | None = None
    source: str | None = None
    start: int | None = None
    end: int | None = None
    elsewhere: dict[str, str] = Field(
        default_factory=dict,
        description="The user's challenges the sheet does not give as challenges but names under another facet: "
                    "challenge -> that facet (\"volunteers\" -> \"target_groups\"). Shown, not scored.")


class NetworkMatch(BaseModel):
    network_id: str
    network: str
    location: str
    score: float = Field(description="Absolute similarity 0-1: weighted mean of the stated facets and the text.")
    facets: list[FacetMatch]


_ORDINAL = {v: i for i, v in enumerate(SIZES)}


def _facet(facet: str, user: list[str], ev: list[Evidence], similarity: float, stated: bool = True,
           network: NetworkProfile | None = None) -> FacetMatch:
    first = ev[0] if ev else None
    return FacetMatch(
        facet=facet, user=user, network=[e.value for e in ev], similarity=round(similarity, 3), stated=stated,
        quote=first.quote if first else None, source=first.source if first else None,
        start=first.start if first else None, end=first.end if first else None,
        elsewhere=named_elsewhere(facet, user, ev, network) if network is not None else {},
    )


#: The facets of a network where a challenge it does not state as one may be named instead
#: (the concept of the challenge "volunteers" is the target group "volunteers").
ELSEWHERE_FACETS = ("target_groups", "fields_of_action")


def named_elsewhere(facet: str, user: list[str], shared: list[Evidence], network: NetworkProfile) -> dict[str, str]:
    """The user's challenges (``user``, of ``facet`` "challenges") that ``network`` does not give as
    challenges (``shared`` are those it gives) but names as a target group or field of action: challenge
    -> that facet. Halberstadt names no volunteers among its challenges, but volunteers are one of its target
    groups: that is not "nothing in common" (session 20 browser tester). Only for what is shown; the
    similarity does not count it."""
    if facet != "challenges":
        return {}
    given = {e.value for e in shared}
    out: dict[str, str] = {}
    for value in user:
        concepts = CHALLENGES.get(value, ())
        where = next((other for other in ELSEWHERE_FACETS
                      if value not in given and any(e.value in concepts for e in getattr(network, other))), None)
        if where:
            out[value] = where
    return out


_Facet = tuple[str, list[str], list[Evidence], float, bool]  # facet, user's values, evidence, similarity, stated


def _single_facet(facet: str, user: str, have: Evidence | None) -> _Facet:
    if have is None or (have.value == NAMED_COORDINATOR and user != "coordination_none"):
        # a coordinator of a kind not read: known not to be "none", unknown against a kind
        return (facet, [user], [have] if have else [], 0.0, False)
    if facet == "size":
        gap = abs(_ORDINAL[user] - _ORDINAL[have.value]) if user in _ORDINAL and have.value in _ORDINAL else 9
        similarity = {0: 1.0, 1: 0.5}.get(gap, 0.0)
    else:
        similarity = 1.0 if have.value == user else 0.0
    return (facet, [user], [have], similarity, True)


def _facets(profile: SituationProfile, network: NetworkProfile) -> list[_Facet]:
    """Per-facet similarity of a situation and a network, for the facets the user's text gives
    (as plain values: ranking hundreds of networks builds the explanation only for the shown)."""
    out: list[_Facet] = []
    for facet, value, have in (
        ("size", profile.size, network.size),
        ("coordination", profile.coordination, network.coordination),
        ("formalisation", profile.formalisation, network.formalisation),
    ):
        if value:
            out.append(_single_facet(facet, value, have))
    for facet, wanted, evidence in (
        ("target_groups", profile.target_groups, network.target_groups),
        ("fields_of_action", profile.fields_of_action, network.fields_of_action),
        ("challenges", profile.challenges, network.challenges),
    ):
        if wanted:
            shared = [e for e in evidence if e.value in wanted]
            # A list the sheet does not fill is unknown; challenges are known once the sheet has any.
            stated = bool(evidence)
            out.append((facet, list(wanted), shared, len(shared) / len(wanted), stated))
    return out


def facet_matches(profile: SituationProfile, network: NetworkProfile) -> list[FacetMatch]:
    """Per-facet similarity of a situation and a network, for the facets the user's text gives."""
    return [_facet(*values, network=network) for values in _facets(profile, network)]


def text_similarity(index: SearchIndex, rows: np.ndarray, dense: np.ndarray, top: int = TEXT_TOP) -> dict[str, float]:
    """Per network id: the mean cosine of its ``top`` best units among ``rows`` (absolute, 0-1);
    ``dense`` holds the cosines of ``rows``. Networks without such units are left out (0)."""
    arrays = index.arrays
    if not len(dense):
        return {}
    networks = arrays.network[rows]
    order = best_first_by_group(networks, dense)
    net, best = networks[order], dense[order]
    starts = np.r_[0, np.flatnonzero(np.diff(net)) + 1]
    # Each unit's place within its network's run (best first); the first ``top`` count.
    place = np.arange(len(net)) - np.repeat(starts, np.diff(np.r_[starts, len(net)]))
    kept = place < top
    # The best ``top`` of each network side by side, summed left to right in float32 and
    # divided as numpy's float32 mean does: the same values, bit for bit, as a mean per network.
    table = np.zeros((len(starts), top), dtype=np.float32)
    table[np.searchsorted(starts, np.flatnonzero(kept), side="right") - 1, place[kept]] = best[kept]
    counts = np.minimum(np.diff(np.r_[starts, len(net)]), top).astype(np.float32)
    total = table[:, 0].copy()
    for column in range(1, top):
        total += table[:, column]
    means = np.clip(total / counts, np.float32(0.0), np.float32(1.0))
    codes = net[starts]
    ids = arrays.network_ids
    return {ids[int(code)]: float(mean) for code, mean in zip(codes.tolist(), means.tolist(), strict=True)}


def rank_networks(
    profile: SituationProfile,
    profiles: Mapping[str, NetworkProfile],
    index: SearchIndex,
    text_scores: dict[str, float],
    weights: dict[str, float] | None = None,
    allowed: set[str] | None = None,
    limit: int | None = None,
) -> list[NetworkMatch]:
    """Weighted mean of the stated facet similarities and the text similarity, per network:
    the networks ``text_scores`` has (those among the question's candidates), not every
    network of the index; the best ``limit`` (default: all), best first."""
    weights = {**DEFAULT_WEIGHTS, **(weights or {})}
    scored: list[tuple[float, str, list[_Facet], float]] = []
    for network_id in text_scores:
        if allowed is not None and network_id not in allowed:
            continue
        facets = _facets(profile, profiles[network_id])
        text = round(text_scores[network_id], 3)
        counted = [(facet, round(similarity, 3)) for facet, _, _, similarity, stated in facets if stated]
        counted.append(("text", text))
        total = sum(weights.get(facet, 0.0) for facet, _ in counted)
        score = sum(weights.get(facet, 0.0) * similarity for facet, similarity in counted) / total if total else 0.0
        scored.append((-round(score, 3), network_id, facets, text))
    scored.sort(key=lambda s: (s[0], s[1]))
    matches = []
    for negative, network_id, facets, text in scored[:limit]:
        card = index.card(network_id)
        if card is None:
            continue
        explained = [_facet(*values, network=profiles[network_id]) for values in facets]
        explained.append(FacetMatch(facet="text", user=[], network=[], similarity=text))
        matches.append(NetworkMatch(network_id=network_id, network=card.name, location=card.location,
                                    score=-negative, facets=explained))
    return matches


def same_networks(new: Sequence[NetworkMatch], old: Sequence[NetworkMatch]) -> bool:
    """The same networks in the same order with the same scores: not worth showing again."""
    return [m.network_id for m in new] == [m.network_id for m in old] and all(
        abs(a.score - b.score) < 0.005 for a, b in zip(new, old, strict=True))
