// Event blocks: a "Copy link" button beside each permanent link (Material's clipboard copies it),
// their Cite panels, filled when opened, and the All events page's filter.
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

  // On paper, each event's permanent address is printed where its link stands.
  function printableAddresses() {
    document.querySelectorAll("a.event-permalink").forEach(function (anchor) {
      anchor.setAttribute("data-address", shareable(anchor));
    });
  }

  // Each event's COinS names its full address: the published one when the site names it, else
  // where the reader has the site.
  function completeCoins() {
    document.querySelectorAll("article.event").forEach(function (block) {
      var permalink = block.querySelector("a.event-permalink"), coins = block.querySelector(".Z3988");
      if (permalink && coins && coins.title.indexOf("rft.identifier=") < 0) coins.title += "&rft.identifier=" + encodeURIComponent(shareable(permalink));
    });
  }

  // A Cite panel is filled when it is first opened, from the script of its year's panels (a script,
  // which a page opened from disk can load). Its citations, BibTeX and RIS name the full address.
  var citationFiles = {};

  function loadCitations(address) {
    if (!citationFiles[address]) {
      citationFiles[address] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = address;
        script.onload = resolve;
        script.onerror = function () { delete citationFiles[address]; reject(); };
        document.head.appendChild(script);
      });
    }
    return citationFiles[address];
  }

  function fillCitations(details) {
    var panel = details.querySelector(".event-citations"), block = details.closest("article.event");
    if (!panel || panel.hasAttribute("data-filled")) return;
    panel.setAttribute("data-filled", "");
    panel.textContent = "Loading the citations…";
    loadCitations(details.getAttribute("data-citations")).then(function () {
      panel.innerHTML = (self.chronologyCitations || {})[block.getAttribute("aria-labelledby")] || "";
      completeCitations(block, panel);
    }, function () {
      panel.removeAttribute("data-filled");
      panel.textContent = "The citations could not be loaded.";
    });
  }

  function completeCitations(block, panel) {
    var permalink = block.querySelector("a.event-permalink");
    var relative = permalink.getAttribute("href").replace(/^(\.\.\/)+|^\.\//g, "");
    var address = shareable(permalink);
    panel.querySelectorAll("a.event-citation-url").forEach(function (anchor) {
      anchor.textContent = address;
      anchor.setAttribute("href", permalink.getAttribute("href"));
    });
    panel.querySelectorAll("a.event-bibtex, a.event-ris").forEach(function (anchor) {
      var href = anchor.getAttribute("href");
      if (href.indexOf(encodeURIComponent(address)) < 0) anchor.setAttribute("href", href.split(encodeURIComponent(relative)).join(encodeURIComponent(address)));
    });
    panel.querySelectorAll("button.event-citation-copy").forEach(function (button) {
      button.addEventListener("click", function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = "Copy"; }, 2000);
      });
    });
  }

  function citePanels() {
    document.querySelectorAll("details.event-cite[data-citations]").forEach(function (details) {
      details.addEventListener("toggle", function () { if (details.open) fillCitations(details); });
      if (details.open) fillCitations(details);
    });
  }

  // The All events filter. Its choices live in the page's address (?theme=ID&actor=ID&place=ID), so a
  // filtered list can be shared and survives a reload; the contents list only the years still shown.
  function filterEvents(form) {
    var items = document.querySelectorAll("ul.event-list li[data-f]");
    var count = form.querySelector(".event-filter-count");
    var reset = form.querySelector(".event-filter-reset");
    var empty = document.querySelector(".event-filter-empty");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));

    function fromAddress() {
      var query = new URLSearchParams(location.search);
      selects.forEach(function (select) {
        var key = query.get(select.name), option = key && select.querySelector("option[data-key='" + CSS.escape(key) + "']");
        select.value = option ? option.value : "";
      });
    }

    function toAddress() {
      var query = new URLSearchParams(location.search);
      selects.forEach(function (select) {
        var option = select.selectedOptions[0];
        if (option && option.value) query.set(select.name, option.getAttribute("data-key"));
        else query.delete(select.name);
      });
      var search = query.toString();
      try { history.replaceState(history.state, "", location.pathname + (search ? "?" + search : "") + location.hash); } catch (error) {}
    }

    function apply() {
      var wanted = selects.map(function (select) { return select.value; }).filter(Boolean);
      var shown = 0;
      items.forEach(function (item) {
        var codes = " " + item.getAttribute("data-f") + " ";
        var match = wanted.every(function (code) { return codes.indexOf(" " + code + " ") >= 0; });
        item.hidden = !match;
        shown += match;
      });
      document.querySelectorAll("ul.event-list").forEach(function (list) {
        var heading = list.previousElementSibling;
        var none = !list.querySelector("li:not([hidden])");
        list.hidden = none;
        if (heading && /^H[23]$/.test(heading.tagName)) {
          heading.hidden = none;
          document.querySelectorAll(".md-nav--secondary a[href='#" + CSS.escape(heading.id) + "']").forEach(function (link) {
            link.parentElement.hidden = none;
          });
        }
      });
      count.textContent = wanted.length ? shown + " of " + items.length + " events" : "";
      reset.hidden = !wanted.length;
      if (empty) empty.hidden = !(wanted.length && !shown);
    }

    form.addEventListener("change", function () { toAddress(); apply(); });
    form.addEventListener("reset", function () { setTimeout(function () { toAddress(); apply(); }); });
    if (empty) empty.querySelector("a").addEventListener("click", function (event) { event.preventDefault(); form.reset(); });
    addEventListener("popstate", function () { fromAddress(); apply(); });
    fromAddress();
    apply();
    form.hidden = false;
  }

  // Tables wider than the screen scroll: let the keyboard reach and scroll them too, and say that they scroll.
  function focusableScrolling() {
    document.querySelectorAll(".md-typeset__scrollwrap, .theme-grid-wrapper").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      var hint = wrap.previousElementSibling && wrap.previousElementSibling.classList.contains("scroll-hint") ? wrap.previousElementSibling : null;
      wrap.classList.toggle("scrolls-sideways", scrolls);
      if (scrolls && !hint) {
        hint = document.createElement("p");
        hint.className = "scroll-hint";
        hint.setAttribute("aria-hidden", "true");
        hint.textContent = "The table is wider than the screen: scroll it sideways to see all its columns →";
        wrap.insertAdjacentElement("beforebegin", hint);
      }
      if (hint) hint.hidden = !scrolls;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        wrap.tabIndex = 0;
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", ((wrap.querySelector("caption") || {}).textContent || "Table") + " (scrolls sideways)");
      }
    });
  }

  // The printed chronology ends with where it comes from and the day it was printed.
  // (Only where there is a colophon: the browser's first date in words costs a page's load a long task.)
  function colophon() {
    var dates = document.querySelectorAll(".print-date");
    var today = dates.length && new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    dates.forEach(function (date) { date.textContent = today; });
    document.querySelectorAll(".print-address").forEach(function (address) {
      if (!address.textContent) address.textContent = published ? published.content : new URL(".", location.href).href;
    });
  }

  addCopyButtons();
  printableAddresses();
  colophon();
  addEventListener("beforeprint", colophon);
  completeCoins();
  citePanels();
  document.querySelectorAll("form.event-filter").forEach(filterEvents);
  // Material wraps tables when it shows a page (document$); look at them after it has.
  if (window.document$) document$.subscribe(function () { setTimeout(focusableScrolling); });
  else focusableScrolling();
  addEventListener("resize", focusableScrolling);
})();
