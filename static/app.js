// Progressive enhancement only: every page works without this file.
"use strict";

// Rest timer on the workout page. Without this script the timer stays
// hidden and the prescription's "Rest 60-90 s between sets" line is enough.
// State is shown by classes (`ready`, `over`) on the container, never by
// inline styles, so the CSP's style-src 'self' holds.
(function () {
  function clock(seconds) {
    var s = seconds % 60;
    return Math.floor(seconds / 60) + ":" + (s < 10 ? "0" : "") + s;
  }

  function setUp(timer) {
    var button = timer.querySelector(".rest-start");
    var display = timer.querySelector(".rest-display");
    var min = parseInt(timer.dataset.restMin, 10);
    var max = parseInt(timer.dataset.restMax, 10);
    if (!button || !display || !(min > 0) || !(max >= min)) {
      return;
    }
    var range = clock(min) + "–" + clock(max);
    var started = 0;
    var ticker = null;
    var shown = -1;

    function render() {
      var elapsed = Math.floor((Date.now() - started) / 1000);
      if (elapsed === shown) {
        return;
      }
      shown = elapsed;
      if (elapsed >= max) {
        stop();
        timer.classList.remove("ready");
        timer.classList.add("over");
        show("Go: next set now", true);
        if (typeof navigator.vibrate === "function") {
          navigator.vibrate([200, 100, 200]);
        }
      } else if (elapsed >= min) {
        var turning = !timer.classList.contains("ready");
        timer.classList.add("ready");
        show("Rest " + clock(elapsed) + " — time for your next set", turning);
      } else {
        show("Rest " + clock(elapsed) + " — next set at " + range, false);
      }
    }

    // The display is a live region; reading out every second would drown
    // a screen reader, so only the two turning points are announced.
    function show(text, announce) {
      display.setAttribute("aria-live", announce ? "polite" : "off");
      display.textContent = text;
    }

    function stop() {
      if (ticker !== null) {
        clearInterval(ticker);
        ticker = null;
      }
    }

    button.addEventListener("click", function () {
      stop();
      timer.classList.remove("ready", "over");
      started = Date.now();
      shown = -1;
      render();
      // Ticks four times a second but redraws only when the second changes,
      // so a late tick never skips a number.
      ticker = setInterval(render, 250);
      button.textContent = "Restart rest timer";
    });

    timer.hidden = false;
  }

  document.querySelectorAll(".rest-timer").forEach(setUp);
})();
