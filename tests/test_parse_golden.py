"""Golden tests: every field and every item of the five seed documents.

The expected values below were written by reading ``corpus/*.txt`` (not by
copying parser output): one item per bullet, ``<li>`` or line-start entry as a
human reader would list them, wrapped lines joined with one space, list markup
and page-break debris left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from assistant.corpus import load_corpus
from assistant.models import FactField, FactSheet, Network, SectionKind

F = FactField
K = SectionKind

LIST_FIELDS = {F.FIELDS_OF_ACTION, F.TARGET_GROUPS, F.WEBSITES, F.EMAILS, F.ADDRESS}


@dataclass(frozen=True)
class Golden:
    kind: str
    language: str
    title: str | None
    facts: dict[FactField, list[str]]
    sections: dict[SectionKind, list[str]]
    #: (field, offending value) of every recorded data issue.
    issues: set[tuple[str, str]] = field(default_factory=set)


SHEET_SECTIONS = [
    K.GENERAL,
    K.DESCRIPTION,
    K.RESOURCES,
    K.INTERNAL_COMMUNICATION,
    K.EXTERNAL_COMMUNICATION,
    K.SUCCESS_FACTORS,
    K.CHALLENGES,
    K.EVALUATION,
    K.IMPACT,
    K.CONTACT,
]

ERFURT_DESCRIPTION_EN = (
    'Since 1999, the "Netzwerk für Integration der Landeshauptstadt Erfurt" serves as an '
    "association of migrants, public bodies, welfare agencies as well as other organisations, "
    "institutions and individuals involved in the integration of migrants in the city of Erfurt. "
    "Specific objectives are the interconnectedness of local offers, the creation of complex "
    "practical and demand-oriented integration assistance, the promotion of self-help forces "
    "among migrants and the strengthening of the local population's readiness to receive and "
    "accept migrants and newcomers. The network is located at and cooperates closely with the "
    "Centre for Integration and Migration (ZIM) of the city of Erfurt, which is an advisory and "
    "cultural centre with multicultural offers for migrants and locals"
)

ERFURT_EN = Golden(
    kind="sheet",
    language="en",
    title="NETZWERK FÜR INTEGRATION ERFURT",
    facts={
        F.STATUS_DATE: ["December 2020"],
        F.NAME: ["Netzwerk für Integration der Landeshauptstadt Erfurt"],
        # The row says 2004; the sheet's own description says "Since 1999".
        F.FOUNDING_YEAR: ["2004", "1999"],
        F.LOCATION: ["Erfurt / Thuringia / Germany"],
        F.COORDINATING_ORGANISATION: [
            "Internationaler Bund - IB Mitte gGmbH (a social NGO) on behalf of the city of Erfurt"
        ],
        F.FORMALISATION: ["Formal cooperation agreement"],
        F.MEMBERS: [
            "Circa 80; represented are amongst others administrative bodies, associations, "
            "institutions, migrant organisations"
        ],
        F.FIELDS_OF_ACTION: ["Inclusion / Integration in general"],
        F.TARGET_GROUPS: [
            "Public administration",
            "NGOs",
            "Volunteers",
            "Companies",
            "Training providers etc.",
        ],
        F.NETWORK_TYPE: ["State-integration network"],
        F.WEBSITES: ["www.integration-migration-thueringen.de/netzwerk"],
        F.EMAILS: ["netzwerk@integration-migration-thueringen.de"],
    },
    sections={
        K.DESCRIPTION: [ERFURT_DESCRIPTION_EN],
        K.RESOURCES: [
            "Use of rooms, materials and infrastructure of the Centre for Integration and "
            "Migration (ZIM) of the City of Erfurt",
            "One network coordinator financed by the City of Erfurt",
            "Special expenses in coordination with the ZIM",
        ],
        K.INTERNAL_COMMUNICATION: [
            "Network meetings for all members (5x per year) with topic-specific panels, lectures, "
            "discussion groups, network café with information tables",
            "Thematic meetings of the 8 working groups (2-6 meetings per year)",
            "Two-monthly calendar of events",
            "Regularly updated homepage",
        ],
        K.EXTERNAL_COMMUNICATION: [
            "Specific member management, which includes the organisation of network conferences "
            "with topic-specific panels, lectures and network café",
            "Monthly info mail",
            # After the page break; the "3. SUCCESS FACTORS..." heading is lost.
            "Two-monthly calendar of events",
            "The offering of further training and events on the topic of integration as required",
        ],
        K.SUCCESS_FACTORS: [
            "Regular exchange of experience and open discussion culture among members",
            "Exchange in the working groups is oriented towards concrete projects and goals",
            "Appreciation of the network by federal authorities that regularly attend conferences",
            "Clear and well-structured information flow",
            "The members' realisation that they can mutually benefit from the experience and "
            "expertise of other members",
            "The network is flexible and has a high willingness to change",
        ],
        K.CHALLENGES: [
            "Competitive behaviour (e.g. among language course providers)",
            "Partial loss of information (due to a lack of a uniform communication platform and "
            "a high fluctuation of members and staff)",
            "Lack of input from volunteers and migrants",
        ],
        K.EVALUATION: [
            "Regular surveys among members and adjustments in the network based on the results",
            "Annual report, which forms the basis for next year's target figures",
        ],
        K.IMPACT: [
            "The network has been successfully functioning as a link between the city and local "
            "actors for more than two decades and has expanded in the wake of the sudden increase "
            "in refugee migration in 2015 and 2016. The model of coordination by an NGO on behalf "
            "of the city is innovative and could be applied in this way in other municipalities."
        ],
    },
)

ERFURT_TR = Golden(
    kind="sheet",
    language="tr",
    title=None,  # the translation has no "Good Practice:" title line
    facts={
        # No "status of information" row in the translation.
        F.NAME: [
            "Netzwerk für Integration der Landeshauptstadt Erfurt "
            "(Eyalet başkenti Erfurt'un entegrasyon ağı)"
        ],
        F.FOUNDING_YEAR: ["2004", "1999"],  # row, and "1999 yılından bu yana" in the description
        F.LOCATION: ["Erfurt / Thuringia / Almanya"],
        F.COORDINATING_ORGANISATION: [
            "Internationaler Bund - IB Mitte gGmbH (sosyal bir STK) Erfurt şehri adına"
        ],
        F.FORMALISATION: ["Resmi işbirliği anlaşması"],
        F.MEMBERS: [
            "Yaklaşık 80; temsil edilenler diğerleri arasında idari organlar, dernekler, "
            "kurumlar, göçmen örgütleri"
        ],
        F.FIELDS_OF_ACTION: ["Genel olarak Dahil Etme / Entegrasyon"],
        F.TARGET_GROUPS: [
            "Kamu Yönetimi",
            "STK'lar",
            "Gönüllüler",
            "Şirketler",
            "Eğitim sağlayıcılar vb.",
        ],
        F.NETWORK_TYPE: ["Devlet entegrasyon ağı"],
        F.WEBSITES: ["www.integration-migration-thueringen.de/netzwerk"],
        F.EMAILS: ["netzwerk@integration-migration-thueringen.de"],
    },
    sections={
        K.DESCRIPTION: [
            '1999 yılından bu yana, "Netzwerk für Integration der Landeshauptstadt Erfurt" '
            "Erfurt şehrinde göçmenlerin, kamu kurumlarının, sosyal yardım kuruluşlarının ve "
            "diğer kuruluşların, kurumların ve göçmenlerin entegrasyonuna dahil olan bireylerin "
            "bir derneği olarak hizmet vermektedir. Spesifik hedefler, yerel tekliflerin "
            "birbiriyle bağlantılı olması, karmaşık pratik ve talebe yönelik entegrasyon "
            "yardımının oluşturulması, göçmenler arasında kendi kendine yardım güçlerinin "
            "teşviki ve yerel nüfusun göçmenleri ve yeni gelenleri almaya ve kabul etmeye hazır "
            "olma halinin güçlendirilmesidir. Ağ, göçmenler ve yerel halk için çok kültürlü "
            "teklifler sunan bir danışma ve kültür merkezi olan Erfurt şehrinin Entegrasyon ve "
            "Göç Merkezi'nde (ZIM) bulunur ve onunla yakın işbirliği içindedir."
        ],
        K.RESOURCES: [
            "Erfurt Şehri Entegrasyon ve Göç Merkezi'nin (ZIM) odaları, malzemeleri ve "
            "altyapısının kullanımı",
            "Erfurt Belediyesi tarafından finanse edilen bir ağ koordinatörü",
            "ZIM ile koordineli olarak özel harcamalar",
        ],
        K.INTERNAL_COMMUNICATION: [
            "Konuya özel paneller, konferanslar, tartışma grupları, bilgi tabloları içeren ağ "
            "kafe ile tüm üyeler için (yılda 5 kez) ağ toplantıları",
            "8 çalışma grubunun tematik toplantıları (yılda 2-6 toplantı)",
            "İki aylık etkinlik takvimi",
            "Düzenli olarak güncellenen ana sayfa",
        ],
        K.EXTERNAL_COMMUNICATION: [
            "Konuya özel paneller, konferanslar ve ağ kafesi ile ağ konferanslarının "
            "organizasyonunu içeren özel üye yönetimi",
            "Aylık bilgi postası",
            "İki aylık etkinlik takvimi",
            "Gerektiğinde entegrasyon konusunda daha fazla eğitim ve etkinlik sunulması",
        ],
        K.SUCCESS_FACTORS: [
            "Üyeler arasında düzenli deneyim alışverişi ve açık tartışma kültürü",
            "Çalışma gruplarındaki değişim somut projelere ve hedeflere yöneliktir",
            "Düzenli olarak konferanslara katılan federal yetkililer tarafından ağın takdir "
            "edilmesi",
            "Açık ve iyi yapılandırılmış bilgi akışı",
            "Üyelerin, diğer üyelerin deneyim ve uzmanlıklarından karşılıklı olarak "
            "yararlanabileceklerinin farkına varmaları",
            "Ağ esnektir ve değişme istekliliği yüksektir",
        ],
        K.CHALLENGES: [
            "Rekabetçi davranış (ör. Dil kursu sağlayıcıları arasında)",
            "Kısmi bilgi kaybı (tek tip bir iletişim platformunun olmaması ve üyeler ile "
            "personelin yüksek dalgalanması nedeniyle)",
            "Gönüllülerden ve göçmenlerden girdi eksikliği",
        ],
        K.EVALUATION: [
            "Üyeler arasında düzenli anketler ve sonuçlara göre ağdaki ayarlamalar",
            "Gelecek yılın hedef rakamlarının temelini oluşturan yıllık rapor",
        ],
        K.IMPACT: [
            "Ağ, yirmi yılı aşkın süredir şehir ve yerel aktörler arasında bir bağlantı olarak "
            "başarılı bir şekilde işliyor ve 2015 ve 2016'da mülteci göçündeki ani artışın "
            "ardından genişledi. Şehir adına bir STK tarafından koordinasyon modeli "
            "yenilikçidir ve diğer belediyelerde bu şekilde uygulanabilir."
        ],
    },
)

DORTMUND_EN = Golden(
    kind="sheet",
    language="en",
    title="INTEGRATIONSNETZWERK DORTMUND",
    facts={
        F.STATUS_DATE: ["December 2020"],
        F.NAME: ['Integrationsnetzwerk Dortmund "lokal willkommen"'],
        F.FOUNDING_YEAR: ["2016"],
        F.LOCATION: ["Dortmund / North Rhine-Westphalia / Germany"],
        F.COORDINATING_ORGANISATION: [
            "The municipal administration of Dortmund / Social welfare office"
        ],
        F.FORMALISATION: ["Formal cooperation agreement"],
        F.MEMBERS: [
            "Both city-wide actors and members active locally in individual city districts. "
            "This includes a large number of state and non-state actors in areas such as health "
            "care, youth welfare, social and educational services, volunteer work, culture and "
            "sports."
        ],
        F.FIELDS_OF_ACTION: [
            "Labour market",
            "Education",
            "Language",
            "Health",
            "Housing",
            "Culture & Sports",
        ],
        F.TARGET_GROUPS: ["Refugees", "Migrants", "NGOs", "Volunteers"],
        F.NETWORK_TYPE: ["State integration network"],
        # "Website:" is empty; the Facebook page is on the continuation line.
        F.WEBSITES: ["https://www.facebook.com/lokalwillkommen/"],
        F.EMAILS: ["nfarshi@stadtdo.de"],
    },
    sections={
        K.DESCRIPTION: [
            "The state integration network in Dortmund promotes the integration of refugees in "
            "the urban society, involving as many committed actors as possible in the "
            'integration work. "Lokal willkommen" was launched in 2016, initially as a one-year '
            "pilot project and was transferred to regular operation in the following year and "
            "successively expanded. The core element of the concept is a decentralized "
            'organization: There are so-called "welcome offices" in six city districts that '
            "serve as local contact points. The welcome offices provide advice, assistance and "
            "information for migrants, volunteers and all interested persons in the "
            "neighbourhood. In their function as contact points for stakeholders, they also "
            "contribute to the networking of local actors."
        ],
        # One line in the extraction, three entries in the PDF.
        K.RESOURCES: [
            "Central coordination and regular financing by the Social Welfare Office of the City "
            "of Dortmund",
            "Joint provision of personnel resources in close consultation with a local "
            "association of welfare organisations",
            'The "Welcome Offices" are staffed by one municipal employee and one employee of the '
            "welfare association",
        ],
        K.INTERNAL_COMMUNICATION: [
            "Regular networking meetings with individual cooperation partners",
            'Monthly intersection meeting of all employees of the regional "welcome offices", '
            "with the participation of external experts if necessary",
            # After the page break, before the split label "External Communication & Event"/"formats".
            '"Round tables" organised by the welcome teams in the respective districts with '
            "cooperation partners, supporters and interested parties",
        ],
        K.EXTERNAL_COMMUNICATION: [
            "Public relations work is carried out through information flyers, a dedicated "
            "Internet and Facebook page, reports in print media, and participation in district "
            "festivals and international neighbourhood festivals"
        ],
        K.SUCCESS_FACTORS: [
            "Close cooperation between the municipality and local association of welfare "
            "organisations enables the bundling of resources and mutual transfer of knowledge "
            "between both organisations.",
            # The repeated fragment "knowledge between both organisations" is dropped (issue).
            "Heterogeneous network with direct contact persons, for example, various authorities, "
            "doctors, schools and associations and therefore fast and uncomplicated help",
            "Good access to the target group due to the decentralised approach",
            "Successive expansion of the network through active member acquisition",
            "The organisation of activities such as language cafés, German courses, district "
            "festivals, community gardens, training courses etc.",
            "Open hours for consultation (12 hours per week) as a low-threshold offer for advice "
            "and information",
            "Reduction of bureaucratic hurdles",
            "Bringing together those seeking advice and providers of services, e.g. through a "
            "database that records both",
        ],
        K.CHALLENGES: [
            'At the beginning: Task delimitation at the interface between "locally welcome" and '
            "various offices and departments; solution through communication skills and patience",
            "At the beginning: language barriers; solution: refugees with existing language "
            "skills worked as volunteer language mediators, in the meantime there are also "
            "subsidies for language mediators",
            "Lack of continuity of voluntary offers",
            "Difficult acquisition of volunteers and participants for the volunteer offers",
        ],
        K.EVALUATION: [
            "A project-related database enables the statistical evaluation of consultations",
            "Evaluation forms and reports are regularly used for quality assurance",
            "The network pursues different dimensions of sustainability to be integrated into "
            "the administrative structure in the long term, which corresponds to the desire of "
            "the municipality for long-term support of the target groups",
        ],
        K.IMPACT: [
            "Especially in large urban areas, the decentralised organisational structure with "
            "district welcome offices could be a very suitable approach for integrating migrants "
            "and refugees into local urban society because they can be directly approached in "
            "the quarter they live (and often also work). In this respect, there is huge "
            "potential for transferring the decentralised approach to other large cities. The "
            "public visibility of the innovative concept is underlined by multiple awards, for "
            'example in the federal competition "Living together hand in hand - Designing '
            'communities" in the category "Outstanding strategic activities". In addition, the '
            'City of Dortmund was awarded the title of "Europaaktive Kommune in '
            'Nordrhein-Westfalen" ("Active European Community in North Rhine-Westphalia") by '
            'the State Chancellery of NRW for the "Lokal willkommen" project in 2017.'
        ],
    },
    issues={("success_factors", "knowledge between both organisations")},
)

HALBERSTADT_EN = Golden(
    kind="sheet",
    language="en",
    title="CARITAS-DIAKONIE-ZORA NETZWERK HALBERSTADT",
    facts={
        F.STATUS_DATE: ["January 2021"],
        F.NAME: ["Caritas-Diakonie-Zora Netzwerk Halberstadt (no official name)"],
        # "Founding year 1" and "E-Mail-Address 1" are no facts (see issues).
        F.LOCATION: ["Halberstadt / Saxony-Anhalt / Germany"],
        F.COORDINATING_ORGANISATION: ["No coordinating organisation"],
        F.FORMALISATION: ["Soft formal agreements and norms"],
        F.MEMBERS: [
            "Three NGOs in the city of Halberstadt: Caritasverband für das Dekanat Halberstadt, "
            "Diakonisches Werk im Kirchenkreis Halberstadt e.V., Soziokulturelles Zentrum Zora "
            "e.V. in Halberstadt"
        ],
        F.FIELDS_OF_ACTION: [
            "Inclusion / Integration in general",
            "Labour market",
            "Language",
            "Health",
            "Housing",
            "Education and training",
            "Culture and sports",
        ],
        F.TARGET_GROUPS: [
            "Migrants",
            "Refugees",
            "Public Administration",
            "NGOs",
            "Volunteers",
            "Companies",
        ],
        F.NETWORK_TYPE: ["Informal network"],
        # Wrapped URLs joined at their hyphens.
        F.WEBSITES: [
            "http://www.zora.de/",
            "https://www.caritas-magdeburg.de/unsere-hilfe-beratung/caritas-vor-ort/"
            "dekanate-im-bistum-magdeburg/dekanat-halberstadt/dekanat-halberstadt",
            "https://www.diakonie-halberstadt.de/startseite.html",
        ],
    },
    sections={
        K.DESCRIPTION: [
            "It is an informal cooperation of three NGOs in the city of Halberstadt that are "
            "active in the field of integration. The mission of the network is to help migrants "
            "and refugees by offering counselling, support and information. Topics such as "
            "residence law, money problems and linguistic/social/cultural integration are "
            "regularly dealt with. In addition, exchange opportunities are created and a dialogue "
            "with the local population is fostered. The overall mission is to facilitate the "
            "everyday life of the newcomers with this assistance and to facilitate their "
            "integration into society."
        ],
        K.RESOURCES: [
            "Staff of the three member organisations",
            "Migration counselling of Caritas and Diakonie is financed by federal funds",
            "Zora is financially supported by the city, but also depends on donations for its work",
        ],
        K.INTERNAL_COMMUNICATION: [
            "Network meetings (Open Space)",
            "Working groups",
            "Training events",
            "Symposia",
            "Communication via e-mail and telephone",
        ],
        K.EXTERNAL_COMMUNICATION: [
            "Social media channels of the individual members",
            "Through own websites of the individual members",
            "Local press",
        ],
        K.SUCCESS_FACTORS: [
            "Regular exchange of information",
            "Common mission: working towards the same goals",
            "Agreements are mutually respected",
            "Cooperation",
            "Implementation of ideas/projects",
        ],
        K.CHALLENGES: [
            "Reaching the target group is sometimes difficult.",
            "This can often be seen in projects and/or offers that are launched.",
            "Integration is a lengthy process that is always marked by major obstacles (laws, "
            "prejudices of society, language barriers, cultural differences).",
            "Cooperation with authorities, offices and companies is often difficult. A lot of "
            "mediation work is needed to find a suitable solution for each side.",
        ],
        K.EVALUATION: [
            "Always strive to set up innovative and long-lasting offers",
            "Aim to expand the network to get new input and more possibilities for daily work",
            "Further pieces of training/specialist days/working groups etc., providing the "
            "social workers with more knowledge and tools",
        ],
        K.IMPACT: [
            "It is a good example of three local integration actors cooperating closely in a "
            "rather small town in a rural area. It proves that cooperation can work well even "
            "informally (without formal cooperation agreements) and via common projects "
            "constantly being developed to give the target groups more opportunities."
        ],
    },
    issues={("founding_year", "1"), ("emails", "1")},
)

ERFURT_DE = Golden(
    kind="free_text",
    language="de",
    title="Netzwerk für Integration für Spätaussiedler und Migranten der Landeshauptstadt Erfurt",
    facts={
        F.FOUNDING_YEAR: ["1999"],  # "am 01.10.1999 das Netzwerk für Integration gegründet"
        F.MEMBERS: ["über 60 Akteure"],
        F.CONTACT_PERSON: ["Beate Tröster"],
        F.ADDRESS: ["Rosa-Luxemburg-Straße 50", "99086 Erfurt"],
        F.PHONE: ["(03 61) 6 43 15 35"],  # the fax number is no phone
        F.EMAILS: ["zim@integration-migration-thueringen.de"],
        F.WEBSITES: ["www.integration-migration-thueringen.de/netzwerk/index.htm"],
    },
    sections={
        K.DESCRIPTION: [
            "Die Basis für die Integration von MigrantInnen war die Gründung des Netzwerkes für "
            "Integration und Migration als Arbeitsgremium. Die Tatsache, dass sich die "
            "Zusammenarbeit von Trägern, Vereinen und Ämtern in Erfurt unkontinuierlich und "
            "sporadisch gestaltete, sollte geändert werden. Kooperationen kamen meist nur per "
            "Zufall zustande, Angebote überschnitten sich, ein Wechselspiel zwischen fehlenden "
            "Angeboten auf der einen und einem Überangebot auf der anderen Seite bestimmte das "
            "Geschehen. Jeder arbeitete für sich, bilaterale Absprachen erfolgten fast "
            "ausschließlich im Einzelfall. Es fehlte eine Übersicht, eine Abstimmung. Daher kam "
            "es zu Irritationen und Verwirrungen der Zuwanderer, aber auch der involvierten "
            "Ämter, Behörden und Vereine. Um das zu ändern, wurde am 01.10.1999 das Netzwerk "
            'für Integration gegründet. Es entstand als Folge eines "runden Tisches zur '
            'Aussiedlerintegration". Als erstes Modellprojekt in den neuen Bundesländern, zur '
            "Vernetzung aller Belange in Zusammenhang Migranten, wurde es bis zum 30.09.2002 "
            "über Mittel des Bundesministeriums des Inneren sowie der Kommune finanziert und "
            "gefördert. Nach Abschluss des Projektes hat die Kommune die Finanzierung des "
            "Netzwerkes übernommen. Der Auftraggeber ist die Stadt Erfurt und die Trägerschaft "
            "obliegt dem Internationalen Bund. Wesentlich für die Arbeit ist die Mitwirkung der "
            "Ausländerbeauftragten und des Ausländerbeirates. Im Netzwerk für Integration wirken "
            "über 60 Akteure, Ämter, Behörden, Organisationen, Vereine, Firmen und "
            "Einzelpersonen mit.",
            "Erfolge auf dem Gebiet der Integration wurden durch die Initiierung und Koordination "
            "bedarfsorientierter Konzeptionen, Veranstaltungen und trägerübergreifender Projekte "
            "und Angebote sowohl für alle tätigen Netzwerkakteure, als auch für die Bevölkerung "
            "und die MigrantInnen selbst, erzielt. So finden regelmäßig Netzwerktagungen, "
            "insgesamt 6 Tagungen im Jahr, und Integrationsseminare im Rathaus statt. Zweck "
            "dieser Netzwerktagungen ist zum einen der Informationstransfer. Vereinen, Trägern, "
            "Organisationen und neuen Projekten wird die Möglichkeit gegeben, sich und ihre "
            "Arbeit vorzustellen und ihre Angebote zu kombinieren und zu ergänzen. Thematische "
            "Schwerpunkte dabei sind beispielsweise die Sprache und Jugendmigrationsdienste. "
            "Außerdem werden Neuigkeiten auf dem Gebiet der Integration ausgetauscht und "
            "Berichte aus den im Netzwerk angesiedelten Arbeitsgruppen besprochen. Weiter werden "
            "Veranstaltungen und Fortbildungen organisiert und angeboten. Im Netzwerk existieren, "
            "wie beschrieben, verschiedene Arbeitsgruppen und Beratungsangebote, wobei es "
            "ständige und zeitweilige Arbeitsgruppen gibt, die sich mit unterschiedlichen Themen "
            "befassen, wie der Sprache, der Organisation von Veranstaltungen und mit dem Aufbau "
            "des Zentrums für Integration und Migration. Durch die Arbeit in den Arbeitsgruppen "
            "konnten Hilfsangebote für MigrantInnen besser koordiniert angeboten werden. Es gibt "
            "auch Beratungs- und Hilfsangebote für Vereine und Organisationen und eine "
            "Clearingstelle für Migranten und Härtefälle. Wichtig war es, im Netzwerk eine "
            "Verbindlichkeit der Zusammenarbeit zu schaffen, z.B. durch "
            "Bereitschaftserklärungen, Geschäftsordnung etc.",
            "Zu den Aufgabenbereichen des Netzwerkes gehören die Integration von neu ankommenden "
            "Migranten in Erfurt durch so genannte Integrationslotsen, die Entwicklung und "
            "Umsetzung von kommunalen Vereinbarungen, der Aufbau eines Netzwerkes von "
            "Patenschaften für Migranten und die Entwicklung von abgestimmten "
            "Integrationsmaßnahmen. Das Erfurter Netzwerk macht damit die eigentliche "
            "Integrationsarbeit in Erfurt effektiver und bereitet das Fundament für den "
            "Integrationsprozess. Das Netzwerk stellt zusätzlich beim Bund oder beim Land "
            "Anträge für Integrationsprojekte, stimmt Maßnahmen ab und begleitet diese. "
            "Schließlich werden im Anschluss auch die Projekte und Maßnahmen besprochen und "
            "ausgewertet. Weiter wird eine Fach- und Servicestelle für Migration und Integration "
            "aufgebaut.",
            "Die Geschäftsstelle des Netzwerkes befindet sich im ZIM.",
        ],
    },
)

GOLDEN: dict[str, Golden] = {
    "erfurt.en.txt": ERFURT_EN,
    "erfurt.tr.txt": ERFURT_TR,
    "dortmund.en.txt": DORTMUND_EN,
    "halberstadt.en.txt": HALBERSTADT_EN,
    "erfurt.de.txt": ERFURT_DE,
}

#: Golden cases the parser gets wrong today (kept strict so a fix is noticed).
KNOWN_PARSER_BUGS: dict[tuple[str, SectionKind], str] = {}


@pytest.fixture(scope="module")
def sheets(corpus_dir: Path) -> dict[str, FactSheet]:
    load = load_corpus(corpus_dir)
    assert load.warnings == []
    return {s.source: s for s in load.sheets}


def _value(field_: FactField, value: str) -> str:
    # A list entry's closing full stop is the sentence's, not the value's: "etc." ~ "etc".
    return value.rstrip(".") if field_ in LIST_FIELDS else value


def _params(kinds: bool = False) -> list[object]:
    out: list[object] = []
    for source, golden in GOLDEN.items():
        if not kinds:
            out.append(pytest.param(source, id=source))
            continue
        for kind in golden.sections:
            marks = []
            if (source, kind) in KNOWN_PARSER_BUGS:
                marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_PARSER_BUGS[source, kind]))
            out.append(pytest.param(source, kind, id=f"{source}-{kind.value}", marks=marks))
    return out


# --------------------------------------------------------------------------- documents


def test_all_five_documents_parsed(sheets: dict[str, FactSheet]) -> None:
    assert sorted(sheets) == sorted(GOLDEN)


@pytest.mark.parametrize("source", _params())
def test_kind_language_title(sheets: dict[str, FactSheet], source: str) -> None:
    sheet, golden = sheets[source], GOLDEN[source]
    assert (sheet.kind, sheet.language, sheet.title) == (golden.kind, golden.language, golden.title)
    assert len(sheet.sha256) == 64


@pytest.mark.parametrize("field_", list(FactField), ids=lambda f: f.value)
@pytest.mark.parametrize("source", _params())
def test_every_fact_field(sheets: dict[str, FactSheet], source: str, field_: FactField) -> None:
    """Each field's values in document order; a field the document lacks has no fact."""
    expected = [_value(field_, v) for v in GOLDEN[source].facts.get(field_, [])]
    actual = [_value(field_, f.value) for f in sheets[source].facts_of(field_)]
    assert actual == expected


