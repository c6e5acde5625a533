// A permanent event URL: go to the event's current page, keeping any query.
location.replace(document.querySelector("link[rel=canonical]").getAttribute("href").replace("#", location.search + "#"));
