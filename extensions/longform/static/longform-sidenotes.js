/*
 * Longform sidenotes (features/sidenotes.py): each footnote of an essay is copied beside the paragraph that
 * cites it, as <aside class="longform-sidenote"> (before the paragraph when wide, after it when narrow). Wide windows show it in the margin (longform-sidenotes.css);
 * narrow ones hide it until the reader activates the reference (click, tap, or Enter on the focused link),
 * which toggles it inline; Escape closes it and returns focus to the reference.
 *
 * The footnotes at the end stay as docutils wrote them (numbering, back-references, print, no-JS readers).
 * The copy carries no ids (no duplicate anchors); it is an aside labelled "Note 1", in reading order after
 * the paragraph that cites it.
 * Words come from this script tag's data attributes (the site's language).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var NOTE = (script && script.getAttribute("data-longform-note")) || "Note %(n)s";
  var WIDE = "(min-width: 62em)";

  function blockOf(reference, root) {
    /* A note cited in a table or a figure goes beside the whole table or figure, never inside a cell. */
    var whole = reference.closest("table, figure");
    if (whole && root.contains(whole)) return whole;
    var node = reference;
    while (node.parentElement && node.parentElement !== root) {
      var tag = node.parentElement.tagName;
      if (tag === "SECTION" || tag === "LI" || tag === "DD" || tag === "TD" || tag === "BLOCKQUOTE") break;
      node = node.parentElement;
      if (/^(P|DIV|FIGURE|TABLE|UL|OL|DL)$/.test(node.tagName)) break;
    }
    return node;
  }

  function copyOf(note) {
    var copy = document.createDocumentFragment();
    Array.prototype.forEach.call(note.children, function (child) {
      if (child.classList.contains("label") || child.classList.contains("backrefs")) return;
      var clone = child.cloneNode(true);
      clone.removeAttribute("id");
      clone.querySelectorAll("[id]").forEach(function (inner) {
        inner.removeAttribute("id");
      });
      copy.appendChild(clone);
    });
    return copy;
  }

  function init() {
    var root = document.querySelector("section.longform-page");
    if (!root) return;
    var wide = window.matchMedia(WIDE);
    var count = 0;
    var places = [];
    root.querySelectorAll("a.footnote-reference[href^='#']").forEach(function (reference) {
      var note = document.getElementById(decodeURIComponent(reference.getAttribute("href").slice(1)));
      if (!note || !note.classList.contains("footnote")) return;
      var number = reference.textContent.replace(/[\[\]\s]/g, "");
      count += 1;
      var aside = document.createElement("aside");
      aside.className = "longform-sidenote";
      aside.id = "longform-sidenote-" + count;
      aside.setAttribute("aria-label", NOTE.replace("%(n)s", number));
      var mark = document.createElement("span");
      mark.className = "longform-sidenote-number";
      mark.textContent = number;
      aside.appendChild(mark);
      aside.appendChild(copyOf(note));
      var block = blockOf(reference, root);
      /* Wide: before its paragraph, so the float starts level with it; narrow: after it, opened inline. */
      function place() {
        block.parentNode.insertBefore(aside, wide.matches ? block : block.nextSibling);
      }
      place();
      places.push(place);
      reference.setAttribute("aria-controls", aside.id);
      reference.setAttribute("aria-expanded", "false");

      function set(open) {
        aside.classList.toggle("longform-sidenote-open", open);
        reference.setAttribute("aria-expanded", open ? "true" : "false");
      }
      reference.addEventListener("click", function (event) {
        if (wide.matches) return; /* the note is beside the text already; the link goes to the end notes */
        event.preventDefault();
        set(!aside.classList.contains("longform-sidenote-open"));
      });
      aside.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && !wide.matches) {
          set(false);
          reference.focus();
        }
      });
      reference.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && !wide.matches) set(false);
      });
    });
    if (!count) return;
    document.documentElement.classList.add("longform-has-sidenotes");
    var moved = function () {
      places.forEach(function (place) {
        place();
      });
    };
    if (wide.addEventListener) wide.addEventListener("change", moved);
    else if (wide.addListener) wide.addListener(moved);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
