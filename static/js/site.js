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

  // Local time: <time datetime="…+09:00" data-local> arrives in KST (the no-JS text).
  // Readers elsewhere get their own zone, with the broadcast time kept beside it.
  if (window.Intl && Intl.DateTimeFormat) {
    var parts = { weekday: "short", hour: "numeric", minute: "2-digit", timeZoneName: "short" };
    var formats = {
      "short": new Intl.DateTimeFormat(undefined, parts),
      "": new Intl.DateTimeFormat(undefined, Object.assign({ month: "short", day: "numeric" }, parts))
    };
    document.querySelectorAll("time[data-local]").forEach(function (time) {
      var stamp = time.getAttribute("datetime") || "";
      var moment = new Date(stamp);
      var offset = /([+-])(\d\d):(\d\d)$/.exec(stamp);
      if (isNaN(moment.getTime()) || !offset) return;
      var minutes = (offset[1] === "-" ? -1 : 1) * (60 * offset[2] + 1 * offset[3]);
      if (-moment.getTimezoneOffset() === minutes) return; // the reader is on broadcast time already
      var broadcast = time.textContent.trim();
      time.title = broadcast;
      time.textContent = (formats[time.dataset.local] || formats[""]).format(moment);
      var note = document.createElement("span");
      note.className = "broadcast-time";
      note.textContent = " (" + broadcast + ")";
      time.after(note);
    });
  }

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