@pytest.mark.parametrize(("source", "kind"), _params(kinds=True))
def test_section_items(sheets: dict[str, FactSheet], source: str, kind: SectionKind) -> None:
    expected = GOLDEN[source].sections[kind]
    section = sheets[source].section(kind)
    assert section is not None, f"{kind.value} missing"
    actual = [item.text for item in section.items]
    assert len(actual) == len(expected), actual
    assert actual == expected


@pytest.mark.parametrize("source", _params())
def test_section_kinds_and_order(sheets: dict[str, FactSheet], source: str) -> None:
    sheet = sheets[source]
    kinds = [s.kind for s in sheet.sections]
    if sheet.kind == "sheet":
        assert kinds == SHEET_SECTIONS
    else:
        assert kinds == [K.GENERAL, K.DESCRIPTION, K.CONTACT]
    assert len(kinds) == len(set(kinds))


@pytest.mark.parametrize("source", _params())
def test_issues(sheets: dict[str, FactSheet], source: str) -> None:
    assert {(i.field, i.value) for i in sheets[source].issues} == GOLDEN[source].issues


@pytest.mark.parametrize("source", _params())
def test_general_and_contact_sections_mirror_facts(
    sheets: dict[str, FactSheet], source: str
) -> None:
    """The general/contact sections list the facts, labelled by field, quoting the source."""
    sheet = sheets[source]
    contact_fields = {F.WEBSITES, F.EMAILS, F.PHONE, F.ADDRESS, F.CONTACT_PERSON}
    for kind, in_section in ((K.GENERAL, False), (K.CONTACT, True)):
        section = sheet.section(kind)
        assert section is not None
        facts = [f for f in sheet.facts if (f.field in contact_fields) is in_section]
        assert [(i.label, i.text) for i in section.items] == [(f.field.value, f.quote) for f in facts]
        assert [i.span for i in section.items] == [f.span for f in facts]


