/* Longform: a preview card when a reader rests on, or focuses, a link to an essay, note, tag or reading path.
   The card's data is one small JSON file per page, written by the build (features/previews.py) and fetched
   from the site itself on first use; its text is inserted as text nodes only, never as markup. */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="longform-previews"]');
  var rootAttr = document.documentElement.getAttribute("data-content_root");
  if (!meta || rootAttr === null || !window.fetch || !window.matchMedia) return;
  var folders = (meta.getAttribute("content") || "").split(/\s+/).filter(Boolean);
  var root = new URL(rootAttr || "./", document.baseURI);
  var dataFolder = new URL(meta.getAttribute("data-folder") + "/", root);
  var indexUrl = new URL(meta.getAttribute("data-index") || "", root);
  var known = null; /* the pages that have a card: fetched once, on first use */
  /* Wide windows only: on a phone a card would hide the text it previews. */
  var wide = window.matchMedia("(min-width: 48em)");
  var coarse = window.matchMedia("(hover: none), (pointer: coarse)");
  var cache = new Map();
  var card = null;
  var current = null;
  var timer = 0;
  var armed = null; /* touch: the link whose card the first tap showed */

  function keyOf(link) {
    var url;
    try { url = new URL(link.getAttribute("href"), document.baseURI); } catch (e) { return null; }
    if (url.origin !== root.origin || url.pathname.indexOf(root.pathname) !== 0) return null;
    var here = new URL(document.baseURI);
    if (url.pathname === here.pathname) return null; /* a link within the page */
    var path = decodeURIComponent(url.pathname.slice(root.pathname.length));
    path = path.replace(/\/index\.html$/, "").replace(/\.html$/, "").replace(/\/$/, "");
    if (!path || path.split("/").indexOf("..") !== -1) return null;
    var top = path.split("/")[0];
    return folders.indexOf(top) !== -1 || folders.indexOf(".") !== -1 ? path : null;
  }

  function hasCard(key) {
    if (!known) {
      known = fetch(indexUrl, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (d) { return new Set(d && Array.isArray(d.keys) ? d.keys : []); })
        .catch(function () { return new Set(); });
    }
    return known.then(function (keys) { return keys.has(key); });
  }

  function load(key) {
    if (!cache.has(key)) {
      cache.set(key, fetch(new URL(key + ".json", dataFolder), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .catch(function () { return null; }));
    }
    return cache.get(key);
  }

  function text(tag, cls, value) {
    var el = document.createElement(tag);
    el.className = cls;
    el.textContent = String(value);
    return el;
  }

  function ensureCard() {
    if (card) return card;
    card = document.createElement("div");
    card.id = "longform-preview";
    card.className = "longform-preview";
    card.setAttribute("role", "tooltip");
    card.hidden = true;
    document.body.appendChild(card);
    return card;
  }

  function fill(data) {
    var box = ensureCard();
    box.replaceChildren();
    if (data.kind) box.appendChild(text("p", "longform-preview-kind", data.kind));
    box.appendChild(text("p", "longform-preview-title", data.title || ""));
    var facts = [data.byline, data.date, data.updated, data.minutes, data.count].filter(Boolean);
    if (facts.length) box.appendChild(text("p", "longform-preview-meta", facts.join(" · ")));
    if (data.description) box.appendChild(text("p", "longform-preview-description", data.description));
    if (data.opening) box.appendChild(text("p", "longform-preview-opening", data.opening));
  }

  function place(link) {
    var box = card;
    var r = link.getBoundingClientRect();
    var gap = 8;
    box.style.left = "0px";
    box.style.top = "0px";
    var w = box.offsetWidth;
    var h = box.offsetHeight;
    var vw = document.documentElement.clientWidth;
    var vh = document.documentElement.clientHeight;
    var left = Math.min(Math.max(gap, r.left), Math.max(gap, vw - w - gap));
    var top = r.bottom + gap;
    if (top + h > vh - gap && r.top - gap - h >= gap) top = r.top - gap - h; /* no room below: above */
    box.style.left = left + window.scrollX + "px";
    box.style.top = top + window.scrollY + "px";
  }

  function show(link) {
    var key = keyOf(link);
    if (!key || !wide.matches) return;
    current = link;
    hasCard(key).then(function (has) { return has && current === link ? load(key) : null; }).then(function (data) {
      if (current !== link || !data || typeof data !== "object") return;
      fill(data);
      card.hidden = false;
      place(link);
      card.classList.add("longform-preview-shown");
      link.setAttribute("aria-describedby", card.id);
    });
  }

  function hide() {
    window.clearTimeout(timer);
    if (current) current.removeAttribute("aria-describedby");
    current = null;
    armed = null;
    if (card) {
      card.hidden = true;
      card.classList.remove("longform-preview-shown");
    }
  }

  function linkOf(target) {
    var link = target && target.closest ? target.closest("a[href]") : null;
    if (!link || !link.closest("article, [role=main], main") || link.closest(".longform-preview")) return null;
    return keyOf(link) ? link : null;
  }

  document.addEventListener("mouseover", function (event) {
    if (coarse.matches) return;
    var link = linkOf(event.target);
    if (!link || link === current) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { show(link); }, 350);
  });
  document.addEventListener("mouseout", function (event) {
    var link = linkOf(event.target);
    if (link && !link.contains(event.relatedTarget)) {
      window.clearTimeout(timer);
      if (link === current) hide();
    }
  });
  document.addEventListener("focusin", function (event) {
    var link = linkOf(event.target);
    if (link) { window.clearTimeout(timer); show(link); }
  });
  document.addEventListener("focusout", function (event) {
    if (linkOf(event.target) === current) hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && current) hide();
  });
  /* Touch: the first tap on a link shows its card, a second tap follows it; tap-and-hold shows it too. */
  document.addEventListener("click", function (event) {
    if (!coarse.matches || !wide.matches) return;
    var link = linkOf(event.target);
    if (!link) { hide(); return; }
    if (armed === link) { armed = null; return; }
    event.preventDefault();
    armed = link;
    show(link);
  });
  document.addEventListener("contextmenu", function (event) {
    var link = coarse.matches && linkOf(event.target);
    if (link) show(link);
  });
  window.addEventListener("scroll", function () { if (current && card && !card.hidden) place(current); },
    { passive: true });
})();
