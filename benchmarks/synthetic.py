"""Synthetic corpora for the scale benchmarks: N fact sheets recombined from the seeds.

    from benchmarks.synthetic import write_corpus
    summary = write_corpus(Path("/tmp/scale-1000/corpus"), 1000, seed=20261121)

Every sheet is written in the Good Practice template format of the seed sheets
(numbered headings, ``Label<TAB>value`` rows, ``<ul> <li>`` or bullet lists), in
English, German or Turkish, so the real parser reads it like a seed sheet. Its
content is recombined from the seed corpus, never copied verbatim:

* each list item is a seed item of the same section and language, sometimes
  spliced with the clauses of another item, sometimes with its clauses shuffled;
* words are swapped from small per-language vocabularies ("volunteers" ->
  "helpers", "Stadt" -> "Kommune", "göçmenler" -> "yeni gelenler");
* descriptions are new sequences of seed sentences;
* network names, cities, founding years, members and contacts are invented,
  and the seed cities in the text are replaced by the sheet's own city.

German sheets take their text from the German seed page (split into sentences),
as the seeds hold no German template sheet.

Generation is reproducible: sheet ``i`` depends only on ``(seed, i)`` and the
seed corpus, so the 100-sheet corpus is the first 100 sheets of the 1,000-sheet
one, and every sheet has its own city (its own network).
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assistant.corpus import load_corpus
from assistant.labels import LABEL_TABLES, LabelKey
from assistant.models import FactField, SectionKind
from assistant.network import parse_location
from assistant.text import slugify

DEFAULT_SEED = 20261121
#: Share of sheets per language (the seeds are mostly English).
LANGUAGE_MIX: tuple[tuple[str, float], ...] = (("en", 0.7), ("de", 0.15), ("tr", 0.15))
#: Sub-folder of the corpus directory the synthetic sheets are written to.
SUBDIR = "synthetic"

_SECTION_ROWS: tuple[tuple[LabelKey, SectionKind], ...] = (
    (LabelKey.DESCRIPTION, SectionKind.DESCRIPTION),
    (LabelKey.RESOURCES, SectionKind.RESOURCES),
    (LabelKey.INTERNAL_COMMUNICATION, SectionKind.INTERNAL_COMMUNICATION),
    (LabelKey.EXTERNAL_COMMUNICATION, SectionKind.EXTERNAL_COMMUNICATION),
    (LabelKey.SUCCESS_FACTORS, SectionKind.SUCCESS_FACTORS),
    (LabelKey.CHALLENGES, SectionKind.CHALLENGES),
    (LabelKey.EVALUATION, SectionKind.EVALUATION),
    (LabelKey.IMPACT, SectionKind.IMPACT),
)
_PROSE_SECTIONS = frozenset({SectionKind.DESCRIPTION, SectionKind.IMPACT})

_HEADINGS = {
    "en": ("1. GENERAL INFORMATION", "2. NETWORK PROFILE", "3. SUCCESS FACTORS AND\tMAIN CHALLENGES",
           "4. FURTHER INFORMATION"),
    "de": ("1. ALLGEMEINE INFORMATIONEN", "2. NETZWERKPROFIL", "3. ERFOLGSFAKTOREN UND\tZENTRALE HERAUSFORDERUNGEN",
           "4. WEITERE INFORMATIONEN"),
    "tr": ("1. GENEL BİLGİ", "2. AĞ PROFİLİ", "3. BAŞARI FAKTÖRLERİ VE TEMEL ZORLUKLAR", "4. DAHA FAZLA BİLGİ"),
}
_COUNTRY = {"en": "Germany", "de": "Deutschland", "tr": "Almanya"}
_MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
    "tr": "Ocak Şubat Mart Nisan Mayıs Haziran Temmuz Ağustos Eylül Ekim Kasım Aralık".split(),
}
_STATES = ("Bavaria", "Hesse", "Saxony", "Brandenburg", "Lower Saxony", "Thuringia", "Saxony-Anhalt",
           "North Rhine-Westphalia", "Rhineland-Palatinate", "Schleswig-Holstein", "Baden-Württemberg",
           "Mecklenburg-Western Pomerania", "Saarland")

# City names: prefix + root + suffix, enumerated through a fixed permutation.
_CITY_PREFIX = ("", "Neu", "Alt", "Ober", "Unter", "Groß", "Klein", "Hoch", "Nieder", "Ost", "West",
                "Süd", "Nord", "Mittel", "Bad ", "Sankt ", "Lang", "Kirch", "Stein", "Wald", "Rot")
_CITY_ROOT = ("brack", "lind", "eich", "buch", "hasel", "mar", "wend", "ros", "falk", "hag", "kron",
              "lau", "mühl", "sonn", "wiesen", "tann", "birk", "ahl", "orlen", "quer", "hollen", "sel",
              "wester", "dorn", "grün", "kalt", "reh", "uhl", "vels", "zell", "ebers", "fisch", "garn",
              "ilmen", "jessen", "knorr", "lohr", "morl", "nessel", "pank")
_CITY_SUFFIX = ("feld", "berg", "hausen", "stadt", "dorf", "au", "bach", "heim", "burg", "ingen", "rode",
                "hagen", "brück", "stedt", "thal", "wald", "kirchen", "leben", "furt", "see")
_RIVERS = ("Ilm", "Saale", "Lahn", "Fulda", "Werra", "Mulde", "Oder", "Havel", "Ems", "Aller")
_CAPACITY = len(_CITY_PREFIX) * len(_CITY_ROOT) * len(_CITY_SUFFIX)
_STRIDE = 7_919  # prime, coprime to the capacity: i -> i * stride mod capacity is a permutation

_NAME_PATTERNS = {
    "en": ("Integration Network {city}", "Network for Integration {city}", "{city} Welcome Network",
           "Arrival Alliance {city}", "Network for Participation {city}"),
    "de": ("Netzwerk für Integration {city}", "Bündnis Ankommen {city}", "Netzwerk Willkommen {city}",
           "Runder Tisch Integration {city}", "Netzwerk Teilhabe {city}"),
}
_ORGS = {
    "en": ("The city of {city}, integration office", "Caritas association {city} on behalf of the city",
           "Diakonie {city} (a welfare NGO)", "No coordinating organisation",
           "Municipal integration centre {city}", "Volunteer agency {city} e.V."),
    "de": ("Stadt {city}, Integrationsbüro", "Caritasverband {city} im Auftrag der Stadt",
           "Diakonisches Werk {city} e.V.", "Keine koordinierende Organisation",
           "Kommunales Integrationszentrum {city}", "Freiwilligenagentur {city} e.V."),
    "tr": ("{city} Belediyesi Entegrasyon Bürosu", "{city} Caritas derneği (şehir adına)",
           "{city} Diakonie (sosyal bir STK)", "Koordinatör kurum yok",
           "{city} Belediye Entegrasyon Merkezi", "{city} Gönüllü Ajansı"),
}
_FORMALISATION = {
    "en": ("Formal cooperation agreement", "Soft formal agreements and norms", "Informal cooperation",
           "Written rules of procedure"),
    "de": ("Kooperationsvereinbarung", "Lose Absprachen", "Informelle Zusammenarbeit", "Geschäftsordnung"),
    "tr": ("Resmi işbirliği anlaşması", "Yumuşak resmi anlaşmalar", "Gayri resmi işbirliği",
           "Yazılı çalışma kuralları"),
}
_MEMBER_KINDS = {
    "en": ("administrative bodies", "associations", "migrant organisations", "schools", "job centre",
           "sports clubs", "churches", "welfare agencies", "volunteers", "companies"),
    "de": ("Stadtverwaltung", "Vereine", "Migrantenorganisationen", "Schulen", "Jobcenter", "Sportvereine",
           "Kirchengemeinden", "Wohlfahrtsverbände", "Ehrenamtliche", "Unternehmen"),
    "tr": ("idari organlar", "dernekler", "göçmen örgütleri", "okullar", "iş merkezi", "spor kulüpleri",
           "camiler", "sosyal yardım kuruluşları", "gönüllüler", "şirketler"),
}
_MEMBERS_TEMPLATE = {"en": "Circa {n}; amongst others {kinds}", "de": "Rund {n}; darunter {kinds}",
                     "tr": "Yaklaşık {n}; diğerleri arasında {kinds}"}
_FIELDS = {
    "en": ("Inclusion / Integration in general", "Labour market", "Language", "Health", "Housing",
           "Education and training", "Culture and sports"),
    "de": ("Integration allgemein", "Arbeitsmarkt", "Sprache", "Gesundheit", "Wohnen", "Bildung",
           "Kultur und Sport"),
    "tr": ("Genel olarak entegrasyon", "İşgücü piyasası", "Dil", "Sağlık", "Konut", "Eğitim",
           "Kültür ve spor"),
}
_TARGETS = {
    "en": ("Migrants", "Refugees", "Public administration", "NGOs", "Volunteers", "Companies",
           "Training providers", "Families"),
    "de": ("Zugewanderte", "Geflüchtete", "Verwaltung", "Vereine", "Ehrenamtliche", "Unternehmen",
           "Bildungsträger", "Familien"),
    "tr": ("Göçmenler", "Mülteciler", "Kamu yönetimi", "STK'lar", "Gönüllüler", "Şirketler",
           "Eğitim sağlayıcılar", "Aileler"),
}
_NETWORK_TYPE = {
    "en": ("State-integration network", "Municipal integration network", "Informal network",
           "Civil-society network"),
    "de": ("Kommunales Integrationsnetzwerk", "Informelles Netzwerk", "Zivilgesellschaftliches Netzwerk",
           "Landesintegrationsnetzwerk"),
    "tr": ("Devlet entegrasyon ağı", "Yerel entegrasyon ağı", "Gayri resmi ağ", "Sivil toplum ağı"),
}

#: Interchangeable words per language; each occurrence may be swapped for another of its group.
VOCABULARY: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": (
        ("volunteers", "helpers", "honorary workers"),
        ("migrants", "newcomers", "immigrants"),
        ("refugees", "asylum seekers", "displaced people"),
        ("network", "alliance", "partnership"),
        ("city", "municipality", "town"),
        ("meetings", "gatherings", "sessions"),
        ("regular", "frequent", "periodic"),
        ("members", "partners", "participants"),
        ("exchange", "dialogue", "sharing"),
        ("working groups", "task forces", "teams"),
        ("lack", "shortage", "absence"),
        ("cooperation", "collaboration", "joint work"),
        ("offers", "services", "programmes"),
        ("local", "municipal", "neighbourhood"),
        ("difficult", "hard", "challenging"),
        ("events", "activities", "occasions"),
    ),
    "de": (
        ("Netzwerk", "Verbund", "Bündnis"),
        ("Netzwerkes", "Verbundes", "Bündnisses"),
        ("Migranten", "Zugewanderte", "Neuzugewanderte"),
        ("Stadt", "Kommune", "Gemeinde"),
        ("Vereine", "Initiativen", "Verbände"),
        ("Ämter", "Behörden", "Dienststellen"),
        ("Zusammenarbeit", "Kooperation", "Abstimmung"),
        ("Angebote", "Leistungen", "Projekte"),
        ("regelmäßig", "laufend", "kontinuierlich"),
        ("Ehrenamtliche", "Freiwillige", "Engagierte"),
        ("Mitglieder", "Partner", "Beteiligte"),
        ("Treffen", "Sitzungen", "Runden"),
    ),
    "tr": (
        ("göçmenler", "yeni gelenler", "göç edenler"),
        ("göçmenlerin", "yeni gelenlerin", "göç edenlerin"),
        ("şehir", "kent", "belde"),
        ("toplantıları", "buluşmaları", "oturumları"),
        ("üyeler", "ortaklar", "katılımcılar"),
        ("düzenli", "sık", "periyodik"),
        ("gönüllüler", "destekçiler", "yardımcılar"),
        ("işbirliği", "ortak çalışma", "dayanışma"),
        ("teklifler", "hizmetler", "programlar"),
        ("yerel", "mahalli", "bölgesel"),
    ),
}

_AND = {"en": "and", "de": "und", "tr": "ve"}
_CLAUSE_SPLIT = re.compile(r"(?<=[,;])\s+|\s+(?=(?:and|und|ve|as well as|sowie)\s)")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜÇĞİŞ0-9\"„])")


@dataclass
class SeedPools:
    """Seed text by language and section: what synthetic sheets recombine."""

    items: dict[str, dict[SectionKind, list[str]]] = field(default_factory=dict)
    sentences: dict[str, list[str]] = field(default_factory=dict)
    counts: dict[SectionKind, list[int]] = field(default_factory=dict)
    cities: list[str] = field(default_factory=list)
    #: Quoted parts of seed network names ("lokal willkommen") and their translations.
    nicknames: list[str] = field(default_factory=list)

    def pool(self, language: str, kind: SectionKind) -> list[str]:
        own = self.items.get(language, {}).get(kind)
        return own if own else self.sentences.get(language) or self.sentences["en"]


def seed_pools(seed_corpus: Path) -> SeedPools:
    """Read the seed corpus with the real parser and pool its items."""
    load = load_corpus(Path(seed_corpus))
    pools = SeedPools()
    for sheet in load.sheets:
        location = sheet.fact(FactField.LOCATION)
        if location and (city := parse_location(location.value).city):
            pools.cities.append(city)
        for name in sheet.facts_of(FactField.NAME):
            pools.nicknames += re.findall(r"[\"“„']([^\"“”']{4,})[\"”“']", name.value)
        by_kind = pools.items.setdefault(sheet.language, {})
        sentences = pools.sentences.setdefault(sheet.language, [])
        for section in sheet.sections:
            if section.kind in (SectionKind.GENERAL, SectionKind.CONTACT):
                continue
            texts = [item.text for item in section.items if len(item.text) >= 8]
            if sheet.kind == "sheet":
                by_kind.setdefault(section.kind, []).extend(texts)
                pools.counts.setdefault(section.kind, []).append(len(section.items))
            for text in texts:
                sentences.extend(s for s in _SENTENCE_SPLIT.split(text) if len(s) >= 25)
    if not pools.sentences.get("en"):
        raise ValueError(f"no English seed text found in {seed_corpus}")
    pools.cities = sorted(set(pools.cities), key=len, reverse=True)
    pools.nicknames = sorted(set(pools.nicknames) | _translated(pools.nicknames), key=len, reverse=True)
    return pools


def _translated(nicknames: list[str]) -> set[str]:
    # The English sheet of Dortmund translates its nickname once ("locally welcome").
    known = {"lokal willkommen": "locally welcome"}
    return {known[n.lower()] for n in nicknames if n.lower() in known}


# --------------------------------------------------------------------------- variation


def city_name(i: int) -> str:
    """The ``i``-th invented city: unique for every ``i``."""
    j = (i % _CAPACITY) * _STRIDE % _CAPACITY
    j, s = divmod(j, len(_CITY_SUFFIX))
    p, r = divmod(j, len(_CITY_ROOT))
    prefix, root = _CITY_PREFIX[p], _CITY_ROOT[r]
    name = prefix + (root.capitalize() if not prefix or prefix.endswith(" ") else root) + _CITY_SUFFIX[s]
    if i >= _CAPACITY:
        lap = i // _CAPACITY
        name += f" an der {_RIVERS[(lap - 1) % len(_RIVERS)]}" + (f" {lap}" if lap > len(_RIVERS) else "")
    return name


def _match_case(template: str, word: str) -> str:
    return word[0].upper() + word[1:] if template[:1].isupper() else word


_SWAP_PATTERNS: dict[str, list[tuple[tuple[str, ...], re.Pattern[str]]]] = {
    language: [
        (group, re.compile(r"(?<!\w)(" + "|".join(map(re.escape, group)) + r")(?!\w)", re.IGNORECASE))
        for group in groups
    ]
    for language, groups in VOCABULARY.items()
}

_QUALIFIERS = {
    "en": ("since {year}", "in {city}", "with support from the city", "in several languages", "twice a year"),
    "de": ("seit {year}", "in {city}", "mit Unterstützung der Stadt", "mehrsprachig", "zweimal im Jahr"),
    "tr": ("{year} yılından beri", "{city} içinde", "belediyenin desteğiyle", "çok dilli", "yılda iki kez"),
}


def swap_words(text: str, language: str, rng: random.Random, rate: float = 0.5) -> str:
    """Swap words of :data:`VOCABULARY` for another word of their group."""
    for group, pattern in _SWAP_PATTERNS.get(language, ()):

        def replace(match: re.Match[str], group: tuple[str, ...] = group) -> str:
            if rng.random() >= rate:
                return match.group(0)
            return _match_case(match.group(0), rng.choice(group))

        text = pattern.sub(replace, text)
    return text


def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE_SPLIT.split(text) if c]


def vary_item(
    text: str, pool: Sequence[str], language: str, rng: random.Random, city: str = "", year: int = 2015
) -> str:
    """One new item from a seed item: spliced with another, clauses shuffled, words swapped.

    An item that would come out verbatim gets a qualifier ("since 2012", "in <city>").
    """
    clauses = _clauses(text)
    roll = rng.random()
    if roll < 0.35 and len(pool) > 1:
        other = _clauses(rng.choice(pool))
        head = clauses[: max(1, len(clauses) // 2)] if len(clauses) > 1 else clauses
        tail = other[len(other) // 2 :] if len(other) > 1 else other
        # Joined in lower case: a capital would make the parser split the item again.
        first = tail[0].strip()
        if first[:1].isupper() and not first[1:2].isupper():
            first = first[0].lower() + first[1:]
        clauses = [*head[:-1], head[-1].rstrip(",;. ") + f" {_AND.get(language, 'and')}", first, *tail[1:]]
    elif roll < 0.55 and len(clauses) > 2:
        clauses = clauses[:1] + rng.sample(clauses[1:], len(clauses) - 1)
    out = " ".join(c.strip() for c in clauses)
    out = swap_words(re.sub(r"[,;]\s*$", "", out), language, rng)
    if out == text:
        qualifier = rng.choice(_QUALIFIERS.get(language, _QUALIFIERS["en"]))
        out = f"{out.rstrip('.')} ({qualifier.format(city=city or 'the city', year=year)})"
    return out


def _replace_names(text: str, pools: SeedPools, city: str, name: str) -> str:
    """Seed cities become the sheet's city, seed network nicknames its name."""
    for seed_city in pools.cities:
        text = re.sub(rf"(?<!\w){re.escape(seed_city)}", city, text)
    for nickname in pools.nicknames:
        text = re.sub(re.escape(nickname), name, text, flags=re.IGNORECASE)
    return text


