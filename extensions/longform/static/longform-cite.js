/* Longform: a "Copy" button beside each form of an essay's citation (features/cite.py). The citation is
   readable and selectable without it; the button appears only where the browser offers the clipboard. */
(function () {
  "use strict";
  if (!navigator.clipboard || !navigator.clipboard.writeText) return;
  document.querySelectorAll("details.longform-cite").forEach(function (block) {
    var copy = block.getAttribute("data-copy") || "Copy";
    var copied = block.getAttribute("data-copied") || "Copied";
    block.querySelectorAll(".longform-cite-plain, .longform-cite-export pre").forEach(function (source) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "longform-cite-copy";
      button.setAttribute("aria-live", "polite");
      button.textContent = copy;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(source.textContent.replace(/\s+$/, "") + "\n").then(function () {
          button.textContent = copied;
          window.setTimeout(function () { button.textContent = copy; }, 2000);
        }, function () { /* refused: the text stays selectable */ });
      });
      var holder = source.closest(".longform-cite-export") || source;
      holder.insertAdjacentElement("afterend", button);
    });
  });
})();
