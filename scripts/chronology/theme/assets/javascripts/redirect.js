// A permanent event URL: go to the event's current page, keeping any query.
location.replace(document.currentScript.dataset.target.replace("#", location.search + "#"));
