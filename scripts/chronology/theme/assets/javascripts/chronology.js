// Event blocks: a "Copy link" button beside each permanent link (Material's clipboard copies it),
// today's date in each suggested citation, and the All events page's filter.
(function () {
  var published = document.querySelector("meta[name='chronology:site-url']");

  // The address to share: under the published address when the site names one, else where the reader is.
  function shareable(anchor) {
    var target = new URL(anchor.getAttribute("href"), location.href);
    if (published) {
      var root = new URL(published.getAttribute("data-root"), location.href).pathname;
      return published.content + target.pathname.slice(root.length) + target.hash;
    }
    return target.href;
  }

  function addCopyButtons() {
    document.querySelectorAll("a.event-permalink").forEach(function (anchor) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "event-copy";
      button.textContent = "Copy link";
      var heading = anchor.closest(".event").querySelector("h2, h3");
      button.setAttribute("aria-label", "Copy link to “" + heading.textContent.replace("¶", "").trim() + "”");
      button.setAttribute("data-clipboard-text", shareable(anchor));
      button.addEventListener("click", function () {
        button.textContent = "Link copied";
        setTimeout(function () { button.textContent = "Copy link"; }, 2000);
      });
      anchor.insertAdjacentElement("afterend", button);
    });
  }

  function completeCitations() {
    var today = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    document.querySelectorAll(".event-citation").forEach(function (citation) {
      // Offline and with no published address known, the citation keeps the site-relative address.
      if (published || location.protocol !== "file:") {
        citation.querySelectorAll("a").forEach(function (anchor) { anchor.textContent = shareable(anchor); });
      }
      citation.querySelectorAll(".access-date").forEach(function (date) { date.textContent = today; });
    });
  }

  function filterEvents(form) {
    var items = document.querySelectorAll("ul.event-list li[data-f]");
    var count = form.querySelector(".event-filter-count");
    function apply() {
      var wanted = [form.theme.value, form.actor.value, form.place.value].filter(Boolean);
      var shown = 0;
      items.forEach(function (item) {
        var codes = " " + item.getAttribute("data-f") + " ";
        var match = wanted.every(function (code) { return codes.indexOf(" " + code + " ") >= 0; });
        item.hidden = !match;
        shown += match;
      });
      document.querySelectorAll("ul.event-list").forEach(function (list) {
        var heading = list.previousElementSibling;
        var empty = !list.querySelector("li:not([hidden])");
        list.hidden = empty;
        if (heading && /^H[23]$/.test(heading.tagName)) heading.hidden = empty;
      });
      count.textContent = wanted.length ? shown + " of " + items.length + " events" : "";
    }
    form.addEventListener("change", apply);
    form.hidden = false;
  }

  // Tables wider than the screen scroll: let the keyboard reach and scroll them too.
  function focusableScrolling() {
    document.querySelectorAll(".md-typeset__scrollwrap, .theme-grid-wrapper").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
        wrap.tabIndex = 0;
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", (wrap.querySelector("caption") || {}).textContent || "Table, scrolls sideways");
      }
    });
  }

  addCopyButtons();
  completeCitations();
  document.querySelectorAll("form.event-filter").forEach(filterEvents);
  // Material wraps tables when it shows a page (document$); look at them after it has.
  if (window.document$) document$.subscribe(function () { setTimeout(focusableScrolling); });
  else focusableScrolling();
  addEventListener("resize", focusableScrolling);
})();
