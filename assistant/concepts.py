"""Cross-lingual concept vocabulary of municipal migrant-integration networks.

The embedding model and BM25 are both weak across German, English and Turkish.
This module tags fact-sheet items and user questions with language-independent
concept ids ("volunteers", "language_barrier", "funding", ...), so that
"Ehrenamtliche", "volunteers" and "gönüllüler" meet on the same token.

Public API::

    CONCEPTS                  id -> Concept, in definition order
    tag_concepts(text)        frozenset of concept ids found in text (any language)
    concept_terms(text)       ["CONCEPT_<id>", ...] tokens for BM25 documents/queries
    concepts_of_kind(kind)    the concepts of one kind, in definition order
    explain_matches(text)     concept id -> surface strings of text that matched

Matching
--------
Text and terms go through the same folding: Turkish dotted/dotless i handled
("İletişim", "ILETIŞIM", "iletisim" all fold to "iletisim"), Unicode case-folded,
accents stripped (ş→s, ğ→g, ç→c, ö→o, ü→u, ä→a, é→e ...; ß→ss), and the German
transliterations ae/oe/ue folded to a/o/u, so "Fluechtlinge" = "Flüchtlinge".
Matching is then done on this ASCII-like form only: "gonullu" typed without a
Turkish keyboard still matches.

Term syntax (terms are written in natural spelling, then folded):

``ehrenamt``
    a stem: matches at a word start, any continuation ("Ehrenamtliche").
``aid$``
    ``$`` at the end: the word must end there ("aid", not "aids").
``language barrier``
    a space is a separator: any run of spaces, hyphens, slashes, underscores and
    apostrophes, or nothing ("language-barrier", "languagebarrier").
``know-how``
    a hyphen is an optional hyphen only ("know-how", "knowhow", not "know how").
``gemeinsam* ziel``
    ``*`` after letters: any further letters (inflection), e.g. "gemeinsamen Zielen".
``*beratung``
    leading ``*``: infix, may also start inside a word (German compounds:
    "Migrationsberatung").
``+paten$``
    leading ``+``: must start inside a word ("Integrationspaten", not "Paten").

At every word start, every term that matches and ends on a word boundary counts
("dil kursu" is a language course *and* language); a term that ends inside a word
counts only if no longer term continues it there ("başarısız" is a challenge, not
a success; "kulturelle Unterschiede" is not culture). Where two phrases branch,
the first matching path wins (letters, then wildcard phrases, then separators),
which is not always the longest one. Concepts may name ``broader`` concepts that
are tagged with them (language_courses -> language) and ``excludes``: concepts
whose overlapping matches they cancel ("without formal agreements" cancels
formal_agreement; "no coordinator" cancels coordination).

Population figures ("40.000 Einwohner", "population of 250,000", "40 bin
nüfuslu", "a city of 600,000 people") tag the size concepts (<20k small town,
<100k mid-size, else large city).

Limits: purely lexical. Negation is only handled by the explicit ``excludes``
phrases; idioms ("an einem Strang ziehen") need their own terms; polysemous
words tag their field meaning ("Verein" also for a football club, "interface",
"issue"); section labels of the sheet template ("Success factors",
"Coordinating organisation") are tagged like any other text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final, Literal

__all__ = [
    "CONCEPTS",
    "KINDS",
    "LANGUAGES",
    "TOKEN_PREFIX",
    "Concept",
    "Kind",
    "concept_terms",
    "concepts_of_kind",
    "explain_matches",
    "is_concept_word",
    "tag_concepts",
]

Kind = Literal[
    "topic",
    "challenge",
    "target_group",
    "field_of_action",
    "size",
    "coordination",
    "formalisation",
    "intent",
]
KINDS: Final[tuple[str, ...]] = (
    "topic",
    "challenge",
    "target_group",
    "field_of_action",
    "size",
    "coordination",
    "formalisation",
    "intent",
)
LANGUAGES: Final[tuple[str, ...]] = ("de", "en", "tr")
TOKEN_PREFIX: Final[str] = "CONCEPT_"

_ID_RE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


@dataclass(frozen=True)
class Concept:
    """One concept of the field with its display labels and per-language terms."""

    id: str
    labels: dict[str, str] = field(hash=False)
    terms: dict[str, tuple[str, ...]] = field(hash=False)
    kind: Kind = "topic"
    broader: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not _ID_RE.fullmatch(self.id):
            raise ValueError(f"concept id must be snake_case: {self.id!r}")
        if self.kind not in KINDS:
            raise ValueError(f"{self.id}: unknown kind {self.kind!r}")
        if set(self.labels) != set(LANGUAGES) or not all(
            isinstance(v, str) and v.strip() for v in self.labels.values()
        ):
            raise ValueError(f"{self.id}: needs a non-empty label for each of {LANGUAGES}")
        unknown = set(self.terms) - set(LANGUAGES)
        if unknown:
            raise ValueError(f"{self.id}: terms for unknown languages {sorted(unknown)}")
        for lang, terms in self.terms.items():
            if isinstance(terms, str) or not all(isinstance(t, str) and t.strip() for t in terms):
                raise ValueError(f"{self.id}/{lang}: terms must be a tuple of non-empty strings")
        object.__setattr__(self, "terms", {lang: tuple(ts) for lang, ts in self.terms.items()})
        object.__setattr__(self, "broader", tuple(self.broader))
        object.__setattr__(self, "excludes", tuple(self.excludes))

    def label(self, lang: str) -> str:
        """Display label in ``lang`` (falls back to English)."""
        return self.labels.get(lang, self.labels["en"])

    def all_terms(self) -> tuple[str, ...]:
        return tuple(t for lang in LANGUAGES for t in self.terms.get(lang, ()))


# --------------------------------------------------------------------------
# Folding
# --------------------------------------------------------------------------

# Applied before casefold: Turkish capital dotted I (casefold would leave a
# combining dot), dotless ı (no decomposition), letters NFKD cannot split, and
# dash/hyphen variants; the soft hyphen of PDF extractions is dropped.
_PRE_TABLE: Final = str.maketrans(
    {
        "İ": "i",
        "ı": "i",
        "Ø": "o",
        "ø": "o",
        "Ł": "l",
        "ł": "l",
        "Đ": "d",
        "đ": "d",
        "Æ": "ae",
        "æ": "ae",
        "Œ": "oe",
        "œ": "oe",
        "\u00ad": "",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2019": "'",
        "\u02bc": "'",
        "\u00b4": "'",
    }
)
_COMBINING: Final = re.compile("[\u0300-\u036f]+")
# German transliterated umlauts: ae/oe/ue -> a/o/u ("Fluechtlinge").
_DIGRAPH: Final = re.compile(r"(?<=[aou])e")


def _fold_slow(text: str) -> str:
    """Reference folding, without the digraph rule: translate, casefold, NFKD, no marks."""
    folded = text.translate(_PRE_TABLE).casefold()
    if not folded.isascii():
        folded = _COMBINING.sub("", unicodedata.normalize("NFKD", folded))
    return folded


def _build_fast_table() -> dict[int, str]:
    """Latin letters whose reference folding is ASCII, mapped straight to it.

    Only an optimisation: with it, typical German/Turkish text is ASCII after
    one ``translate`` and skips NFKD. Built from ``_fold_slow`` itself, so the
    result is the same as the reference folding.
    """
    table: dict[int, str] = {}
    for code in range(0x80, 0x250):
        ch = chr(code)
        folded = _fold_slow(ch)
        if folded != ch and folded.isascii():
            table[code] = folded
    for code in range(0x1E00, 0x1F00):  # Latin Extended Additional (ẞ, ạ, ...)
        ch = chr(code)
        folded = _fold_slow(ch)
        if folded != ch and folded.isascii():
            table[code] = folded
    for ch, repl in _PRE_TABLE.items():
        if isinstance(repl, str) and repl.isascii():
            table[ch] = repl.casefold()
    return table


_FAST_TABLE: Final = _build_fast_table()


def _fold_nodigraph(text: str) -> str:
    folded = text.translate(_FAST_TABLE)
    if folded.isascii():
        return folded.lower()
    return _fold_slow(folded)


def _fold(text: str) -> str:
    """The matching form of ``text`` (may change its length)."""
    return _DIGRAPH.sub("", _fold_nodigraph(text))


_CHAR_FOLD_CACHE: dict[str, str] = {}


def _fold_mapped(text: str) -> tuple[str, list[int]]:
    """``_fold(text)`` plus, for each of its characters, the index in ``text``.

    Folding works character by character (translate, casefold and NFKD treat
    characters independently; combining marks are dropped), so folding piece by
    piece gives the string ``_fold`` gives, up to the order of combining marks of
    other scripts, which never take part in a match.
    """
    pieces: list[str] = []
    origin: list[int] = []
    cache = _CHAR_FOLD_CACHE
    for i, ch in enumerate(text):
        if ch.isascii():
            pieces.append(ch.lower())
            origin.append(i)
            continue
        piece = cache.get(ch)
        if piece is None:
            piece = _fold_nodigraph(ch)
            if len(cache) < 65536:
                cache[ch] = piece
        for c in piece:
            pieces.append(c)
            origin.append(i)
    folded = "".join(pieces)
    drop = {m.start() for m in _DIGRAPH.finditer(folded)}
    if drop:
        folded = "".join(c for j, c in enumerate(folded) if j not in drop)
        origin = [o for j, o in enumerate(origin) if j not in drop]
    return folded, origin


# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------


def _split(terms: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in terms.split("|") if t.strip())


def _c(
    cid: str,
    kind: Kind,
    labels: tuple[str, str, str],
    de: str,
    en: str,
    tr: str,
    broader: tuple[str, ...] = (),
    excludes: tuple[str, ...] = (),
) -> Concept:
    return Concept(
        id=cid,
        labels=dict(zip(LANGUAGES, labels, strict=True)),
        terms={"de": _split(de), "en": _split(en), "tr": _split(tr)},
        kind=kind,
        broader=broader,
        excludes=excludes,
    )


_VOCABULARY: Final[tuple[Concept, ...]] = (
    # ---------------------------------------------------------------- target groups
    _c(
        "volunteers",
        "target_group",
        ("Ehrenamt & Freiwillige", "Volunteers & volunteering", "Gönüllüler ve gönüllülük"),
        de="*ehrenamt|freiwillig|*helferkreis|*helferinnenkreis|*unterstützerkreis|"
        "bürgerschaftlich* engagement|*bürgerengagement|engagierte bürger|laienhelfer|bufdi",
        en="volunteer|voluntar|unpaid helper|civic engagement|honorary|lay helper|"
        "helper circle|supporters circle",
        tr="gönüllü|fahri|karşılıksız yardım|sivil katılım",
    ),
    _c(
        "refugees",
        "target_group",
        ("Geflüchtete", "Refugees", "Mülteciler"),
        de="*flüchtling|*geflüchtet|*asyl|*schutzsuchend|fluchthintergrund|fluchterfahrung|"
        "fluchtmigration|flucht$|kriegsflücht",
        en="refugee|asylum|displaced person|forcibly displaced|protection seeker|"
        "unaccompanied minor|fled$|fleeing",
        tr="mülteci|sığınmacı|sığınma|iltica|geçici koruma|yerinden edil|savaştan kaç",
    ),
    _c(
        "migrants",
        "target_group",
        ("Migrantinnen und Migranten", "Migrants", "Göçmenler"),
        de="*migrant|*zuwander|*einwander|*zugewandert|eingewandert|migrationshintergrund|"
        "*migrationsgeschichte|*migration|ausländer$|ausländerinnen|ausländisch* mitbürger|"
        "ausländisch* familie|neuankömmling|neu* ankommend|neu* angekommen",
        en="migrant|immigra|newcomer|new arrival|newly arrived|foreign national|foreigner|"
        "migration background|third country national|migration$",
        tr="göçmen|göç$|göçü|göçün|göçe$|göçte|göçten|göçle|göç ed|göç et|göç kökenli|"
        "yeni gelen|yabancı",
    ),
    _c(
        "ethnic_german_resettlers",
        "target_group",
        ("(Spät-)Aussiedler", "Ethnic German resettlers", "Etnik Alman göçmenler (Spätaussiedler)"),
        de="*aussiedler|russlanddeutsch|deutsche aus russland|*landsmannschaft",
        en="ethnic german|late repatriate|resettlers from",
        tr="etnik alman|alman asıllı|alman kökenli göçmen",
        broader=("migrants",),
    ),
    _c(
        "ngos_welfare",
        "target_group",
        ("Vereine, Träger & Wohlfahrtsverbände", "NGOs & welfare associations",
         "STK'lar ve sosyal yardım kuruluşları"),
        de="kirche$|kirchen$|*wohlfahrtsverb|wohlfahrtsorganisation|freie* träger|träger$|"
        "trägern$|trägers$|*verein$|*vereine$|*vereins$|vereinen$|e.v.|gemeinnützig|ngo|"
        "nichtregierungsorganisation|*zivilgesellschaft|caritas|*diakonie|*diakonisch|"
        "arbeiterwohlfahrt|awo$|drk$|rote* kreuz|paritätisch|internationaler bund|*verband$|"
        "*verbände|*verbandes|kirchlich|kirchengemeinde|kirchenkreis",
        en="churches|ngo|non governmental|non profit|nonprofit|welfare associat|welfare organi|"
        "welfare agenc|charit|civil society|associations$|third sector|red cross|faith based|"
        "church",
        tr="kızılay|kilise|stk|sivil toplum|hükümet dışı|derne|vakıf|vakf|hayır kurum|"
        "hayır kuruluş|yardım kuruluş|refah kuruluş|kar amacı gütmeyen|gönüllü kuruluş",
    ),
    _c(
        "companies_employers",
        "target_group",
        ("Unternehmen & Arbeitgeber", "Companies & employers", "Şirketler ve işverenler"),
        de="*unternehmen|*unternehmer|firma|firmen|betrieb|*arbeitgeber|handwerk|ihk$|"
        "*handwerkskammer|industrie und handelskammer|mittelständisch",
        en="compan|employer|enterprise|business|firms$|firm$|chamber of commerce|"
        "private sector|industry|industries",
        tr="şirket|firma|işveren|işletme|özel sektör|ticaret odası|sanayi odası|esnaf",
    ),
    _c(
        "children_youth",
        "target_group",
        ("Kinder & Jugendliche", "Children & young people", "Çocuklar ve gençler"),
        de="kinder|*kinder$|*kindern$|kindes|jugend|*jugendliche|junge* menschen|"
        "junge* erwachsene|minderjährig|heranwachsend",
        en="child|youth|young people|young person|adolescent|teenager|minors$|"
        "unaccompanied minor|kids$",
        tr="çocuk|çocuğ|genç|gençlik|ergen|refakatsiz|reşit olmayan",
    ),
    _c(
        "women_families",
        "target_group",
        ("Frauen & Familien", "Women & families", "Kadınlar ve aileler"),
        de="frauen|*frauen$|mütter|*mütter$|familie|*familien|eltern|*eltern$|*elternarbeit|"
        "alleinerziehend",
        en="women|woman|mother|family|families|parents|parent$|parental|parenting|"
        "single parent|girls$",
        tr="kadın|anneler|anne baba|aile|ebeveyn|veliler",
    ),
    _c(
        "local_population",
        "target_group",
        ("Aufnahmegesellschaft & Bevölkerung", "Host society & local population",
         "Yerel halk ve ev sahibi toplum"),
        de="aufnahmegesellschaft|einheimisch|bevölkerung|*stadtgesellschaft|"
        "mehrheitsgesellschaft|alteingesessen|anwohner",
        en="host society|host communit|local population|locals$|local residents|"
        "receiving society|majority society|urban society|general public",
        tr="yerel halk|yerel nüfus|ev sahibi toplum|yerli halk|kabul eden toplum|"
        "çoğunluk toplum|mahalle sakin",
    ),
    _c(
        "migrant_organisations",
        "target_group",
        ("Migrantenorganisationen", "Migrant organisations", "Göçmen örgütleri"),
        de="*moschee|*migrantenorganisation|*migrantenselbstorganisation|mso$|msos$|"
        "*migrantenverein|*selbstorganisation|diaspora",
        en="mosque|migrant organi|migrant led|migrant self organi|migrant association|diaspora|"
        "community based organi|self organi",
        tr="cami$|camii|camiler|camide|göçmen örgüt|göçmen derne|göçmen kuruluş|"
        "göçmen öz örgüt|öz örgüt|diaspora",
    ),
    # ---------------------------------------------------------------- fields of action
    _c(
        "labour_market",
        "field_of_action",
        ("Arbeitsmarkt & Beschäftigung", "Labour market & employment", "İş piyasası ve istihdam"),
        de="arbeitsaufnahme|arbeit* finden|arbeit* suchen|*arbeitsmarkt|*beschäftigung|"
        "arbeitsplatz|arbeitsplätze|arbeitsstelle|jobs$|jobbörse|jobsuche|jobvermittlung|"
        "jobcoach|*jobcenter|arbeitsagentur|agentur für arbeit|erwerbs|beruf$|berufe|berufs|"
        "berufl|ausbildung|praktikum|praktika|anerkennungsverfahren|berufsanerkennung|"
        "ausländisch* abschl|ausländisch* berufsabschl|fachkräftemangel|fachkräftesicherung|fachkräftegewinnung|arbeitssuche|arbeitsuche|"
        "arbeitslos|erwerbslos|existenzgründung",
        en="job search|looking for work|find work|finding work|find* a job|get* a job|new job|labour|labor market|labor$|"
        "jobless|job centre|job seek|job offer|job market|employment|employ$|employab|unemploy|"
        "vocational|apprentice|work permit|recognition of qualifications|"
        "recognition of foreign|skilled worker|career|internship|workplace",
        tr="iş piyasa|işgücü|iş gücü|istihdam|iş bul|işsiz|meslek|mesleğ|çalışma izni|"
        "iş arayan|iş yeri|işyeri|staj|çıraklı|denkli|kariyer|iş imkan|iş fırsat|iş hayatı|"
        "iş olanak",
    ),
    _c(
        "education",
        "field_of_action",
        ("Bildung & Schule", "Education & school", "Eğitim ve okul"),
        de="bildung|schulbildung|*schule|schul|kita|kitas|kindergarten|kindertagesst|"
        "ausbildung|studium|hochschul|universität|nachhilfe|lehrer|*bildungsträger|"
        "erwachsenenbildung|berufsbildung",
        en="education|school|pupil|student|teacher|kindergarten|daycare|day care|childcare|"
        "universit|higher education|homework help|tutoring|learning support|vocational training",
        tr="eğitimler|eğitimleri|eğitim|okul|öğrenci|öğretmen|anaokul|kreş|üniversite|"
        "ödev yardım",
    ),
    _c(
        "language",
        "field_of_action",
        ("Sprache", "Language", "Dil"),
        de="sprach|*sprachig|*sprachlich|*sprachkenntnis|deutschkenntnis|muttersprach|"
        "deutsch* lern|alphabetisierung",
        en="language|linguistic|multilingual|bilingual|mother tongue|literacy|german skills|"
        "learn german|learning german",
        tr="dil$|dile$|dili$|dilin$|dilde$|dilden$|dille$|diller|dilini|dilinde|dilinin|dilsel|"
        "almanca|türkçe|anadil|ana dil|iki dilli|çok dilli",
    ),
    _c(
        "health",
        "field_of_action",
        ("Gesundheit", "Health", "Sağlık"),
        de="*psychotherap|psych|*gesundheit|*medizin|*arzt|*ärzte|*ärztin|krankenhaus|"
        "krankenversicher|klinik|pflege$|pflegedienst|pflegekr|pflegebed|*altenpflege|"
        "pflegeheim|psychisch|psycholog|psychosozial|trauma|*therapie|krank|impf",
        en="psych|health|medical|doctor|hospital|clinic|psycholog|psychosocial|mental health|"
        "mentally|mental illness|trauma|therap|illness|disease|patient|nursing|vaccin",
        tr="sağlık|sağlığ|doktor|hekim|hastane|hasta|tedavi|psikolo|psikososyal|travma|klinik",
    ),
    _c(
        "housing",
        "field_of_action",
        ("Wohnen", "Housing", "Konut ve barınma"),
        de="*wohnung|*wohnraum|wohnen$|*unterkunft|*unterkünfte|*unterbringung|miete|mieter|"
        "*vermieter|obdach|wohnungslos|*wohnheim",
        en="for a flat|find a flat|new flat|own flat|flatshare|flat share|housing|"
        "accommodation|flats$|apartment|rent$|rental|renting|rents$|landlord|tenant|homeless|"
        "shelter|dwelling",
        tr="ev ara|ev arı|konut|barına|kira$|kiralar|kiraya|kirası|kiralık|ev bul|ev arama|"
        "evsiz|konaklama|oturacak yer",
    ),
    _c(
        "culture_sports",
        "field_of_action",
        ("Kultur & Sport", "Culture & sports", "Kültür ve spor"),
        de="kultur|interkultur|soziokultur|sport|*sportverein|*sportangebot|musik|theater|tanz|"
        "kunst|künstler|freizeit|museum|chor$|chöre",
        en="culture|cultural|sport|music|theatre|theater|dance|dancing|artist|museum|leisure|"
        "choir|recreation",
        tr="kültür|spor$|sporu$|spora$|sporda|sporcu|spor kulüb|spor etkinli|müzik|tiyatro|"
        "dans|sanat|boş zaman",
    ),
    _c(
        "counselling",
        "field_of_action",
        ("Beratung", "Counselling & advice", "Danışmanlık"),
        de="*beratung|*berater|beraten|*sprechstunde|*begleitung|*clearingstelle|hilfestellung|"
        "einzelfallhilfe|*fallmanagement|case management|*sozialarbeit",
        en="counsel|advice|adviser|advisor|advisory|advising|consultation|case management|"
        "case work|casework|social work|guidance|help desk|helpdesk|drop in$|drop in centre|"
        "drop in center|office hours|open hours|accompaniment",
        tr="danışma|rehberli|sosyal hizmet|vaka yönetim|destek hizmet|görüşme saat",
    ),
    _c(
        "residence_law",
        "field_of_action",
        ("Aufenthaltsrecht", "Residence law", "Oturum hukuku"),
        de="aufenthalt|*aufenthaltsrecht|*ausländerrecht|*asylverfahren|*duldung|*abschiebung|"
        "einbürgerung|staatsangehörigkeit|*ausländerbehörde|arbeitserlaubnis|"
        "beschäftigungserlaubnis|familiennachzug|*bleiberecht|*asylrecht|*migrationsrecht|"
        "visum|visa$|aufenthaltstitel",
        en="residence|right of residence|legal status|asylum procedure|asylum application|"
        "deportation|toleration|tolerated stay|naturali|citizenship|immigration law|"
        "work permit|visa$|visas$|family reunification|immigration office|foreigners authorit|"
        "foreigners office|legal advice",
        tr="iltica süre|iltica prosed|iltica işlem|oturum izni|oturma izni|ikamet|"
        "yabancılar hukuk|göç hukuk|göç yasa|iltica başvuru|sığınma başvuru|sınır dışı|"
        "vatandaşlı|vize$|vizesi|vizeler|çalışma izni|aile birleşim|hukuki statü|yasal statü|"
        "hukuki danışma",
    ),
    # ---------------------------------------------------------------- challenges
    _c(
        "language_barrier",
        "challenge",
        ("Sprachbarrieren", "Language barriers", "Dil engeli"),
        de="kaum deutsch|kaum* deutschkenntnisse|sprechen kein* deutsch$|"
        "nicht deutsch$ sprechen|*sprachbarriere|sprach* barriere|sprach* hürde|*sprachproblem|"
        "sprach* problem|sprach* schwierigkeit|*verständigungsproblem|"
        "*verständigungsschwierigkeit|*verständigungsbarriere|keine deutschkenntnisse|"
        "fehlend* deutschkenntnisse|fehlend* sprachkenntnisse|mangelnd* sprachkenntnisse|"
        "mangelnd* deutschkenntnisse|gering* deutschkenntnisse|kein deutsch$|wenig deutsch$",
        en="little german|hardly any german|hardly speak|barely speak|few spoke german|"
        "speak no german|language barrier|language problem|language difficult|language issue|"
        "linguistic barrier|communication barrier|lack of german|limited german|poor german|"
        "no german|lack of language skills|insufficient language|language obstacle|"
        "do not speak german|don't speak german|doesn't speak german|does not speak german|"
        "cannot speak german|can't speak german",
        tr="dil engel|dil bariyer|dil sorun|dil problem|dil güçlü|dil zorlu|dil yetersiz|"
        "almanca bilme|iletişim engel|dilsel engel|türkçe bilme",
        broader=("language",),
    ),
    _c(
        "competition",
        "challenge",
        ("Konkurrenz zwischen Anbietern", "Competition between providers",
         "Sağlayıcılar arası rekabet"),
        de="*konkurren|konkurrier|wettbewerbsdenken|rivalität|revierdenken|*eigeninteresse",
        en="competitive|competition between|competition among|competition for|competing|"
        "compete|rival|turf|self interest|vested interest|silo",
        tr="yarışıyor|yarışıyorlar|rekabet|çıkar çatışma|kendi çıkar",
    ),
    _c(
        "information_loss",
        "challenge",
        ("Informationsverlust", "Loss of information", "Bilgi kaybı"),
        de="wissen* verloren|geht* verloren|gehen* verloren|verloren* geh|*informationsverlust|"
        "wissensverlust|*informationsdefizit|*informationslücke|informationsmangel|"
        "fehlend* information|mangelnd* information|unzureichend* information|nicht informiert|"
        "information* verloren|information* gehen verloren",
        en="knowledge* lost|gets lost|get lost|got lost|is lost when|are lost when|"
        "loss of information|information loss|lack of information|information gap|"
        "missing information|insufficient information|not informed|uninformed|poorly informed|"
        "knowledge loss|loss of knowledge|lost knowledge|information is lost|"
        "information gets lost|information was lost",
        tr="bilgi kaybol|bilgi kayb|bilgi eksik|bilgi yetersiz|bilgilendirilmem|haberdar değil|"
        "haberdar olmay|bilgi akış* eksik|bilgi kopuk",
    ),
    _c(
        "staff_turnover",
        "challenge",
        ("Personalwechsel & Fluktuation", "Staff turnover & fluctuation",
         "Personel değişimi ve dalgalanma"),
        de="wechselnd* ansprech|wechselnd* personal|wechselnd* mitarbeit|ständig* wechsel|"
        "*fluktuation|*personalwechsel|*mitarbeiterwechsel|häufig* wechsel|*stellenwechsel|"
        "befrist|personell* wechsel|personell* veränderung|*personalabgang",
        en="keep changing|keeps changing|constantly changing|changing contact person|"
        "fluctuation|staff turnover|turnover|staff change|change of staff|changes of staff|"
        "changes in staff|personnel change|staff leaving|high turnover|fixed term|"
        "short term contract|temporary contract",
        tr="değişen muhatap|sürekli değişen|dalgalanma|personel* dalgalan|personel değişi|"
        "personel devir|personel devri|sirkülasyon|çalışan değişi|kadro değişi|eleman değişi|"
        "personel kayb|süreli sözleşme|geçici sözleşme",
    ),
    _c(
        "authorities_bureaucracy",
        "challenge",
        ("Behörden & Bürokratie", "Authorities & bureaucracy", "Resmi kurumlar ve bürokrasi"),
        de="*behörde|*bürokrat|ämter|amtsweg|*verwaltungsaufwand|*verwaltungsverfahren|"
        "antragsverfahren|formular|papierkram|*jobcenter|sozialamt|jugendamt|ordnungsamt|"
        "ausländeramt|gesundheitsamt|*landesamt|bamf|*bundesamt|*ministerium",
        en="government office|public offices|authorit|bureaucra|red tape|paperwork|"
        "administrative hurdle|administrative burden|administrative procedure|job centre|"
        "jobcentre|jobcenter|immigration office|foreigners office|ministr|federal office|"
        "public agenc|government agenc|application procedure",
        tr="resmi daire|bürokra|resmi kurum|kamu kurum|yetkililer|makamlar|makamları|göç idare|"
        "yabancılar şube|bakanlı|iş kurumu|evrak|form doldur|resmi işlem|prosedür|idari",
    ),
    _c(
        "task_delimitation",
        "challenge",
        ("Aufgabenabgrenzung & Zuständigkeiten", "Task delimitation & responsibilities",
         "Görev dağılımı ve sorumluluklar"),
        de="wer ist* zuständig|wer ist wofür|wofür zuständig|aufgabenteilung|"
        "aufgabenverteilung|*aufgabenabgrenzung|abgrenzung|*zuständigkeit|rollenverteilung|"
        "rollenklärung|rollenverständnis|rolle$|rollen$|schnittstelle|verantwortlichkeit|"
        "klar* absprache|kompetenzgerangel|kompetenzstreit|doppelzuständig|aufgabenbereich",
        en="task delimitation|delimitation|division of tasks|division of labour|"
        "division of responsibilit|distribution of tasks|responsibilit|role$|roles$|"
        "role clarity|clarification of roles|clear roles|interface|who is responsible|"
        "overlapping responsibilit|mandate",
        tr="kim* sorumlu|neyden sorumlu|görev dağılım|görev tanım|görev sınır|sorumlulu|yetki$|"
        "yetki alan|yetki karmaş|yetki çatış|rol$|roller|rolü|rolleri|rol dağılım|arayüz|"
        "iş bölümü",
    ),
    _c(
        "parallel_structures",
        "challenge",
        ("Doppelstrukturen & Überschneidungen", "Parallel structures & overlapping offers",
         "Paralel yapılar ve örtüşen hizmetler"),
        de="*doppelstruktur|*parallelstruktur|überschneid|überschnitt|*überangebot|"
        "doppelangebot|*doppelarbeit|doppelt* angebot|*unübersichtlich|fehlend* übersicht|"
        "angebotsdschungel|wildwuchs|nebeneinander her|jeder arbeitet* für sich|unkoordiniert|"
        "zersplitter",
        en="duplicat|overlap|parallel structure|double structure|fragment|lack of overview|"
        "uncoordinated|patchwork|working in isolation|work in isolation",
        tr="mükerrer|örtüş|çakış|paralel yapı|dağınık yapı|dağınık hizmet|parçalanmış|"
        "parçalı yapı|parçalı hizmet|genel bakış eksik|koordinasyonsuz|tekrar eden hizmet",
    ),
    _c(
        "resources_capacity",
        "challenge",
        ("Zeit, Personal & Kapazitäten", "Time, staff & capacity", "Zaman, personel ve kapasite"),
        de="*zeitmangel|zeitressourcen|zeitlich* ressourcen|*personalmangel|überlast|"
        "arbeitsbelastung|arbeitsaufwand|kapazität|ressourcenmangel|knapp* ressourcen|"
        "begrenzt* ressourcen|fehlend* ressourcen|fehlend* personal|*ressourcenknappheit",
        en="lack of time|time constraint|time resource|limited resources|lack of resources|"
        "scarce resources|lack of staff|understaff|staff shortage|shortage of staff|capacit|"
        "workload|overload|overburden|overstretch",
        tr="zaman eksik|zaman yetersiz|zaman kısıt|kapasite|iş yükü|personel eksik|"
        "personel yetersiz|kaynak yetersiz|kaynak eksik|sınırlı kaynak|aşırı yük",
    ),
    _c(
        "prejudice_discrimination",
        "challenge",
        ("Vorurteile & Diskriminierung", "Prejudice & discrimination", "Önyargı ve ayrımcılık"),
        de="*vorurteil|*diskriminier|*rassis|*fremdenfeind|*ausländerfeind|ressentiment|stigma|"
        "*ausgrenzung|benachteilig|hetze|*rechtsextrem|anfeindung|*islamfeind|*muslimfeind|"
        "*antisemit|vorbehalte$",
        en="prejudice|discriminat|racis|xenophob|stereotyp|hostility|resentment|exclusion|"
        "stigma|far right|right wing|islamophob|antisemit|hate$|hate speech|hate crime",
        tr="önyargı|ayrımcı|ırkçı|yabancı düşman|damgala|dışlan|nefret söylem|nefret suç|"
        "kalıp yargı|hoşgörüsüz|aşırı sağ",
    ),
    _c(
        "cultural_differences",
        "challenge",
        ("Kulturelle Unterschiede", "Cultural differences", "Kültürel farklılıklar"),
        de="kulturell* unterschied|*kulturunterschied|kulturell* differenz|"
        "kulturell* missverständnis|*missverständnis|kulturschock|unterschiedlich* kultur|"
        "interkulturell* konflikt|wertvorstellung|*kulturkonflikt",
        en="cultural difference|cultural misunderstanding|misunderstanding|culture clash|"
        "culture shock|cultural barrier|different cultures|cultural norms|"
        "intercultural conflict|different values",
        tr="kültürel fark|kültür fark|kültür çatışma|kültür şoku|yanlış anla|farklı kültür|"
        "değer farklılı",
        excludes=("culture_sports",),
    ),
    _c(
        "covid_pandemic",
        "challenge",
        ("Corona-Pandemie", "COVID-19 pandemic", "Covid-19 salgını"),
        de="corona|covid|pandemie|lockdown|kontaktbeschränkung|*hygienekonzept",
        en="corona|covid|pandemic|lockdown|social distancing|contact restriction",
        tr="korona|covid|pandemi|salgın|karantina|sokağa çıkma",
    ),
    # ---------------------------------------------------------------- topics
    _c(
        "language_mediation",
        "topic",
        ("Sprachmittlung & Dolmetschen", "Language mediation & interpreting",
         "Dil aracılığı ve tercümanlık"),
        de="*sprachmittl|*dolmetsch|übersetz|*übersetzung|*kulturmittl|*integrationsmittl|"
        "mehrsprachig* material|mehrsprachig* informationen",
        en="interpreter|interpreting|translat|language mediat|cultural mediat|"
        "intercultural mediat|community interpret|language assistant|multilingual material",
        tr="tercüman|tercüme|çevirmen|çeviri$|çeviriler|çeviri hizmet|dil arabulucu|"
        "kültür arabulucu|kültürel arabulucu|sözlü çeviri",
        broader=("language",),
    ),
    _c(
        "language_courses",
        "topic",
        ("Sprachkurse & Sprachförderung", "Language courses & language learning",
         "Dil kursları ve dil öğrenimi"),
        de="*sprachkurs|*deutschkurs|*integrationskurs|*sprachunterricht|*deutschunterricht|"
        "*sprachförderung|*sprachlern|*sprachcafé|*sprachtreff|*sprachtandem|deutsch* lernen|"
        "*alphabetisierungskurs|*orientierungskurs|*konversationskurs|*sprachangebot|"
        "*sprachpate|volkshochschule|vhs$",
        en="language course|language class|language lesson|german course|german class|"
        "german lesson|integration course|language learning|language tuition|literacy course|"
        "language café|conversation class|esol$|learn german|learning german",
        tr="dil kurs|almanca kurs|almanca ders|dil ders|entegrasyon kurs|uyum kurs|dil öğren|"
        "almanca öğren|dil kafe|dil eğitim|okuma yazma kurs",
        broader=("language",),
    ),
    _c(
        "coordination",
        "topic",
        ("Koordination & Netzwerkmanagement", "Coordination & network management",
         "Koordinasyon ve ağ yönetimi"),
        de="*koordinat|*koordinier|geschäftsstelle|*netzwerkmanag|netzwerkstelle|*netzwerkbüro|"
        "moderation|moderier",
        en="coordinat|network manag|facilitator|facilitation|moderator|moderated|secretariat|"
        "backbone organi|lead organi|network office",
        tr="koordin|eşgüdüm|ağ yönetim|sekreterya|moderatör|kolaylaştırıcı",
    ),
    _c(
        "information_flow",
        "topic",
        ("Informationsfluss & Kommunikation", "Information flow & communication",
         "Bilgi akışı ve iletişim"),
        de="protokoll|*sitzungsprotokoll|*ergebnisprotokoll|informationsfluss|"
        "*informationsaustausch|informationstransfer|*informationsweitergabe|"
        "*kommunikationsplattform|newsletter|*rundmail|*rundbrief|*verteiler|mailingliste|"
        "*infomail|informationsweiterleitung|transparenz|intern* kommunikation|whatsapp",
        en="meeting minutes|minutes of the|circulat|information flow|flow of information|"
        "exchange of information|information exchange|sharing information|information sharing|"
        "share information|communication platform|internal communication|newsletter|"
        "mailing list|info mail|infomail|transparen|intranet|whatsapp|keep* informed",
        tr="tutanak|bilgi akış|bilgi alışveriş|bilgi paylaş|iletişim platform|iç iletişim|"
        "bilgi posta|bülten|e posta liste|şeffaf|bilgilendir|haberleşme|whatsapp",
    ),
    _c(
        "outreach_access",
        "topic",
        ("Zugang & Erreichbarkeit der Zielgruppe", "Reaching the target group & low threshold",
         "Hedef gruba ulaşma ve düşük eşik"),
        de="schwer zu erreichen|kaum zu erreichen|nur schwer erreich|wo die menschen|"
        "geh struktur|*niedrigschwellig|*niederschwellig|aufsuchend|zugang|zugänge|"
        "zielgruppe* erreich|erreichbar|*erreichbarkeit|erreichen der zielgruppe|"
        "schwer erreichbar|*zielgruppenerreich|vor ort|*streetwork|gehstruktur|*hausbesuch|"
        "barrierefrei|barrierearm|*offene sprechstunde|zielgruppennah|wohnortnah",
        en="reach* refugees|reach* migrants|reach* people|reach* families|reach* women|"
        "reach* newcomers|where people are|where the people are|reaching the target|"
        "reach the target|reach* target group|reach* out|outreach|hard to reach|"
        "difficult to reach|low threshold|low barrier|access$|accessib|easy access|good access|"
        "directly approach|approached directly|home visit|on site|door to door|where they live",
        tr="hedef gruba ulaş|hedef grup* ulaş|ulaşılması zor|ulaşmak zor|erişim|erişileb|"
        "düşük eşik|saha çalış|sahada|yerinde hizmet|yerinde danış|ev ziyaret|ulaşılab",
    ),
    _c(
        "decentralised_offices",
        "topic",
        ("Dezentrale Stadtteil-Anlaufstellen", "Decentralised district & neighbourhood offices",
         "Merkezi olmayan semt ofisleri"),
        de="jede* stadtteil|alle* stadtteile|dezentral|stadtteil|stadtbezirk|quartier|"
        "*sozialraum|kiez|*nachbarschaft|*anlaufstelle|*stadtteilbüro|*außenstelle|"
        "willkommensbüro|vor ort büro",
        en="each district|every district|all districts|districts of the city|"
        "district of the city|decentrali|district office|city district|urban district|"
        "neighbourhood|neighborhood|local contact point|contact point|local office|"
        "branch office|welcome office|community centre|community center",
        tr="merkezi olmayan|yerinden yönetim|mahalle|semt|ilçe|irtibat nokta|başvuru nokta|"
        "şube|hoş geldin ofis|karşılama ofis|toplum merkez",
    ),
    _c(
        "meetings_working_groups",
        "topic",
        ("Treffen, Arbeitsgruppen & Runde Tische", "Meetings, working groups & round tables",
         "Toplantılar, çalışma grupları ve yuvarlak masalar"),
        de="*arbeitsgruppe|*arbeitskreis|*arbeitsgremi|*gremium|*gremien|runde* tisch|*tagung|"
        "*sitzung|*netzwerktreff|treffen$|*jahrestreffen|*arbeitstreffen|*austauschtreffen|"
        "plenum|*versammlung|*konferenz|steuerungsgruppe|lenkungs|jour fixe|*fachtag|"
        "open space|*symposi|panel",
        en="meeting|working group|work group|round table|roundtable|conference|plenary|"
        "assembly|steering group|steering committee|committee|symposi|open space|get together|"
        "task force|forum|panel",
        tr="toplantı|toplanıyor|toplandı|toplanır|çalışma grup|çalışma grub|yuvarlak masa|"
        "konferans|genel kurul|kurul toplant|komisyon|forum|sempozyum|çalıştay|istişare|panel",
    ),
    _c(
        "events_festivals",
        "topic",
        ("Veranstaltungen, Feste & Cafés", "Events, festivals & cafés",
         "Etkinlikler, şenlikler ve kafeler"),
        de="*frühstück|kochabend|gemeinsam* kochen|gemeinsam* essen|*veranstaltung|"
        "*stadtteilfest|*sommerfest|*straßenfest|*nachbarschaftsfest|*begegnungsfest|"
        "*kulturfest|*familienfest|*willkommensfest|*stadtfest|*gemeindefest|*schulfest|"
        "*kinderfest|*grillfest|*herbstfest|*frühlingsfest|*lichterfest|*zuckerfest|*sportfest|"
        "*quartiersfest|*bürgerfest|*vereinsfest|fest der|*festival|*café|*cafe$|*cafés|"
        "*begegnung|*feier$|*feiern$|feierlich|*ausflug|tag der offenen tür|*aktionstag|"
        "markt der möglichkeiten|*ausstellung|*gemeinschaftsgarten|interkulturell* woche",
        en="breakfast|cooking evening|cooking together|iftar|event$|events$|festival|celebrat|"
        "café|cafe$|cafes$|coffee morning|open day|excursion|exhibition|community garden|"
        "intercultural week|job fair|meeting place",
        tr="kahvaltı|iftar|birlikte yemek|etkinli|festival|şenli|kafe$|kafesi|kafede|kafeler|"
        "kafeye|kutlama|buluşma|sergi$|sergiler|sergisi|sergide|gezi|açık gün|pikni|kermes|"
        "toplum bahçe|şölen",
    ),
    _c(
        "public_relations",
        "topic",
        ("Öffentlichkeitsarbeit & Medien", "Public relations & media", "Halkla ilişkiler ve medya"),
        de="sichtbar|*öffentlichkeitsarbeit|öffentlichkeitswirksam|presse$|pressemitteil|"
        "pressearbeit|pressekonferenz|pressebericht|*lokalpresse|tagespresse|*presseerklär|"
        "medien|*zeitung|soziale* medien|*flyer|*broschüre|*plakat|webseite|website|homepage|"
        "internetseite|internetauftritt|internetpräsenz|facebook|instagram|twitter|youtube|"
        "tiktok|*sichtbarkeit|*kampagne|werbung|werbemittel|*infostand|*infomaterial|fernseh|"
        "radio",
        en="visible|public relations|pr work|press$|press release|press conference|press work|"
        "local press|media$|social media|media coverage|newspaper|flyer|leaflet|brochure|"
        "poster|website|web site|homepage|webpage|internet page|internet site|facebook|"
        "instagram|twitter|youtube|tiktok|visibility|publicity|advertis|campaign|radio|"
        "television|tv$|print media",
        tr="görünür|halkla ilişki|basın$|basına|basında|basının|basın bülten|yerel basın|medya|"
        "web sitesi|internet sitesi|ana sayfa|broşür|el ilanı|afiş|gazete|tanıtım|görünürlü|"
        "kamuoyu|reklam$|reklamlar|reklamı|kampanya|radyo|televizyon|facebook|instagram",
    ),
    _c(
        "evaluation",
        "topic",
        ("Evaluation & Monitoring", "Evaluation & monitoring", "Değerlendirme ve izleme"),
        de="wirkung* gemessen|wirkung* messen|*messung|*evaluation|*evaluier|auswert|ausgewert|"
        "*befragung|*umfrage|bericht$|berichte$|berichts|*jahresbericht|*sachbericht|"
        "*tätigkeitsbericht|*abschlussbericht|*zwischenbericht|*statistik|*datenbank|"
        "*monitoring|*qualitätssicherung|qualitätsmanagement|*wirkungsmessung|*wirkungsanalyse|"
        "kennzahl|indikator|zielzahl|*dokumentation|*feedback|rückmeldung|*datenerhebung|"
        "*bedarfsanalyse|*bestandsaufnahme|wissenschaftlich* begleit",
        en="measur* impact|measur* the impact|measur* success|measur* outcome|measure whether|"
        "measure how|doing a good job|how well the network|evaluat|survey|"
        "report$|reports$|reporting|annual report|statistic|database|data base|data collection|"
        "monitoring|quality assurance|quality management|impact assessment|impact measurement|"
        "indicator|target figure|feedback|documentation|needs assessment|needs analysis|"
        "questionnaire|assessment|benchmark",
        tr="etki* ölç|başarı* ölç|ölçüm|ölçme|değerlendir|anket|rapor|istatisti|veri taban|"
        "veritaban|veri topla|izleme ve|izleme sistem|monitoring|kalite güvence|kalite yönetim|"
        "geri bildirim|etki ölçüm|etki analiz|gösterge|hedef rakam|ihtiyaç analiz|belgeleme|"
        "dokümantasyon",
    ),
    _c(
        "sustainability",
        "topic",
        ("Nachhaltigkeit & Verstetigung", "Sustainability & long-term perspective",
         "Sürdürülebilirlik ve süreklilik"),
        de="ausläuft|auslaufen|ausgelaufen|läuft* aus$|nach* projektende|nach ende des projekt|"
        "nach auslaufen|*nachhaltig|langfristig|dauerhaft|verstetig|*kontinui|regelbetrieb|"
        "*regelfinanzierung|*regelstruktur|auf dauer|zukunftsfähig|*anschlussfinanzierung|"
        "fortbestand|weiterführung|*verankerung|verankert|projektende",
        en="after the project ends|project ends|sustainab|long term|long lasting|"
        "in the long run|continuity|continuous|permanent|regular operation|regular funding|"
        "institutionali|mainstream|anchored|embedded|follow up funding|durable|lasting|"
        "end of the project|after the project",
        tr="proje* bit* sonra|projeden sonra|proje süresi* sonra|sürdürülebilir|uzun vade|"
        "uzun süreli|kalıcı|süreklili|kurumsallaş|devamlılı|proje sonrası|düzenli işleyiş",
    ),
    _c(
        "transferability",
        "topic",
        ("Übertragbarkeit", "Transferability to other municipalities",
         "Diğer belediyelere aktarılabilirlik"),
        de="*übertragbar|übertragung auf|auf andere* kommune|andere* kommunen|andere* städte|"
        "andere* gemeinden|andere* landkreise|andere* regionen|*vorbild|*modellprojekt|"
        "modellhaft|modellcharakter|*modellkommune|nachahm|blaupause|skalier",
        en="transferab|transferring the|transfer to other|transferred to other|"
        "other municipalities|other cities|other towns|other regions|other districts|"
        "other communities|other local authorities|role model|model for|model project|"
        "blueprint|replica|replicat|scalab|scaling up|scale up|applied in other|"
        "applied elsewhere|applicable to other",
        tr="aktarılab|diğer belediye|diğer şehir|diğer kent|başka belediye|başka şehir|"
        "başka kent|diğer bölge|rol model|örnek teşkil|uygulanab|yaygınlaştır|model proje|"
        "pilot proje|transfer edil",
    ),
    _c(
        "awards",
        "topic",
        ("Auszeichnungen & Preise", "Awards & prizes", "Ödüller"),
        de="*auszeichnung|ausgezeichnet mit|ausgezeichnet als|*preisträger|*integrationspreis|"
        "förderpreis|*bürgerpreis|*engagementpreis|*innovationspreis|*demokratiepreis|"
        "sonderpreis|preisgeld|preisgekrönt|preisverleihung|wettbewerb|+wettbewerb|verliehen|"
        "ehrung",
        en="award|prize|honoured with|honored with|recognised with|recognized with|accolade|"
        "federal competition|national competition|state competition|laureate",
        tr="ödül|yarışma|birincili|takdirname|unvan|plaket",
    ),
    _c(
        "municipality",
        "topic",
        ("Kommune & Stadtverwaltung", "Municipality & city administration",
         "Belediye ve şehir yönetimi"),
        de="kommune|kommunal|*stadtverwaltung|*kreisverwaltung|*gemeindeverwaltung|"
        "öffentlich* verwaltung|verwaltung|rathaus|*bürgermeister|stadtrat|stadträt|"
        "gemeinderat|kreistag|*landrat|landkreis|gemeinde|städtisch|*integrationsbeauftragt|"
        "*ausländerbeauftragt|*integrationsbeirat|*ausländerbeirat|*migrationsbeirat|*dezernat|"
        "öffentliche hand",
        en="municipal|city administration|city council|town council|local authorit|"
        "local government|mayor|city hall|town hall|public administration|administrative bod|"
        "district council|county council|integration commissioner|integration officer|"
        "commissioner for foreigners|advisory council|migration council",
        tr="belediye|yerel yönetim|şehir yönetim|kent yönetim|kamu yönetim|idari organ|"
        "kent konsey|valili|kaymakamlı|yabancılar meclis|göçmen meclis|uyum müdürlüğü",
    ),
    _c(
        "trust_common_goals",
        "topic",
        ("Vertrauen, gemeinsame Ziele & Wertschätzung", "Trust, common goals & appreciation",
         "Güven, ortak hedefler ve takdir"),
        de="an einem strang|gleiche* richtung|gleichen strang|vertrauen|vertrauensvoll|"
        "gegenseitig|gemeinsam* ziel|gemeinsam* anliegen|gemeinsam* mission|gemeinsam* vision|"
        "gemeinsam* verständnis|gemeinsam* werte|gleich* ziel|*wertschätz|anerkennung|respekt|"
        "augenhöhe|verlässlich|zusammenhalt|wir gefühl|partnerschaftlich|konsens|win win|"
        "mehrwert",
        en="same direction|pull together|pulling together|trust$|trusted|trusting|trustful|"
        "trustworthy|mutual|common goal|common mission|common aim|common vision|common purpose|"
        "common understanding|common interest|shared goal|shared vision|shared mission|"
        "shared values|same goal|same aim|appreciat|respect$|respected|respectful|eye level|"
        "reliab|team spirit|win win|added value|consensus|partnership|commitment",
        tr="aynı yön|güven$|güveni|güvene$|güvenin|güvende|güvendir|güvenle|güven duy|"
        "güven ortam|güven ilişki|güven inşa|güven oluştur|karşılıklı|ortak hedef|ortak amaç|"
        "ortak misyon|ortak vizyon|ortak değer|aynı hedef|aynı amaç|takdir|saygı|dayanışma|"
        "uzlaşı|kazan kazan|katma değer|ortaklı",
    ),
    _c(
        "flexibility_change",
        "topic",
        ("Flexibilität & Veränderungsbereitschaft", "Flexibility & willingness to change",
         "Esneklik ve değişime açıklık"),
        de="offen für neu|offenheit|flexib|anpassungsfähig|anpass|angepasst|"
        "*veränderungsbereitschaft|wandlungsfähig|offen für* veränderung|neue wege|"
        "*veränderungsprozess|weiterentwickl|lernend* organisation|schnell* reagier",
        en="open to new|openness to new|openness|flexib|adapt|adjust|willingness to change|"
        "openness to change|open to change|change process|changing needs|"
        "changing circumstances|respond* quickly|agile|learning organi|further develop|evolv|"
        "readjust",
        tr="yeniliklere açık|yeniliğe açık|yeni fikirlere açık|esnek|uyarla|adapte|"
        "değişime açık|değişme isteklili|değişim isteklili|değişim süreç|değişen ihtiyaç|"
        "ayarlama",
    ),
    _c(
        "member_acquisition",
        "topic",
        ("Mitgliedergewinnung & Wachstum", "Member acquisition & network expansion",
         "Üye kazanımı ve ağın genişlemesi"),
        de="*mitgliedergewinnung|neu* mitglied|neu* partner|neu* akteur|akquise|akquir|"
        "*gewinnung|erweiter|netzwerkausbau|ausgebaut|wachstum|gewachsen|mitglieder* gewinn|"
        "*anwerbung|rekrutier|beitritt|*neumitglied|*mitgliederzuwachs",
        en="member acquisition|acquisition of|acquiring new|new members|new partners|"
        "new actors|recruit|expan|growth|grew$|enlarg|join the network|joined the network|"
        "joining the network|attract* new|win* new|gain* new|membership",
        tr="üye kazan|yeni üye|üye sayısı|yeni ortak|yeni paydaş|genişle|genişlet|büyüme|"
        "ağa katıl|üye ol|işe alım|gönüllü kazan|gönüllü bul",
    ),
    _c(
        "training_qualification",
        "topic",
        ("Fortbildung & Qualifizierung", "Training & qualification of staff",
         "Eğitim ve nitelik geliştirme (personel)"),
        de="*fortbildung|*weiterbildung|*schulung|*qualifizier|qualifikation|fachtag|*seminar|"
        "*workshop|coaching|supervision|interkulturell* kompetenz|*kompetenztraining|"
        "*sensibilisierung|training|lehrgang",
        en="training|further training|qualification|workshop|seminar|coaching|supervision|"
        "capacity building|professional development|skills development|specialist day|"
        "intercultural competenc|upskill|sensitisation|sensitization|train the trainer",
        tr="eğitimler|eğitimleri|eğitim verildi|eğitim veril|hizmet içi eğitim|"
        "daha fazla eğitim|mesleki gelişim|seminer|atölye|çalıştay|sertifika|yeterlili|"
        "uzmanlık gün|koçlu|süpervizyon|eğitmen|eğitim semineri",
    ),
    _c(
        "knowledge_exchange",
        "topic",
        ("Erfahrungs- & Wissensaustausch", "Exchange of experience & knowledge",
         "Deneyim ve bilgi alışverişi"),
        de="*erfahrungsaustausch|austausch|*wissenstransfer|wissensaustausch|fachaustausch|"
        "voneinander* lern|voneinander* profitier|kollegial* beratung|bündelung|synergie|"
        "*expertise|fachwissen|know-how|*diskussionskultur|offen* diskussion",
        en="exchange of experience|exchange of knowledge|knowledge exchange|knowledge transfer|"
        "transfer of knowledge|sharing of experience|shar* experience|share knowledge|exchange|"
        "learn from each other|learning from each other|peer learning|expertise|know-how|"
        "synerg|bundling|pooling|open discussion|discussion culture",
        tr="deneyim alışveriş|deneyim paylaş|tecrübe paylaş|tecrübe aktar|bilgi transfer|"
        "bilgi ve deneyim|uzmanlı|birbirinden öğren|birbirinden yararlan|sinerji|açık tartışma|"
        "fikir alışveriş|kaynak* birleştir",
    ),
    _c(
        "network_setup",
        "topic",
        ("Netzwerkgründung & Aufbau", "Setting up a network", "Ağın kurulması"),
        de="gründung|gegründet|*netzwerkgründung|*gründungsphase|aufbau|aufgebaut|anfangsphase|"
        "*startphase|ins leben gerufen|initiier|auftakt|*pilotprojekt|zu beginn|am anfang",
        en="founded|foundation of the network|founding of|founding phase|set up$|setup$|"
        "setting up|establishment of|establishing|launch|initiated|initiating|pilot project|"
        "start up phase|initial phase|at the beginning|in the beginning|first steps|"
        "getting started|start a network|starting a network|build* a network",
        tr="kuruldu|kurulma|kuruluş aşama|ağ kur|başlangıç|ilk adım|pilot proje|hayata geçir|"
        "başlatıl",
    ),
    _c(
        "participation",
        "topic",
        ("Partizipation & Beteiligung", "Participation & involvement", "Katılım"),
        de="mitentscheid|mitsprache|*partizipation|*beteiligung|mitwirkung|mitbestimm|"
        "*teilhabe|*einbindung|einbezieh|mitmach|empowerment|*selbsthilfe|teilnahme",
        en="have a say|a say in|a voice in|participat|involvement|involve|empower|self help|"
        "co determination|co design|codesign|input from|lack of input",
        tr="katılım|katılma|dahil etme|dahil ol|güçlenme|kendi kendine yardım|girdi eksik|"
        "girdi sağla|girdisi|söz hakkı|karar süreç",
    ),
    _c(
        "mentoring",
        "topic",
        ("Patenschaften, Lotsen & Mentoring", "Mentoring, sponsorships & guides",
         "Mentorluk ve rehberlik programları"),
        de="*patenschaft|paten$|+paten$|*lotse|*lotsin|*mentor|*tandem|buddy|stadtteilmütter|"
        "*begleiter",
        en="mentor|buddy|buddies|godparent|integration guide|integration pilot|"
        "neighbourhood mother|district mother|tandem|one to one support|peer support|"
        "befriending",
        tr="mentor|hamilik|eşlik|eşliğ|tandem|akran|birebir|mahalle anne",
    ),
    _c(
        "digital_tools",
        "topic",
        ("Digitale Werkzeuge & Online-Formate", "Digital tools & online formats",
         "Dijital araçlar ve çevrimiçi formatlar"),
        de="digital|online|*videokonferenz|videocall|zoom$|webinar|app$|apps$|messenger",
        en="digital|online|video conferenc|video call|zoom$|webinar|virtual|app$|apps$|"
        "messenger|remote meeting|remote work|e learning|hybrid",
        tr="görüntülü|dijital|çevrimiçi|online|video konferans|sanal|webinar|mobil uygulama|"
        "uzaktan",
    ),
    _c(
        "funding",
        "topic",
        ("Finanzierung & Fördermittel", "Funding & finance", "Finansman ve fonlar"),
        de="förderung durch|förderung läuft|förderung endet|förderung ausläuft|"
        "förderung des landes|förderung des bundes|förderung aus|förderung beantrag|"
        "förderung erhalten|ende der förderung|förderzusage|förderung über|förderung von bund|"
        "*finanzierung|finanz|*finanziert|*fördermittel|*fördergeld|*förderprogramm|gefördert|"
        "*förderrichtlinie|förderzeitraum|förderphase|förderperiode|*projektförderung|"
        "*zuschuss|*zuschüsse|*zuwendung|spende|+spende$|+spenden$|sponsor|*stiftung|geld|"
        "*geldgeber|budget|haushaltsmittel|mittel des|mittel der|mittel aus|eigenmittel|"
        "drittmittel|bundesmittel|landesmittel|eu mittel|esf$|amif$|kosten$|+kosten$|"
        "kostenträger|+honorar|honorar$|honorare|honorarkraft|honorarbasis|"
        "aufwandsentschädigung|kürzung|sparmaßnahm|*förderantrag|projektantrag|anträge für|"
        "anträge beim|*fundraising|crowdfunding",
        en="funding|funded|funds$|fund$|fundrais|co fund|cofund|financ|budget|money|donation|"
        "pay for|pays for|paid for|paying for|who pays|"
        "donat|donor|subsidy|subsidie|subsidis|subsidiz|grant$|grants$|sponsor|cost$|costs$|"
        "costly|expense|remunerat|honorari|fee$|fees$|third party fund|esf$|amif$|paid staff|"
        "paid position",
        tr="finansman|finanse|finansal|mali destek|mali kaynak|mali yardım|mali sorun|maliyet|"
        "bütçe|para$|parası|paranın|parasal|para yardım|bağış|hibe|sübvansiyon|ödene|fon$|"
        "fonlar|fonu$|fonun|fondan|fona$|sponsor|harcama|masraf|ücret|proje başvuru",
    ),
    # ---------------------------------------------------------------- coordination models
    _c(
        "coordination_municipal",
        "coordination",
        ("Koordination durch die Kommune", "Municipality-led coordination",
         "Belediye koordinasyonu"),
        de="kommunal* koordin|städtisch* koordin|koordin* durch* die* stadt|"
        "koordin* durch* die* kommune|koordin* von der stadt|stadt koordin|kommune koordin|"
        "kommunal* integrationszentrum|*integrationsbüro|stabsstelle|"
        "kommunal* integrationsmanag",
        en="coordinated by the city|coordinated by the municipality|"
        "coordinated by the municipal|coordination by the city|"
        "coordination by the municipality|municipal coordination|municipality led|city led|"
        "led by the city|led by the municipality|municipal administration of|"
        "municipal integration office|office of the city",
        tr="belediye tarafından koordin|belediye koordin|belediyenin koordin|"
        "şehir tarafından koordin|belediye öncülüğ|belediye liderliğ|belediye yönetiminde|"
        "belediye idaresi",
        broader=("coordination", "municipality"),
    ),
    _c(
        "coordination_ngo_on_behalf",
        "coordination",
        ("Koordination durch einen Träger im Auftrag der Stadt",
         "NGO coordination on behalf of the city", "Belediye adına STK koordinasyonu"),
        de="im auftrag der stadt|im auftrag der kommune|im auftrag der gemeinde|"
        "im auftrag des landkreis|auftraggeber ist|trägerschaft|beauftragt* träger|"
        "von der stadt beauftragt|von der kommune beauftragt",
        en="on behalf of the city|on behalf of the municipality|on behalf of the town|"
        "on behalf of the county|on behalf of the district|commissioned by the city|"
        "commissioned by the municipality|mandated by the city|contracted by the city|"
        "ngo coordinat|coordination by an ngo|coordinated by an ngo",
        tr="şehir adına|belediye adına|kent adına|belediye tarafından görevlendiril|"
        "stk tarafından koordin",
        broader=("coordination",),
    ),
    _c(
        "coordination_none",
        "coordination",
        ("Ohne koordinierende Stelle", "No coordinating organisation", "Koordinatörsüz ağ"),
        de="ohne* koordination|ohne* koordinator|ohne* koordinierung|keine koordinierende|"
        "keine* koordin|ohne koordin|ohne zentral* koordin|keine zentral* koordin|"
        "rotierend* koordin|wechselnd* koordin|rotierend* vorsitz|wechselnd* vorsitz|"
        "selbstorganisiert* netzwerk",
        en="without coordination|without any coordinat|no coordinat|no central coordinat|"
        "without a coordinat|without coordinat|without central coordinat|"
        "without a central coordinat|no lead organi|no formal coordinat|rotating coordinat|"
        "rotating chair|self organised network|self organized network",
        tr="koordinasyon* olmadan|koordinatör* olmadan|koordinasyonsuz|koordinatör kurum yok|"
        "koordinatör yok|koordine eden kurum yok|koordinatörü olmayan|koordinatörsüz|"
        "merkezi koordinasyon olmadan|koordinatör olmadan|dönüşümlü",
        excludes=("coordination", "coordination_municipal", "coordination_ngo_on_behalf"),
    ),
    # ---------------------------------------------------------------- formalisation
    _c(
        "formal_agreement",
        "formalisation",
        ("Formelle Kooperationsvereinbarung", "Formal cooperation agreement",
         "Resmi işbirliği anlaşması"),
        de="*kooperationsvereinbarung|kooperationsvertrag|*zielvereinbarung|"
        "*rahmenvereinbarung|schriftlich* vereinbarung|formal* vereinbarung|formell|formal$|"
        "formale$|formalen$|formaler$|formalisiert|vertraglich|geschäftsordnung|satzung|"
        "*bereitschaftserklärung|*absichtserklärung|*kooperationserklärung|verbindlich|"
        "rechtsform",
        en="signed an agreement|signed a contract|signed a cooperation|formal cooperation|"
        "formal agreement|formal contract|formalised|formalized|formally|cooperation agreement|"
        "cooperation contract|written agreement|contractual|memorandum of understanding|"
        "letter of intent|rules of procedure|statute|terms of reference|"
        "declaration of commitment|declaration of intent",
        tr="yazılı bir anlaşma|anlaşma imzala|sözleşme imzala|resmi işbirliği|"
        "işbirliği anlaşma|işbirliği protokol|işbirliği sözleşme|resmi anlaşma|yazılı anlaşma|"
        "ortaklık sözleşme|resmi sözleşme|protokol$|protokolü|protokol imza|niyet beyan|tüzük|"
        "iç yönetmelik|bağlayıcı|resmileştir",
    ),
    _c(
        "informal_cooperation",
        "formalisation",
        ("Informelle Zusammenarbeit", "Informal cooperation", "Gayri resmi işbirliği"),
        de="ohne* absprache* schriftlich|informell|lose* kooperation|lose* zusammenarbeit|"
        "lose* netzwerk|lose* verbund|ohne* formal|ohne formal* vereinbarung|"
        "ohne* kooperationsvereinbarung|ohne* vertrag|ohne schriftlich* vereinbarung|"
        "unverbindlich|auf zuruf|persönlich* kontakt|handschlag",
        en="without a contract|without contract|without any contract|without an agreement|"
        "informal|loose cooperation|loose network|loosely|without formal|without a formal|"
        "without formal* cooperation agreement|without a formal* cooperation agreement|"
        "without formal* agreement|without a written|without written|no formal|"
        "no formal* cooperation agreement|no formal* agreement|non binding|soft formal|"
        "soft formal* agreement|handshake|personal contacts|personal relationships|ad hoc",
        tr="sözleşme olmadan|sözleşmesiz|anlaşma olmadan|gayri resmi|gayriresmi|resmi olmayan|"
        "enformel|informal|gevşek|kişisel ilişki|kişisel temas|"
        "resmi* işbirliği* anlaşma* olmadan|resmi* anlaşma* olmadan|"
        "işbirliği* anlaşma* olmadan|resmi* anlaşma* olmaksızın",
        excludes=("formal_agreement",),
    ),
    # ---------------------------------------------------------------- size of town
    _c(
        "large_city",
        "size",
        ("Großstadt", "Large city", "Büyükşehir"),
        de="großstadt|*großstädt|metropol|ballungsraum|ballungsgebiet|landeshauptstadt|"
        "millionenstadt|stadtstaat|groß* stadt|groß* städte",
        en="large cit|big cit|major cit|large urban|metropol|urban area|urban centre|"
        "urban center|conurbation|agglomeration|city state|capital city|state capital|"
        "large municipalit",
        tr="büyükşehir|büyük şehir|büyük kent|metropol|kentsel alan|eyalet başkent|başkent|"
        "milyonluk",
    ),
    _c(
        "mid_size_town",
        "size",
        ("Mittelstadt", "Mid-size town", "Orta büyüklükte şehir"),
        de="mittelstadt|mittelstädt|mittelgroß* stadt|mittelgroß* städte|mittelgroß* kommune|"
        "mittelgroß* gemeinde|mittelzentrum|mittlere* stadt|mittlere* städte",
        en="mid size|midsize|medium sized town|medium sized cit|medium sized municipal|"
        "medium size town|medium size cit|medium town",
        tr="orta büyüklük|orta ölçekli şehir|orta ölçekli kent|orta ölçekli belediye|"
        "orta boy şehir",
    ),
    _c(
        "small_town",
        "size",
        ("Kleinstadt", "Small town", "Küçük kasaba"),
        de="kleinstadt|kleinstädt|klein* stadt|klein* städte|klein* gemeinde|klein* kommune",
        en="small town|small cit|small municipalit|small communit|little town|smaller town|"
        "market town",
        tr="küçük kasaba|kasaba|küçük şehir|küçük kent|küçük belediye|küçük ilçe|belde",
    ),
    _c(
        "rural_area",
        "size",
        ("Ländlicher Raum", "Rural area", "Kırsal bölge"),
        de="ländlich|*landkreis|landgemeinde|dorf|dörfer|dörflich|*flächenland|flächenkreis|"
        "strukturschwach|peripher|auf dem land|landbevölkerung|abgelegen",
        en="rural|countryside|village|county|remote area|sparsely populated|peripheral",
        tr="kırsal|köy$|köyler|köylerde|köyde|köylü|taşra|uzak bölge|seyrek nüfus",
    ),
    # ---------------------------------------------------------------- question intents
    _c(
        "intent_challenges",
        "intent",
        ("Probleme & Herausforderungen", "Problems & challenges", "Sorunlar ve zorluklar"),
        de="lief* schlecht|nicht funktioniert|nicht geklappt|lief nicht gut|liefen nicht gut|"
        "problem|schwierig|*herausforderung|*hürde|*hindernis|stolperstein|hemmnis|schief|"
        "fehler|scheiter|misserfolg|*konflikt|schwachstelle|engpass|engpässe|mangel|fehlend|"
        "vermeid|worauf achten|*risik|stolper",
        en="went badly|go badly|did not work|didn't work|not work well|not working|problem|"
        "difficult|challeng|obstacle|hurdle|barrier|lessons learn|lesson learn|pitfall|"
        "went wrong|go wrong|goes wrong|fail|mistake|issue$|issues$|bottleneck|conflict|risk|"
        "avoid|weakness|lack$|lack of|lacking|struggl|hard to|trouble|shortcoming|drawback",
        tr="kötü git|işe yarama|sorun|zorlu|zor$|zorlan|güçlük|güçlüğ|engel|problem|sıkıntı|"
        "aksaklı|öğrenilen ders|hata|başarısız|risk|eksik|yetersiz|çatışma|kaçın|darboğaz|"
        "mücadele",
    ),
    _c(
        "intent_success",
        "intent",
        ("Was funktioniert & Erfolgsfaktoren", "What works & success factors",
         "İşe yarayanlar ve başarı faktörleri"),
        de="erfolg$|erfolge$|erfolges|erfolgs|erfolgreich|gelingen|gelingt|gelungen|"
        "funktioniert gut|gut funktionier|bewährt|gute* beispiel|gute* praxis|best practice|"
        "wirksam|positiv* erfahrung|klappt|geklappt",
        en="success$|successes|successful|succeed|what works|works well|worked well|work well|"
        "working well|effective|good example|best practice|good practice|strength$|strengths|"
        "key factor|positive experience|proven|achievement|achieve",
        tr="başar|işe yar|iyi işle|iyi uygulama|iyi örnek|etkili|güçlü yön|olumlu deneyim|"
        "kanıtlanmış",
    ),
    _c(
        "intent_transfer",
        "intent",
        ("Übertragbarkeit auf die eigene Kommune", "Transfer to my municipality",
         "Kendi belediyeme aktarım"),
        # Only explicit transfer questions: "our town" alone describes a situation.
        de="übertrag|nachahm|nachmachen|*anwendbar|bei uns funktionier|bei uns umsetz|"
        "bei uns auch|auf uns übertrag|umsetzbar|kopier",
        en="transferab|transfer it|transfer this|transfer the approach|transfer to|"
        "transferred to|transferring the|replicat|adopt|apply this|apply it|could be applied|"
        "work for us|work in our|work in a town like|work in a city like|work elsewhere|"
        "do this in our|do that in our|do the same in our",
        tr="aktar|aktarılab|uyarlan|uygulanab|bizde de işe|bizde işe|bizim gibi bir|"
        "bizim kasabada da|bizim şehirde de|bizde de yap|bizde de uygula|"
        "örnek al$|örnek alın|örnek almak|örnek alabil|model al$|model alın|model almak|"
        "model alabil|benimse",
    ),
    _c(
        "intent_howto",
        "intent",
        ("Wie vorgehen?", "How to do it", "Nasıl yapılır?"),
        de="wie gründet|wie startet|wie beginnt|wie fängt|wie bildet|wie richtet|wie bekommt|"
        "wie findet|wie kann|wie können|wie könnte|wie gelingt|wie schafft|wie schaffen|"
        "wie geht|wie baut|wie organisiert|wie finanziert|wie erreicht|wie gewinnt|wie man|"
        "wie sollte|wie soll|wie macht|wie funktioniert|auf welche weise|tipps|anleitung|"
        "leitfaden|vorgehen|schritte|empfehl|ratschl",
        en="how can|how could|how do|how does|how did|how to|how should|how is it|how are|"
        "how have|how has|how would|what can|what should|tips$|recommend|step by step|steps to|"
        "guideline|best way",
        tr="nasıl|ne yapmalı|ne yapabil|öneri|tavsiye|ipucu|ipuçlar|adım adım|hangi adım|"
        "yol harita|kılavuz",
    ),
    _c(
        "intent_contact",
        "intent",
        ("Ansprechpartner & Kontakt", "Contact person & details", "İletişim bilgileri"),
        de="*ansprechpartner|ansprechperson|kontaktperson|kontaktdaten|kontakt$|kontaktadresse|"
        "e mail|telefon$|telefonnummer|telefonisch|per telefon|an wen$|wen kann ich|adresse",
        en="contact person|contact details|contact information|contact info|contact address|"
        "get in touch|who to contact|whom to contact|who can i contact|e mail|phone number|"
        "telephone|by phone|postal address",
        tr="iletişim bilgi|irtibat kişi|e posta|telefon$|adres|kime başvur|kiminle iletişim|"
        "yetkili kişi|telefon numara|telefonla",
    ),
    _c(
        "intent_facts",
        "intent",
        ("Eckdaten", "Key facts", "Temel bilgiler"),
        de="gegründet|gründungsjahr|gründungsdatum|seit wann|wann wurde|wann startete|wann begann|"
        "wie viele mitglied|wie viele akteur|wie viele partner|wie groß ist das netzwerk|wer koordiniert|"
        "wer leitet|wer steuert|wer gehört|wer ist mitglied|welche organisationen gehör|"
        "welche mitglieder|in welchen handlungsfeld|an wen richtet|welche zielgruppen",
        en="founded|founding year|when did|when was|since when|how many members|how many partners|"
        "how many organisations|how many organizations|how big is the network|who coordinates|"
        "who runs|who leads|who is in charge|which organisations belong|which organizations belong|"
        "who are the members|who belongs|what fields|which fields|which target groups|who is it for",
        tr="ne zaman kurul|kuruldu|kuruluş yıl|kaç üye|kaç ortak|kaç kurum|kim koordine|kim yönet|"
        "kimler üye|hangi kurumlar|hangi kuruluşlar|üyeleri kim|hangi alanlarda|hangi hedef grup",
    ),
    _c(
        "intent_overview",
        "intent",
        ("Überblick", "Overview", "Genel bakış"),
        de="worum geht es|was macht das netzwerk|was tut das netzwerk|ziel des netzwerk|"
        "ziele des netzwerk|ziel$ und zweck|kurz beschreib|kurz erklär|im überblick|überblick$|"
        "aufgaben des netzwerk|aufgabenbereich|was ist das netzwerk",
        en="what is the network|what does the network do|what do they do|what is it about|"
        "aim of the|aims of the|goal of the|goals of the|mission$|purpose|overview|in a nutshell|"
        "briefly describe|describe the network|trying to achieve",
        tr="amacı ne|amacı nedir|amaçları|hedefi ne|kısaca anlat|kısaca açıkla|ne yapıyor|"
        "genel bakış|görevleri ne|ne iş yapıyor",
    ),
)

CONCEPTS: Final[Mapping[str, Concept]] = MappingProxyType({c.id: c for c in _VOCABULARY})


def concepts_of_kind(kind: str) -> list[Concept]:
    """All concepts of ``kind`` in definition order; ``ValueError`` for unknown kinds."""
    if kind not in KINDS:
        raise ValueError(f"unknown concept kind {kind!r}; expected one of {KINDS}")
    return [c for c in CONCEPTS.values() if c.kind == kind]


# --------------------------------------------------------------------------
# Term compilation: one trie regex for word-start terms, one for infix terms
# --------------------------------------------------------------------------

_SEP: Final = "\x00SEP"
_WILD: Final = "\x00WILD"
_END: Final = "\x00END"
_INSIDE: Final = "\x00INSIDE"
_HYPHEN: Final = "\x00HYPHEN"
_TOKEN_RE: Final = {
    _SEP: r"[\s_/'\-]*",
    _HYPHEN: r"-?",
    _WILD: r"\w*",
    _END: r"(?!\w)",
    _INSIDE: r"(?<=\w)",
}
# Emission order of a node's children: letters first (the longer word wins), then
# wildcard phrases (usually the more specific ones: "resmi* ... olmadan"), then
# separators, and the word-end check last. A node's own term end comes after all.
_TOKEN_ORDER: Final = {_INSIDE: 0, _WILD: 2, _HYPHEN: 3, _SEP: 3, _END: 4}


def _tokenize(term: str) -> tuple[bool, tuple[str, ...]]:
    """Parse a term into (infix?, tokens). The term must be folded already."""
    text = term.strip()
    infix = False
    tokens: list[str] = []
    if text[:1] == "*":
        infix, text = True, text[1:]
    elif text[:1] == "+":
        infix, text = True, text[1:]
        tokens.append(_INSIDE)
    end = text.endswith("$")
    if end:
        text = text[:-1]
    for ch in text:
        if ch in " '":
            if tokens and tokens[-1] not in (_SEP, _HYPHEN):
                tokens.append(_SEP)
        elif ch == "-":
            if tokens and tokens[-1] not in (_SEP, _HYPHEN):
                tokens.append(_HYPHEN)
        elif ch == "*":
            if tokens and tokens[-1] not in (_WILD, _SEP):
                tokens.append(_WILD)
        elif ch.isspace():
            continue
        else:
            tokens.append(ch)
    while tokens and tokens[-1] in (_SEP, _WILD, _HYPHEN):
        tokens.pop()
    if end:
        tokens.append(_END)
    if not any(len(t) == 1 for t in tokens):
        raise ValueError(f"term has no letters: {term!r}")
    return infix, tuple(tokens)


class _Node:
    __slots__ = ("children", "ends")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.ends: set[str] = set()


def _child_key(token: str) -> tuple[int, str]:
    return (_TOKEN_ORDER.get(token, 1), token)


def _closure(ids: set[str]) -> frozenset[str]:
    out: set[str] = set()
    stack = list(ids)
    while stack:
        cid = stack.pop()
        if cid not in out:
            out.add(cid)
            stack.extend(CONCEPTS[cid].broader)
    return frozenset(out)


def _emit(root: _Node, groups: list[frozenset[str]] | None) -> str:
    """Regex for the trie.

    With ``groups``, every term end is an empty capturing group ``()`` and
    ``groups[i]`` receives the concept ids of group ``i + 1``: the term's own
    concepts, those of shorter terms on the same path that end on a word
    boundary (they match at the same place too), and their broader concepts.
    Without ``groups`` the same regex is built without any group (for scanning).
    """

    def emit(node: _Node, inherited: frozenset[str]) -> str:
        word_ends = set(node.ends)
        end_child = node.children.get(_END)
        if end_child is not None:
            word_ends |= end_child.ends
        alts: list[str] = []
        for token in sorted(node.children, key=_child_key):
            child = node.children[token]
            if token in (_SEP, _HYPHEN):
                passed = inherited | word_ends
            elif token == _END:
                passed = inherited | node.ends
            else:
                passed = inherited
            pattern = _TOKEN_RE.get(token) or re.escape(token)
            alts.append(pattern + emit(child, frozenset(passed)))
        if node.ends:
            if groups is not None:
                groups.append(_closure(set(node.ends) | inherited))
                alts.append("()")
            else:
                alts.append("")
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"

    return emit(root, frozenset())


def _is_word(ch: str) -> bool:
    """Python's ``\\w`` for one character."""
    return ch.isalnum() or ch == "_"


