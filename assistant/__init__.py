"""netzwerk-kompass: offline, multilingual recommendations from integration-network fact sheets.

Pipeline, one module per stage::

    corpus.py   files -> decoded text            (txt, md, pdf, docx; bad files skipped with a warning)
    parse.py    text -> FactSheet                 (labels.py: the template's labels per language)
                sheet_structure.py: lines, labels, rows; section_items.py: a row's entries
    network.py  FactSheets -> Network             (merged, with provenance and data-quality flags)
    index.py    Networks -> units, FAISS + BM25   (embedding.py: the sentence encoder)
                units.py: what is embedded; build.py: the build; store.py: the files
    retrieve.py question -> ranked hits           (concepts.py: DE/EN/TR concept vocabulary)
    recommend.py hits -> grouped, explained, cited answer
    views/      answers and networks as text      (Markdown, HTML handout, terminal; no stage imports them)
    cli.py / ../streamlit_app.py                  thin shells over the above (../app.py serves the
                                                  page and starts the engine's load with the server)
"""

__version__ = "0.1.0"
