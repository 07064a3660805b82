// pillid's service worker: the app works offline and, once loaded, never
// touches the network.
//
// This file is a template. At build time scripts/trunk-post-build.mjs
// writes dist/sw.js from it, with VERSION (a hash of every built file) and
// PRECACHE (the built files, whose names trunk hashes) filled in. A new
// build gives a new VERSION, so the browser installs the new worker, which
// keeps the new files and drops the old ones.
"use strict";

const VERSION = "dev";
const PRECACHE = [];

const CACHE = `pillid-${VERSION}`;
// The page itself; every navigation in scope is answered with it (the
// search lives in the query string, which the app reads).
const PAGE = "index.html";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      // `reload`: from the network, not from the HTTP cache.
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload" }))))
      .then(() => self.skipWaiting()),
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

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  const wanted = request.mode === "navigate" ? PAGE : request;
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(wanted, { ignoreSearch: true }))
      .then((kept) => kept || fetch(request)),
  );
});