class _TrieMatcher:
    """All matches of one trie in folded text.

    A group-free regex finds, at every candidate start, the stretch the first
    matching path consumes; which terms (hence concepts) that path ends in is
    resolved by the same regex with one empty group per term end, run once per
    distinct (word char before?, stretch, word char after?) and cached: which
    path is taken depends only on those three (terms contain no ``_``, so a
    path cannot look further than one character past the stretch).
    """

    _CACHE_LIMIT: Final = 100_000

    def __init__(self, root: _Node, anchor: str) -> None:
        groups: list[frozenset[str]] = []
        self.scan = re.compile(anchor + "(?=(" + _emit(root, None) + "))")
        self.resolve = re.compile(anchor + _emit(root, groups))
        self.groups: tuple[frozenset[str], ...] = tuple(groups)
        self.cache: dict[str, frozenset[str]] = {}

    def finditer(self, folded: str) -> Iterator[tuple[int, int, frozenset[str]]]:
        cache = self.cache
        n = len(folded)
        for m in self.scan.finditer(folded):
            start, end = m.span(1)
            before = "_" if start > 0 and _is_word(folded[start - 1]) else " "
            after = "_" if end < n and _is_word(folded[end]) else " "
            key = before + m.group(1) + after
            ids = cache.get(key)
            if ids is None:
                ids = self._resolve(folded, start, end)
                if len(cache) >= self._CACHE_LIMIT:
                    cache.clear()
                cache[key] = ids
            if ids:
                yield start, end, ids

    def _resolve(self, folded: str, start: int, end: int) -> frozenset[str]:
        m = self.resolve.match(folded, start)
        if m is None or m.lastindex is None or m.end() != end:  # pragma: no cover
            return frozenset()
        return self.groups[m.lastindex - 1]


