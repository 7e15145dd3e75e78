/*
 * Longform: search snippets from a page's own text.
 *
 * Sphinx's indexer skips elements with the class "no-search" (Longform puts it on the
 * essay header and footer, reading-path banners and listings), but the snippet under
 * each result is cut by searchtools.js from the whole main content of the fetched page,
 * so it read "… 5 November 2025 · 7 min read Idempotency Reliability …". This wraps
 * Search.htmlToText to drop those elements first. Without it, search still works.
 */
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
