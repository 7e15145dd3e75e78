// Characters per rendered line of an essay's prose, counted in the browser: every character of the
// first prose paragraphs (plain <p> in the essay's sections) is measured with a Range, characters are
// grouped into lines by the top of their box, and each paragraph's last (short) line is left out.
// Returns the median and the extremes of the full lines, the number of lines counted, the top of the
// first prose paragraph, and the font the browser chose.
() => {
  const page = document.querySelector("section.longform-page");
  if (!page) return {error: "no section.longform-page on this page"};
  const paragraphs = [...page.querySelectorAll("section > p:not([class])")]
    .filter((p) => p.textContent.trim().length > 200 && p.getClientRects().length > 0)
    .slice(0, 8);
  const full = [];
  for (const p of paragraphs) {
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    const lines = new Map();
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const box = [...range.getClientRects()].find((r) => r.width > 0 || r.height > 0);
        if (!box) continue;
        const top = Math.round(box.top + box.height / 2);
        let key = [...lines.keys()].find((k) => Math.abs(k - top) < box.height / 2);
        if (key === undefined) { key = top; lines.set(key, 0); }
        lines.set(key, lines.get(key) + 1);
      }
    }
    const counts = [...lines.entries()].sort((a, b) => a[0] - b[0]).map((entry) => entry[1]);
    full.push(...counts.slice(0, -1));
  }
  full.sort((a, b) => a - b);
  const first = page.querySelector("section > p:not([class])") || page.querySelector("p:not([class])");
  const box = first ? first.getBoundingClientRect() : null;
  return {
    median: full.length ? full[Math.floor(full.length / 2)] : 0,
    min: full.length ? full[0] : 0,
    max: full.length ? full[full.length - 1] : 0,
    lines: full.length,
    firstTop: box ? box.top + window.scrollY : null,
    font: getComputedStyle(first || page).fontFamily,
    fontSize: getComputedStyle(first || page).fontSize,
    color: getComputedStyle(first || page).color,
  };
}