def _build_matchers() -> tuple[_TrieMatcher, _TrieMatcher]:
    prefix_root, infix_root = _Node(), _Node()
    for concept in CONCEPTS.values():
        for other in (*concept.broader, *concept.excludes):
            if other not in CONCEPTS:
                raise ValueError(f"{concept.id}: unknown concept {other!r}")
        for term in concept.all_terms():
            infix, tokens = _tokenize(_fold(term))
            node = infix_root if infix else prefix_root
            for token in tokens:
                node = node.children.setdefault(token, _Node())
            node.ends.add(concept.id)
    return _TrieMatcher(prefix_root, r"(?<!\w)"), _TrieMatcher(infix_root, "")


_PREFIX_MATCHER, _INFIX_MATCHER = _build_matchers()

# Population figures -> size of town.
_NUM = r"(?<![\w.,])(\d{1,3}(?:[.,' ]\d{3})+|\d+(?:[.,]\d+)?)"
_MULT = r"(?:\s*(k|tsd|tausend|thousand|bin|mio|millionen|million|milyon)(?!\w)\.?)?"
_QUAL = (
    r"(?:(?:ca|circa|approx|approximately|about|around|rund|etwa|knapp|uber|over|some|"
    r"nearly|almost|yaklasik)\.?\s*)?"
)
_POPULATION_RE: Final = re.compile(
    r"(?:population|einwohnerzahl|einwohner|inhabitants|nufus\w*)\s*"
    r"(?:of|von|:|=|is|ist|betragt|with|mit)?\s*" + _QUAL + _NUM + _MULT
    + r"|" + _NUM + _MULT + r"\s*(?:inhabitants|residents|einwohner|ew(?!\w)|nufus|sakin)"
    + r"|(?:city|town|municipality|stadt|kommune|gemeinde|sehir|kent)\s+(?:of|with|mit|von)\s+"
    + _QUAL + _NUM + _MULT + r"(?!\s*(?:km|m|meter|euro|eur|dollar|%|prozent|percent)(?!\w))"
)
_DIGIT_RE: Final = re.compile(r"\d")
_POPULATION_KEYS: Final = (
    "population", "einwohner", "inhabitants", "residents", "nufus", "sakin", " ew",
    "city of", "town of", "municipality of", "stadt mit", "kommune mit", "gemeinde mit",
)
_MULTIPLIER: Final = {
    "k": 1e3, "tsd": 1e3, "tausend": 1e3, "thousand": 1e3, "bin": 1e3,
    "mio": 1e6, "millionen": 1e6, "million": 1e6, "milyon": 1e6,
}