def test_english_section_labels(sheets: dict[str, FactSheet]) -> None:
    labels = {s.kind: s.label for s in sheets["dortmund.en.txt"].sections}
    assert labels[K.EXTERNAL_COMMUNICATION] == "External Communication & Event formats"
    assert labels[K.INTERNAL_COMMUNICATION] == "Internal Communication & Facilitation techniques"
    assert labels[K.CHALLENGES] == "Challenges & Lessons learnt"
    tr = {s.kind: s.label for s in sheets["erfurt.tr.txt"].sections}
    assert tr[K.EXTERNAL_COMMUNICATION] == "Harici İletişim ve Etkinlik formatları"


# --------------------------------------------------------------------------- noise


def _all_item_texts(sheet: FactSheet) -> list[str]:
    return [i.text for s in sheet.sections for i in s.items]


def _items(sheet: FactSheet, kind: SectionKind) -> list[str]:
    section = sheet.section(kind)
    assert section is not None, kind
    return [i.text for i in section.items]


@pytest.mark.parametrize("source", _params())
def test_no_markup_or_debris_in_items(sheets: dict[str, FactSheet], source: str) -> None:
    for text in _all_item_texts(sheets[source]):
        assert "<li>" not in text and "</li>" not in text and "<ul>" not in text
        assert "</ul>" not in text and "•" not in text and "\t" not in text
        assert "0000000" not in text and ". . ." not in text
        assert text == text.strip() and "  " not in text
        assert text.strip(". ")


