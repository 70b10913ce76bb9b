"""Concept vocabulary: cross-lingual tagging, folding, compounds, robustness, speed."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant import concepts as C
from assistant.concepts import (
    CONCEPTS,
    KINDS,
    LANGUAGES,
    Concept,
    concept_terms,
    concepts_of_kind,
    explain_matches,
    tag_concepts,
)
from assistant.intents import INTENTS_PATH, intent_terms, parse_intent_terms
from assistant.models import SectionKind
from assistant.retrieve import INTENT_SECTIONS
from assistant.text import _fold_char, fold, match_fold, match_fold_mapped

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

# --------------------------------------------------------------------------
# One German, one English and one Turkish sentence per concept, written for
# these tests (not taken from the corpus). Each must be tagged with the concept.
# --------------------------------------------------------------------------
EXAMPLES: dict[str, tuple[str, str, str]] = {
    # target groups
    "volunteers": (
        "Viele Ehrenamtliche begleiten die Familien im Alltag.",
        "Most of the work is done by volunteers from the neighbourhood.",
        "Gönüllülerimiz her hafta ödev yardımı veriyor.",
    ),
    "refugees": (
        "Seit 2015 kamen viele Geflüchtete in den Landkreis.",
        "The project supports refugees in their first months.",
        "Mültecilerin çoğu önce toplu barınaklarda kaldı.",
    ),
    "migrants": (
        "Das Angebot richtet sich an Zugewanderte aus allen Herkunftsländern.",
        "Immigrants often lack information about local services.",
        "Göçmenler için bilgilendirme toplantıları düzenleniyor.",
    ),
    "ethnic_german_resettlers": (
        "In den Neunzigern zogen viele Spätaussiedler in die Stadt.",
        "The club was founded by ethnic German families from Kazakhstan.",
        "Kazakistan'dan gelen etnik Alman aileler de derneğe katıldı.",
    ),
    "ngos_welfare": (
        "Die Wohlfahrtsverbände stellen das Personal für die Beratung.",
        "Several NGOs and a welfare association share the office.",
        "Sivil toplum kuruluşları ve dernekler ortak çalışıyor.",
    ),
    "companies_employers": (
        "Örtliche Arbeitgeber bieten Praktikumsplätze an.",
        "Local employers offer internships to newcomers.",
        "Yerel işverenler staj imkânı sunuyor.",
    ),
    "children_youth": (
        "Für Jugendliche gibt es ein offenes Sportangebot.",
        "Young people meet every Friday in the youth centre.",
        "Çocuklar için yaz okulu düzenlendi.",
    ),
    "women_families": (
        "Der Kurs ist speziell für Frauen mit kleinen Kindern.",
        "We offer a breakfast for mothers and their families.",
        "Kadınlar için ayrı bir buluşma saati var.",
    ),
    "local_population": (
        "Die einheimische Bevölkerung soll stärker einbezogen werden.",
        "The festival brings newcomers and locals together.",
        "Yerel halk ile yeni gelenler arasında diyalog kuruluyor.",
    ),
    "migrant_organisations": (
        "Migrantenorganisationen sitzen mit am Tisch.",
        "Migrant organisations are full members of the network.",
        "Göçmen dernekleri ağın tam üyesidir.",
    ),
    # fields of action
    "labour_market": (
        "Die Integration in den Arbeitsmarkt dauert oft Jahre.",
        "Finding a job is the main concern of most clients.",
        "İstihdam en önemli konulardan biri.",
    ),
    "education": (
        "Die Grundschulen melden steigende Anmeldezahlen.",
        "Teachers asked for help with parent evenings at school.",
        "Okul kayıtları konusunda destek veriliyor.",
    ),
    "language": (
        "Die Sprache ist der Schlüssel zur Teilhabe.",
        "Language is the key to everything else.",
        "Dil, her şeyin anahtarıdır.",
    ),
    "health": (
        "Viele suchen einen Hausarzt, der ihre Sprache spricht.",
        "Access to mental health services remains limited.",
        "Sağlık hizmetlerine erişim hâlâ zor.",
    ),
    "housing": (
        "Bezahlbarer Wohnraum fehlt in der ganzen Region.",
        "Finding affordable housing takes months.",
        "Uygun fiyatlı konut bulmak aylar sürüyor.",
    ),
    "culture_sports": (
        "Der Sportverein hat eine eigene Gruppe für Neuankömmlinge.",
        "The theatre group rehearses twice a week.",
        "Spor ve müzik etkinlikleri gençleri bir araya getiriyor.",
    ),
    "counselling": (
        "Die Migrationsberatung hat dienstags geöffnet.",
        "Counselling is offered in four languages.",
        "Danışmanlık hizmeti ücretsizdir.",
    ),
    "residence_law": (
        "Fragen zum Aufenthaltsrecht werden an die Fachstelle verwiesen.",
        "Many questions concern residence permits and family reunification.",
        "Oturum izni ile ilgili sorular çok sık geliyor.",
    ),
    # challenges
    "language_barrier": (
        "Am Anfang gab es große Sprachbarrieren.",
        "The biggest obstacle was the language barrier.",
        "En büyük sorun dil engeliydi.",
    ),
    "competition": (
        "Zwischen den Trägern herrscht Konkurrenz um dieselben Teilnehmenden.",
        "Providers were competing for the same participants.",
        "Kurumlar arasında rekabet vardı.",
    ),
    "information_loss": (
        "Durch den Personalwechsel kam es zu Informationsverlusten.",
        "There was a considerable loss of information between meetings.",
        "Toplantılar arasında bilgi kaybı yaşandı.",
    ),
    "staff_turnover": (
        "Die hohe Fluktuation der Mitarbeitenden ist ein Problem.",
        "High staff turnover made continuity difficult.",
        "Personel değişikliği sürekliliği zorlaştırdı.",
    ),
    "authorities_bureaucracy": (
        "Die Zusammenarbeit mit der Ausländerbehörde war zäh.",
        "Working with the authorities meant a lot of paperwork.",
        "Bürokrasi yüzünden başvurular haftalarca bekledi.",
    ),
    "task_delimitation": (
        "Die Zuständigkeiten zwischen Stadt und Trägern waren unklar.",
        "We needed a clear division of tasks between partners.",
        "Ortaklar arasında görev dağılımı net değildi.",
    ),
    "parallel_structures": (
        "Es gab viele Doppelstrukturen und kaum Absprachen.",
        "Offers overlapped and nobody had an overview.",
        "Hizmetler birbiriyle örtüşüyordu.",
    ),
    "resources_capacity": (
        "Wegen Personalmangel ruht die Arbeitsgruppe.",
        "Members have little time because of their workload.",
        "Üyelerin iş yükü çok fazla.",
    ),
    "prejudice_discrimination": (
        "Viele erleben Diskriminierung bei der Wohnungssuche.",
        "Prejudice against newcomers is still common.",
        "Önyargılar hâlâ büyük bir engel.",
    ),
    "cultural_differences": (
        "Kulturelle Unterschiede führten zu Missverständnissen.",
        "Cultural differences sometimes caused tension.",
        "Kültürel farklılıklar zaman zaman gerginliğe yol açtı.",
    ),
    "covid_pandemic": (
        "Während der Corona-Pandemie fanden alle Treffen online statt.",
        "During the pandemic the café had to close.",
        "Pandemi sırasında kafe kapandı.",
    ),
    # topics
    "language_mediation": (
        "Ehrenamtliche Sprachmittler begleiten zu Arztterminen.",
        "Interpreters accompany clients to appointments.",
        "Tercümanlar randevulara eşlik ediyor.",
    ),
    "language_courses": (
        "Die Deutschkurse sind immer ausgebucht.",
        "The German classes are always fully booked.",
        "Almanca kursları her zaman dolu.",
    ),
    "coordination": (
        "Die Koordinatorin lädt zu allen Treffen ein.",
        "The coordinator prepares the agenda.",
        "Koordinatör gündemi hazırlıyor.",
    ),
    "information_flow": (
        "Ein monatlicher Newsletter verbessert den Informationsfluss.",
        "A monthly newsletter keeps everybody informed.",
        "Aylık bülten bilgi akışını iyileştiriyor.",
    ),
    "outreach_access": (
        "Das Angebot ist bewusst niedrigschwellig gestaltet.",
        "The offer is deliberately low-threshold.",
        "Hizmet bilinçli olarak düşük eşikli tasarlandı.",
    ),
    "decentralised_offices": (
        "In jedem Stadtteil gibt es eine Anlaufstelle.",
        "Each neighbourhood has its own contact point.",
        "Her mahallede bir irtibat noktası var.",
    ),
    "meetings_working_groups": (
        "Die Arbeitsgruppe trifft sich einmal im Monat.",
        "The working group meets once a month.",
        "Çalışma grubu ayda bir toplanıyor.",
    ),
    "events_festivals": (
        "Das Sommerfest war ein voller Erfolg.",
        "The summer festival was a great success.",
        "Yaz şenliği büyük ilgi gördü.",
    ),
    "public_relations": (
        "Die Öffentlichkeitsarbeit läuft über die Lokalzeitung.",
        "We announce events in the local newspaper.",
        "Etkinlikleri yerel gazetede duyuruyoruz.",
    ),
    "evaluation": (
        "Einmal im Jahr führen wir eine Mitgliederbefragung durch.",
        "Once a year we run a survey among members.",
        "Yılda bir kez üyeler arasında anket yapıyoruz.",
    ),
    "sustainability": (
        "Ziel ist eine langfristige Verstetigung der Angebote.",
        "The goal is to keep the offers running in the long term.",
        "Amaç hizmetlerin uzun vadeli olarak sürdürülmesi.",
    ),
    "transferability": (
        "Das Konzept ist auf andere Kommunen übertragbar.",
        "The concept could easily be used in other towns.",
        "Bu model diğer belediyelere aktarılabilir.",
    ),
    "awards": (
        "Das Projekt erhielt 2019 eine Auszeichnung des Landes.",
        "The project received a national award in 2019.",
        "Proje 2019'da ulusal bir ödül aldı.",
    ),
    "municipality": (
        "Die Stadtverwaltung stellt die Räume zur Verfügung.",
        "The municipality provides the rooms.",
        "Belediye toplantı salonlarını sağlıyor.",
    ),
    "trust_common_goals": (
        "Gegenseitiges Vertrauen ist die Grundlage der Zusammenarbeit.",
        "Mutual trust is the basis of our cooperation.",
        "İşbirliğimizin temeli karşılıklı güvendir.",
    ),
    "flexibility_change": (
        "Das Netzwerk hat sich flexibel an neue Bedarfe angepasst.",
        "The network adapted quickly to new needs.",
        "Ağ yeni ihtiyaçlara hızla uyarlandı, çok esnek davrandı.",
    ),
    "member_acquisition": (
        "Wir wollen neue Mitglieder aus der Wirtschaft gewinnen.",
        "We want to recruit new members from local businesses.",
        "Yerel işletmelerden yeni üyeler kazanmak istiyoruz.",
    ),
    "training_qualification": (
        "Die Ehrenamtlichen erhalten regelmäßig Fortbildungen.",
        "Staff receive regular training on intercultural topics.",
        "Personel için hizmet içi eğitim düzenleniyor.",
    ),
    "knowledge_exchange": (
        "Der Erfahrungsaustausch unter den Mitgliedern ist sehr wertvoll.",
        "Members value the exchange of experience.",
        "Üyeler deneyim paylaşımını çok değerli buluyor.",
    ),
    "network_setup": (
        "Das Netzwerk wurde 2012 gegründet.",
        "The network was founded in 2012.",
        "Ağ 2012 yılında kuruldu.",
    ),
    "participation": (
        "Die Beteiligung der Migrantinnen und Migranten ist uns wichtig.",
        "The participation of migrants in decisions matters.",
        "Göçmenlerin karar süreçlerine katılımı önemli.",
    ),
    "mentoring": (
        "Über Patenschaften finden Neuzugewanderte schnell Anschluss.",
        "A mentoring programme pairs newcomers with locals.",
        "Mentor programı yeni gelenleri yerel halkla buluşturuyor.",
    ),
    "digital_tools": (
        "Seit 2020 finden viele Treffen digital statt.",
        "Since 2020 many meetings take place online.",
        "2020'den beri toplantıların çoğu çevrimiçi yapılıyor.",
    ),
    "funding": (
        "Die Finanzierung ist nur bis Ende des Jahres gesichert.",
        "Funding is only secured until the end of the year.",
        "Finansman sadece yıl sonuna kadar güvence altında.",
    ),
    # coordination models
    "coordination_municipal": (
        "Das Netzwerk wird von der Stadt koordiniert, genauer: es wird kommunal koordiniert.",
        "The network is coordinated by the municipality.",
        "Ağ belediye tarafından koordine ediliyor.",
    ),
    "coordination_ngo_on_behalf": (
        "Ein freier Träger koordiniert das Netzwerk im Auftrag der Stadt.",
        "An NGO runs the network on behalf of the city.",
        "Ağı şehir adına bir dernek yönetiyor.",
    ),
    "coordination_none": (
        "Unser Netzwerk hat keine koordinierende Stelle.",
        "Our network works without a coordinator.",
        "Ağımızın koordinatörü yok; koordinatörsüz çalışıyoruz.",
    ),
    # formalisation
    "formal_agreement": (
        "Alle Partner haben eine Kooperationsvereinbarung unterschrieben.",
        "All partners signed a cooperation agreement.",
        "Tüm ortaklar bir işbirliği anlaşması imzaladı.",
    ),
    "informal_cooperation": (
        "Die Zusammenarbeit ist rein informell.",
        "The cooperation is entirely informal.",
        "İşbirliği tamamen gayri resmi.",
    ),
    # size of town
    "large_city": (
        "In einer Großstadt ist der Ansatz anders als auf dem Land.",
        "In a large city the approach needs to be different.",
        "Büyükşehirde yaklaşım farklı olmalı.",
    ),
    "mid_size_town": (
        "Wir sind eine Mittelstadt mit rund 40.000 Einwohnern.",
        "We are a mid-sized town of about 40,000 inhabitants.",
        "Yaklaşık 40 bin nüfuslu orta büyüklükte bir şehiriz.",
    ),
    "small_town": (
        "In unserer Kleinstadt kennt jeder jeden.",
        "In our small town everybody knows everybody.",
        "Küçük kasabamızda herkes birbirini tanıyor.",
    ),
    "rural_area": (
        "Im ländlichen Raum sind die Wege weit.",
        "In rural areas the distances are long.",
        "Kırsal bölgelerde mesafeler uzun.",
    ),
    # question intents
    "intent_challenges": (
        "Welche Schwierigkeiten gab es beim Aufbau?",
        "What were the main problems?",
        "En büyük zorluklar nelerdi?",
    ),
    "intent_success": (
        "Was hat besonders gut funktioniert? Was waren die Erfolgsfaktoren?",
        "What worked well and why was it a success?",
        "Başarının sırrı neydi?",
    ),
    "intent_transfer": (
        "Ist das auf unsere Stadt übertragbar?",
        "Could this be transferred to our town?",
        "Bu bizim şehrimize aktarılabilir mi?",
    ),
    "intent_howto": (
        "Wie können wir mehr Ehrenamtliche gewinnen?",
        "How can we attract more volunteers?",
        "Daha fazla gönüllüyü nasıl kazanabiliriz?",
    ),
    "intent_contact": (
        "Wer ist der Ansprechpartner für das Netzwerk?",
        "Who is the contact person for the network?",
        "Ağın iletişim bilgileri nedir?",
    ),
    "intent_facts": (
        "Wann wurde der Verbund in Kassel gegründet?",
        "How many members does the Leipzig alliance have?",
        "Bu platformu kim koordine ediyor?",
    ),
    "intent_overview": (
        "Können Sie kurz beschreiben, was der Verbund macht?",
        "What is the purpose of this alliance?",
        "Bu platformun amacı nedir?",
    ),
    "intent_counts": (
        "Wie viele Menschen hat die Beratung erreicht?",
        "How many refugees did the office advise?",
        "Ağ kaç mülteciye ulaştı?",
    ),
    "intent_results": (
        "Wie viele Frauen haben über das Mentoring eine Stelle gefunden?",
        "What were the results of the housing project?",
        "Projeden sonra kaç daire bulundu?",
    ),
    "weather": (
        "Wie wird das Wetter morgen in Erfurt?",
        "What's the weather like in Dortmund tomorrow?",
        "Yarın Erfurt'ta hava nasıl olacak?",
    ),
    "schedules_opening_hours": (
        "Wann sind die Öffnungszeiten der Stadtbibliothek?",
        "What are the opening hours of the swimming pool?",
        "Süper Lig maçı hangi kanalda?",
    ),
    # added with the field-wide vocabulary (data file)
    "individual_casework": (
        "Können Sie mir das Formular für die Wohnberechtigung ausfüllen?",
        "Please write me a CV for my job interview.",
        "Bu formu benim için doldurur musunuz?",
    ),
    "integration_work": (
        "Wie organisiert man Integrationsarbeit in einer Kleinstadt?",
        "How does integration work in a small town?",
        "Küçük bir kasabada entegrasyon çalışması nasıl yapılır?",
    ),
    "elderly": (
        "Ältere Zugewanderte brauchen Hilfe bei der Pflege im Alter.",
        "Many older migrants live alone after retirement.",
        "Yaşlı göçmenler için ev ziyaretleri yapılıyor.",
    ),
    "childcare": (
        "Während des Kurses gibt es eine Kinderbetreuung im Nebenraum.",
        "Mothers can only attend if there is childcare during the lesson.",
        "Kurs sırasında çocuk bakımı sağlanıyor.",
    ),
    "anti_discrimination": (
        "Handlungsfelder: Bildung; Antidiskriminierung",
        "Field(s) of action: Health; Anti-discrimination",
        "Faaliyet alanı: Eğitim; Ayrımcılıkla mücadele",
    ),
    "political_participation": (
        "Die Wahlbeteiligung bei der Wahl zum Integrationsbeirat war niedrig.",
        "Few people voted in the election of the advisory council.",
        "Göçmen meclisi seçiminde oy kullananların sayısı arttı.",
    ),
    "mobility": (
        "Auf dem Land fahren kaum Busse, deshalb gibt es einen Fahrdienst.",
        "Without a car, the long distances to the language school are a problem.",
        "Köylerde otobüs az olduğu için ulaşım zor.",
    ),
    "recognition_qualifications": (
        "Die Anerkennung ausländischer Abschlüsse dauert oft ein Jahr.",
        "Recognition of foreign qualifications takes far too long.",
        "Yabancı diploma denkliği için başvuru yapılması gerekiyor.",
    ),
    "hostility_attacks": (
        "Nach dem Brandanschlag auf die Unterkunft gab es eine Mahnwache.",
        "After the arson attack on the hostel, residents held a vigil.",
        "Mülteci yurduna yapılan saldırıdan sonra mahalle bir araya geldi.",
    ),
    "dropout_continuity": (
        "Immer mehr Helferinnen springen ab.",
        "Our helpers keep dropping out after the first months.",
        "Gönüllüler birkaç ay sonra bırakıyor.",
    ),
    "low_attendance": (
        "Zum Stammtisch kommt kaum jemand.",
        "We invite everyone, but nobody turns up on weekday evenings.",
        "Toplantılara kimse gelmiyor.",
    ),
    "work_ban": (
        "Wegen des Arbeitsverbots sitzen die jungen Männer monatelang in der Unterkunft.",
        "Asylum seekers are not allowed to work while they wait.",
        "Sığınmacılar için çalışma yasağı bekleme süresini uzatıyor.",
    ),
    "funding_ends": (
        "Es gibt keine Anschlussfinanzierung, wenn die Förderung ausläuft.",
        "The project money runs out next spring.",
        "Proje fonları bitince koordinatörün işi de bitti.",
    ),
    "isolation": (
        "Familien in abgelegenen Wohnungen leiden unter Vereinsamung.",
        "Families housed far from the centre feel lonely and cut off.",
        "Uzak köylerdeki aileler yalnız kalıyor.",
    ),
    "one_stop_office": (
        "Beratung, Ausländerbehörde und Jobcenter sitzen unter einem Dach.",
        "Newcomers find every office they need under one roof.",
        "Bütün hizmetler tek çatı altında toplandı.",
    ),
    "seconded_staff": (
        "Die Stadt hat zwei Mitarbeiterinnen in das gemeinsame Team abgeordnet.",
        "Each agency seconded one member of staff to the joint unit.",
        "Her kurum ortak ekibe bir personel verdi; görevlendirilen personel orada çalışıyor.",
    ),
    "public_pledge": (
        "Über achtzig Organisationen haben die Selbstverpflichtung unterzeichnet.",
        "The churches and clubs signed a public pledge to welcome refugees.",
        "Kurumlar ortak bir bildiri imzaladı.",
    ),
    "political_backing": (
        "Der Bürgermeister steht hinter dem Netzwerk, der Rat hat einstimmig zugestimmt.",
        "The council motion gave the group political backing.",
        "Belediye başkanı ağa açıkça arka çıktı.",
    ),
    "shared_officer": (
        "Sieben Dörfer teilen sich eine Integrationsbeauftragte.",
        "Several villages share one part-time officer.",
        "Birkaç köy ortak bir görevli ile çalışıyor.",
    ),
    "heterogeneous_membership": (
        "Das Netzwerk ist breit aufgestellt: Kirchen, Vereine, Betriebe und Verwaltung.",
        "Its strength is a heterogeneous membership from very different sectors.",
        "Ağda farklı aktörler bir arada çalışıyor.",
    ),
    "data_protection": (
        "Wegen des Datenschutzes dürfen wir keine Falldaten weitergeben.",
        "Data protection rules make it hard to pass on case notes.",
        "Veri koruma kuralları yüzünden bilgi paylaşılamıyor.",
    ),
}

CASES = [
    pytest.param(cid, lang, sentence, id=f"{cid}-{lang}")
    for cid, sentences in EXAMPLES.items()
    for lang, sentence in zip(LANGUAGES, sentences, strict=True)
]


def test_every_concept_has_examples() -> None:
    assert set(EXAMPLES) == set(CONCEPTS)


@pytest.mark.parametrize(("cid", "lang", "sentence"), CASES)
def test_concept_tagged_in_each_language(cid: str, lang: str, sentence: str) -> None:
    tags = tag_concepts(sentence)
    assert cid in tags, f"{cid} not found in {lang} sentence {sentence!r}; got {sorted(tags)}"


# Harder paraphrases (idioms, other inflections, other words). The vocabulary was
# extended on these (first pass: 114 of 166 found), so they are a regression
# guard; a few idioms stay out of reach of a lexical tagger.
PARAPHRASES: dict[str, list[str]] = {
    "volunteers": [
        "Ohne freiwillige Helferinnen und Helfer ginge nichts.",
        "Unpaid helpers run the homework club.",
        "Gönüllü olarak çalışan öğrenciler destek veriyor.",
        "Engagierte Bürgerinnen übernehmen Patenschaften.",
    ],
    "refugees": [
        "Asylsuchende warten oft monatelang.",
        "Asylum seekers wait for months.",
        "Suriyeli sığınmacılar için kurs açıldı.",
    ],
    "migrants": [
        "Neuzugewanderte aus Südosteuropa",
        "people with a migration background",
        "Yabancı uyruklu aileler",
    ],
    "language_barrier": [
        "Viele Eltern sprechen kaum Deutsch.",
        "Communication was hard because few spoke German.",
        "Almanca bilmeyen veliler toplantıya gelmiyor.",
        "Verständigungsprobleme mit den Behörden",
        "Language difficulties made counselling slow.",
    ],
    "language_mediation": [
        "Wir brauchen mehr Dolmetscherinnen.",
        "We set up a pool of community interpreters.",
        "Sözlü tercüme hizmeti sağlanıyor.",
        "Übersetzungen der Flyer in fünf Sprachen",
    ],
    "language_courses": [
        "Integrationskurse beim BAMF",
        "ESOL classes at the college",
        "Almanca dil kursuna katılım arttı.",
        "Sprachförderung in der Kita",
    ],
    "competition": [
        "Die Träger sehen sich eher als Konkurrenten.",
        "Organisations are rivals for the same funding.",
        "Dernekler aynı fonlar için yarışıyor.",
        "Konkurrenzdenken zwischen den Anbietern",
    ],
    "funding": [
        "Die Stelle wird aus Landesmitteln bezahlt.",
        "The post is paid from state money.",
        "Proje AB fonlarıyla destekleniyor.",
        "Die Förderung läuft 2024 aus.",
        "We depend on donations.",
        "Bağışlara bağımlıyız.",
    ],
    "coordination": [
        "Eine hauptamtliche Netzwerkkoordination ist unverzichtbar.",
        "A paid network coordinator is essential.",
        "Tam zamanlı bir ağ koordinatörü şart.",
    ],
    "information_flow": [
        "Protokolle werden an alle verschickt.",
        "Minutes are circulated to all members.",
        "Toplantı tutanakları tüm üyelere gönderiliyor.",
        "Ein gemeinsamer E-Mail-Verteiler hilft.",
    ],
    "information_loss": [
        "Wissen geht verloren, wenn Leute gehen.",
        "Knowledge gets lost when people leave.",
        "İnsanlar ayrılınca bilgi kayboluyor.",
    ],
    "staff_turnover": [
        "Ständig wechselnde Ansprechpersonen",
        "Contact persons keep changing.",
        "Sürekli değişen muhataplar",
        "Befristete Projektstellen führen zu Wechseln.",
    ],
    "outreach_access": [
        "Wir gehen dorthin, wo die Menschen sind.",
        "We go where people are.",
        "Hedef gruba ulaşmak kolay değil.",
        "Die Zielgruppe ist schwer zu erreichen.",
    ],
    "authorities_bureaucracy": [
        "Behördengänge kosten viel Zeit.",
        "Dealing with government offices takes ages.",
        "Resmi dairelerle işler çok yavaş yürüyor.",
    ],
    "task_delimitation": [
        "Wer ist wofür zuständig?",
        "Who is responsible for what?",
        "Kim neyden sorumlu?",
        "Klare Rollen zwischen Ehrenamt und Hauptamt",
    ],
    "decentralised_offices": [
        "Büros in den Stadtteilen",
        "offices in each district of the city",
        "Her semtte bir ofis açıldı.",
        "wohnortnahe Anlaufstellen im Quartier",
    ],
    "meetings_working_groups": [
        "Das Plenum tagt viermal im Jahr.",
        "The plenary meets four times a year.",
        "Genel kurul yılda dört kez toplanıyor.",
        "Runder Tisch Integration",
    ],
    "events_festivals": [
        "Interkulturelles Frühstück im Gemeindehaus",
        "an intercultural breakfast",
        "Kültürlerarası kahvaltı düzenlendi.",
        "Begegnungscafé jeden Donnerstag",
    ],
    "public_relations": [
        "Pressemitteilungen an die Lokalzeitung",
        "posts on Instagram",
        "Instagram'da paylaşımlar yapıyoruz.",
        "Wir machen unsere Arbeit sichtbar.",
    ],
    "evaluation": [
        "Die Wirkung wird jährlich gemessen.",
        "We measure the impact every year.",
        "Etkisini her yıl ölçüyoruz.",
        "Statistiken über die Beratungen",
    ],
    "sustainability": [
        "Die Arbeit soll auch nach Projektende weitergehen.",
        "The work should continue after the project ends.",
        "Proje bittikten sonra da çalışma devam etmeli.",
    ],
    "transferability": [
        "Andere Städte können das übernehmen.",
        "Other municipalities can copy this.",
        "Başka şehirler de bunu uygulayabilir.",
    ],
    "awards": [
        "Das Netzwerk wurde mit dem Integrationspreis ausgezeichnet.",
        "The network won the integration prize.",
        "Ağ entegrasyon ödülünü kazandı.",
    ],
    "trust_common_goals": [
        "Wir ziehen alle an einem Strang.",
        "Everybody pulls in the same direction.",
        "Hepimiz aynı amaç için çalışıyoruz.",
        "Gute persönliche Beziehungen und Vertrauen",
    ],
    "flexibility_change": [
        "Das Netzwerk ist offen für Neues.",
        "The network is open to new ideas.",
        "Ağ yeniliklere açık.",
    ],
    "member_acquisition": [
        "Neue Partner kamen 2016 hinzu.",
        "New partners joined in 2016.",
        "2016'da yeni ortaklar katıldı.",
        "Gewinnung neuer Ehrenamtlicher",
    ],
    "training_qualification": [
        "Schulungen für Ehrenamtliche",
        "training for volunteers",
        "Gönüllüler için eğitimler",
        "Qualifizierung der Sprachmittler",
    ],
    "municipality": [
        "Der Oberbürgermeister unterstützt das Netzwerk.",
        "The mayor supports the network.",
        "Belediye başkanı ağı destekliyor.",
        "Der Landkreis finanziert die Stelle.",
    ],
    "ngos_welfare": [
        "Die Caritas und die Diakonie arbeiten eng zusammen.",
        "the Red Cross and church groups",
        "Kızılay ve kiliseler",
    ],
    "labour_market": [
        "Anerkennung ausländischer Berufsabschlüsse",
        "recognition of foreign degrees",
        "Diploma denkliği süreci uzun.",
        "Arbeitsaufnahme",
    ],
    "housing": [
        "Wohnungssuche",
        "looking for a flat",
        "Ev arıyorlar.",
        "Gemeinschaftsunterkünfte",
    ],
    "health": [
        "psychotherapeutische Versorgung",
        "access to doctors",
        "Doktora gitmek zor.",
    ],
    "education": [
        "Schulplätze fehlen.",
        "school places are missing",
        "Okullarda yer yok.",
    ],
    "residence_law": [
        "Asylverfahren dauern lange.",
        "asylum procedures take long",
        "İltica süreci uzun sürüyor.",
        "Duldung",
    ],
    "participation": [
        "Migrantinnen sollen mitentscheiden.",
        "Migrants should have a say.",
        "Göçmenlerin söz hakkı olmalı.",
    ],
    "mentoring": [
        "Integrationslotsen begleiten Neuankömmlinge.",
        "Integration guides accompany newcomers.",
        "Gönüllü rehberler yeni gelenlere eşlik ediyor.",
    ],
    "digital_tools": [
        "Videokonferenzen statt Treffen",
        "video calls instead of meetings",
        "Toplantılar yerine görüntülü görüşmeler",
    ],
    "small_town": [
        "eine Stadt mit 12.000 Einwohnern",
        "a town of 12,000 inhabitants",
        "12 bin nüfuslu bir ilçe",
    ],
    "large_city": [
        "eine Stadt mit 600.000 Einwohnern",
        "a city of 600,000 people",
        "nüfusu 600 bin olan şehir",
    ],
    "rural_area": [
        "auf dem Land",
        "in the countryside",
        "köylerde",
    ],
    "formal_agreement": [
        "Es gibt einen schriftlichen Kooperationsvertrag.",
        "There is a written agreement.",
        "Yazılı bir anlaşma var.",
    ],
    "informal_cooperation": [
        "Wir arbeiten ohne Vertrag zusammen.",
        "We cooperate without a contract.",
        "Sözleşme olmadan birlikte çalışıyoruz.",
    ],
    "coordination_none": [
        "Das Netzwerk hat keine Koordination.",
        "There is no coordinator.",
        "Koordinatör yok.",
        "Kleinstadt, 40.000 EW, keine Koordi, 3 Vereine",  # planners' shorthand (s14 tester T13)
    ],
    "intent_challenges": [
        "Was lief schlecht?",
        "What went badly?",
        "Neler kötü gitti?",
        "Neler ters gitti?",  # s14 tester T9
    ],
    "intent_success": [
        "Was hat sich bewährt?",
        "What has proven effective?",
        "Ne işe yaradı?",
    ],
    "intent_howto": [
        "Wie gründet man ein Netzwerk?",
        "How do you start a network?",
        "Bir ağ nasıl kurulur?",
    ],
    "intent_transfer": [
        "Kann man das bei uns umsetzen?",
        "Can we do this in our town?",
        "Bunu bizim kasabada da yapabilir miyiz?",
    ],
}


def test_paraphrases_regression() -> None:
    missed = [
        (cid, sentence)
        for cid, sentences in PARAPHRASES.items()
        for sentence in sentences
        if cid not in tag_concepts(sentence)
    ]
    total = sum(len(v) for v in PARAPHRASES.values())
    assert len(missed) <= 3, missed
    assert total >= 150


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Wie können wir in einer Kleinstadt mehr Ehrenamtliche gewinnen?",
         {"intent_howto", "small_town", "volunteers"}),
        ("Welche Probleme gab es mit Sprachbarrieren und wie wurden sie gelöst?",
         {"intent_challenges", "language_barrier"}),
        ("How did other networks deal with competition between language course providers?",
         {"competition", "language_courses"}),
        ("What works for reaching refugees in rural areas?",
         {"intent_success", "outreach_access", "refugees", "rural_area"}),
        ("Küçük bir kasabada gönüllü bulmak için ne yapmalıyız?",
         {"intent_howto", "small_town", "volunteers"}),
        ("Ağın finansmanı nasıl sağlandı?", {"funding", "intent_howto"}),
        ("Is the Dortmund model transferable to a town with 40,000 inhabitants?",
         {"intent_transfer", "small_town"}),
        ("Wie finanziert sich das Netzwerk, wenn die Projektförderung ausläuft?",
         {"funding", "sustainability"}),
        ("What can we do about high staff turnover and loss of information?",
         {"staff_turnover", "information_loss"}),
        ("Hangi başarı faktörleri var?", {"intent_success"}),
        ("How do networks without a coordinator organise their meetings?",
         {"coordination_none", "meetings_working_groups"}),
        # session 12: deportation, names that sound foreign, finding out whether it worked
        ("Employers want apprentices but refugees might be deported halfway through.", {"residence_law"}),
        ("Landlords turn away flat hunters with foreign-sounding names.", {"prejudice_discrimination"}),
        ("Vermieter lehnen Bewerber mit ausländischem Namen ab.", {"prejudice_discrimination"}),
        ("Ev sahipleri yabancı isimli kiracıları reddediyor.", {"prejudice_discrimination"}),
        ("How did they find out whether their health guides changed anything?", {"evaluation"}),
    ],
)
def test_user_questions(question: str, expected: set[str]) -> None:
    assert expected <= tag_concepts(question), explain_matches(question)


def test_negated_municipal_coordination() -> None:
    tags = tag_concepts("Belediye koordinasyonu olmadan bir ağ nasıl çalışır?")
    assert "coordination_none" in tags
    assert not tags & {"coordination", "coordination_municipal"}


# --------------------------------------------------------------------------
# No false positives on unrelated text
# --------------------------------------------------------------------------
UNRELATED = [
    # recipes
    "Preheat the oven to 180 degrees. Mix the flour, sugar and butter, add two eggs and bake "
    "for 25 minutes until golden.",
    "Die Zwiebeln fein hacken und in Butter glasig dünsten. Mit Salz, Pfeffer und einer Prise "
    "Zucker abschmecken und 20 Minuten köcheln lassen.",
    "Soğanları ince doğrayın, zeytinyağında kavurun. Domatesleri ekleyin, tuz ve karabiber "
    "serpin, kısık ateşte 20 dakika pişirin.",
    "Den Teig dünn ausrollen, mit Knoblauch aus der Knoblauchpresse bestreichen und mit "
    "Chorizo belegen.",
    "Köfteleri tavada iki yüzünü de çevirerek kızartın, yanında pilav ve bir dilim ekmekle "
    "servis edin.",
    "Add a pinch of dill and serve the salmon with lemon wedges.",
    # weather
    "Tomorrow will be cloudy with occasional showers in the north. Temperatures will reach "
    "14 degrees, with a fresh westerly wind.",
    "Morgen ist es überwiegend bewölkt, im Süden gibt es vereinzelt Gewitter. Die Temperaturen "
    "steigen auf 22 Grad.",
    "Yarın hava parçalı bulutlu, öğleden sonra sağanak yağış bekleniyor. Sıcaklık 18 derece "
    "civarında olacak.",
    "Der Wetterbericht meldet Sturmböen an der Küste und Schnee in den Alpen.",
    # football
    "The home side scored twice in the second half and the goalkeeper saved a late penalty "
    "to secure the points.",
    "Die Mannschaft gewann das Derby mit 2:1, der Stürmer traf in der Nachspielzeit per Kopfball.",
    "Ev sahibi takım maçı 3-1 kazandı; kaleci son dakikada bir penaltı kurtardı.",
    "The striker said the referee had made the wrong call and the fans booed the manager.",
    # everyday life
    "Der Zug nach Hamburg hat heute zwanzig Minuten Verspätung, bitte beachten Sie die "
    "Durchsagen am Bahnsteig.",
    "The new phone has a bigger battery and a better camera than last year's model.",
    "Tatilde sahilde yattık, denize girdik ve akşamları balık ızgara yaptık.",
    "Yeni telefonun bataryası daha büyük, kamerası da eskisinden daha iyi.",
    "My laptop keeps freezing when I open too many browser tabs.",
    "Kışlık montlar indirimde, soyunma kabinleri birinci katta.",
]


@pytest.mark.parametrize("text", UNRELATED)
def test_no_concepts_in_unrelated_text(text: str) -> None:
    """Nothing of the field; at most what marks it as off topic (the weather)."""
    off_topic = {c for c in CONCEPTS if CONCEPTS[c].kind == "off_topic"}
    assert set(explain_matches(text)) <= off_topic
    assert tag_concepts(text) <= off_topic


@pytest.mark.parametrize(
    ("text", "not_expected"),
    [
        ("He said it was fine.", None),  # no "aid" inside "said"
        ("Nach kurzer Absprache und Rücksprache ging es weiter.", "language"),
        ("Ihre Bewerbung ist eingegangen.", "public_relations"),
        ("The account was suspended yesterday.", "funding"),
        ("This is the safest manifest format.", "events_festivals"),
        ("The layout looks familiar.", "women_families"),
        ("It was a minor issue in the joblib package.", "children_youth"),
        ("Users know how to install it.", "knowledge_exchange"),
        ("Das Projekt verlief sporadisch.", "culture_sports"),
        ("It happened successively over several years.", "intent_success"),
        ("We want flat hierarchies.", "housing"),
        ("Das Wort Transport hat nichts mit Sport zu tun.", None),
        ("Eine schwierige Hürde, danach ein barrierefreier Eingang.", "intent_challenges"),
        # "how many" asks for results only when it asks what came of the work
        ("How many members does the network have?", "intent_results"),
        ("Kaç üyesi var?", "intent_results"),
        ("What is the network trying to achieve?", "intent_results"),
        ("Die Wetterau ist ein Landkreis in Hessen.", "weather"),
        # "other cities" asks what others do; only transfer *to* them is transferability
        ("How do other cities pay for a coordinator?", "transferability"),
        ("Wie machen das andere Städte?", "transferability"),
        ("Diğer şehirler koordinatörü nasıl ödüyor?", "transferability"),
        # done "in coordination with" someone is no coordination of the network
        ("Special expenses in coordination with the ZIM", "coordination"),
        ("Die Kosten werden in Abstimmung mit dem Amt übernommen.", "coordination"),
        # "bildiri" is a declaration; "bildirmiyor" (does not report) and "geri bildirim" (feedback) are none
        ("Ayrımcılığa uğrayan insanlar neden bunu bildirmiyor?", "public_pledge"),
        ("Katılımcılardan geri bildirim aldık.", "public_pledge"),
        # German "abschieben" is also shifting a task onto others: no residence-law word by itself
        ("Die Ämter wollen die Verantwortung auf die Vereine abschieben.", "residence_law"),
    ],
)
def test_known_ambiguities_avoided(text: str, not_expected: str | None) -> None:
    tags = tag_concepts(text)
    if not_expected is None:
        if "said" in text:
            assert tags == frozenset()
        else:
            assert "culture_sports" not in explain_matches(text) or explain_matches(text)[
                "culture_sports"
            ] == ["Sport"]
    elif not_expected == "intent_challenges":
        # "Hürde" is a challenge, "barrierefrei" (accessible) is not
        assert explain_matches(text)["intent_challenges"] == ["schwierige", "Hürde"]
        assert "outreach_access" in tags
    else:
        assert not_expected not in tags, explain_matches(text)


# --------------------------------------------------------------------------
# Folding: Turkish dotted/dotless i, German umlauts and transliterations
# --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    ["İletişim platformu", "iletişim platformu", "ILETIŞIM PLATFORMU", "İLETİŞİM PLATFORMU",
     "iletisim platformu", "ıletışım platformu"],
)
def test_turkish_i_variants(text: str) -> None:
    assert "information_flow" in tag_concepts(text)


@pytest.mark.parametrize(
    "text", ["GÖNÜLLÜLER", "Gönüllülerden", "gonulluler", "GONULLU", "gönüllülük"]
)
def test_turkish_casefold_and_ascii(text: str) -> None:
    assert "volunteers" in tag_concepts(text)


def test_turkish_ascii_typing() -> None:
    assert "refugees" in tag_concepts("multeciler icin kurs")
    assert "intent_challenges" in tag_concepts("en buyuk sorunlar nelerdi")
    assert "language_barrier" in tag_concepts("DİL ENGELİ")


@pytest.mark.parametrize(
    "text", ["Flüchtlinge", "Fluechtlinge", "FLÜCHTLINGE", "FLUECHTLINGE", "Fluchtlinge"]
)
def test_german_umlaut_spellings(text: str) -> None:
    assert "refugees" in tag_concepts(text)


def test_sharp_s() -> None:
    for text in ("Großstadt", "Grossstadt", "GROSSSTADT", "GROẞSTADT"):
        assert "large_city" in tag_concepts(text), text
    assert "public_relations" in tag_concepts("Straßenfest mit Öffentlichkeitsarbeit")


def test_accents_and_typography() -> None:
    assert "events_festivals" in tag_concepts("Sprachcafé") & tag_concepts("Sprachcafe")
    assert "language_courses" in tag_concepts("Sprach\u00adkurs")  # soft hyphen from PDFs
    assert "language_barrier" in tag_concepts("language\u2013barrier")  # en dash
    assert "volunteers" in tag_concepts("ＶＯＬＵＮＴＥＥＲＳ")  # full-width letters
    assert "volunteers" in tag_concepts("volunte\u0301ers".replace("\u0301", ""))
    assert "refugees" in tag_concepts("Flu\u0308chtlinge")  # decomposed umlaut


# --------------------------------------------------------------------------
# German compounds
# --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("word", "cid"),
    [
        ("Sprachbarrieren", "language_barrier"),
        ("Ehrenamtskoordination", "volunteers"),
        ("Ehrenamtskoordination", "coordination"),
        ("Netzwerkkoordinatorin", "coordination"),
        ("Migrationsberatung", "counselling"),
        ("Migrationsberatung", "migrants"),
        ("Bürgerkriegsflüchtlinge", "refugees"),
        ("Integrationskursträger", "language_courses"),
        ("Gemeindesprachmittlerpool", "language_mediation"),
        ("Projektfinanzierung", "funding"),
        ("Anschlussfinanzierung", "sustainability"),
        ("Stadtteilfeste", "events_festivals"),
        ("Mitgliederbefragung", "evaluation"),
        ("Kooperationsvereinbarungen", "formal_agreement"),
        ("Integrationslotsinnen", "mentoring"),
        ("Gemeinschaftsunterkunft", "housing"),
        ("Ausländerbehörde", "authorities_bureaucracy"),
        ("Ausländerbehörde", "residence_law"),
        ("Personalfluktuation", "staff_turnover"),
        ("Trägerkonkurrenz", "competition"),
        ("Öffentlichkeitsarbeit", "public_relations"),
        ("Netzwerktreffen", "meetings_working_groups"),
        ("Fachkräftegewinnung", "labour_market"),
    ],
)
def test_german_compounds(word: str, cid: str) -> None:
    assert cid in tag_concepts(word), explain_matches(word)


def test_broader_concepts() -> None:
    assert {"language_courses", "language"} <= tag_concepts("Deutschkurse")
    assert {"ethnic_german_resettlers", "migrants"} <= tag_concepts("Spätaussiedler")
    assert {"coordination_municipal", "coordination", "municipality"} <= tag_concepts(
        "The network is coordinated by the city."
    )


def test_word_level_phrases_also_count_their_words() -> None:
    # "dil kursu": the language course, and also language; "göçmen örgütleri": migrants too
    assert {"language_courses", "language"} <= tag_concepts("dil kursu")
    assert {"migrant_organisations", "migrants"} <= tag_concepts("göçmen örgütleri")


def test_longest_term_inside_a_word_wins() -> None:
    assert "intent_challenges" in tag_concepts("başarısız oldu")
    assert "intent_success" not in tag_concepts("başarısız oldu")
    assert "intent_success" in tag_concepts("başarılı oldu")
    assert "culture_sports" not in tag_concepts("kulturelle Unterschiede")
    assert "competition" in tag_concepts("Wettbewerbsdenken")
    assert "awards" not in tag_concepts("Wettbewerbsdenken")
    assert "awards" in tag_concepts("Bundeswettbewerb")


def test_negated_formal_and_coordination() -> None:
    informal = tag_concepts("They cooperate without formal cooperation agreements.")
    assert "informal_cooperation" in informal and "formal_agreement" not in informal
    assert "formal_agreement" not in tag_concepts("Soft formal agreements and norms")
    assert "formal_agreement" not in tag_concepts("Resmi işbirliği anlaşması olmadan çalışıyoruz.")
    none = tag_concepts("Das Netzwerk hat keine koordinierende Stelle.")
    assert "coordination_none" in none and "coordination" not in none
    assert "coordination" not in tag_concepts("There is no coordinator.")
    assert "formal_agreement" in tag_concepts("A formal cooperation agreement was signed.")


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("eine Kleinstadt mit 12.000 Einwohnern", "small_town"),
        ("a town of 12,000 inhabitants", "small_town"),
        ("12 bin nüfuslu bir ilçe", "small_town"),
        ("Wir sind eine Stadt mit 40.000 Einwohnern.", "small_town"),
        ("population of about 40,000", "small_town"),
        ("nüfusu yaklaşık 40 bin", "small_town"),
        ("40 000 residents", "small_town"),
        ("Stadt mit 120.000 Einwohnern", "mid_size_town"),
        ("population of about 60,000", "mid_size_town"),
        ("nüfusu yaklaşık 150 bin", "mid_size_town"),
        ("Einwohnerzahl: 250.000", "large_city"),
        ("a city of 600,000 people", "large_city"),
        ("1,2 Mio. Einwohner", "large_city"),
        ("1.5 million inhabitants", "large_city"),
        ("nüfusu 1,5 milyon", "large_city"),
    ],
)
def test_population_figures(text: str, size: str) -> None:
    sizes = {c.id for c in concepts_of_kind("size")}
    assert tag_concepts(text) & sizes == {size}, explain_matches(text)


def test_numbers_that_are_not_populations() -> None:
    for text in ("In 2016 200 residents attended.", "The budget was 40,000 euros.",
                 "Seit 1999 gibt es 60 Akteure.", "Tel. 0361 643 1535"):
        sizes = {c.id for c in concepts_of_kind("size")}
        assert not (tag_concepts(text) & sizes), (text, explain_matches(text))


# --------------------------------------------------------------------------
# API
# --------------------------------------------------------------------------
def test_concept_records() -> None:
    assert 40 <= len(CONCEPTS) <= 150
    for cid, concept in CONCEPTS.items():
        assert cid == concept.id
        assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", cid)
        assert concept.kind in KINDS
        assert set(concept.labels) == set(LANGUAGES)
        for lang in LANGUAGES:
            assert concept.labels[lang].strip()
            assert concept.terms[lang], f"{cid} has no {lang} terms"
            assert len(set(concept.terms[lang])) == len(concept.terms[lang]), (cid, lang)
        assert all(b in CONCEPTS for b in concept.broader)
        assert all(x in CONCEPTS for x in concept.excludes)
    assert isinstance(CONCEPTS["volunteers"], Concept)
    hash(CONCEPTS["volunteers"])  # frozen and hashable
    with pytest.raises((AttributeError, ValueError)):  # frozen: dataclass or pydantic alike
        CONCEPTS["volunteers"].id = "x"  # type: ignore[misc]


def test_intent_ids() -> None:
    intents = {c.id for c in concepts_of_kind("intent")}
    assert {"intent_challenges", "intent_success", "intent_transfer"} <= intents


def test_every_kind_is_used_and_unknown_kind_fails() -> None:
    for kind in KINDS:
        assert concepts_of_kind(kind), kind
    assert sum(len(concepts_of_kind(k)) for k in KINDS) == len(CONCEPTS)
    with pytest.raises(ValueError):
        concepts_of_kind("colour")


def test_concept_validation() -> None:
    labels = {"de": "A", "en": "A", "tr": "A"}
    with pytest.raises(ValueError):
        Concept(id="Bad Id", labels=labels, terms={"en": ("a",)})
    with pytest.raises(ValueError):  # English is the fallback label: required
        Concept(id="ok", labels={"de": "A", "tr": "A"}, terms={"en": ("a",)})
    with pytest.raises(ValueError):  # a label for a language without a language file
        Concept(id="ok", labels={**labels, "fr": "A"}, terms={"en": ("a",)})
    assert Concept(id="ok", labels={"en": "A"}, terms={"en": ("a",)}).label("tr") == "A"
    with pytest.raises(ValueError):
        Concept(id="ok", labels=labels, terms={"en": ("a",)}, kind="colour")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Concept(id="ok", labels=labels, terms={"fr": ("a",)})
    with pytest.raises(ValueError):
        Concept(id="ok", labels=labels, terms={"en": "abc"})  # type: ignore[dict-item]
    ok = Concept(id="ok_1", labels=labels, terms={"en": ["a", "b"]})  # type: ignore[dict-item]
    assert ok.terms["en"] == ("a", "b") and ok.label("fr") == "A"


def test_concept_terms_tokens() -> None:
    tokens = concept_terms("Ehrenamtliche Sprachmittler helfen bei Sprachbarrieren.")
    assert tokens == sorted(tokens)
    assert len(tokens) == len(set(tokens))
    assert {"concept_volunteers", "concept_language_mediation", "concept_language_barrier"} <= set(
        tokens
    )
    assert all(t.startswith(C.TOKEN_PREFIX) and t.removeprefix(C.TOKEN_PREFIX) in CONCEPTS for t in tokens)
    assert concept_terms("") == [] and tag_concepts("") == frozenset()


def test_explain_matches_surfaces() -> None:
    text = "Wegen der Sprachbarrieren halfen Ehrenamtliche; later more volunteers and gönüllüler."
    explained = explain_matches(text)
    assert set(explained) == tag_concepts(text)
    assert explained["language_barrier"] == ["Sprachbarrieren"]
    assert explained["volunteers"] == ["Ehrenamtliche", "volunteers", "gönüllüler"]
    for surfaces in explained.values():
        for surface in surfaces:
            assert surface in " ".join(text.split())
    # phrases keep their words; case and accents as in the source
    assert explain_matches("Wir haben  LANGUAGE\nBARRIERS!")["language_barrier"] == [
        "LANGUAGE BARRIERS"
    ]
    assert explain_matches("İLETİŞİM PLATFORMU")["information_flow"] == ["İLETİŞİM PLATFORMU"]
    assert explain_matches("Straße, Fluechtlinge")["refugees"] == ["Fluechtlinge"]


def test_cross_lingual_agreement_on_one_sentence() -> None:
    de = tag_concepts("Ehrenamtliche Sprachmittler helfen bei Sprachbarrieren in der Beratung.")
    en = tag_concepts("Volunteer interpreters help with language barriers in counselling.")
    tr = tag_concepts("Gönüllü tercümanlar danışmanlıkta dil engellerine yardım ediyor.")
    core = {"volunteers", "language_mediation", "language_barrier", "counselling", "language"}
    assert core <= de and core <= en and core <= tr


# --------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------
CORPUS_EXPECTED: dict[str, set[str]] = {
    "dortmund.en.txt": {
        "volunteers", "refugees", "migrants", "language_barrier", "language_mediation",
        "language_courses", "decentralised_offices", "coordination_municipal", "formal_agreement",
        "funding", "events_festivals", "public_relations", "awards", "large_city",
        "transferability", "evaluation", "sustainability", "outreach_access", "task_delimitation",
        "member_acquisition", "counselling", "authorities_bureaucracy", "ngos_welfare",
        "meetings_working_groups", "health", "housing", "labour_market", "education",
        "culture_sports",
    },
    "erfurt.de.txt": {
        "migrants", "ethnic_german_resettlers", "meetings_working_groups", "funding",
        "coordination", "coordination_ngo_on_behalf", "municipality", "parallel_structures",
        "mentoring", "formal_agreement", "evaluation", "network_setup", "ngos_welfare",
        "counselling", "events_festivals", "training_qualification", "information_flow",
        "transferability",
    },
    "erfurt.en.txt": {
        "coordination", "coordination_ngo_on_behalf", "formal_agreement", "competition",
        "information_loss", "staff_turnover", "information_flow", "flexibility_change",
        "trust_common_goals", "evaluation", "transferability", "volunteers", "migrants",
        "refugees", "language_courses", "knowledge_exchange", "meetings_working_groups",
        "events_festivals", "migrant_organisations", "ngos_welfare", "funding",
    },
    "erfurt.tr.txt": {
        "coordination", "coordination_ngo_on_behalf", "formal_agreement", "competition",
        "information_loss", "staff_turnover", "information_flow", "flexibility_change",
        "trust_common_goals", "evaluation", "transferability", "volunteers", "migrants",
        "refugees", "language_courses", "knowledge_exchange", "meetings_working_groups",
        "events_festivals", "migrant_organisations", "ngos_welfare", "funding",
    },
    "halberstadt.en.txt": {
        "informal_cooperation", "coordination_none", "small_town", "rural_area", "ngos_welfare",
        "counselling", "residence_law", "funding", "language_barrier", "prejudice_discrimination",
        "cultural_differences", "authorities_bureaucracy", "outreach_access", "trust_common_goals",
        "training_qualification", "public_relations", "meetings_working_groups", "refugees",
        "migrants", "volunteers",
    },
}
CORPUS_FORBIDDEN: dict[str, set[str]] = {
    "dortmund.en.txt": {"informal_cooperation", "coordination_none", "small_town", "rural_area",
                        "coordination_ngo_on_behalf"},
    "erfurt.de.txt": {"informal_cooperation", "coordination_none", "small_town", "rural_area"},
    "erfurt.en.txt": {"informal_cooperation", "coordination_none", "small_town", "rural_area",
                      "coordination_municipal"},
    "erfurt.tr.txt": {"informal_cooperation", "coordination_none", "small_town", "rural_area",
                      "coordination_municipal"},
    "halberstadt.en.txt": {"formal_agreement", "large_city", "coordination_municipal",
                           "coordination_ngo_on_behalf", "awards"},
}


def _corpus_text(name: str) -> str:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus file {name} not present")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(CORPUS_EXPECTED))
def test_corpus_files_get_a_reasonable_set(name: str) -> None:
    tags = tag_concepts(_corpus_text(name))
    missing = CORPUS_EXPECTED[name] - tags
    assert not missing, f"{name}: missing {sorted(missing)}"
    wrong = CORPUS_FORBIDDEN[name] & tags
    assert not wrong, f"{name}: unexpected {sorted(wrong)}: {explain_matches(_corpus_text(name))}"
    assert 15 <= len(tags) <= 55, sorted(tags)


def test_corpus_translations_agree() -> None:
    en = tag_concepts(_corpus_text("erfurt.en.txt"))
    tr = tag_concepts(_corpus_text("erfurt.tr.txt"))
    assert len(en ^ tr) <= 4, sorted(en ^ tr)


def test_every_corpus_file_is_tagged() -> None:
    for path in sorted(CORPUS.glob("*.txt")):
        assert len(tag_concepts(path.read_text(encoding="utf-8"))) >= 10, path.name


# --------------------------------------------------------------------------
# Robustness (hypothesis) and internal consistency
# --------------------------------------------------------------------------
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_never_raises_and_ids_are_known(text: str) -> None:
    tags = tag_concepts(text)
    assert isinstance(tags, frozenset) and tags <= set(CONCEPTS)
    assert set(explain_matches(text)) == tags
    assert concept_terms(text) == sorted(C.TOKEN_PREFIX + t for t in tags)


_VOCAB_WORDS = sorted(
    {w for c in CONCEPTS.values() for t in c.all_terms() for w in re.split(r"[\s*+$-]+", t) if w}
)
_vocab_text = st.lists(
    st.one_of(
        st.sampled_from(_VOCAB_WORDS),
        st.sampled_from([" ", "-", "/", "_", ", ", ". ", "\n", "'", "e", "en", "er", "lar", "ı"]),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüßçğışİIÄÖÜ0123456789 ", max_size=6),
    ),
    max_size=25,
).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_vocab_text)
def test_vocabulary_like_text_consistent(text: str) -> None:
    tags = tag_concepts(text)
    assert tags <= set(CONCEPTS)
    assert set(explain_matches(text)) == tags
    # case and spelling variants do not matter
    assert tag_concepts(text.upper()) == tags
    assert tag_concepts(text.lower()) == tags
    # the cached path resolution gives what a fresh resolution in context gives
    folded = match_fold(text)
    for matcher in (C._PREFIX_MATCHER, C._INFIX_MATCHER):
        for start, end, ids in matcher.finditer(folded):
            assert ids == matcher._resolve(folded, start, end)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_folding_is_character_by_character(text: str) -> None:
    """fold (a translate table filled as characters are met) is its definition: ASCII
    lower-cased, every other character folded to one character."""
    assert fold(text) == "".join(ch.lower() if ch.isascii() else _fold_char(ch) for ch in text)
    assert len(fold(text)) == len(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x24F) | st.sampled_from("İıŞşĞğẞ\u0307")))
def test_mapped_folding_equals_folding(text: str) -> None:
    folded, origin = match_fold_mapped(text)
    assert folded == match_fold(text)
    assert len(origin) == len(folded)
    assert origin == sorted(origin) and all(0 <= i < len(text) for i in origin)


@pytest.mark.parametrize(
    "text",
    [
        "\x00" * 10,
        "Ehrenamt\x00lich\x00e",
        "🙂🚀 volunteers 👩‍👩‍👧 Ehrenamt 🇹🇷",
        "\ud800\udfff lone surrogates \udc00 Flüchtlinge",
        "\u0307\u0301\u0308" * 50,
        "ﬁnanzierung ﬂyer",
        "a" * 100_000,
        ("Sprachbarrieren und Ehrenamt, göçmen ve gönüllü. " * 2100)[:100_000],
        "x" + "-" * 50_000 + "barrier",
        "language" + " " * 50_000 + "barrier",
        ("kein " * 20_000) + "deutsch",
        "1" * 5000 + " Einwohner",
        ".,'" * 10_000,
    ],
)
def test_hostile_inputs(text: str) -> None:
    tags = tag_concepts(text)
    assert tags <= set(CONCEPTS)
    assert set(explain_matches(text)) == tags
    concept_terms(text)


def test_long_text_is_fast_enough() -> None:
    text = (_corpus_text("dortmund.en.txt") * 30)[:100_000]
    start = time.perf_counter()
    tag_concepts(text)
    assert time.perf_counter() - start < 2.0


def _windows() -> list[str]:
    texts = []
    for path in sorted(CORPUS.glob("*.txt")):
        body = path.read_text(encoding="utf-8")
        texts += [body[i : i + 300] for i in range(0, max(len(body) - 300, 1), 150)]
    return texts


def test_the_resolution_cache_changes_no_tag() -> None:
    """The matchers cache each match's resolution (a long-running process sees the same stretches
    again): a warm cache and a cleared one tag every 300-character window of the corpus alike.
    How fast tagging is stays a figure of the benchmark's query path (docs/benchmarks.md), not a
    test's threshold: tests do not assert wall-clock times (this one failed at 202 µs against a
    200 µs limit on a busy machine)."""
    texts = _windows()
    if not texts:
        pytest.skip("no corpus")
    warm = [tag_concepts(text) for text in texts]
    assert C._PREFIX_MATCHER.cache or C._INFIX_MATCHER.cache  # the cache is used
    assert [tag_concepts(text) for text in texts] == warm
    cold = []
    for text in texts:
        C._PREFIX_MATCHER.cache.clear()
        C._INFIX_MATCHER.cache.clear()
        cold.append(tag_concepts(text))
    assert cold == warm


# --------------------------------------------------------------------------
# The vocabulary is data: assistant/data/concepts.toml and its validating loader
# --------------------------------------------------------------------------

GOOD_ENTRY = '''
[volunteers]
kind = "target_group"
labels = { de = "Ehrenamt", en = "Volunteers", tr = "Gönüllüler" }
de = ["*ehrenamt"]
en = ["volunteer"]
tr = ["gönüllü"]
'''


def _load(tmp_path: Path, text: str, intents: tuple[Concept, ...] = ()) -> tuple[Concept, ...]:
    path = tmp_path / "concepts.toml"
    path.write_text(text, encoding="utf-8")
    return C.load_vocabulary(path, intents)


def _error_line(tmp_path: Path, text: str) -> tuple[int, str]:
    with pytest.raises(C.VocabularyError) as info:
        _load(tmp_path, text)
    assert str(info.value).startswith(f"{tmp_path / 'concepts.toml'}:{info.value.line}: ")
    return info.value.line, info.value.message


def test_packaged_vocabulary_is_the_data_file() -> None:
    assert C.VOCABULARY_PATH.name == "concepts.toml"
    intents = C.intent_concepts(intent_terms(), INTENTS_PATH)
    assert [c.id for c in C.load_vocabulary(C.VOCABULARY_PATH, intents) if c.kind != C.EXCLUSION] == list(CONCEPTS)
    # What a question asks for is in intents.toml, not here: concepts.toml has no intent.
    assert not [c for c in C.load_vocabulary(C.VOCABULARY_PATH, intents) if c.kind == "intent" and c not in intents]


def test_a_new_concept_needs_no_python(tmp_path: Path) -> None:
    concepts = _load(tmp_path, GOOD_ENTRY + '''
[one_stop_office]
kind = "topic"
labels = { de = "Alles unter einem Dach", en = "One-stop office", tr = "Tek durak ofis" }
de = ["unter einem dach"]
en = ["one stop", "under one roof"]
tr = ["tek çatı altında"]
broader = ["volunteers"]
''')
    assert [c.id for c in concepts] == ["volunteers", "one_stop_office"]
    assert concepts[1].terms["en"] == ("one stop", "under one roof")


def test_an_intent_names_its_sections_in_the_data(tmp_path: Path) -> None:
    # An intent's terms, sections and labels are in intents.toml, beside its chat cues.
    tagged = parse_intent_terms('[intent.lessons]\nsections = ["challenges", "evaluation"]\ncues.en = ["learn"]\n'
                                'concept = "intent_lessons"\nlabels = { de = "Lehren", en = "Lessons" }\n'
                                'terms.en = ["lessons learnt"]\n', "x.toml")
    concepts = _load(tmp_path, GOOD_ENTRY + 'broader = ["intent_lessons"]\n', C.intent_concepts(tagged, Path("x.toml")))
    assert [c.id for c in concepts] == ["volunteers", "intent_lessons"]
    assert concepts[1].sections == ("challenges", "evaluation") and concepts[1].terms == {"en": ("lessons learnt",)}
    assert concepts[1].kind == "intent" and concepts[0].broader == ("intent_lessons",)
    # The packaged intents are what ranking lifts (one place: intents.toml).
    assert INTENT_SECTIONS["intent_challenges"] == (SectionKind.CHALLENGES,)
    assert INTENT_SECTIONS["intent_results"] == (SectionKind.EVALUATION,)
    assert set(INTENT_SECTIONS) == {c.id for c in CONCEPTS.values() if c.kind == "intent" and c.sections}
    assert {t.concept for t in intent_terms()} == {c.id for c in CONCEPTS.values() if c.kind == "intent"}


def test_a_mistake_in_an_intent_term_names_the_intents_file_and_line() -> None:
    text = ('[intent.lessons]\nsections = ["challenges"]\ncues.en = ["learn"]\nconcept = "intent_lessons"\n'
            'labels = { en = "Lessons" }\nterms.en = [\n    "lessons learnt",\n    "**",\n]\n')
    with pytest.raises(C.VocabularyError, match=r"^x.toml:8: intent_lessons: en term '\*\*'"):
        C.intent_concepts(parse_intent_terms(text, "x.toml"), Path("x.toml"))


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        (GOOD_ENTRY + '\n[broken\nkind = "topic"\n', 9, "TOML syntax"),
        (GOOD_ENTRY.replace('kind = "target_group"', 'kind = "target-group"'), 3, "kind must be one of"),
        (GOOD_ENTRY.replace('labels = { de = "Ehrenamt", en = "Volunteers", tr = "Gönüllüler" }',
                            'labels = { de = "Ehrenamt", tr = "Gönüllüler" }'), 4, "label for 'en'"),
        (GOOD_ENTRY.replace('en = ["volunteer"]', 'en = [\n    "volunteer",\n    "**",\n]'), 8, "term '**'"),
        (GOOD_ENTRY.replace('en = ["volunteer"]', 'en = [\n    "volunteer",\n    "Volunteer",\n]'), 8, "listed twice"),
        (GOOD_ENTRY + 'broader = ["helpers"]\n', 8, "unknown concept 'helpers'"),
        (GOOD_ENTRY + 'alone = { en = ["two words"] }\n', 8, "alone must be a table"),
        (GOOD_ENTRY + 'alone = { xx = ["word"] }\n', 8, "alone must be a table"),
        (GOOD_ENTRY + 'synonyms = ["x"]\n', 8, "unknown key 'synonyms'"),
        (GOOD_ENTRY.replace("[volunteers]", "[Volunteers]"), 2, "snake_case"),
        (GOOD_ENTRY.replace('en = ["volunteer"]', 'en = "volunteer"'), 6, "must be a list of strings"),
        (GOOD_ENTRY + '\n[empty]\nkind = "topic"\nlabels = { de = "a", en = "b", tr = "c" }\n', 9, "no terms"),
        ('title = "vocabulary"\n' + GOOD_ENTRY, 1, "expected a table"),
        (GOOD_ENTRY + 'sections = ["challenges"]\n', 8, "unknown key 'sections'"),
        (GOOD_ENTRY.replace('kind = "target_group"', 'kind = "intent"'), 3, "is in intents.toml"),
    ],
)
def test_mistakes_are_reported_with_file_and_line(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    found_line, message = _error_line(tmp_path, text)
    assert fragment in message
    assert found_line == line


def test_a_file_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "concepts.toml"
    path.write_bytes(GOOD_ENTRY.encode("utf-8") + b'\n[x]\nkind = "\xff"\n')
    with pytest.raises(C.VocabularyError, match=r"concepts.toml:10: is not UTF-8"):
        C.load_vocabulary(path)


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(C.VocabularyError, match="cannot be read"):
        C.load_vocabulary(tmp_path / "nope.toml")


# --------------------------------------------------------------------------
# False friends: words that look like a concept but mean something else
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Ev sahipleri mültecilere ev kiralamak istemiyor", "housing"),
        ("Which channels do these networks use to get the word out to the wider public?", "public_relations"),
        ("Dortmund'daki ağ kendini kamuoyuna nasıl tanıtıyor?", "public_relations"),
        ("Our language café ran out of steam after a year.", "dropout_continuity"),
        ("Die Sprechstunde ist nach einem Jahr eingeschlafen.", "dropout_continuity"),
        # A situation says what is missing (session 10 browser tester, W11): not finding work is the labour market.
        ("Geflüchtete finden keine Arbeit.", "labour_market"),
        ("Viele sind seit Jahren ohne Arbeit.", "labour_market"),
        ("Our refugees cannot find jobs.", "labour_market"),
        ("There are no jobs for them here.", "labour_market"),
        # Young adults are the young people a network works for (W17: "junge Volljährige" was untagged).
        ("Übergang 18 – Netzwerk für junge Volljährige", "children_youth"),
        ("Unbegleitet eingereiste junge Geflüchtete von 16 bis 21 Jahren", "children_youth"),
        ("We run a network for young adults leaving care.", "children_youth"),
        ("Care leavers need a flat at 18.", "children_youth"),
        ("Genç yetişkinler için konut bulmak zor.", "children_youth"),
    ],
)
def test_everyday_phrasings_of_field_concepts(text: str, concept: str) -> None:
    assert concept in tag_concepts(text)


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        # measuring what came of it asks for the evaluation section
        ("How do you measure whether the mentoring works?", "intent_results"),
        ("Woran messen Sie den Erfolg?", "intent_results"),
        ("Başarıyı nasıl ölçüyorsunuz?", "intent_results"),
        ("How many families did the project reach?", "intent_counts"),
        ("Wie viele Fälle wurden gemeldet?", "intent_counts"),
        ("Kaç aileye ulaşıldı?", "intent_counts"),
        # how many member organisations: a key fact
        ("Wie viele Vereine sind dabei?", "intent_facts"),
        ("Kaç dernek üye?", "intent_facts"),
        # how I reach someone: contact details
        ("How can I reach the coordinator?", "intent_contact"),
        ("Wie erreiche ich das Büro?", "intent_contact"),
        ("Koordinatöre nasıl ulaşabilirim?", "intent_contact"),
        # missing coordination is a network without a coordinating organisation (walk-through U13)
        ("Belediyemizde koordinasyon eksik, gönüllüler az.", "coordination_none"),
        ("Koordinasyon eksik", "coordination_none"),
        ("Die Koordination fehlt bei uns.", "coordination_none"),
    ],
)
def test_everyday_phrasings_of_intents(text: str, concept: str) -> None:
    assert concept in tag_concepts(text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("What measures did the town take?", "intent_results"),  # Maßnahmen, not measuring
        ("Orta ölçekli bir şehirde ne yapılabilir?", "intent_results"),  # scale, not measuring
        ("Wer muss das zahlen?", "intent_results"),  # to pay, not figures
        ("Das Büro ist schwer erreichbar.", "intent_contact"),  # hard to reach: a problem
        ("How did they reach migrant families?", "intent_contact"),  # outreach
    ],
)
def test_intent_cues_are_not_triggered_by_lookalikes(text: str, absent: str) -> None:
    assert absent not in tag_concepts(text)


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        ("Die Teilnahme ist freiwillig.", "volunteers", "participation"),
        ("Integration ist eine freiwillige Leistung der Kommune.", "volunteers", "municipality"),
        # the money problems of the people counselled are not the network's funding (s19 browser tester F2)
        ("Topics such as residence law, money problems and linguistic integration are dealt with.", "funding",
         "residence_law"),
        ("Themen wie Aufenthaltsrecht und Geldprobleme der Geflüchteten", "funding", "refugees"),
        ("Oturum hukuku ve para sorunları gibi konular ele alınıyor.", "funding", None),
        ("Dezentrale Unterbringung in Wohnungen statt Sammelunterkunft", "decentralised_offices", "housing"),
        ("We moved families into decentralised accommodation.", "decentralised_offices", "housing"),
        ("Fußballverein Trainingszeiten", "ngos_welfare", None),
        ("Fußballverein Trainingszeiten", "training_qualification", None),
        ("Das Thema haben wir 2019 in Angriff genommen.", "hostility_attacks", None),
        ("Das Thema haben wir 2019 in Angriff genommen.", "prejudice_discrimination", None),
        # "ev sahibi" is a landlord, "ev sahipliği" hosting an event
        ("Belediye festivale ev sahipliği yaptı.", "housing", "events_festivals"),
        # making use of the waiting time is no evaluation
        ("Sığınmacılar bekleme süresini nasıl değerlendirebilir?", "evaluation", None),
        # growing older is not old age
        ("Mädchen hören mit dem Sport auf, sobald sie älter werden.", "elderly", "culture_sports"),
        # looking after children is childcare, not nursing care
        ("Çocuk bakımı için yer bulamıyoruz.", "health", "childcare"),
        ("Her career service helps young refugees find training.", "health", None),
        # "a contact point" is no one-stop office: one for everything is
        ("Eine Anlaufstelle, bei der Betroffene Diskriminierung melden können", "one_stop_office",
         "prejudice_discrimination"),
        ("In jedem Stadtbezirk eine Anlaufstelle einrichten", "one_stop_office", "decentralised_offices"),
        # "ilçe" is any district (a place), not an office in every district
        ("Küçük bir ilçede entegrasyon ağı kurmak istiyoruz.", "decentralised_offices", "small_town"),
        ("Berlin'in Neukölln ilçesinde bir sağlık ağı", "decentralised_offices", "health"),
    ],
)
def test_false_friends_are_not_tagged(text: str, absent: str, present: str | None) -> None:
    tags = tag_concepts(text)
    assert absent not in tags
    assert not tags & {c for c in tags if c.startswith("false_friend")}
    if present:
        assert present in tags


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Freiwillige gesucht", "volunteers"),
        ("Die Stadt hat Büros in jedem Stadtteil, dezentral organisiert.", "decentralised_offices"),
        ("Der Sportverein bietet Training für Mädchen an.", "culture_sports"),
        ("Nach dem Anschlag auf das Wohnheim", "hostility_attacks"),
    ],
)
def test_the_true_meaning_is_still_tagged(text: str, concept: str) -> None:
    assert concept in tag_concepts(text)


@pytest.mark.parametrize("question", ["How do other cities pay for a coordinator?", "Wer zahlt die Koordination?",
                                      "Wie bezahlen andere Städte eine Koordinierungsstelle?",
                                      "Koordinatörü kim ödüyor?"])
def test_paying_a_coordinator_is_funding(question: str) -> None:
    assert {"funding", "coordination"} <= tag_concepts(question)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # care for older migrants: a field of the compendium's networks (health, older people)
        ("Older former guest workers hardly ever use home care services.", {"health", "migrants"}),
        ("Yaşlı göçmenler evde bakım hizmetlerini neredeyse hiç kullanmıyor.", {"health", "elderly", "migrants"}),
        ("Viele ehemalige Gastarbeiter brauchen heute Pflege.", {"health", "migrants"}),
        ("Misafir işçi olarak gelenlerin çoğu bakıma muhtaç.", {"health", "migrants"}),
        # parents or health guides from the communities are mentoring schemes
        ("Trained parent guides visit kindergartens.", {"mentoring", "education"}),
        ("Göçmen velilere okul sistemini anlatan veli rehberleri", {"mentoring", "education"}),
        ("Wir wollen eine einzige Anlaufstelle für alle Behörden.", {"one_stop_office"}),
    ],
)
def test_field_phrases_are_tagged(text: str, expected: set[str]) -> None:
    assert expected <= tag_concepts(text)


@pytest.mark.parametrize(
    ("text", "off_topic"),
    [
        # opening hours and fixtures are no network practice (near misses of the tune split)
        ("Öffnungszeiten des Hallenbads in Wilhelmsburg", True),
        ("Which Bundesliga matches are on TV this weekend?", True),
        ("Spor salonu kaçta açılıyor?", True),
        # ... but opening up to newcomers, or a TV campaign, is
        ("Wie haben sich die Sportvereine für Geflüchtete geöffnet?", False),
        ("The network ran a TV campaign against racism.", False),
        ("Das Netzwerk hat den Anstoß für ein Integrationskonzept gegeben.", False),
    ],
)
def test_schedules_and_opening_hours_are_off_topic(text: str, off_topic: bool) -> None:
    tags = tag_concepts(text)
    assert ("schedules_opening_hours" in tags) is off_topic


@pytest.mark.parametrize("question", ["Wie erreicht man Väter?", "Väter erreichen", "How do we reach fathers?",
                                      "fathers?", "Babalara nasıl ulaşırız?"])
def test_reaching_fathers_is_about_a_target_group_not_about_results(question: str) -> None:
    """X13 (s7 tester): "Wie erreicht man Väter?" got five evaluation quotes ("erreicht" read as
    results), "How do we reach fathers?" nothing at all (no word of the field)."""
    from assistant.intents import analyse_intent

    tags = tag_concepts(question)
    assert "women_families" in tags and "intent_results" not in tags
    assert "evaluation" not in analyse_intent(question, question).intents


def test_what_a_network_reached_is_still_its_results() -> None:
    from assistant.intents import analyse_intent

    for question in ("Wie viele Menschen hat das Netzwerk erreicht?", "Was hat das Netzwerk erreicht?"):
        assert "intent_results" in tag_concepts(question)
        assert "evaluation" in analyse_intent(question, question).intents


# Session 11 browser tester X11 (first half): reaching women, said as "Frauen erreichen", "reach women",
# "kadınlara ulaşmak", is outreach_access and stays women ("kadınlara" was women only through the stem
# "kadın", which the longer phrase would continue and so cancel).
@pytest.mark.parametrize("text", [
    "Wie können wir Frauen erreichen?",
    "Frauen erreichen",
    "Wie erreichen wir Frauen?",
    "How do we reach women?",
    "reaching women",
    "Kadınlara nasıl ulaşabiliriz?",
    "kadınlara ulaşmak",
    "Kadınlara ulaşamıyoruz",
])
def test_reaching_women_is_outreach(text: str) -> None:
    tags = tag_concepts(text)
    assert {"outreach_access", "women_families"} <= tags, (text, tags)


@pytest.mark.parametrize("text", ["Frauen", "Ziele erreichen", "Wir haben unsere Ziele erreicht", "kadınlar",
                                  "hedeflere ulaşmak", "Wie erreiche ich Halberstadt?"])
def test_reaching_something_else_is_no_outreach(text: str) -> None:
    assert "outreach_access" not in tag_concepts(text)
