/* Live reload for `python -m longform serve` only (never in a built site): reloads the page when the warm server
   has written it again (the pages a build read come first, the rest after), and shows the warnings of a build in
   an overlay (text only). Same origin: the page's Content-Security-Policy allows it (connect-src 'self'). */
(function () {
  "use strict";
  var seen = null;
  var overlay = null;

  function show(state) {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
    if (!state.warnings || state.warnings.length === 0) {
      return;
    }
    overlay = document.createElement("section");
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("data-longform-serve-overlay", "");
    var s = overlay.style;
    s.position = "fixed"; s.left = "0"; s.right = "0"; s.bottom = "0"; s.maxHeight = "45vh"; s.overflow = "auto";
    s.zIndex = "2147483647"; s.background = "#2b0b0b"; s.color = "#fff"; s.padding = "1em";
    s.font = "14px/1.4 monospace"; s.borderTop = "4px solid #e55";
    var heading = document.createElement("strong");
    heading.textContent = state.heading;
    overlay.appendChild(heading);
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = state.close;
    close.style.float = "right";
    close.addEventListener("click", function () { overlay.remove(); overlay = null; });
    overlay.appendChild(close);
    var list = document.createElement("pre");
    list.style.whiteSpace = "pre-wrap";
    list.textContent = state.warnings.join("\n");
    overlay.appendChild(list);
    document.body.appendChild(overlay);
  }

  function here() {
    var path = window.location.pathname.replace(/^\/+/, "");
    if (path === "" || path.charAt(path.length - 1) === "/") {
      path += "index.html";
    }
    try {
      return decodeURIComponent(path);
    } catch (e) {
      return path;
    }
  }

  function noteSearch(state) {
    // The served search page says which index it searches (the published site's is Pagefind's).
    if (!state.search_note || here() !== "search.html" || document.querySelector("[data-longform-serve-search-note]")) {
      return;
    }
    var note = document.createElement("p");
    note.setAttribute("data-longform-serve-search-note", "");
    note.textContent = state.search_note;
    var main = document.querySelector("article") || document.querySelector("[role=main]") || document.body;
    main.insertBefore(note, main.firstChild);
  }

  function receive(event) {
    var state;
    try {
      state = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    if (seen !== null && state.version !== seen) {
      seen = state.version;
      // A build publishes the pages it read as soon as they are written, then the rest: reload when this page
      // is among those just written (no list: every page).
      if (!state.pages || state.pages.indexOf(here()) !== -1) {
        window.location.reload();
        return;
      }
    }
    seen = state.version;
    noteSearch(state);
    document.documentElement.setAttribute("data-longform-serve-version", String(state.version));
    show(state);
  }

  if (typeof window.EventSource !== "function") {
    return;
  }
  // The page it is open on: the server lets a rebuild wait until a page it just wrote is fetched again.
  var source = new window.EventSource("/__longform/events?page=" + encodeURIComponent(here()));
  source.addEventListener("message", receive);
})();
