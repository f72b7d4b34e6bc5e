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
        // A link inside hidden text must not take focus either.
        text.querySelectorAll("a").forEach(function (link) {
          if (open) { link.removeAttribute("tabindex"); } else { link.setAttribute("tabindex", "-1"); }
        });
      }
      show(text.classList.contains("is-revealed"));
      button.addEventListener("click", function () { show(button.getAttribute("aria-expanded") !== "true"); });
      text.addEventListener("click", function () { show(true); });
    });
  }
  enhanceInlineSpoilers();

  // Local time: <time datetime="…+09:00" data-local> arrives in KST (the no-JS text).
  // Readers elsewhere get their own zone, with the broadcast time kept beside it.
  if (window.Intl && Intl.DateTimeFormat) {
    var parts = { weekday: "short", hour: "numeric", minute: "2-digit", timeZoneName: "short" };
    var formats = {
      "short": new Intl.DateTimeFormat(undefined, parts),
      "dated": new Intl.DateTimeFormat(undefined, {
        year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short"
      }),
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
    // The frame's name is the facade's words, not the decorative ▶ beside them.
    var label = facade.querySelector(".video-label");
    frame.title = (label || facade).textContent.trim();
    frame.allow = "autoplay; encrypted-media; picture-in-picture";
    frame.allowFullscreen = true;
    facade.replaceWith(frame);
  });
})();
