"""User-facing strings in German, English and Turkish.

Quotes from the sheets are never translated; everything around them is.
``t(key, lang, **values)`` falls back to English for other languages.
"""

from __future__ import annotations

from assistant.languages import LANGUAGES, SUPPORTED

# The languages are the language files; a language without a translation here falls back
# to English.
UI_LANGUAGES = SUPPORTED
LANGUAGE_NAMES = {code: data.name for code, data in LANGUAGES.items()}

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
    "follow_up_start": {
        "en": "Where do we start, and what should we avoid at the beginning?",
        "de": "Womit fangen wir an, und was sollten wir am Anfang vermeiden?",
        "tr": "Nereden başlamalıyız, başlangıçta nelerden kaçınmalıyız?",
    },
    "summary_fact": {
        "en": "{network}: {field} {value} {refs}.",
        "de": "{network}: {field} {value} {refs}.",
        "tr": "{network}: {field} {value} {refs}.",
    },
    "summary_fact_conflict": {
        "en": "{network}: the sources disagree on the {field}: {claims}.",
        "de": "{network}: Die Quellen nennen Verschiedenes für {field}: {claims}.",
        "tr": "{network}: Kaynaklar {field} konusunda farklı bilgi veriyor: {claims}.",
    },
    "summary_title": {"en": "In short", "de": "Kurz gesagt", "tr": "Kısaca"},
    "part_facts": {"en": "Facts", "de": "Fakten", "tr": "Bilgiler"},
    "part_direct": {"en": "Answer", "de": "Antwort", "tr": "Yanıt"},
    "part_success_factors": {"en": "Success factors", "de": "Erfolgsfaktoren", "tr": "Başarı faktörleri"},
    "part_lessons": {"en": "Lessons learnt", "de": "Lehren und Stolpersteine", "tr": "Çıkarılan dersler"},
    "part_transferability": {"en": "Transferability", "de": "Übertragbarkeit", "tr": "Aktarılabilirlik"},
    "part_networks": {"en": "Closest networks", "de": "Ähnlichste Netzwerke", "tr": "En benzer ağlar"},
    "part_follow_ups": {"en": "Ask next", "de": "Weiterfragen", "tr": "Sonraki sorular"},
    "summary_facts_list": {
        "en": "{network} – {facts}.",
        "de": "{network} – {facts}.",
        "tr": "{network} – {facts}.",
    },
    "summary_direct": {
        "en": "The fact sheets that speak to this: {refs}.",
        "de": "Dazu sagen die Steckbriefe etwas: {refs}.",
        "tr": "Bu konuda bilgi formlarında şunlar var: {refs}.",
    },
    "summary_overview": {
        "en": "What the sheets say about the network: {refs}.",
        "de": "Was die Steckbriefe über das Netzwerk sagen: {refs}.",
        "tr": "Bilgi formlarının bu ağ hakkında söyledikleri: {refs}.",
    },
    "summary_money": {
        "en": "On funding and resources the sheets say: {refs}.",
        "de": "Zu Finanzierung und Ressourcen sagen die Steckbriefe: {refs}.",
        "tr": "Finansman ve kaynaklar hakkında bilgi formlarında: {refs}.",
    },
    "summary_start": {
        "en": "How networks began, and what they learnt at the start: {refs}.",
        "de": "Wie Netzwerke angefangen haben und was sie am Anfang gelernt haben: {refs}.",
        "tr": "Ağların nasıl başladığı ve başlangıçta neler öğrendikleri: {refs}.",
    },
    "summary_lessons": {
        "en": "Difficulties and lessons learnt: {refs}.",
        "de": "Schwierigkeiten und Lehren: {refs}.",
        "tr": "Zorluklar ve çıkarılan dersler: {refs}.",
    },
    "summary_success": {
        "en": "What made networks succeed: {refs}.",
        "de": "Was Netzwerke erfolgreich gemacht hat: {refs}.",
        "tr": "Ağları başarılı kılanlar: {refs}.",
    },
    "summary_communication": {
        "en": "How networks communicate: {refs}.",
        "de": "Wie Netzwerke kommunizieren: {refs}.",
        "tr": "Ağların iletişimi: {refs}.",
    },
    "summary_evaluation": {
        "en": "How networks check their work: {refs}.",
        "de": "Wie Netzwerke ihre Arbeit überprüfen: {refs}.",
        "tr": "Ağların çalışmalarını nasıl değerlendirdiği: {refs}.",
    },
    "summary_transfer": {
        "en": "What the sheets say about transfer to other towns: {refs}.",
        "de": "Was die Steckbriefe zur Übertragbarkeit sagen: {refs}.",
        "tr": "Bilgi formlarının aktarılabilirlik hakkında söyledikleri: {refs}.",
    },
    "summary_contact": {
        "en": "Contact details as the sheets give them: {refs}.",
        "de": "Kontaktangaben laut Steckbrief: {refs}.",
        "tr": "Bilgi formundaki iletişim bilgileri: {refs}.",
    },
    "summary_closest": {
        "en": "Closest to your situation: {network} (similarity {score}; alike in: {alike}).",
        "de": "Am ähnlichsten ist Ihrer Situation: {network} (Ähnlichkeit {score}; ähnlich in: {alike}).",
        "tr": "Durumunuza en yakın: {network} (benzerlik {score}; benzer yönler: {alike}).",
    },
    "summary_alike_text": {
        "en": "the wording of the sheet",
        "de": "dem Wortlaut des Steckbriefs",
        "tr": "bilgi formunun ifadeleri",
    },
    "summary_worked": {
        "en": "What worked or went wrong there: {refs}.",
        "de": "Was dort funktioniert hat oder schiefging: {refs}.",
        "tr": "Orada işe yarayanlar ve sorunlar: {refs}.",
    },
    "summary_none_close": {
        "en": "No network in the fact sheets is close to your situation (best similarity {score}); the quotes below are the nearest.",
        "de": "Kein Netzwerk in den Steckbriefen ähnelt Ihrer Situation wirklich (beste Ähnlichkeit {score}); unten stehen die nächstliegenden Zitate.",
        "tr": "Bilgi formlarındaki hiçbir ağ durumunuza gerçekten benzemiyor (en yüksek benzerlik {score}); aşağıdakiler en yakın alıntılar.",
    },
    "summary_earlier": {
        "en": "{refs}: already quoted earlier in this conversation.",
        "de": "{refs}: schon weiter oben zitiert.",
        "tr": "{refs}: bu konuşmada daha önce alıntılandı.",
    },
    "summary_also": {
        "en": "Also relevant: {refs}.",
        "de": "Außerdem passend: {refs}.",
        "tr": "Ayrıca ilgili: {refs}.",
    },
    "summary_nothing_new": {
        "en": "The fact sheets have nothing new on this beyond what was shown above.",
        "de": "Die Steckbriefe enthalten dazu nichts Neues über das oben Gezeigte hinaus.",
        "tr": "Bilgi formlarında bu konuda yukarıda gösterilenlerin dışında yeni bir şey yok.",
    },
    "answer_failed": {
        "en": "Sorry, something went wrong while answering. Your conversation is kept; please try again or rephrase.",
        "de": "Entschuldigung, beim Antworten ist etwas schiefgegangen. Ihr Gespräch bleibt erhalten; bitte versuchen Sie es erneut oder formulieren Sie anders.",
        "tr": "Üzgünüm, yanıtlarken bir sorun oluştu. Konuşmanız korunuyor; lütfen tekrar deneyin ya da farklı ifade edin.",
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
