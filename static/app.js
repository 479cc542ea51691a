// Progressive enhancement only: every page works without this file.
"use strict";

// A refused save: the error summary at the top of the form takes the
// focus (and so the screen), whether or not the browser honoured its
// autofocus; each of its lines links to its field.
(function () {
  var summary = document.querySelector(".error-summary");
  if (summary && document.activeElement !== summary) {
    summary.focus();
  }
})();

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

// Offline: a service worker keeps today's page and a session logged with
// no signal on the phone (see /sw.js). This part registers it and shows
// what it reports: "saved on this phone, will send", then "sent". Without
// service workers (or without this script) the forms post as usual.
(function () {
  if (!("serviceWorker" in navigator)) {
    return;
  }
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});

  var main = document.getElementById("main");
  if (!main) {
    return;
  }
  // One live region, present from the start so screen readers announce it.
  var line = document.createElement("div");
  line.className = "outbox-status";
  line.setAttribute("role", "status");
  main.insertBefore(line, main.firstChild);

  var waiting = 0;
  var retry = null;

  function say(kind, parts) {
    line.className = "outbox-status " + kind;
    line.textContent = "";
    parts.forEach(function (part) {
      if (typeof part === "string") {
        line.appendChild(document.createTextNode(part));
      } else {
        var link = document.createElement("a");
        link.href = part.href;
        link.textContent = part.text;
        line.appendChild(link);
      }
    });
  }

  // This page's own forms sent a session that waits on the phone: it is
  // saved, so the page says so in place of the buttons (a second tap would
  // only replace it).
  function savedHere(keys) {
    var here = [].some.call(document.querySelectorAll("form input[name=key]"), function (input) {
      return keys.indexOf(input.value) >= 0;
    });
    if (!here || document.querySelector(".saved-on-phone")) {
      return;
    }
    var forms = document.querySelectorAll("form.prescribed, form.log-form");
    forms.forEach(function (form) { form.hidden = true; });
    var note = document.createElement("p");
    note.className = "notice saved-on-phone";
    note.textContent = "This session is saved on this phone and will be sent when there is signal. Nothing more to do.";
    var anchor = forms.length > 0 ? forms[0] : null;
    if (anchor) {
      anchor.parentNode.insertBefore(note, anchor);
    }
    var due = document.querySelector(".due");
    if (due) {
      due.textContent = "Today's session is saved on this phone.";
    }
  }

  function copyNote() {
    return location.pathname === "/history"
      ? "No signal: this is your history as last saved on this phone."
      : "No signal: this is today's page as saved on this phone.";
  }

  function show(report) {
    waiting = report.waiting;
    savedHere(report.keys || []);
    var sent = report.done.filter(function (d) { return d.sent; });
    var refused = report.done.filter(function (d) { return !d.sent; });
    if (refused.length > 0) {
      say("refused", [
        "A session saved on this phone could not be sent (the app answered " +
          refused[0].status + "; perhaps you were logged out). Log it again, please."
      ]);
    } else if (waiting > 0) {
      say("waiting", [
        (waiting === 1 ? "Session" : waiting + " sessions") +
          " saved on this phone, will send when there is signal." +
          (report.fromCopy ? " " + copyNote() : "")
      ]);
    } else if (sent.length > 0) {
      say("sent", [
        "Sent: your coach has the session saved on this phone. ",
        { href: sent[sent.length - 1].url, text: "See what was logged" }
      ]);
    } else if (report.fromCopy) {
      say("copy", [copyNote()]);
    }
    if (waiting > 0 && retry === null) {
      retry = setInterval(flush, 15000);
    } else if (waiting === 0 && retry !== null) {
      clearInterval(retry);
      retry = null;
    }
  }

  function flush() {
    navigator.serviceWorker.ready.then(function (registration) {
      var worker = navigator.serviceWorker.controller || registration.active;
      if (worker) {
        worker.postMessage({ type: "flush" });
      }
    });
  }

  navigator.serviceWorker.addEventListener("message", function (event) {
    if (event.data && event.data.type === "outbox") {
      show(event.data);
    }
  });
  window.addEventListener("online", flush);
  flush();
})();

// Setup's time zone: preselect the browser's own zone when the list has it
// (the server's default stays chosen without JavaScript).
(function () {
  var select = document.querySelector("select[data-browser-zone]");
  if (!select || typeof Intl === "undefined") {
    return;
  }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (var i = 0; i < select.options.length; i++) {
    if (select.options[i].value === zone) {
      select.selectedIndex = i;
      return;
    }
  }
})();