def test_wrapped_values_are_joined(sheets: dict[str, FactSheet]) -> None:
    erfurt = sheets["erfurt.en.txt"]
    coordinating = erfurt.fact(F.COORDINATING_ORGANISATION)
    assert coordinating is not None and coordinating.value.endswith("on behalf of the city of Erfurt")
    assert [f.value for f in erfurt.facts_of(F.TARGET_GROUPS)][-1].startswith("Training providers")
    dortmund = sheets["dortmund.en.txt"]
    assert [f.value for f in dortmund.facts_of(F.FIELDS_OF_ACTION)][-1] == "Culture & Sports"


def test_erfurt_bullets_after_page_break_stay_in_external_communication(
    sheets: dict[str, FactSheet],
) -> None:
    sheet = sheets["erfurt.en.txt"]
    external = _items(sheet, K.EXTERNAL_COMMUNICATION)
    assert external[-2:] == [
        "Two-monthly calendar of events",
        "The offering of further training and events on the topic of integration as required",
    ]
    success = _items(sheet, K.SUCCESS_FACTORS)
    assert not any("calendar" in t or "further training" in t for t in success)
    assert success[0].startswith("Regular exchange of experience")


def test_dortmund_split_label_and_tab_split_heading(sheets: dict[str, FactSheet]) -> None:
    sheet = sheets["dortmund.en.txt"]
    texts = _all_item_texts(sheet)
    assert not any(t == "formats" or t.startswith("formats ") for t in texts)
    assert not any("MAIN CHALLENGES" in t or "SUCCESS FACTORS" in t for t in texts)
    internal = sheet.section(K.INTERNAL_COMMUNICATION)
    assert internal is not None
    assert not any("Public relations" in i.text for i in internal.items)
    external = sheet.section(K.EXTERNAL_COMMUNICATION)
    assert external is not None and len(external.items) == 1
    assert external.items[0].text.endswith("international neighbourhood festivals")
    success = sheet.section(K.SUCCESS_FACTORS)
    assert success is not None and success.items[0].text.startswith("Close cooperation")


