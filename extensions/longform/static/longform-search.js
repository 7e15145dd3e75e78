/*
 * Longform: the search page's box, heading and starting points; search snippets from a page's own text.
 *
 * Sphinx's indexer skips elements with the class "no-search" (Longform puts it on the
 * essay header and footer, reading-path banners and listings), but the snippet under
 * each result is cut by searchtools.js from the whole main content of the fetched page,
 * so it read "… 5 November 2025 · 7 min read Idempotency Reliability …". This wraps
 * Search.htmlToText to drop those elements first. Without it, search still works.
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
