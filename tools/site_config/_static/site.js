/* What the widget library leaves out when it renders an explorer's saved state, filled in once
   the widgets are on the page (they render after the page loads):
   - a range slider's two handles get a name: the slider's label, "from" and "to";
   - a chart with no text alternative of its own (a title, from the explorer's tooltip, or alt)
     gets one from the explorer's title and the summary line under its controls;
   - a table that scrolls inside an explorer can take the keyboard's focus, so that it scrolls
     with the arrow keys. */
(function () {
  "use strict";
  function text(el) { return el ? el.textContent.replace(/\s+/g, " ").trim() : ""; }

  function fix(root) {
    root.querySelectorAll(".widget-slider, .jupyter-widget-slider").forEach(function (slider) {
      var label = text(slider.querySelector(".widget-label")) || "Range";
      var handles = slider.querySelectorAll(".noUi-handle");
      handles.forEach(function (handle, i) {
        if (!handle.getAttribute("aria-label")) {
          handle.setAttribute("aria-label", handles.length > 1 ? label + (i === 0 ? ", from" : ", to") : label);
        }
      });
    });
    root.querySelectorAll(".cell_output img.widget-image").forEach(function (img) {
      if (img.getAttribute("alt") || img.getAttribute("title")) { return; }
      var box = img.closest(".widget-vbox") || img.parentElement;
      var parts = [];
      box.querySelectorAll(".widget-html").forEach(function (h) {
        if (!h.contains(img) && parts.length < 2 && text(h).length < 200) { parts.push(text(h)); }
      });
      img.setAttribute("alt", "Chart of the explorer" + (parts.length ? ": " + parts.join(". ") : ""));
    });
    root.querySelectorAll(".cell_output .widget-html").forEach(function (el) {
      var style = getComputedStyle(el);
      if ((style.overflowY === "auto" || style.overflowY === "scroll") && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
      }
    });
  }

  function start() {
    fix(document);
    var pending = false;
    new MutationObserver(function () {
      if (pending) { return; }
      pending = true;
      requestAnimationFrame(function () { pending = false; fix(document); });
    }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