def _prose(pools: SeedPools, language: str, kind: SectionKind, rng: random.Random) -> str:
    sentences = pools.sentences.get(language) or pools.sentences["en"]
    own = [s for t in pools.pool(language, kind) for s in _SENTENCE_SPLIT.split(t) if len(s) >= 25]
    chosen = rng.sample(own, min(len(own), rng.randint(1, 3))) if own else []
    chosen += rng.sample(sentences, min(len(sentences), rng.randint(2, 4)))
    rng.shuffle(chosen)
    return " ".join(swap_words(s, language, rng) for s in chosen)


def _items(
    pools: SeedPools, language: str, kind: SectionKind, rng: random.Random, city: str, year: int
) -> list[str]:
    pool = pools.pool(language, kind)
    counts = pools.counts.get(kind) or [3]
    n = max(1, rng.choice(counts) + rng.randint(-1, 1))
    bases = [rng.choice(pool) for _ in range(n)]
    return [vary_item(b, pool, language, rng, city, year) for b in bases]


def _list_value(items: list[str], rng: random.Random) -> str:
    """A list row's value in one of the seeds' layouts."""
    if rng.random() < 0.6:
        return "<ul> " + " ".join(f"<li>{item}</li>" for item in items) + " </ul>"
    return "•\t" + "\n\t•\t".join(items)


