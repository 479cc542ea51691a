// Bridgework's service worker, for the dead zones (apparatus bays,
// basements). It does three things and nothing else:
//
// 1. Today's page (/), "My history" (/history) and the static files come
//    from the network when there is signal, and from the copy kept on the
//    phone when there is none. Only a member's own pages are kept (they
//    carry `data-offline-copy`); a coach's roster never is.
// 2. A session logged with no signal (a POST to /log that cannot reach the
//    server) is kept on the phone, in IndexedDB, exactly as the browser
//    would have sent it: the whole form body with its CSRF token and its
//    idempotency key. It is sent when the connection returns; the server
//    stores one session per key, so sending it twice is harmless.
// 3. Logging out forgets the kept pages and anything still unsent (after
//    one last try to send it).
//
// Without this file (or without JavaScript) every page works as before.
"use strict";

const VERSION = "1";
// The member's pages kept for no signal, each with what to say when there
// is no copy yet.
const KEPT_PAGES = {
  "/": "No signal, and today's page is not saved on this phone yet. Open it once with signal and it will be here next time.",
  "/history": "No signal, and your history is not saved on this phone yet. Open it once with signal and it will be here next time.",
};
const STATIC_CACHE = "bridgework-static-" + VERSION;
const PAGE_CACHE = "bridgework-pages-" + VERSION;
const STATIC_FILES = [
  "/static/app.css",
  "/static/app.js",
  "/static/favicon.svg",
  "/static/icon.svg",
  "/static/icon-192.png",
  "/static/icon-512.png",
  "/static/manifest.webmanifest",
];
const OFFLINE_MARK = "data-offline-copy";
// Forms whose posts are kept when there is no signal.
const QUEUED_PATHS = ["/log"];
// How long to wait for a slow connection before using what is on the phone.
// A log that then arrives late anyway is stored once: the key dedupes it.
const PATIENCE_MS = 8000;
const SYNC_TAG = "bridgework-outbox";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(STATIC_CACHE)
      .then((cache) => cache.addAll(STATIC_FILES))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((n) => n.startsWith("bridgework-") && n !== STATIC_CACHE && n !== PAGE_CACHE)
            .map((n) => caches.delete(n)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.method === "GET") {
    if (request.mode === "navigate" && Object.hasOwn(KEPT_PAGES, url.pathname)) {
      event.respondWith(keptPage(event, url.pathname));
    } else if (url.pathname.startsWith("/static/")) {
      event.respondWith(staticFile(request));
    }
  } else if (request.method === "POST" && request.mode === "navigate") {
    if (QUEUED_PATHS.includes(url.pathname)) {
      event.respondWith(logOrKeep(event));
    } else if (url.pathname === "/logout") {
      event.respondWith(logOut(request));
    }
  }
});

self.addEventListener("message", (event) => {
  const type = event.data && event.data.type;
  if (type === "flush") {
    event.waitUntil(flush().then(report));
  } else if (type === "status") {
    event.waitUntil(report());
  }
});

self.addEventListener("sync", (event) => {
  if (event.tag === SYNC_TAG) {
    // Rejecting asks the browser to try again later.
    event.waitUntil(
      flush().then(async (left) => {
        await report();
        if (left > 0) {
          throw new Error("still no signal");
        }
      }),
    );
  }
});

// ------------------------------------------------------------ pages

// Pages served from the copy on the phone, by the client they went to,
// so that page can say so.
const servedFromCopy = new Set();

async function keptPage(event, path) {
  try {
    const response = await patiently(fetch(event.request));
    event.waitUntil(keepIfOwnPage(response.clone(), path));
    return response;
  } catch (_) {
    const kept = await caches.open(PAGE_CACHE).then((c) => c.match(path));
    if (kept) {
      if (event.resultingClientId) {
        servedFromCopy.add(event.resultingClientId);
      }
      return kept;
    }
    return noSignalPage(KEPT_PAGES[path]);
  }
}

// Keeps the member's own page; anything else at its path (the login
// redirect once the session has ended, someone else's page on a shared
// phone) means the copy on the phone is no longer this person's to see, so
// it goes.
async function keepIfOwnPage(response, path) {
  if (response.status >= 500) {
    return;
  }
  const own = response.status === 200 && !response.redirected && response.type === "basic";
  const html = own ? await response.text() : "";
  if (!html.includes(OFFLINE_MARK)) {
    await caches.open(PAGE_CACHE).then((c) => c.delete(path));
    return;
  }
  const headers = new Headers(response.headers);
  headers.set("X-Bridgework-Kept", new Date().toISOString());
  const cache = await caches.open(PAGE_CACHE);
  await cache.put(path, new Response(html, { status: 200, headers }));
}

// A fresh copy of today's page after a log, so the copy never carries an
// idempotency key that was already used.
async function refreshToday() {
  try {
    const response = await fetch("/", { credentials: "same-origin", redirect: "follow" });
    await keepIfOwnPage(response, "/");
  } catch (_) {
    // No signal after all; the next visit refreshes it.
  }
}

