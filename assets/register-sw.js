// Registers pillid's service worker (sw.js, written at build time by
// scripts/trunk-post-build.mjs), which keeps every file of the app so that
// it opens and works without a network after the first visit.
"use strict";
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("sw.js").catch(() => {
    // Without it the app still works; it only needs the network to open.
  });
}