@dataclass(frozen=True)
class SyntheticSheet:
    index: int
    language: str
    city: str
    name: str
    text: str

    @property
    def filename(self) -> str:
        return f"{self.index:06d}-{slugify(self.city)}.{self.language}.txt"


def make_sheet(pools: SeedPools, i: int, seed: int = DEFAULT_SEED) -> SyntheticSheet:
    """Sheet number ``i`` (a pure function of ``pools``, ``i`` and ``seed``)."""
    rng = random.Random(f"{seed}:{i}")
    roll, language = rng.random(), LANGUAGE_MIX[-1][0]
    for lang, share in LANGUAGE_MIX:
        if roll < share:
            language = lang
            break
        roll -= share
    labels = {key: values[0] for key, values in LABEL_TABLES[language].items()}
    city = city_name(i)
    name = rng.choice(_NAME_PATTERNS.get(language, _NAME_PATTERNS["de"])).format(city=city)
    slug = slugify(name)[:40]
    year, month = rng.randint(1990, 2023), rng.choice(_MONTHS[language])
    kinds = ", ".join(rng.sample(_MEMBER_KINDS[language], rng.randint(2, 5)))
    h1, h2, h3, h4 = _HEADINGS[language]
    lines = [
        "", f"## **{labels[LabelKey.TITLE]} {name.upper()}**", "",
        f"{labels[LabelKey.STATUS_DATE]}: {month} {rng.randint(max(year, 2018), 2025)}", "", "",
        f"{h1}\t",
        f"{labels[LabelKey.NAME]}\t{name}",
        f"{labels[LabelKey.FOUNDING_YEAR]}\t{year}",
        f"{labels[LabelKey.LOCATION]}\t{city} / {rng.choice(_STATES)} / {_COUNTRY[language]}",
        f"{labels[LabelKey.COORDINATING_ORGANISATION]}\t{rng.choice(_ORGS[language]).format(city=city)}",
        f"{labels[LabelKey.FORMALISATION]}\t{rng.choice(_FORMALISATION[language])}",
        f"{labels[LabelKey.MEMBERS]}\t"
        + _MEMBERS_TEMPLATE[language].format(n=rng.randint(3, 120), kinds=kinds),
        f"{labels[LabelKey.FIELDS_OF_ACTION]}\t" + "; ".join(rng.sample(_FIELDS[language], rng.randint(1, 5))),
        f"{labels[LabelKey.TARGET_GROUPS]}\t" + "; ".join(rng.sample(_TARGETS[language], rng.randint(2, 6))),
        f"{labels[LabelKey.NETWORK_TYPE]}\t{rng.choice(_NETWORK_TYPE[language])}",
        "",
    ]
    for key, kind in _SECTION_ROWS:
        if kind is SectionKind.DESCRIPTION:
            lines.append(f"{h2}\t")
        elif kind is SectionKind.SUCCESS_FACTORS:
            lines += ["", h3]
        if kind in _PROSE_SECTIONS:
            value = _prose(pools, language, kind, rng)
        else:
            value = _list_value(_items(pools, language, kind, rng, city, year), rng)
        lines.append(f"{labels[key]}\t{_replace_names(value, pools, city, name)}")
    lines += [
        "", f"{h4}\t",
        f"{labels[LabelKey.WEBSITES]}\tWebsite: www.{slug}.example.org",
        f"{labels[LabelKey.EMAILS]}\tinfo@{slug}.example.org", "",
    ]
    return SyntheticSheet(i, language, city, name, "\n".join(lines))


