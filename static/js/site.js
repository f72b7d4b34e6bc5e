// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Inline spoilers: a keyboard- and screen-reader-friendly toggle.
  function reveal(span) {
    span.classList.add("is-revealed");
    span.setAttribute("aria-expanded", "true");
    span.removeAttribute("tabindex");
    span.removeAttribute("title");
  }
  document.querySelectorAll(".spoiler").forEach(function (span) {
    span.setAttribute("role", "button");
    span.setAttribute("tabindex", "0");
    span.setAttribute("aria-expanded", "false");
    span.setAttribute("title", "Spoiler: select to reveal");
    span.addEventListener("click", function () { reveal(span); });
    span.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); reveal(span); }
    });
  });

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
