"""User-facing strings in German, English and Turkish.

Quotes from the sheets are never translated; everything around them is.
``t(key, lang, **values)`` falls back to English for other languages.
"""

from __future__ import annotations

UI_LANGUAGES = ("de", "en", "tr")
LANGUAGE_NAMES = {"de": "Deutsch", "en": "English", "tr": "Türkçe"}

STRINGS: dict[str, dict[str, str]] = {
    "empty_question": {
        "en": "Please describe your town's situation or ask a question about integration networks.",
        "de": "Bitte beschreiben Sie die Situation in Ihrer Kommune oder stellen Sie eine Frage zu Integrationsnetzwerken.",
        "tr": "Lütfen belediyenizin durumunu anlatın ya da entegrasyon ağları hakkında bir soru sorun.",
    },
    "out_of_scope": {
        "en": "I found nothing in the fact sheets that matches this. I can help with integration networks: "
        "describe your town (size, who coordinates, which groups) or name a problem, e.g. "
        "\"Our volunteers keep dropping out\" or \"How do we finance a coordinator?\"",
        "de": "Dazu habe ich in den Steckbriefen nichts Passendes gefunden. Ich helfe bei Integrationsnetzwerken: "
        "Beschreiben Sie Ihre Kommune (Größe, wer koordiniert, welche Zielgruppen) oder nennen Sie ein Problem, "
        "z. B. „Unsere Ehrenamtlichen springen ab“ oder „Wie finanzieren wir eine Koordination?“",
        "tr": "Bilgi formlarında buna uyan bir şey bulamadım. Entegrasyon ağları konusunda yardımcı olabilirim: "
        "şehrinizi (büyüklük, kim koordine ediyor, hangi gruplar) anlatın ya da bir sorunu belirtin, örneğin "
        "„Gönüllülerimiz bırakıyor“ veya „Bir koordinatörü nasıl finanse ederiz?“",
    },
    "truncated": {
        "en": "Your text was very long; I used its first {chars} characters.",
        "de": "Ihr Text war sehr lang; ich habe die ersten {chars} Zeichen verwendet.",
        "tr": "Metniniz çok uzundu; ilk {chars} karakterini kullandım.",
    },
    "other_language": {
        "en": "The fact sheets are in English, German and Turkish; I searched them with your {language} text, "
        "but answers work best in one of those languages.",
        "de": "Die Steckbriefe sind auf Englisch, Deutsch und Türkisch; ich habe mit Ihrem Text ({language}) gesucht, "
        "am besten funktioniert es in einer dieser Sprachen.",
        "tr": "Bilgi formları İngilizce, Almanca ve Türkçe; {language} metninizle aradım, ancak en iyi sonuç bu "
        "dillerden biriyle alınır.",
    },
    "no_text": {
        "en": "Your message contains no words I can search for. Please describe your situation in words.",
        "de": "Ihre Nachricht enthält keine Wörter, nach denen ich suchen kann. Bitte beschreiben Sie Ihre Situation in Worten.",
        "tr": "Mesajınızda arayabileceğim kelime yok. Lütfen durumunuzu kelimelerle anlatın.",
    },
    "follow_up_funding": {
        "en": "How is the network in {city} financed?",
        "de": "Wie wird das Netzwerk in {city} finanziert?",
        "tr": "{city} ağı nasıl finanse ediliyor?",
    },
    "follow_up_volunteers": {
        "en": "How do other networks keep volunteers involved?",
        "de": "Wie binden andere Netzwerke Ehrenamtliche dauerhaft ein?",
        "tr": "Diğer ağlar gönüllüleri nasıl elde tutuyor?",
    },
    "follow_up_pitfalls": {
        "en": "What went wrong in {city}, and how was it solved?",
        "de": "Was lief in {city} schief, und wie wurde es gelöst?",
        "tr": "{city}'da neler ters gitti ve nasıl çözüldü?",
    },
    "follow_up_transfer": {
        "en": "Could the {city} model work in a town like ours?",
        "de": "Ließe sich das Modell aus {city} auf eine Kommune wie unsere übertragen?",
        "tr": "{city} modeli bizim gibi bir şehirde işe yarar mı?",
    },
}


#: Names of languages the assistant recognises but does not cover, per UI language.
OTHER_LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    "ar": {"en": "Arabic", "de": "Arabisch", "tr": "Arapça"},
    "uk": {"en": "Ukrainian", "de": "Ukrainisch", "tr": "Ukraynaca"},
    "ru": {"en": "Russian", "de": "Russisch", "tr": "Rusça"},
    "el": {"en": "Greek", "de": "Griechisch", "tr": "Yunanca"},
    "he": {"en": "Hebrew", "de": "Hebräisch", "tr": "İbranice"},
    "zh": {"en": "Chinese", "de": "Chinesisch", "tr": "Çince"},
    "ja": {"en": "Japanese", "de": "Japanisch", "tr": "Japonca"},
    "ko": {"en": "Korean", "de": "Koreanisch", "tr": "Korece"},
    "hi": {"en": "Hindi", "de": "Hindi", "tr": "Hintçe"},
    "th": {"en": "Thai", "de": "Thailändisch", "tr": "Tayca"},
}


def language_name(code: str, lang: str) -> str:
    names = OTHER_LANGUAGE_NAMES.get(code)
    return (names.get(lang) or names["en"]) if names else code


def t(key: str, lang: str, **values: object) -> str:
    table = STRINGS[key]
    text = table.get(lang) or table["en"]
    return text.format(**values) if values else text