@dataclass(frozen=True)
class CorpusSummary:
    directory: Path
    sheets: int
    seed_files: int
    bytes: int
    languages: dict[str, int]


def write_corpus(
    target: Path,
    n: int,
    *,
    seed: int = DEFAULT_SEED,
    seed_corpus: Path | None = None,
    include_seeds: bool = True,
) -> CorpusSummary:
    """Write ``n`` synthetic sheets to ``target/synthetic/`` (plus a copy of the seed files).

    The seed files are copied next to them by default, so the dev-set queries keep
    their judged targets and the synthetic sheets act as distractors.
    """
    from assistant.settings import PROJECT_ROOT

    seed_corpus = Path(seed_corpus or PROJECT_ROOT / "corpus")
    pools = seed_pools(seed_corpus)
    out = Path(target) / SUBDIR
    out.mkdir(parents=True, exist_ok=True)
    size, languages, seed_files = 0, {}, 0
    if include_seeds:
        for path in sorted(seed_corpus.iterdir()):
            if path.is_file() and not path.name.startswith("."):
                data = path.read_bytes()
                (Path(target) / path.name).write_bytes(data)
                size += len(data)
                seed_files += 1
    for i in range(n):
        sheet = make_sheet(pools, i, seed)
        data = sheet.text.encode("utf-8")
        (out / sheet.filename).write_bytes(data)
        size += len(data)
        languages[sheet.language] = languages.get(sheet.language, 0) + 1
    return CorpusSummary(Path(target), n, seed_files, size, languages)


def modify_sheet(path: Path, marker: str = "Monthly review of the network's goals with all members") -> bool:
    """Add one item to a sheet's success factors, as an editor would; False if none found."""
    text = path.read_text(encoding="utf-8")
    for key in ("Success factors", "Erfolgsfaktoren", "Başarı faktörleri"):
        for layout in ("\t<ul> ", "\t•\t"):
            head = key + layout
            if head in text:
                item = f"<li>{marker}</li> " if "<ul>" in layout else f"{marker}\n\t•\t"
                path.write_text(text.replace(head, head + item, 1), encoding="utf-8")
                return True
    path.write_text(text + f"\n{marker}\n", encoding="utf-8")
    return False
