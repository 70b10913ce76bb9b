"""Every string of the Streamlit UI and of the exported handouts, in German, English and Turkish.

``ui(key, lang, **values)`` returns the string in ``lang`` (English for other
languages). Answer messages of the library (out of scope, empty question,
follow-up questions...) come from :func:`assistant.i18n.t`; quotes from the
sheets are never translated.

Strings are plain text or Streamlit Markdown written by us; they never contain
text from a sheet or a user (those are escaped where they are shown).
"""

from __future__ import annotations

from assistant.i18n import STRINGS as MESSAGES
from assistant.i18n import UI_LANGUAGES
from assistant.models import DataIssue, IssueCode

__all__ = ["EXAMPLES", "STRINGS", "UI_LANGUAGES", "missing_translations", "quality_reason", "ui"]

STRINGS: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------------ app frame
    "app_title": {"de": "Netzwerk-Kompass", "en": "Netzwerk-Kompass", "tr": "Netzwerk-Kompass"},
    "app_tagline": {
        "de": "Gute Praxis aus kommunalen Integrationsnetzwerken – passend zu Ihrer Situation.",
        "en": "Good practice from municipal integration networks – matched to your situation.",
        "tr": "Belediye entegrasyon ağlarından iyi uygulamalar – durumunuza göre.",
    },
    "language_label": {"de": "Sprache", "en": "Language", "tr": "Dil"},
    "language_help": {
        "de": "Wird aus Ihrer ersten Nachricht erkannt; hier jederzeit umstellbar.",
        "en": "Detected from your first message; switch it here at any time.",
        "tr": "İlk mesajınızdan algılanır; buradan istediğiniz zaman değiştirebilirsiniz.",
    },
    "chat_placeholder": {
        "de": "Beschreiben Sie Ihre Kommune oder stellen Sie eine Frage …",
        "en": "Describe your municipality or ask a question …",
        "tr": "Belediyenizi anlatın ya da bir soru sorun …",
    },
    "tab_chat": {"de": ":material/forum: Beratung", "en": ":material/forum: Advice", "tr": ":material/forum: Danışma"},
    "tab_networks": {"de": ":material/hub: Netzwerke", "en": ":material/hub: Networks", "tr": ":material/hub: Ağlar"},
    "tab_compare": {"de": ":material/compare_arrows: Vergleich", "en": ":material/compare_arrows: Compare", "tr": ":material/compare_arrows: Karşılaştırma"},
    "loading_engine": {
        "de": "Sprachmodell und Suchindex werden geladen …",
        "en": "Loading the language model and the search index …",
        "tr": "Dil modeli ve arama dizini yükleniyor …",
    },
    "index_building": {
        "de": "Der Suchindex wird aus den Steckbriefen aufgebaut (einmalig) …",
        "en": "Building the search index from the fact sheets (once) …",
        "tr": "Arama dizini bilgi formlarından oluşturuluyor (bir kez) …",
    },
    "index_ready": {"de": "Suchindex bereit", "en": "Search index ready", "tr": "Arama dizini hazır"},
    "index_stage_parse": {"de": "Steckbriefe lesen", "en": "Reading the fact sheets", "tr": "Bilgi formları okunuyor"},
    "index_stage_embed": {
        "de": "Texte einbetten: {done} von {total}",
        "en": "Embedding texts: {done} of {total}",
        "tr": "Metinler gömülüyor: {done} / {total}",
    },
    "index_stage_write": {"de": "Index speichern", "en": "Saving the index", "tr": "Dizin kaydediliyor"},
    "index_stage_other": {"de": "Arbeitsschritt: {stage}", "en": "Step: {stage}", "tr": "Adım: {stage}"},
    "index_failed": {
        "de": "Der Suchindex konnte nicht geladen werden: {error}",
        "en": "The search index could not be loaded: {error}",
        "tr": "Arama dizini yüklenemedi: {error}",
    },
    # ------------------------------------------------------------------ welcome & examples
    "welcome_title": {
        "de": "Wie ist die Lage bei Ihnen vor Ort?",
        "en": "What is the situation in your town?",
        "tr": "Sizde durum nasıl?",
    },
    "welcome_text": {
        "de": "Beschreiben Sie Ihre Kommune – Größe, wer koordiniert, welche Zielgruppen, wo es hakt. "
        "Ich suche die ähnlichsten Netzwerke aus den Good-Practice-Steckbriefen und zeige, was dort "
        "funktioniert hat und woran es gescheitert ist – immer mit wörtlichem Zitat und Quelle. "
        "Sie können auf Deutsch, Englisch oder Türkisch schreiben.",
        "en": "Describe your municipality – its size, who coordinates, which target groups, where things get stuck. "
        "I find the most similar networks in the Good Practice fact sheets and show what worked there and what "
        "went wrong – always with a verbatim quote and its source. You can write in German, English or Turkish.",
        "tr": "Belediyenizi anlatın – büyüklüğü, kimin koordine ettiği, hedef gruplar, nerede zorlandığınız. "
        "İyi Uygulama bilgi formlarında en benzer ağları bulur, orada neyin işe yaradığını ve neyin "
        "aksadığını gösteririm – her zaman birebir alıntı ve kaynağıyla. Almanca, İngilizce veya Türkçe "
        "yazabilirsiniz.",
    },
    "examples_title": {"de": "Beispielsituationen", "en": "Example situations", "tr": "Örnek durumlar"},
    "examples_help": {
        "de": "Ein Klick stellt das Beispiel als Frage – ideal für Workshops.",
        "en": "One click asks the example – handy in workshops.",
        "tr": "Tek tıkla örnek soru olarak sorulur – atölyeler için ideal.",
    },
    "example_de_title": {
        "de": "Kleinstadt ohne Koordination",
        "en": "Small town without coordination",
        "tr": "Koordinasyonsuz küçük kasaba",
    },
    "example_en_title": {
        "de": "Großstadt: Ehrenamtliche springen ab",
        "en": "Large city: volunteers drop out",
        "tr": "Büyükşehir: gönüllüler bırakıyor",
    },
    "example_tr_title": {
        "de": "Großstadt: Sprachbarrieren",
        "en": "Large city: language barriers",
        "tr": "Büyükşehir: dil engelleri",
    },
    "example_ask": {"de": "Diese Situation fragen", "en": "Ask this", "tr": "Bunu sor"},
    # ------------------------------------------------------------------ situation profile
    "profile_title": {"de": "Ihre Situation", "en": "Your situation", "tr": "Durumunuz"},
    "profile_help": {
        "de": "Aus Ihren Nachrichten erkannt. Korrigieren Sie die Angaben – sie gelten ab der nächsten Frage.",
        "en": "Recognised from your messages. Correct anything here – it applies from the next question on.",
        "tr": "Mesajlarınızdan algılandı. Gerekirse düzeltin – bir sonraki sorudan itibaren geçerlidir.",
    },
    "profile_evidence": {
        "de": "Erkannt an: {words}",
        "en": "Recognised from: {words}",
        "tr": "Şuradan algılandı: {words}",
    },
    "profile_line": {"de": "Erkannte Situation", "en": "Recognised situation", "tr": "Algılanan durum"},
    "profile_empty": {
        "de": "noch keine Merkmale erkannt",
        "en": "no features recognised yet",
        "tr": "henüz bir özellik algılanmadı",
    },
    "not_stated": {"de": "– nicht angegeben –", "en": "– not stated –", "tr": "– belirtilmedi –"},
    "facet_size": {"de": "Größe der Kommune", "en": "Size of the town", "tr": "Şehrin büyüklüğü"},
    "facet_coordination": {"de": "Koordination", "en": "Coordination", "tr": "Koordinasyon"},
    "facet_formalisation": {"de": "Formalisierung", "en": "Formalisation", "tr": "Resmilik"},
    "facet_target_groups": {"de": "Zielgruppen", "en": "Target groups", "tr": "Hedef gruplar"},
    "facet_fields_of_action": {"de": "Handlungsfelder", "en": "Fields of action", "tr": "Faaliyet alanları"},
    "facet_challenges": {"de": "Herausforderungen", "en": "Challenges", "tr": "Zorluklar"},
    "facet_text": {"de": "Textähnlichkeit", "en": "Text similarity", "tr": "Metin benzerliği"},
    # ------------------------------------------------------------------ weights
    "weights_title": {"de": "Gewichtung der Ähnlichkeit", "en": "Similarity weights", "tr": "Benzerlik ağırlıkları"},
    "weights_help": {
        "de": "Wie stark zählt jedes Merkmal beim Vergleich mit den Netzwerken? 0 = aus. Gilt ab der nächsten Frage.",
        "en": "How much each facet counts when comparing with the networks. 0 = off. Applies from the next question on.",
        "tr": "Ağlarla karşılaştırmada her özelliğin ağırlığı. 0 = kapalı. Bir sonraki sorudan itibaren geçerlidir.",
    },
    "weights_reset": {"de": "Standardgewichte", "en": "Default weights", "tr": "Varsayılan ağırlıklar"},
    # ------------------------------------------------------------------ filters
    "filters_title": {"de": "Filter", "en": "Filters", "tr": "Filtreler"},
    "filters_help": {
        "de": "Schränkt die Suche auf passende Netzwerke ein (ohne Auswahl: alle).",
        "en": "Restricts the search to matching networks (nothing selected: all).",
        "tr": "Aramayı uygun ağlarla sınırlar (seçim yoksa: hepsi).",
    },
    "filter_fields": {"de": "Handlungsfelder", "en": "Fields of action", "tr": "Faaliyet alanları"},
    "filter_groups": {"de": "Zielgruppen", "en": "Target groups", "tr": "Hedef gruplar"},
    "filter_types": {"de": "Art des Netzwerks", "en": "Type of network", "tr": "Ağ türü"},
    "filter_formalisations": {"de": "Formalisierung", "en": "Formalisation", "tr": "Resmilik"},
    "filters_status": {
        "de": "Gesucht wird in {n} von {total} Netzwerken.",
        "en": "Searching {n} of {total} networks.",
        "tr": "{total} ağın {n} tanesinde aranıyor.",
    },
    "filters_none": {
        "de": "Kein Netzwerk erfüllt alle Filter. Bitte lockern Sie die Filter in der Seitenleiste.",
        "en": "No network meets all filters. Please relax the filters in the sidebar.",
        "tr": "Hiçbir ağ tüm filtrelere uymuyor. Lütfen kenar çubuğundaki filtreleri gevşetin.",
    },
    "filters_clear": {"de": "Filter zurücksetzen", "en": "Clear filters", "tr": "Filtreleri temizle"},
    # ------------------------------------------------------------------ conversation tools
    "tools_title": {"de": "Workshop & Export", "en": "Workshop & export", "tr": "Atölye ve dışa aktarma"},
    "export_md": {"de": "Gespräch als Markdown", "en": "Conversation as Markdown", "tr": "Sohbet (Markdown)"},
    "export_html": {
        "de": "Handout zum Drucken (HTML)",
        "en": "Print-ready handout (HTML)",
        "tr": "Yazdırılabilir özet (HTML)",
    },
    "export_disabled": {
        "de": "Stellen Sie zuerst eine Frage.",
        "en": "Ask a question first.",
        "tr": "Önce bir soru sorun.",
    },
    "new_conversation": {"de": "Neues Gespräch", "en": "New conversation", "tr": "Yeni sohbet"},
    "rerun_last": {
        "de": "Letzte Frage mit diesen Einstellungen neu beantworten",
        "en": "Answer the last question again with these settings",
        "tr": "Son soruyu bu ayarlarla yeniden yanıtla",
    },
    # ------------------------------------------------------------------ the answer
    "closest_networks": {"de": "Ähnlichste Netzwerke", "en": "Closest networks", "tr": "En benzer ağlar"},
    "similarity": {"de": "Ähnlichkeit", "en": "Similarity", "tr": "Benzerlik"},
    "similarity_score": {"de": "Ähnlichkeit {score}", "en": "similarity {score}", "tr": "benzerlik {score}"},
    "why_network": {"de": "Warum {city}?", "en": "Why {city}?", "tr": "Neden {city}?"},
    "facet_off": {"de": "aus", "en": "off", "tr": "kapalı"},
    "facet_weight": {"de": "Gewicht {weight}", "en": "weight {weight}", "tr": "ağırlık {weight}"},
    "your_value": {"de": "Ihre Angabe", "en": "You", "tr": "Sizin durumunuz"},
    "network_value": {"de": "Netzwerk", "en": "Network", "tr": "Ağ"},
    "not_in_sheet": {
        "de": "im Steckbrief nicht angegeben",
        "en": "not stated in the sheet",
        "tr": "bilgi formunda belirtilmemiş",
    },
    "text_similarity_note": {
        "de": "Wie ähnlich Ihr Text den Texten des Steckbriefs ist.",
        "en": "How similar your text is to the texts of the sheet.",
        "tr": "Metninizin bilgi formundaki metinlere benzerliği.",
    },
    "success_factors": {
        "de": "Erfolgsfaktoren, die sich übernehmen lassen",
        "en": "Success factors worth adopting",
        "tr": "Benimsemeye değer başarı faktörleri",
    },
    "lessons": {
        "de": "Stolpersteine und Lessons learnt",
        "en": "Pitfalls and lessons learnt",
        "tr": "Tuzaklar ve öğrenilen dersler",
    },
    "solution": {"de": "Lösung laut Steckbrief", "en": "Solution given in the sheet", "tr": "Bilgi formundaki çözüm"},
    "transferability": {
        "de": "Was die Steckbriefe zur Übertragbarkeit sagen",
        "en": "What the sheets say about transferability",
        "tr": "Bilgi formları aktarılabilirlik hakkında ne diyor",
    },
    "no_transferability": {
        "de": "Die Steckbriefe der ähnlichsten Netzwerke sagen dazu nichts Passendes.",
        "en": "The sheets of the closest networks say nothing that fits.",
        "tr": "En benzer ağların bilgi formlarında buna uygun bir bilgi yok.",
    },
    "nothing_found": {
        "de": "Dazu habe ich in den Steckbriefen nichts gefunden.",
        "en": "I found nothing on this in the sheets.",
        "tr": "Bilgi formlarında bununla ilgili bir şey bulamadım.",
    },
    "follow_ups": {"de": "Weiterfragen", "en": "Ask next", "tr": "Sonraki sorular"},
    "rephrase_hint": {
        "de": "So klappt es besser: Nennen Sie die Größe Ihrer Kommune, wer koordiniert, welche Zielgruppen "
        "Sie erreichen wollen oder ein konkretes Problem – oder probieren Sie eine Beispielsituation.",
        "en": "To get a match: name the size of your town, who coordinates, which target groups you want to "
        "reach or a concrete problem – or try an example situation.",
        "tr": "Daha iyi sonuç için: şehrinizin büyüklüğünü, kimin koordine ettiğini, hangi hedef gruplara "
        "ulaşmak istediğinizi ya da somut bir sorunu yazın – veya bir örnek durumu deneyin.",
    },
    "quote_original": {
        "de": "Zitate stehen im Originalwortlaut der Steckbriefe.",
        "en": "Quotes are verbatim from the fact sheets, in their original language.",
        "tr": "Alıntılar bilgi formlarından birebir ve orijinal dilindedir.",
    },
    "source_chars": {"de": "Zeichen {start}–{end}", "en": "chars {start}–{end}", "tr": "karakter {start}–{end}"},
    "feedback_prompt": {
        "de": "War diese Antwort hilfreich?",
        "en": "Was this answer helpful?",
        "tr": "Bu yanıt faydalı oldu mu?",
    },
    "feedback_thanks": {
        "de": "Danke für Ihre Rückmeldung!",
        "en": "Thank you for your feedback!",
        "tr": "Geri bildiriminiz için teşekkürler!",
    },
    "feedback_failed": {
        "de": "Die Rückmeldung konnte nicht gespeichert werden: {error}",
        "en": "The feedback could not be saved: {error}",
        "tr": "Geri bildirim kaydedilemedi: {error}",
    },
    "answer_time": {"de": "Antwort in {seconds} s", "en": "Answered in {seconds} s", "tr": "{seconds} sn'de yanıtlandı"},
    "open_profile": {"de": "Steckbrief öffnen", "en": "Open profile", "tr": "Profili aç"},
    "answer_filtered": {
        "de": "Filter aktiv: {n} von {total} Netzwerken.",
        "en": "Filters active: {n} of {total} networks.",
        "tr": "Filtreler etkin: {total} ağdan {n} tanesi.",
    },
    # ------------------------------------------------------------------ network profiles
    "networks_pick": {"de": "Netzwerk", "en": "Network", "tr": "Ağ"},
    "founded": {"de": "Gegründet {year}", "en": "Founded {year}", "tr": "Kuruluş {year}"},
    "founding_unknown": {"de": "Gründungsjahr unbekannt", "en": "Founding year unknown", "tr": "Kuruluş yılı bilinmiyor"},
    "languages": {"de": "Sprachen der Steckbriefe", "en": "Languages of the sheets", "tr": "Bilgi formlarının dilleri"},
    "documents": {"de": "Dokumente", "en": "Documents", "tr": "Belgeler"},
    "document_sheet": {"de": "Steckbrief", "en": "fact sheet", "tr": "bilgi formu"},
    "document_free_text": {"de": "Freitext", "en": "free text", "tr": "serbest metin"},
    "facts_title": {"de": "Eckdaten mit Quellen", "en": "Key facts with sources", "tr": "Kaynaklarıyla temel bilgiler"},
    "col_field": {"de": "Feld", "en": "Field", "tr": "Alan"},
    "col_value": {"de": "Wortlaut", "en": "Verbatim", "tr": "Birebir metin"},
    "col_source": {"de": "Quelle", "en": "Source", "tr": "Kaynak"},
    "col_language": {"de": "Sprache", "en": "Language", "tr": "Dil"},
    "col_flag": {"de": "Hinweis", "en": "Flag", "tr": "Uyarı"},
    "conflict_flag": {
        "de": "⚠ Quellen widersprechen sich",
        "en": "⚠ sources disagree",
        "tr": "⚠ kaynaklar çelişiyor",
    },
    "data_quality": {"de": "Datenqualität", "en": "Data quality", "tr": "Veri kalitesi"},
    "no_quality_issues": {
        "de": "Keine Auffälligkeiten beim Einlesen.",
        "en": "No issues found while reading.",
        "tr": "Okuma sırasında sorun bulunmadı.",
    },
    "quality_conflict": {
        "de": "Quellen widersprechen sich: {detail}",
        "en": "Sources disagree: {detail}",
        "tr": "Kaynaklar çelişiyor: {detail}",
    },
    "quality_bad_year": {
        "de": "kein plausibles Gründungsjahr – verworfen",
        "en": "not a plausible founding year – dropped",
        "tr": "makul bir kuruluş yılı değil – atıldı",
    },
    "quality_bad_email": {
        "de": "keine E-Mail-Adresse – verworfen",
        "en": "not an e-mail address – dropped",
        "tr": "e-posta adresi değil – atıldı",
    },
    "quality_no_url": {
        "de": "keine Webadresse – verworfen",
        "en": "no web address – dropped",
        "tr": "web adresi yok – atıldı",
    },
    "quality_empty": {
        "de": "leerer Wert",
        "en": "empty value",
        "tr": "boş değer",
    },
    "quality_missing": {
        "de": "Abschnitt fehlt im Steckbrief",
        "en": "section missing from the sheet",
        "tr": "bölüm bilgi formunda yok",
    },
    "quality_fragment": {
        "de": "Bruchstück wiederholt das Ende des vorigen Eintrags (PDF-Extraktion) – verworfen",
        "en": "fragment repeats the end of the previous entry (PDF extraction) – dropped",
        "tr": "parça önceki girdinin sonunu tekrarlıyor (PDF çıkarımı) – atıldı",
    },
    "quality_value": {"de": "Wert: {value}", "en": "value: {value}", "tr": "değer: {value}"},
    "sections_title": {"de": "Inhalte der Steckbriefe", "en": "Contents of the sheets", "tr": "Bilgi formlarının içeriği"},
    "items_count": {"de": "{n} Einträge", "en": "{n} entries", "tr": "{n} girdi"},
    "items_count_one": {"de": "{n} Eintrag", "en": "{n} entry", "tr": "{n} girdi"},
    "export_json": {"de": "Gespräch speichern (JSON)", "en": "Save conversation (JSON)", "tr": "Konuşmayı kaydet (JSON)"},
    "conversation_open": {"de": "Gespeichertes Gespräch öffnen", "en": "Open a saved conversation",
                          "tr": "Kayıtlı konuşmayı aç"},
    "conversation_open_help": {
        "de": "Eine JSON- oder Markdown-Datei, die diese App exportiert hat.",
        "en": "A JSON or Markdown file this app exported.",
        "tr": "Bu uygulamanın dışa aktardığı bir JSON veya Markdown dosyası.",
    },
    "conversation_load_failed": {
        "de": "Das Gespräch konnte nicht geladen werden: {error}. Ihr aktuelles Gespräch bleibt erhalten.",
        "en": "The conversation could not be loaded: {error}. Your current conversation is kept.",
        "tr": "Konuşma yüklenemedi: {error}. Mevcut konuşmanız korunuyor.",
    },
    "conversation_loaded_one": {
        "de": "Gespräch mit einer Frage geladen.",
        "en": "Loaded a conversation of one question.",
        "tr": "Tek soruluk konuşma yüklendi.",
    },
    "conversation_loaded": {
        "de": "Gespräch mit {n} Fragen geladen.",
        "en": "Loaded a conversation of {n} questions.",
        "tr": "{n} soruluk konuşma yüklendi.",
    },
    "answer_other_language": {
        "de": "Diese Antwort wurde auf {language} gegeben; stellen Sie die Frage erneut für eine Antwort auf Deutsch.",
        "en": "This answer was given in {language}; ask again for an answer in English.",
        "tr": "Bu yanıt şu dilde verildi: {language}. Türkçe yanıt için soruyu yeniden sorun.",
    },
    "conversation_error_too_large": {"de": "Die Datei ist zu groß", "en": "the file is too large",
                                     "tr": "dosya çok büyük"},
    "conversation_error_damaged": {"de": "Die Gesprächsdaten sind beschädigt", "en": "the conversation data is damaged",
                                   "tr": "konuşma verileri bozuk"},
    "conversation_error_none": {"de": "Die Datei enthält kein gespeichertes Gespräch",
                                "en": "the file holds no saved conversation",
                                "tr": "dosyada kayıtlı bir konuşma yok"},
    "earlier_reference": {"de": "bereits in Antwort {n} gezeigt", "en": "already shown in answer {n}",
                          "tr": "{n}. yanıtta gösterildi"},
    "quote_full": {"de": "ganzes Zitat", "en": "full quote", "tr": "alıntının tamamı"},
    "compare_network": {"de": "{network}", "en": "{network}", "tr": "{network}"},
    "sources_disagree": {"de": "Quellen widersprechen sich", "en": "sources disagree", "tr": "kaynaklar çelişiyor"},
    "chips_more": {"de": "{n} weitere", "en": "{n} more", "tr": "{n} tane daha"},
    "networks_unchanged": {
        "de": "Ähnlichste Netzwerke unverändert: {networks}.",
        "en": "Closest networks unchanged: {networks}.",
        "tr": "En benzer ağlar değişmedi: {networks}.",
    },
    "document_unknown": {
        "de": "Dieses Dokument gehört nicht zum Index.",
        "en": "This document is not part of the index.",
        "tr": "Bu belge dizinde yok.",
    },
    "document_unreadable": {
        "de": "Das Dokument kann gerade nicht gelesen werden.",
        "en": "The document cannot be read right now.",
        "tr": "Belge şu anda okunamıyor.",
    },
    "document_passage": {
        "de": "Die zitierte Stelle ist gelb markiert.",
        "en": "The quoted passage is highlighted in yellow.",
        "tr": "Alıntılanan bölüm sarı ile işaretlendi.",
    },
    # ------------------------------------------------------------------ comparison
    "compare_pick": {
        "de": "Zwei oder drei Netzwerke vergleichen",
        "en": "Compare two or three networks",
        "tr": "İki veya üç ağı karşılaştırın",
    },
    "compare_hint": {
        "de": "Wählen Sie mindestens zwei Netzwerke aus.",
        "en": "Pick at least two networks.",
        "tr": "En az iki ağ seçin.",
    },
    "row_founding": {"de": "Gründung", "en": "Founding", "tr": "Kuruluş"},
    "row_coordination": {"de": "Koordination", "en": "Coordination", "tr": "Koordinasyon"},
    "row_formalisation": {"de": "Formalisierung", "en": "Formalisation", "tr": "Resmilik"},
    "row_members": {"de": "Mitglieder", "en": "Members", "tr": "Üyeler"},
    "row_fields": {"de": "Handlungsfelder", "en": "Fields of action", "tr": "Faaliyet alanları"},
    "row_groups": {"de": "Zielgruppen", "en": "Target groups", "tr": "Hedef gruplar"},
    "row_resources": {"de": "Ressourcen", "en": "Resources", "tr": "Kaynaklar"},
    "row_success": {"de": "Erfolgsfaktoren", "en": "Success factors", "tr": "Başarı faktörleri"},
    "row_challenges": {"de": "Herausforderungen", "en": "Challenges", "tr": "Zorluklar"},
    "compare_empty": {"de": "–", "en": "–", "tr": "–"},
    # ------------------------------------------------------------------ exported documents
    "export_heading": {
        "de": "Netzwerk-Kompass – Gesprächsprotokoll",
        "en": "Netzwerk-Kompass – conversation record",
        "tr": "Netzwerk-Kompass – sohbet kaydı",
    },
    "export_generated": {"de": "Erstellt am {date}", "en": "Created on {date}", "tr": "Oluşturulma: {date}"},
    "export_intro": {
        "de": "Empfehlungen aus den Good-Practice-Steckbriefen kommunaler Integrationsnetzwerke. "
        "Zitate stehen im Originalwortlaut mit Quelle.",
        "en": "Recommendations from the Good Practice fact sheets of municipal integration networks. "
        "Quotes are verbatim, with their source.",
        "tr": "Belediye entegrasyon ağlarının İyi Uygulama bilgi formlarından öneriler. "
        "Alıntılar birebir ve kaynaklarıyla verilmiştir.",
    },
    "export_question": {"de": "Frage {n}", "en": "Question {n}", "tr": "Soru {n}"},
    "export_empty": {
        "de": "Noch keine Fragen in diesem Gespräch.",
        "en": "No questions in this conversation yet.",
        "tr": "Bu sohbette henüz soru yok.",
    },
    "export_follow_ups": {"de": "Mögliche nächste Fragen", "en": "Possible next questions", "tr": "Olası sonraki sorular"},
    "export_file_stem": {"de": "netzwerk-kompass-gespraech", "en": "netzwerk-kompass-conversation", "tr": "netzwerk-kompass-sohbet"},
}