def _population_size(match: re.Match[str]) -> str | None:
    number = mult = None
    for num_group in (1, 3, 5):
        if match.group(num_group):
            number, mult = match.group(num_group), match.group(num_group + 1)
            break
    if number is None:
        return None
    if re.fullmatch(r"\d{1,3}(?:[.,' ]\d{3})+", number):
        value = float(re.sub(r"[.,' ]", "", number))
    else:
        try:
            value = float(number.replace(",", "."))
        except ValueError:
            return None
    if mult:
        value *= _MULTIPLIER.get(mult.lower(), 1.0)
    if value < 1000:
        return None
    if value < 20_000:
        return "small_town"
    if value < 100_000:
        return "mid_size_town"
    return "large_city"


# --------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------


_EXCLUDED_BY: dict[frozenset[str], frozenset[str]] = {}


def _excluded_by(ids: frozenset[str]) -> frozenset[str]:
    out = _EXCLUDED_BY.get(ids)
    if out is None:
        out = frozenset(x for cid in ids for x in CONCEPTS[cid].excludes) - ids
        _EXCLUDED_BY[ids] = out
    return out


def _matches(folded: str) -> list[tuple[int, int, frozenset[str]]]:
    """(start, end, concept ids) of every match in folded text, after exclusions."""
    found = list(_PREFIX_MATCHER.finditer(folded))
    found.extend(_INFIX_MATCHER.finditer(folded))
    if _DIGIT_RE.search(folded) and any(k in folded for k in _POPULATION_KEYS):
        for m in _POPULATION_RE.finditer(folded):
            size = _population_size(m)
            if size is not None:
                found.append((m.start(), m.end(), frozenset((size,))))
    excluders = [(s, e, x) for s, e, ids in found if (x := _excluded_by(ids))]
    if not excluders:
        return found
    kept: list[tuple[int, int, frozenset[str]]] = []
    for s, e, ids in found:
        drop = frozenset().union(*(x for s2, e2, x in excluders if s2 < e and s < e2))
        if drop:
            ids = ids - drop
        if ids:
            kept.append((s, e, ids))
    return kept


