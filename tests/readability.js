// Firefox Reader View's engine (@mozilla/readability, on jsdom) over built pages: what a reader mode keeps.
// Usage: node tests/readability.js NODE_MODULES BASE_URL HTML_ROOT PAGE...
// Prints one JSON object: page -> {title, byline, publishedTime, excerpt, text} (or {error}).
"use strict";
const path = require("path");
const fs = require("fs");
const [modules, base, root, ...pages] = process.argv.slice(2);
const { JSDOM, VirtualConsole } = require(path.join(modules, "jsdom"));
const { Readability } = require(path.join(modules, "@mozilla/readability"));

const out = {};
for (const page of pages) {
  try {
    const html = fs.readFileSync(path.join(root, page), "utf8");
    // No scripts, no sub-resources: the page as a reader mode receives it.
    const dom = new JSDOM(html, { url: base + page, virtualConsole: new VirtualConsole() });
    const article = new Readability(dom.window.document).parse();
    out[page] = article
      ? {
          title: article.title,
          byline: article.byline,
          publishedTime: article.publishedTime,
          excerpt: article.excerpt,
          text: article.textContent.replace(/\s+/g, " ").trim(),
        }
      : { error: "Readability found no article" };
  } catch (error) {
    out[page] = { error: String(error) };
  }
}
process.stdout.write(JSON.stringify(out));
