/*
 * Longform sections (features/sections.py): "N min left" as the reader scrolls, and what changed since the
 * reader last read the essay.
 *
 * Hooks in the HTML: every section of an essay carries data-longform-seconds (its own text's share of the
 * essay's reading time) and data-longform-fingerprint (a hash of its own text). The top section carries the
 * docname (data-longform-page) and every word shown here, in the site's language.
 *
 * Storage: this browser's localStorage only, key "longform:seen": {docname: {at: "YYYY-MM-DD",
 * sections: {id: fingerprint}}}. Nothing is sent anywhere. A first visit records the fingerprints silently;
 * a later visit that finds sections changed (or new) keeps the old record until the reader chooses
 * "Mark as seen", so reloading does not hide the news; a visit with nothing changed moves the date on.
 */
(function () {
  "use strict";
  var KEY = "longform:seen";

  function storageOrNull() {
    try {
      var storage = window.localStorage;
      storage.setItem("longform:probe", "1");
      storage.removeItem("longform:probe");
      return storage;
    } catch (error) {
      return null;
    }
  }

  function fill(words, values) {
    return words.replace(/%\((\w+)\)s/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }

  function today() {
    var now = new Date();
    var pad = function (n) {
      return (n < 10 ? "0" : "") + n;
    };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function formatDate(iso, lang) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!parts) return iso || "";
    var date = new Date(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3]));
    var options = { day: "numeric", month: "long" };
    if (date.getFullYear() !== new Date().getFullYear()) options.year = "numeric";
    try {
      return new Intl.DateTimeFormat(lang || undefined, options).format(date);
    } catch (error) {
      return iso;
    }
  }

  /* -- time left ---------------------------------------------------------------------------------- */

  function timeLeft(top, sections) {
    var left = document.createElement("p");
    left.className = "longform-time-left";
    left.setAttribute("aria-live", "polite");
    left.hidden = true;
    document.body.appendChild(left);
    var words = top.getAttribute("data-longform-left") || "%(n)s min left";
    var less = top.getAttribute("data-longform-left-less") || "Less than a minute left";
    var lastSpoken = 0;
    var shown = "";
    var pending = false;

    /* A section's own text runs from its top to its first subsection (or its end). */
    function ownBottom(section) {
      var child = section.querySelector(":scope > section");
      var box = (child || section).getBoundingClientRect();
      return child ? box.top : box.bottom;
    }

    /* The essay's text ends where its end matter (read next, linked from, cite) begins: past that line
       nothing is left to read, and the note would only cover those links. */
    var footer = top.querySelector(".longform-footer");

    function update() {
      pending = false;
      var line = window.innerHeight * 0.25;
      var stop = footer ? footer.getBoundingClientRect().top : Infinity;
      var seconds = 0;
      sections.forEach(function (section) {
        var own = Number(section.getAttribute("data-longform-seconds")) || 0;
        var start = Math.min(section.getBoundingClientRect().top, stop);
        var end = Math.min(ownBottom(section), stop);
        if (start >= line) seconds += own;
        else if (end > line && end > start) seconds += own * ((end - line) / (end - start));
      });
      var started = window.scrollY > window.innerHeight * 0.5;
      var text = "";
      if (started && seconds >= 30) text = fill(words, { n: Math.round(seconds / 60) });
      else if (started && seconds > 5) text = less;
      if (text === shown) return;
      var now = Date.now();
      /* aria-live is polite, and at most once a minute: a screen reader is not told every scroll. */
      if (text && shown && now - lastSpoken < 60000) left.setAttribute("aria-live", "off");
      else {
        left.setAttribute("aria-live", "polite");
        lastSpoken = now;
      }
      shown = text;
      left.textContent = text;
      left.hidden = !text;
    }

    function schedule() {
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(update);
      }
    }
    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule);
    update();
  }

  /* -- changed since you last read ---------------------------------------------------------------- */

  function changedSince(top, sections, storage) {
    var page = top.getAttribute("data-longform-page");
    if (!page || !storage) return;
    var all;
    try {
      all = JSON.parse(storage.getItem(KEY) || "{}");
    } catch (error) {
      all = {};
    }
    if (!all || typeof all !== "object" || Array.isArray(all)) all = {};
    var now = {};
    sections.forEach(function (section) {
      now[section.id] = section.getAttribute("data-longform-fingerprint");
    });

    function save() {
      all[page] = { at: today(), sections: now };
      try {
        storage.setItem(KEY, JSON.stringify(all));
      } catch (error) {
        /* storage full or blocked: a nicety, never an error */
      }
    }

    var before = all[page];
    if (!before || typeof before !== "object" || !before.sections || typeof before.at !== "string") {
      save();
      return;
    }
    var changed = sections.filter(function (section) {
      return before.sections[section.id] !== now[section.id];
    });
    if (!changed.length) {
      save();
      return;
    }
    var lang = document.documentElement.lang;
    var count = changed.length;
    var rule = "other";
    try {
      rule = new Intl.PluralRules(lang || undefined).select(count);
    } catch (error) {
      rule = count === 1 ? "one" : "other";
    }
    var words = top.getAttribute(rule === "one" ? "data-longform-changed-one" : "data-longform-changed-other");
    var text = fill(words || "%(n)s sections changed since you read this on %(date)s", {
      n: count,
      date: formatDate(before.at, lang),
    });
    var updated = top.getAttribute("data-longform-updated");
    var updatedWords = top.getAttribute("data-longform-updated-words");
    if (updated && updatedWords) text += " (" + fill(updatedWords, { date: formatDate(updated, lang) }) + ")";

    var line = document.createElement("p");
    line.className = "longform-changed-line";
    line.setAttribute("role", "status");
    var words2 = document.createElement("span");
    words2.textContent = text + " ";
    line.appendChild(words2);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "longform-changed-seen";
    button.textContent = top.getAttribute("data-longform-seen") || "Mark as seen";
    line.appendChild(button);
    var heading = top.querySelector(":scope > h1");
    var after = heading;
    while (after && after.nextElementSibling && /\blongform-header\b/.test(after.nextElementSibling.className)) {
      after = after.nextElementSibling;
    }
    if (after) after.parentNode.insertBefore(line, after.nextSibling);
    else top.insertBefore(line, top.firstChild);

    var mark = top.getAttribute("data-longform-changed-mark") || "Changed since you last read";
    changed.forEach(function (section) {
      section.classList.add("longform-changed");
      var heading = section.querySelector(":scope > h1, :scope > h2, :scope > h3, :scope > h4, :scope > h5, :scope > h6");
      if (heading && section !== top) {
        var flag = document.createElement("span");
        flag.className = "longform-changed-flag";
        flag.textContent = mark;
        heading.appendChild(flag);
      }
    });
    button.addEventListener("click", function () {
      save();
      changed.forEach(function (section) {
        section.classList.remove("longform-changed");
        section.querySelectorAll(":scope > * > .longform-changed-flag").forEach(function (flag) {
          flag.remove();
        });
      });
      line.remove();
    });
  }

  function init() {
    var top = document.querySelector("section[data-longform-page]");
    if (!top) return;
    var sections = Array.prototype.slice.call(document.querySelectorAll("section[data-longform-fingerprint]"));
    timeLeft(top, sections);
    changedSince(top, sections, storageOrNull());
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
