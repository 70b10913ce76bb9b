"""Views: how answers and networks are shown. The pipeline (every other module of
``assistant``) returns data, codes and parameters; these modules turn them into text
for a reader, in the reader's language. Nothing in the pipeline imports a view
(``tests/test_architecture.py`` checks it); the shells (``streamlit_app.py``, the CLI)
do.

* :mod:`assistant.views.parts`: the small views the app and the exports share:
  citations, facet marks and chips, profile chips, fact rows, the network comparison,
  export file names;
* :mod:`assistant.views.markdown`: Markdown escaping (also for ``st.markdown``) and the
  conversation as Markdown;
* :mod:`assistant.views.handout`: the conversation as a print-ready HTML handout (a
  Jinja2 template with autoescape and a CSS file in ``templates/``);
* :mod:`assistant.views.terminal`: plain-text views for the CLI;
* :mod:`assistant.views.scroll` and :mod:`assistant.views.sidebar`: the app's scripts that
  hold the chat's scroll position and close the sidebar on a phone after a choice in it.
"""