def test_dortmund_run_together_entries_are_split(sheets: dict[str, FactSheet]) -> None:
    texts = _items(sheets["dortmund.en.txt"], K.SUCCESS_FACTORS)
    assert "Reduction of bureaucratic hurdles" in texts
    assert any(t.endswith("as a low-threshold offer for advice and information") for t in texts)
    challenges = _items(sheets["dortmund.en.txt"], K.CHALLENGES)
    assert "Lack of continuity of voluntary offers" in challenges


def test_dortmund_echo_fragment_dropped_with_issue(sheets: dict[str, FactSheet], corpus_dir: Path) -> None:
    sheet = sheets["dortmund.en.txt"]
    texts = _all_item_texts(sheet)
    assert "knowledge between both organisations" not in texts
    assert not any(t.startswith("knowledge between") for t in texts)
    issue = next(i for i in sheet.issues if i.value == "knowledge between both organisations")
    assert issue.field == "success_factors" and issue.span is not None
    source = (corpus_dir / "dortmund.en.txt").read_text(encoding="utf-8")
    assert source[issue.span.start : issue.span.end] == "knowledge between both organisations"
    # It is the second occurrence, at the start of the continuation line.
    assert source.rfind("knowledge between both organisations") == issue.span.start


def test_turkish_lost_bullets_start_items(sheets: dict[str, FactSheet]) -> None:
    """erfurt.tr.txt has no tabs; a leading space marks a lost bullet."""
    sheet = sheets["erfurt.tr.txt"]
    resources = sheet.section(K.RESOURCES)
    assert resources is not None and len(resources.items) == 3
    # Wrapped lines without the leading space continue the entry.
    assert resources.items[0].text.endswith("altyapısının kullanımı")