async function staticFile(request) {
  const cache = await caches.open(STATIC_CACHE);
  try {
    const response = await patiently(fetch(request));
    if (response.ok) {
      await cache.put(request, response.clone());
    }
    return response;
  } catch (_) {
    const kept = await cache.match(request, { ignoreSearch: true });
    return kept || Response.error();
  }
}

function noSignalPage(message) {
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<title>No signal · Bridgework</title><link rel="stylesheet" href="/static/app.css"></head>' +
    '<body><main id="main"><section class="narrow"><h1>No signal</h1><p>' +
    message +
    '</p><p><a class="button" href="/">Try again</a></p></section></main></body></html>';
  return new Response(html, {
    status: 503,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": "default-src 'self'; script-src 'none'",
    },
  });
}

// ------------------------------------------------------------- logs

async function logOrKeep(event) {
  const request = event.request;
  const copy = request.clone();
  try {
    const response = await patiently(fetch(request));
    event.waitUntil(refreshToday());
    return response;
  } catch (_) {
    const body = await copy.text();
    await keep(request.url, body);
    if (self.registration.sync) {
      // Lets the browser send it even if the page is closed by then.
      self.registration.sync.register(SYNC_TAG).catch(() => {});
    }
    // Back to today's page (the copy, with no signal), which shows that
    // the session is saved on this phone.
    return Response.redirect("/", 303);
  }
}

async function logOut(request) {
  await flush();
  const response = await fetch(request).catch(() => null);
  if (!response) {
    return noSignalPage(
      "Logging out needs signal, so you are still logged in on this phone. Try again when you have signal.",
    );
  }
  await caches.delete(PAGE_CACHE);
  await outbox("readwrite", (store) => store.clear());
  return response;
}

// Sends what is kept, oldest first. Resolves to how many are still waiting.
let flushing = null;
const outcomes = [];

function flush() {
  if (!flushing) {
    flushing = sendAll().finally(() => {
      flushing = null;
    });
  }
  return flushing;
}

async function sendAll() {
  const entries = await outbox("readonly", (store) => store.getAll());
  entries.sort((a, b) => a.keptAt - b.keptAt);
  let waiting = 0;
  let sentAny = false;
  for (const entry of entries) {
    let response;
    try {
      response = await fetch(entry.url, {
        method: "POST",
        body: entry.body,
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        credentials: "same-origin",
        redirect: "follow",
      });
    } catch (_) {
      // Still no signal (or it dropped before the answer came back): keep
      // it, and count the try.
      waiting += 1;
      entry.tries = (entry.tries || 0) + 1;
      await outbox("readwrite", (store) => store.put(entry));
      continue;
    }
    // The app answers a stored log (or one it already had under this key)
    // with a redirect to what was logged; anything else is a refusal: an
    // expired login or form, or a value the server would not take.
    const landed = new URL(response.url);
    const sent = response.ok && response.redirected && landed.pathname !== "/login";
    await outbox("readwrite", (store) => store.delete(entry.id));
    if (sent) {
      sentAny = true;
      outcomes.push({ id: entry.id, sent: true, url: landed.pathname });
    } else {
      outcomes.push({ id: entry.id, sent: false, status: response.status });
    }
  }
  if (sentAny) {
    await refreshToday();
  }
  return waiting;
}

// Tells every open page what is waiting (and the one-time keys of the
// forms it came from, so the page that sent it can say it is saved) and
// what happened since.
async function report() {
  const entries = await outbox("readonly", (store) => store.getAll());
  const keys = entries
    .map((entry) => keyOf(entry.body))
    .filter((key) => key !== null);
  const pages = await self.clients.matchAll({ type: "window" });
  const done = outcomes.splice(0, outcomes.length);
  for (const client of pages) {
    client.postMessage({
      type: "outbox",
      waiting: entries.length,
      keys,
      done,
      fromCopy: servedFromCopy.has(client.id),
    });
  }
}

// The one-time key a kept form body carries, if any.
function keyOf(body) {
  for (const [name, value] of new URLSearchParams(body)) {
    if (name === "key" && value) {
      return value;
    }
  }
  return null;
}

// --------------------------------------------------------- IndexedDB

async function keep(url, body) {
  // One entry per idempotency key (a field called `key` or `..._key`): a
  // second tap on the same form replaces the first rather than queueing a
  // second session.
  let key = null;
  for (const [name, value] of new URLSearchParams(body)) {
    if (name !== "csrf_token" && /(^|_)key$/.test(name) && value) {
      key = name + ":" + value;
    }
  }
  const id = key || "kept:" + Date.now() + ":" + Math.random();
  await outbox("readwrite", (store) => store.put({ id, url, body, keptAt: Date.now(), tries: 0 }));
}

function openDb() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("bridgework", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("outbox", { keyPath: "id" });
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

async function outbox(mode, use) {
  const db = await openDb();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction("outbox", mode);
      const request = use(tx.objectStore("outbox"));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

function patiently(promise) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no answer")), PATIENCE_MS);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
