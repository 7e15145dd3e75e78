/*
 * Longform: the search page's box, heading and starting points; search snippets from a page's own text.
 *
 * Sphinx's indexer skips elements with the class "no-search" (Longform puts it on the
 * essay header and footer, reading-path banners and listings), but the snippet under
 * each result is cut by searchtools.js from the whole main content of the fetched page,
 * so it read "… 5 November 2025 · 7 min read Idempotency Reliability …". This wraps
 * Search.htmlToText to drop those elements first. Without it, search still works.
 *
 * Each result of Sphinx's search (longform_search = "sphinx", or the Pagefind page opened from file://) says what
 * it is, as Pagefind's results do: "Essay · 12 May 2026 · 7 min read" under its title, from the table the build
 * writes (_static/longform-search-facts.js, window.LONGFORM_SEARCH_FACTS: address -> [kind, date, reading time]).
 */
(function () {
  "use strict";
  // The page itself, whichever engine answers: the query in the box and in the heading, and the starting
  // points (latest essays, topics, tags: written by the build) put away once there is a query.
  // The starting points are written hidden and shown only without a query, so nothing a reader sees moves
  // when results arrive.  With Pagefind the results' own heading says "Results for “…”" (longform-pagefind.js);
  // with Sphinx's search the page's heading does.
  var query = (new URLSearchParams(window.location.search).get("q") || "").trim();
  var input = document.getElementById("longform-search-input");
  if (input && query) input.value = query;
  var heading = document.getElementById("longform-search-heading");
  var pagefind = document.querySelector("script[data-longform-sphinx-search]");
  if (heading && query && !pagefind) {
    heading.textContent = (heading.getAttribute("data-longform-results") || "%s").replace("%s", query);
  }
  var start = document.getElementById("longform-search-start");
  if (start && !query) start.hidden = false;
})();

(function () {
  "use strict";
  if (typeof Search === "undefined" || typeof Search.htmlToText !== "function") return;
  var original = Search.htmlToText;
  Search.htmlToText = function (htmlString, anchor) {
    var parsed = new DOMParser().parseFromString(htmlString, "text/html");
    parsed.querySelectorAll(".no-search").forEach(function (element) {
      element.remove();
    });
    return original.call(Search, parsed.documentElement.outerHTML, anchor);
  };
})();

(function () {
  "use strict";
  // Sphinx's search labelled like Pagefind's: a result whose page is an essay, a note or earlier writing gets the
  // facts line under its title.  The table is read when a result appears (its script may load after this one).
  var out = document.getElementById("search-results");
  if (!out || typeof MutationObserver === "undefined") return;
  // Only while Sphinx's search answers: on the Pagefind page (its scripts held), once it falls back to them.
  if (document.querySelector("script[data-longform-sphinx-search]:not([data-longform-live])")) {
    document.addEventListener("longform-sphinx-search", labelResults, { once: true });
    return;
  }
  labelResults();

  function labelResults() {
    var root = new URL(document.documentElement.getAttribute("data-content_root") || "./", window.location.href);
    var byPath = null;
    function table() {
      var facts = window.LONGFORM_SEARCH_FACTS;
      if (!facts || typeof facts !== "object") return null;
      if (!byPath) {
        byPath = {};
        Object.keys(facts).forEach(function (address) {
          if (Array.isArray(facts[address])) byPath[new URL(address, root).pathname] = facts[address];
        });
      }
      return byPath;
    }
    function label(item) {
      if (item.querySelector(".longform-search-facts")) return; // Pagefind's results carry theirs already
      var link = item.querySelector("a[href]");
      var known = table();
      if (!link || !known) return;
      var found = known[new URL(link.getAttribute("href"), window.location.href).pathname];
      if (!found || !found.length) return;
      var facts = document.createElement("span");
      facts.className = "longform-search-facts";
      facts.textContent = found.filter(function (part) { return typeof part === "string" && part; }).join(" · ");
      link.insertAdjacentElement("afterend", facts);
    }
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (node) {
          if (node.nodeType !== Node.ELEMENT_NODE) return;
          if (node.matches("ul.search > li")) label(node);
          else node.querySelectorAll("ul.search > li").forEach(label);
        });
      });
    }).observe(out, { childList: true, subtree: true });
  }
})();