def test_halberstadt_li_then_plain_line(sheets: dict[str, FactSheet]) -> None:
    """A plain line after '</ul>' is one more entry, not a tail of the last <li>."""
    texts = _items(sheets["halberstadt.en.txt"], K.SUCCESS_FACTORS)
    assert texts[-2:] == ["Cooperation", "Implementation of ideas/projects"]


# --------------------------------------------------------------------------- data quality


def test_halberstadt_placeholder_values_dropped(
    sheets: dict[str, FactSheet], networks: dict[str, Network], corpus_dir: Path
) -> None:
    sheet = sheets["halberstadt.en.txt"]
    assert sheet.facts_of(F.FOUNDING_YEAR) == [] and sheet.facts_of(F.EMAILS) == []
    source = (corpus_dir / "halberstadt.en.txt").read_text(encoding="utf-8")
    for field_name, label in (("founding_year", "Founding year"), ("emails", "E-Mail-Address")):
        issue = next(i for i in sheet.issues if i.field == field_name)
        assert issue.value == "1" and issue.reason
        assert issue.span is not None and source[issue.span.start : issue.span.end] == "1"
        line_start = source.rfind("\n", 0, issue.span.start) + 1
        assert source[line_start:].startswith(label)
    network = networks["halberstadt"]
    assert network.founding_year is None
    assert F.FOUNDING_YEAR not in network.facts and F.EMAILS not in network.facts
    assert {("founding_year", "1"), ("emails", "1")} <= {(q.field, q.value) for q in network.quality}
    general = [i for s in network.sections for i in s.items]
    assert not any(i.label in ("founding_year", "emails") for i in general)


