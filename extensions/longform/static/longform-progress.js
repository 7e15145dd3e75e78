/*
 * Longform reader progress: "Mark as read" on essays that are on a reading path,
 * "k of n read" on path pages, path lists and path banners.
 *
 * Kept in this browser's localStorage only, under the key "longform:read" (a JSON
 * list of docnames such as "essays/retries-and-idempotency"). No cookies, no
 * network. Without JavaScript (or without storage) the page simply shows no
 * button and no counts; every link works.
 *
 * Hooks in the HTML (written by extensions/longform/paths.py):
 *   [data-longform-essays="a b c"]  a path (page, banner or list entry): its essays in order
 *   [data-longform-progress="%(read)s of %(total)s read"]
 *                                   inside it: receives "k of n read" (the words in the site's language)
 *   [data-longform-essay="a"]       a step card: gets data-longform-read="true|false"
 *   [data-longform-read-state="✓ Read"]
 *                                   inside a step: receives its value when read
 *   [data-longform-toggle="a"]      receives the <button data-longform-read-toggle="a">, labelled with
 *                                   its data-longform-toggle-label
 * Every word the script shows comes from these attributes, which Python fills from the translation catalogue.
 */
(function () {
  "use strict";
  var KEY = "longform:read";

  function openStorage() {
    try {
      var storage = window.localStorage;
      storage.setItem("longform:probe", "1");
      storage.removeItem("longform:probe");
      return storage;
    } catch (error) {
      return null;
    }
  }

  var storage = openStorage();
  if (!storage) return;

  function readSet() {
    var list;
    try {
      list = JSON.parse(storage.getItem(KEY) || "[]");
    } catch (error) {
      list = [];
    }
    var set = new Set();
    if (Array.isArray(list)) {
      list.forEach(function (item) {
        if (typeof item === "string") set.add(item);
      });
    }
    return set;
  }

  function writeSet(set) {
    try {
      storage.setItem(KEY, JSON.stringify(Array.from(set).sort()));
    } catch (error) {
      /* storage full or blocked: progress is a nicety, never an error */
    }
  }

  function words(value) {
    return (value || "").split(/\s+/).filter(Boolean);
  }

  function update() {
    var read = readSet();
    document.querySelectorAll("[data-longform-essays]").forEach(function (path) {
      var essays = words(path.getAttribute("data-longform-essays"));
      var count = essays.filter(function (name) {
        return read.has(name);
      }).length;
      path.setAttribute("data-longform-read-count", String(count));
      path.querySelectorAll("[data-longform-progress]").forEach(function (slot) {
        var words = slot.getAttribute("data-longform-progress") || "%(read)s of %(total)s read";
        slot.textContent = words.replace("%(read)s", String(count)).replace("%(total)s", String(essays.length));
      });
    });
    document.querySelectorAll("[data-longform-essay]").forEach(function (step) {
      var isRead = read.has(step.getAttribute("data-longform-essay"));
      step.setAttribute("data-longform-read", isRead ? "true" : "false");
      step.querySelectorAll("[data-longform-read-state]").forEach(function (slot) {
        slot.textContent = isRead ? slot.getAttribute("data-longform-read-state") || "✓ Read" : "";
      });
    });
    document.querySelectorAll("[data-longform-read-toggle]").forEach(function (button) {
      var isRead = read.has(button.getAttribute("data-longform-read-toggle"));
      button.setAttribute("aria-pressed", isRead ? "true" : "false");
    });
  }

  function toggle(name) {
    var read = readSet();
    if (read.has(name)) read.delete(name);
    else read.add(name);
    writeSet(read);
    update();
  }

  function init() {
    document.querySelectorAll("[data-longform-toggle]").forEach(function (slot) {
      var name = slot.getAttribute("data-longform-toggle");
      if (!name || slot.querySelector("button")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "longform-read-button";
      button.id = "longform-read-button";
      button.setAttribute("data-longform-read-toggle", name);
      button.textContent = slot.getAttribute("data-longform-toggle-label") || "Mark as read";
      button.addEventListener("click", function () {
        toggle(name);
      });
      slot.appendChild(button);
    });
    update();
    /* Another tab marked something, or the page came back from the back/forward cache. */
    window.addEventListener("storage", function (event) {
      if (event.key === KEY || event.key === null) update();
    });
    window.addEventListener("pageshow", update);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
