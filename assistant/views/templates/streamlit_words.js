/* Streamlit's own words (a toast's "view more", a multiselect's "No results" and "You can
   only select up to 3 options…", the thumbs' "Thumbs up") are English, with no parameter to
   change them. This puts the interface language's words in their place, in the page as it
   is and in whatever Streamlit renders later (a MutationObserver; one per page, its table
   replaced when the language changes). Text inside Markdown (answers, quotes, the user's
   own words) is never touched. */
(() => {
  const table = new Map(Object.entries(__WORDS__));
  const patterns = __PATTERNS__.map(([source, target]) => [new RegExp(source, "s"), target]);
  const ATTRIBUTES = ["aria-label", "title", "placeholder"];
  const state = window.__kompassWords || (window.__kompassWords = {});
  state.table = table;
  state.patterns = patterns;
  const mine = (node) => !(node.parentElement && node.parentElement.closest('[data-testid="stMarkdownContainer"]'));
  const fixText = (node) => {
    const text = node.nodeValue && node.nodeValue.trim();
    const word = text && state.table.get(text);
    if (word !== undefined && word !== text && mine(node)) node.nodeValue = node.nodeValue.replace(text, word);
  };
  const fixElement = (el) => {
    for (const name of ATTRIBUTES) {
      const value = el.getAttribute(name);
      if (!value) continue;
      let word = state.table.get(value);
      if (word === undefined) {
        const found = state.patterns.find(([re]) => re.test(value));
        if (found) word = value.replace(found[0], found[1]);
      }
      if (word !== undefined && word !== value) el.setAttribute(name, word);
    }
  };
  const fixTree = (root) => {
    if (root.nodeType === Node.TEXT_NODE) { fixText(root); return; }
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    fixElement(root);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode())
      node.nodeType === Node.TEXT_NODE ? fixText(node) : fixElement(node);
  };
  if (!state.observer) {
    state.observer = new MutationObserver((mutations) => {
      for (const m of mutations) {
        if (m.type === "childList") m.addedNodes.forEach(fixTree);
        else if (m.type === "characterData") fixText(m.target);
        else if (m.type === "attributes") fixElement(m.target);
      }
    });
    state.observer.observe(document.body, {subtree: true, childList: true, characterData: true,
                                           attributes: true, attributeFilter: ATTRIBUTES});
  }
  fixTree(document.body);
})();