def tag_concepts(text: str) -> frozenset[str]:
    """Concept ids found in ``text`` by the terms of all languages."""
    if not text:
        return frozenset()
    found: set[str] = set()
    for _start, _end, ids in _matches(_fold(text)):
        found |= ids
    return frozenset(found)


def is_concept_word(word: str) -> bool:
    """Does a concept term match ``word`` whole ("gonullu", "Ehrenamtliche"), not just
    its beginning ("Sprachbarieren" starts like "sprach" but is no term's word)?"""
    folded = _fold(word)
    return any(start == 0 and end == len(folded) for start, end, _ in _matches(folded))


def concept_terms(text: str) -> list[str]:
    """The concepts of ``text`` as sorted BM25 tokens, e.g. ``["CONCEPT_volunteers"]``."""
    return [TOKEN_PREFIX + cid for cid in sorted(tag_concepts(text))]


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.category(ch) in ("Mn", "Mc")


def explain_matches(text: str) -> dict[str, list[str]]:
    """Concept id -> the distinct surface strings of ``text`` that matched it.

    A surface string is the matched stretch widened to whole words of the
    original text ("Sprachbarrieren", "language barriers"). Keys are the same
    as ``tag_concepts(text)``, ordered by first occurrence.
    """
    if not text:
        return {}
    folded, origin = _fold_mapped(text)
    spans: list[tuple[int, int, frozenset[str]]] = sorted(
        _matches(folded), key=lambda s: (s[0], -s[1])
    )
    result: dict[str, list[str]] = {}
    n = len(text)
    for start, end, ids in spans:
        if not origin:
            continue
        a = origin[min(start, len(origin) - 1)]
        b = origin[max(min(end, len(origin)) - 1, 0)] + 1 if end > start else a
        while a > 0 and _is_word_char(text[a - 1]):
            a -= 1
        while b < n and _is_word_char(text[b]):
            b += 1
        surface = " ".join(text[a:b].split())
        for cid in sorted(ids):
            seen = result.setdefault(cid, [])
            if surface not in seen:
                seen.append(surface)
    return result