#: One-click example situations (the text stays in its own language).
EXAMPLES: tuple[dict[str, str], ...] = (
    {
        "key": "example_de_title",
        "lang": "de",
        "text": "Wir sind eine Kleinstadt mit 40.000 Einwohnern in Sachsen-Anhalt. Die Zahl der Geflüchteten "
        "ist gestiegen, drei Vereine machen jeweils ihr eigenes Ding und es gibt keine Koordination.",
    },
    {
        "key": "example_en_title",
        "lang": "en",
        "text": "We are a city of about 600,000 people. The municipality coordinates the network, but our "
        "volunteers keep dropping out and information gets lost between the partners.",
    },
    {
        "key": "example_tr_title",
        "lang": "tr",
        "text": "Büyükşehirde yaşıyoruz. Belediye adına bir STK ağı koordine ediyor; dil engelleri var ve "
        "mültecilere ulaşmak zor.",
    },
)


def ui(key: str, lang: str, **values: object) -> str:
    """The UI string ``key`` in ``lang`` (English fallback), formatted with ``values``."""
    table = STRINGS.get(key) or MESSAGES[key]  # one lookup over both catalogues
    text = table.get(lang) or table["en"]
    return text.format(**values) if values else text


def missing_translations() -> list[tuple[str, str]]:
    """(key, language) pairs without a non-empty string (the tests keep this empty)."""
    return [(key, lang) for key, table in STRINGS.items() for lang in UI_LANGUAGES if not table.get(lang, "").strip()]


