/*
 * Longform: the search page, answered by Pagefind's chunked index (_pagefind/).
 *
 * After indexing, the build holds Sphinx's search scripts on this page (type="text/plain", data-src: kept,
 * never fetched) and adds this one; without them held, this script does nothing and Sphinx's
 * search runs as usual.  It reads ?q= (what the theme's search box sends), asks Pagefind, and
 * shows the results in Sphinx's own markup (#search-results, ul.search, p.context, span.highlighted)
 * so that every theme styles them as its own search page, light and dark.  If Pagefind's bundle
 * cannot be loaded (a page opened from file://), the held scripts are put back: Sphinx's search, when the
 * build made its index; a build that made Pagefind's alone says to serve the site (data-longform-serve).
 * Titles and excerpts are text: nothing from the index is inserted as HTML.
 *
 * The script is loaded async: with a query it starts Pagefind at once, while the page's stylesheets load, and
 * asks (with <link rel="preload">) for what the first query needs (the build names those files in
 * data-longform-preload: the entry, the WebAssembly and the metadata of the page's language), so they arrive
 * side by side instead of one after the other; it shows the results once the page is parsed.
 */
(function () {
  "use strict";
  var held = [];
  var out = null;

  var PAGE = 5; // results shown at once, as in Pagefind's own UI: each costs one fragment (the page's text)
  var contentRoot = document.documentElement.getAttribute("data-content_root") || "./"; // Sphinx's, relative
  var root = new URL(contentRoot, window.location.href);
  var query = (new URLSearchParams(window.location.search).get("q") || "").trim();
  // The words this script shows, translated by the build into attributes of its own tag.
  var script = document.currentScript;
  var bundle = new URL("_pagefind/", root);
  var cacheTag = (script && script.getAttribute("data-longform-bundle")) || null;
  function words(name) {
    return (script && script.getAttribute("data-longform-" + name)) || "";
  }
  var MORE = words("more") || "More results";
  var SERVE = words("serve");
  function sphinxIndex() {
    // whether the build made Sphinx's index (its script is among the held ones, read once the page is parsed)
    return held.some(function (old) {
      return /searchindex\.js(\?|$)/.test(old.getAttribute("data-src") || "");
    });
  }
  var NONE = words("none");
  var FOUND = (function () {
    try {
      var found = JSON.parse(words("found") || "null");
      return found && Array.isArray(found.forms) && typeof found.table === "string" ? found : null;
    } catch (error) {
      return null;
    }
  })();
  var lang = document.documentElement.lang || undefined;
  function foundText(count) {
    // table[n] up to 199, then table[100 + n % 100]: the catalogue's plural rule, applied by the build
    var index = Number(FOUND.table.charAt(count < FOUND.table.length ? count : 100 + (count % 100)));
    var form = FOUND.forms[index] || FOUND.forms[FOUND.forms.length - 1];
    var shown;
    try {
      shown = count.toLocaleString(lang);
    } catch (error) {
      shown = String(count);
    }
    return form.replace("%(count)s", shown);
  }
  var T = function (text) {
    return typeof Documentation !== "undefined" && Documentation.gettext ? Documentation.gettext(text) : text;
  };

  function sphinxSearch() {
    // Sphinx's search answers from here: longform-search.js labels its results (the event, or the mark if it
    // runs later).
    held.forEach(function (old) {
      old.setAttribute("data-longform-live", "");
    });
    document.dispatchEvent(new Event("longform-sphinx-search"));
    held.forEach(function (old) {
      var script = document.createElement("script");
      script.src = old.getAttribute("data-src");
      script.async = false; // in order: searchtools.js, language_data.js, then the index
      document.body.appendChild(script);
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // Pagefind's excerpt marks the matches with <mark>; everything else is taken as text only.  It starts at a
  // word, often mid-sentence: an ellipsis says so.
  function excerpt(markup) {
    var paragraph = element("p", "context");
    var template = document.createElement("template"); // inert: nothing in it loads or runs
    template.innerHTML = markup || "";
    var first = (template.content.textContent || "").trim().charAt(0);
    if (first && first !== first.toUpperCase()) paragraph.appendChild(document.createTextNode("… "));
    template.content.childNodes.forEach(function (node) {
      if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "MARK") {
        paragraph.appendChild(element("span", "highlighted", node.textContent));
      } else {
        paragraph.appendChild(document.createTextNode(node.textContent));
      }
    });
    return paragraph;
  }

  // Pagefind's URLs start at baseUrl (the site's root path): a link relative to this page, as Sphinx's are.
  function link(url) {
    var path = new URL(url, root);
    if (path.origin !== root.origin || path.pathname.indexOf(root.pathname) !== 0) return null; // this site only
    var relative = path.pathname.slice(root.pathname.length) + path.search + path.hash;
    return contentRoot === "./" ? relative : contentRoot + relative;
  }

  function item(data) {
    var href = data && link(data.url);
    if (!href) return null;
    var meta = data.meta || {};
    var li = element("li", "kind-text");
    var a = element("a", "", meta.title || data.url);
    a.href = href;
    li.appendChild(a);
    // "Essay · 12 May 2026 · 7 min read" (what the build wrote into the page's metadata, in the site's language)
    var facts = [meta.kind, meta.date, meta.minutes].filter(Boolean);
    if (facts.length) li.appendChild(element("span", "longform-search-facts", facts.join(" · ")));
    li.appendChild(excerpt(data.excerpt));
    return li;
  }

  function remember(terms) {
    // Sphinx's sphinx_highlight.js highlights these words on the page a reader opens from here.
    try {
      if (typeof SPHINX_HIGHLIGHT_ENABLED !== "undefined" && SPHINX_HIGHLIGHT_ENABLED)
        localStorage.setItem("sphinx_highlight_terms", terms);
    } catch (error) {
      /* storage refused: no highlighting, nothing else lost */
    }
  }

  function show(search) {
    var results = search.results;
    // The results' heading repeats the query ("Results for “…”", in the site's language, from the page).
    var heading = document.getElementById("longform-search-heading");
    var template = heading && heading.getAttribute("data-longform-results");
    out.appendChild(element("h2", "", template ? template.replace("%s", query) : T("Search Results")));
    var summary = out.appendChild(element("p", "search-summary"));
    var list = out.appendChild(element("ul", "search"));
    list.setAttribute("role", "list");
    if (!results.length) {
      summary.textContent =
        NONE ||
        T("Your search did not match any documents. Please make sure that all words are spelled correctly.");
      return;
    }
    if (FOUND) summary.textContent = foundText(results.length);
    else
      summary.textContent =
        results.length === 1
          ? T("Search finished, found one page matching the search query.")
          : T("Search finished, found ${resultCount} pages matching the search query.").replace(
              "${resultCount}",
              results.length
            );
    var shown = 0;
    var more = element("button", "longform-search-more", MORE);
    more.type = "button";
    // The theme's colours (furo's variables, with fallbacks for other themes), light and dark.
    more.style.cssText =
      "font: inherit; cursor: pointer; padding: 0.25rem 0.75rem; border-radius: 0.25rem; background: none;" +
      "color: var(--color-brand-content, inherit); border: 1px solid var(--color-background-border, currentColor)";
    function next() {
      var batch = results.slice(shown, shown + PAGE);
      shown += batch.length;
      more.disabled = true;
      return Promise.all(batch.map(function (result) { return result.data(); })).then(function (pages) {
        pages.forEach(function (data) {
          var li = item(data);
          if (li) list.appendChild(li);
        });
        more.disabled = false;
        if (shown >= results.length) more.remove();
        else if (!more.isConnected) out.appendChild(more);
      });
    }
    more.addEventListener("click", next);
    return next();
  }

  // What the first query fetches, asked for at once (files of this site's bundle only: plain names).
  function preload() {
    var files = ((script && script.getAttribute("data-longform-preload")) || "").split(/\s+/);
    files.forEach(function (file) {
      if (!/^[\w.-]+(\?ts=[\w-]+)?$/.test(file)) return;
      var hint = document.createElement("link");
      hint.rel = "preload";
      hint.as = "fetch";
      hint.crossOrigin = "anonymous"; // as Pagefind's fetch() asks: same origin, so the preloaded answer is used
      hint.href = new URL(file, bundle).href;
      document.head.appendChild(hint);
    });
  }

  function start() {
    if (cacheTag) preload();
    return import(new URL("pagefind.js", bundle).href).then(function (pagefind) {
      // Pagefind's worker (pagefind-worker.js, 12 KB gzipped): its WebAssembly search and decompression run off
      // the main thread, which otherwise blocks the page for half a second on a slow phone (Lighthouse's total
      // blocking time); its fetches find the preloaded files in the cache.
      // metaCacheTag: the entry's address names this index (the build's tag), so the preloaded entry is the one used.
      var options = { baseUrl: root.pathname };
      if (cacheTag) options.metaCacheTag = cacheTag;
      return Promise.resolve(pagefind.options(options)).then(function () {
        return pagefind.search(query);
      });
    });
  }

  // Started before the page is parsed (this script is async) when the build says the bundle is there; a failure
  // is handled once the page is parsed (below).
  var asked = query && cacheTag ? start() : null;
  if (asked) asked.catch(function () {});

  function whenParsed(callback) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", callback);
    else callback();
  }

  whenParsed(function () {
    held = Array.prototype.slice.call(document.querySelectorAll("script[data-longform-sphinx-search]"));
    out = document.getElementById("search-results");
    if (!held.length || !out) return; // Pagefind is not this page's search: Sphinx's runs as usual
    document.querySelectorAll('input[name="q"]').forEach(function (input) {
      if (query) input.value = query;
    });
    if (!query) return; // nothing asked yet: the page shows where to start (longform-search.js)
    if (!asked) asked = start();
    remember(query);
    asked
      .then(function (search) {
        if (!search) throw new Error("Pagefind returned nothing");
        return show(search);
      })
      .catch(function (error) {
        if (out.querySelector("ul.search")) throw error; // a failure after results were shown: not a fallback case
        if (sphinxIndex() || !SERVE) sphinxSearch();
        else out.appendChild(element("p", "longform-search-serve", SERVE));
      });
  });
})();
