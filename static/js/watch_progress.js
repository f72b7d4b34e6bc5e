// The reader's "I've watched up to episode N", applied in the browser.
// Pages are the same for every reader (so the page cache and a CDN can keep one copy);
// this script, included right after the parts it changes, reads the `watched` cookie
// (shows/watch_progress.py writes it) and
// - lifts a spoiler shield whose article spoils no further than the reader has watched;
// - shows a show page's form with the reader's progress filled in.
// Without JavaScript the shield stays and the reader opens it with its button.
(function () {
  "use strict";
  // The same strict reading as shows/watch_progress.py: anything else counts as no progress.
  var MAX_SHOWS = 50, MAX_LENGTH = MAX_SHOWS * 15, PAIR = /^([1-9][0-9]{0,8}):([1-9][0-9]{0,3})$/;

  function progress() {
    var raw = null;
    document.cookie.split("; ").forEach(function (part) {
      if (raw === null && part.indexOf("watched=") === 0) raw = part.slice("watched=".length);
    });
    var watched = {};
    if (!raw || raw.length > MAX_LENGTH) return watched;
    var pairs = raw.split(".");
    if (pairs.length > MAX_SHOWS) return watched;
    pairs.forEach(function (pair) {
      var match = PAIR.exec(pair);
      if (match && !(match[1] in watched)) watched[match[1]] = Number(match[2]);
    });
    return watched;
  }

  function liftShields(watched) {
    document.querySelectorAll("details.spoiler-shield[data-lifts-for-show]:not([data-checked])").forEach(function (shield) {
      shield.setAttribute("data-checked", "");
      var episode = watched[shield.dataset.liftsForShow];
      if (!episode || episode < Number(shield.dataset.liftsThrough)) return;
      var article = shield.closest("article");
      var warning = article && article.querySelector(".spoiler-warning");
      if (warning) warning.hidden = true;
      shield.open = true;
      shield.classList.add("is-lifted");
      var note = shield.querySelector(".spoiler-lifted");
      if (note) {
        note.querySelector(".spoiler-lifted-watched").textContent = String(episode);
        note.hidden = false;
      }
      // Open for this reader, the dek goes back under the headline.
      var dek = shield.querySelector(":scope > .dek");
      var headline = article && article.querySelector(".article-header h1");
      if (dek && headline) headline.after(dek);
    });
  }

  function fillForms(watched) {
    document.querySelectorAll("section.watch-progress[data-show]:not([data-checked])").forEach(function (box) {
      box.setAttribute("data-checked", "");
      var episode = watched[box.dataset.show];
      var none = box.querySelector("[data-progress-none]"), some = box.querySelector("[data-progress-some]");
      var forget = box.querySelector("button[name=clear]"), input = box.querySelector("input[name=episode]");
      if (!episode) {
        if (forget) forget.hidden = true;
        return;
      }
      some.querySelector("[data-progress-episode]").textContent = String(episode);
      none.hidden = true;
      some.hidden = false;
      if (input && !input.value) input.value = String(episode);
    });
  }

  var watched = progress();
  liftShields(watched);
  fillForms(watched);
})();