def test_erfurt_founding_year_conflict_kept_and_flagged(networks: dict[str, Network]) -> None:
    network = networks["erfurt"]
    fact = network.facts[F.FOUNDING_YEAR]
    assert fact.conflict is True
    assert fact.values == ["1999", "2004"]
    by_value: dict[str, set[str]] = {}
    for claim in fact.claims:
        by_value.setdefault(claim.value, set()).add(claim.span.source)
    assert by_value["2004"] == {"erfurt.en.txt", "erfurt.tr.txt"}
    assert {"erfurt.en.txt", "erfurt.de.txt"} <= by_value["1999"]
    # The labelled row of the primary (English) sheet is the value shown.
    assert fact.value == "2004" and network.founding_year == 2004
    assert fact.claims[0].span.source == "erfurt.en.txt"
    issue = next(q for q in network.quality if q.field == "founding_year")
    assert "2004" in issue.value and "1999" in issue.value
    assert "erfurt.de.txt" in issue.reason and "erfurt.en.txt" in issue.reason


def test_no_conflict_without_disagreement(networks: dict[str, Network]) -> None:
    assert networks["dortmund"].facts[F.FOUNDING_YEAR].conflict is False
    assert not any(q.field == "founding_year" for q in networks["dortmund"].quality)


# --------------------------------------------------------------------------- networks


def test_network_ids(networks: dict[str, Network]) -> None:
    assert sorted(networks) == ["dortmund", "erfurt", "halberstadt"]


