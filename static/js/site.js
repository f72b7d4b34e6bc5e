// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Inline spoilers (articles/spoilers.py renders them): the "Spoiler" label becomes a real
  // toggle button controlling the blurred text, which stays aria-hidden until revealed.
  function enhanceInlineSpoilers() {
    document.querySelectorAll(".spoiler").forEach(function (text, index) {
      var label = text.previousElementSibling;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "inline-spoiler-toggle";
      button.textContent = "Spoiler";
      text.id = text.id || "inline-spoiler-" + (index + 1);
      button.setAttribute("aria-controls", text.id);
      // Spoiler spans outside article bodies come without a label: give them one.
      if (label && label.classList.contains("inline-spoiler-label")) { label.replaceWith(button); } else { text.before(button, " "); }
      function show(open) {
        text.classList.toggle("is-revealed", open);
        button.setAttribute("aria-expanded", String(open));
        if (open) { text.removeAttribute("aria-hidden"); } else { text.setAttribute("aria-hidden", "true"); }
      }
      show(text.classList.contains("is-revealed"));
      button.addEventListener("click", function () { show(button.getAttribute("aria-expanded") !== "true"); });
      text.addEventListener("click", function () { show(true); });
    });
  }
  enhanceInlineSpoilers();

  // Click-to-load video: swap the facade link for the privacy-enhanced player.
  document.addEventListener("click", function (event) {
    var facade = event.target.closest("a.video-facade[data-embed]");
    if (!facade) return;
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.src = facade.dataset.embed;
    frame.title = facade.textContent.trim();
    frame.allow = "autoplay; encrypted-media; picture-in-picture";
    frame.allowFullscreen = true;
    facade.replaceWith(frame);
  });
})();
