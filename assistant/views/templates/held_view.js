/* __TAG__ */
/* Holds the chat page's scroll position where the app puts it (a new question at the top of the
   screen, or a view's top) while Streamlit renders. Streamlit's chat page sticks to its end: as
   long as it believes the reader is at the end, it animates the scroll container down whenever
   it is not there (a timer every 17 ms, writing scrollTop every frame). Scrolling back after it
   (what this script did before) was a race: on a busy phone the page sometimes ended at the
   answer's end. So while held:
   - the container's scrollTop setter ignores writes (only Streamlit's animation writes it;
     scrollIntoView, the user's own scrolling and focus scrolling do not go through it), so
     nothing moves the view but this script and the user;
   - each step puts the view in place, cancels a running animation the way a wheel turn does,
     and moves the view by a pixel so Streamlit sees a scroll that is not at the end and stops
     sticking to it;
   - the hold ends once Streamlit has not tried to move the view for QUIET ms (it sticks no
     more) and at least AT_LEAST ms have passed; or when the user scrolls, touches, clicks or
     presses a navigation key; or when a newer hold starts. */
(() => {
  const AT_LEAST = __AT_LEAST__, AT_MOST = __AT_MOST__, QUIET = 600, STEP = 100;
  const box = document.querySelector('[data-testid="stAppScrollToBottomContainer"]')
    || document.querySelector('[data-testid="stMain"], main');
  if (window.__kompassHold) window.__kompassHold.stop();
  const native = Object.getOwnPropertyDescriptor(Element.prototype, "scrollTop");
  const setTop = (el, value) => native.set.call(el, value);
  const start = performance.now();
  let held = true, lastBlocked = -1, blocked = 0, timer = 0;
  const hold = {
    stop(reason = "newer") {
      if (!held) return;
      held = false;
      /* what each hold did, for the browser tests: how it ended, after how long, how often
         Streamlit tried to move the view meanwhile */
      (window.__kompassHolds = window.__kompassHolds || []).push(
        {tag: "__TAG__", reason, ms: Math.round(performance.now() - start), blocked});
      clearTimeout(timer);
      if (box) delete box.scrollTop;
      for (const ev of ["wheel", "touchstart", "mousedown", "keydown"]) window.removeEventListener(ev, release, true);
      if (window.__kompassHold === hold) window.__kompassHold = undefined;
    },
  };
  const typing = (el) => el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  function release(ev) {
    if (!ev.isTrusted) return;  /* this script's own wheel event */
    if (ev.type === "keydown" && typing(ev.target)) return;  /* typing the next question */
    hold.stop("user");
  }
  for (const ev of ["wheel", "touchstart", "mousedown", "keydown"])
    window.addEventListener(ev, release, {capture: true, passive: true});
  window.__kompassHold = hold;
  if (box) Object.defineProperty(box, "scrollTop", {
    configurable: true,
    get() { return native.get.call(this); },
    set(value) { if (held) { lastBlocked = performance.now(); blocked++; } else native.set.call(this, value); },
  });
  const place = () => { __PLACE__ };
  const step = () => {
    if (!held) return;
    const now = performance.now();
    if (box) box.dispatchEvent(new WheelEvent("wheel", {deltaY: 0, bubbles: false}));
    const before = box ? native.get.call(box) : 0;
    place();
    const pulled = lastBlocked >= 0 && now - lastBlocked < 2 * STEP;
    if (box && pulled && native.get.call(box) === before) {
      const top = native.get.call(box);
      setTop(box, top > 0 ? top - 1 : top + 1);
    }
    const quiet = lastBlocked < 0 ? now - start : now - lastBlocked;
    const settled = now - start >= AT_LEAST && quiet >= QUIET;
    if (settled || now - start >= AT_MOST) { place(); hold.stop(settled ? "settled" : "timeout"); return; }
    timer = setTimeout(step, STEP);
  };
  step();
})();