@pytest.mark.parametrize(
    ("network_id", "name", "location", "year", "documents"),
    [
        (
            "erfurt",
            "Netzwerk für Integration der Landeshauptstadt Erfurt",
            ("Erfurt", "Thuringia", "Germany"),
            2004,
            {("erfurt.en.txt", "sheet", "en"), ("erfurt.tr.txt", "sheet", "tr"),
             ("erfurt.de.txt", "free_text", "de")},
        ),
        (
            "dortmund",
            'Integrationsnetzwerk Dortmund "lokal willkommen"',
            ("Dortmund", "North Rhine-Westphalia", "Germany"),
            2016,
            {("dortmund.en.txt", "sheet", "en")},
        ),
        (
            "halberstadt",
            "Caritas-Diakonie-Zora Netzwerk Halberstadt",
            ("Halberstadt", "Saxony-Anhalt", "Germany"),
            None,
            {("halberstadt.en.txt", "sheet", "en")},
        ),
    ],
)
def test_network_merge(
    networks: dict[str, Network],
    network_id: str,
    name: str,
    location: tuple[str, str, str],
    year: int | None,
    documents: set[tuple[str, str, str]],
) -> None:
    network = networks[network_id]
    assert network.name == name
    assert (network.location.city, network.location.state, network.location.country) == location
    assert network.founding_year == year
    assert {(d.source, d.kind, d.language) for d in network.documents} == documents
    assert len(network.documents) == len(documents)
    assert sorted(network.languages) == sorted({lang for _, _, lang in documents})
    # The primary document (English sheet) comes first.
    assert network.documents[0].source == f"{network_id}.en.txt"


def test_erfurt_values_shown_come_from_the_english_sheet(networks: dict[str, Network]) -> None:
    network = networks["erfurt"]
    assert network.fact_value(F.FORMALISATION) == "Formal cooperation agreement"
    assert network.fact_value(F.NETWORK_TYPE) == "State-integration network"
    assert network.facts[F.FORMALISATION].claims[0].span.source == "erfurt.en.txt"


def test_every_fact_claim_has_provenance(networks: dict[str, Network]) -> None:
    for network in networks.values():
        sources = {d.source for d in network.documents}
        for field_, fact in network.facts.items():
            assert fact.claims, field_
            assert fact.value in {c.value for c in fact.claims}
            for claim in fact.claims:
                assert claim.span.source in sources
                assert 0 <= claim.span.start < claim.span.end
                assert claim.quote and claim.language in {"en", "de", "tr"}


def test_every_section_item_has_provenance(networks: dict[str, Network]) -> None:
    for network in networks.values():
        docs = {d.source: d.language for d in network.documents}
        for section in network.sections:
            assert docs[section.source] == section.language
            for item in section.items:
                assert item.span.source == section.source
                assert item.language == section.language
                assert item.span.start < item.span.end


# --------------------------------------------------------------------------- German free text


def test_german_page_belongs_to_erfurt(networks: dict[str, Network]) -> None:
    network = networks["erfurt"]
    assert "erfurt.de.txt" in {d.source for d in network.documents}
    description = [
        s for s in network.sections if s.kind is K.DESCRIPTION and s.source == "erfurt.de.txt"
    ]
    assert len(description) == 1
    assert len(description[0].items) == len(ERFURT_DE.sections[K.DESCRIPTION])


def test_german_page_facts_in_network(networks: dict[str, Network]) -> None:
    network = networks["erfurt"]

    def from_de(field_: FactField) -> list[tuple[str, str]]:
        fact = network.facts[field_]
        return [(c.value, c.quote) for c in fact.claims if c.span.source == "erfurt.de.txt"]

    [(year, quote)] = from_de(F.FOUNDING_YEAR)
    assert year == "1999" and "01.10.1999" in quote
    assert from_de(F.MEMBERS) == [("über 60 Akteure", "über 60 Akteure")]
    assert [v for v, _ in from_de(F.CONTACT_PERSON)] == ["Beate Tröster"]
    assert " ".join(v for v, _ in from_de(F.ADDRESS)) == "Rosa-Luxemburg-Straße 50 99086 Erfurt"
    assert [v for v, _ in from_de(F.PHONE)] == ["(03 61) 6 43 15 35"]
    assert [v for v, _ in from_de(F.EMAILS)] == ["zim@integration-migration-thueringen.de"]
    assert [v for v, _ in from_de(F.WEBSITES)] == [
        "www.integration-migration-thueringen.de/netzwerk/index.htm"
    ]


def test_german_page_boilerplate_is_not_description(sheets: dict[str, FactSheet]) -> None:
    texts = _all_item_texts(sheets["erfurt.de.txt"])
    assert not any(t.startswith("Logo") or "©" in t or "Fax" in t for t in texts)


def test_free_text_ignores_page_break_debris(corpus_dir: Path) -> None:
    from assistant.parse import parse_document

    original = (corpus_dir / "erfurt.de.txt").read_text(encoding="utf-8")
    for debris in (".", ". . . . . . . .", "0000000"):
        text = original.replace("Landeshauptstadt Erfurt\n", f"Landeshauptstadt Erfurt\n{debris}\n", 1)
        text = text.replace("Einzelpersonen mit.\n", f"Einzelpersonen mit.\n{debris}\n", 1)
        sheet = parse_document(text, "erfurt.de.txt")
        assert sheet is not None and sheet.title == ERFURT_DE.title, debris
        description = sheet.section(K.DESCRIPTION)
        assert description is not None
        assert [i.text for i in description.items] == ERFURT_DE.sections[K.DESCRIPTION], debris
