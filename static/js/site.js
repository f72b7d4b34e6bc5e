// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
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
