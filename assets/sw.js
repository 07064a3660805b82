// pillid's service worker: the app works offline and, once loaded, never
// touches the network.
//
// It keeps to its own: it answers only the app's own files (the list
// below) and navigations to the app's page (this file's directory or its
// index.html, with any query string). Every other request, including any
// other page on the same origin, goes to the network as if there were no
// service worker.
//
// This file is a template. At build time scripts/trunk-post-build.mjs
// writes dist/sw.js from it, with VERSION (a hash of every built file),
// DATA_AS_OF (the `as_of` date of data/baclofen.json, the database built
// into this build's module) and PRECACHE (the built files, whose names
// trunk hashes) filled in.
//
// Updates, one whole build at a time. Each build keeps its files in a
// cache of its own, `pillid-VERSION`. A new build gives a new sw.js, which
// the browser installs in the background (the page also asks for the
// check when it opens, src/ui/update.rs): the new worker keeps the new
// files in its own cache and then waits, while the old one goes on
// answering the open page from the old cache. The page asks the waiting
// worker which build it is (`{ask: "build"}`, answered on the message's
// port with `{version, data_as_of}`) and offers to load it; only when the
// person says so (`{ask: "take-over"}`) does the new worker take over: it
// drops the old build's cache, and the page, seeing its worker replaced
// (`controllerchange`), reloads, so page and module both come from the new
// build. Without that the new worker takes over once every tab of the app
// is closed. The first install, with no build before it, takes the page
// at once.
"use strict";

const VERSION = "dev";
const DATA_AS_OF = null;
const PRECACHE = [];

const CACHE = `pillid-${VERSION}`;
// The built files sit beside this one; their addresses, without query.
const BASE = new URL("./", self.location.href);
const OWN = new Set(PRECACHE.map((name) => new URL(name, BASE).href));
// The page itself. A navigation to the app's directory or to index.html is
// answered with it (the search lives in the query string, which the app
// reads); a navigation anywhere else is not answered here.
const PAGE = new URL("index.html", BASE).href;
const APP_PAGES = new Set([BASE.href, PAGE]);

// `url` without its query string and fragment.
function bare(url) {
  const u = new URL(url);
  u.search = "";
  u.hash = "";
  return u.href;
}

self.addEventListener("install", (event) => {
  // No skipWaiting here: while an older build is open, this one waits
  // until the page asks it to take over (see "take-over" below).
  event.waitUntil(
    // `reload`: from the network, not from the HTTP cache.
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload" })))),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith("pillid-") && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

// What a page of the app may ask (src/ui/update.rs sends these).
self.addEventListener("message", (event) => {
  const ask = event.data && event.data.ask;
  if (ask === "build") {
    const port = event.ports[0];
    if (port) {
      port.postMessage({ version: VERSION, data_as_of: DATA_AS_OF });
    }
  } else if (ask === "take-over") {
    event.waitUntil(self.skipWaiting());
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  // Another origin never matches: BASE is this origin.
  const url = bare(request.url);
  let wanted;
  if (request.mode === "navigate") {
    if (!APP_PAGES.has(url)) {
      return;
    }
    wanted = PAGE;
  } else if (OWN.has(url)) {
    wanted = url;
  } else {
    return;
  }
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(wanted))
      .then((kept) => kept || fetch(request)),
  );
});