_QUALITY_KEYS: dict[IssueCode, str] = {
    IssueCode.CONFLICT: "quality_conflict",
    IssueCode.IMPLAUSIBLE_YEAR: "quality_bad_year",
    IssueCode.NOT_AN_EMAIL: "quality_bad_email",
    IssueCode.REPEATED_FRAGMENT: "quality_fragment",
    IssueCode.NO_WEB_ADDRESS: "quality_no_url",
    IssueCode.EMPTY_VALUE: "quality_empty",
    IssueCode.SECTION_EMPTY: "quality_empty",
    IssueCode.SECTION_MISSING: "quality_missing",
}


def quality_reason(issue: DataIssue, lang: str) -> str:
    """A data-quality flag's reason in the UI language, by its code."""
    key = _QUALITY_KEYS.get(issue.code)
    if key is None:
        return issue.reason
    detail = issue.reason.split(":", 1)[1].strip() if issue.code is IssueCode.CONFLICT and ":" in issue.reason else ""
    return ui(key, lang, detail=detail) if "{detail}" in STRINGS[key]["en"] else ui(key, lang)


def number(value: float, lang: str, digits: int = 2) -> str:
    """A decimal number as the UI language writes it: 0.60 (en), 0,60 (de, tr)."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang in ("de", "tr") else text


#: Language names in each UI language.
LANGUAGE_NAMES_IN: dict[str, dict[str, str]] = {
    "de": {"de": "Deutsch", "en": "Englisch", "tr": "Türkisch"},
    "en": {"de": "German", "en": "English", "tr": "Turkish"},
    "tr": {"de": "Almanca", "en": "İngilizce", "tr": "Türkçe"},
}
