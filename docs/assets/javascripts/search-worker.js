// The site's search worker: Material's search box and result list talk to it with Material's messages
// (0 setup, 1 ready, 2 query, 3 result). Instead of building a lunr index in the browser, it keeps the
// entries as lower-case text and matches each typed word as the start of a word, which takes
// milliseconds for tens of thousands of events. It returns the best pages only, their matches marked.
"use strict";
var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var MAX_PAGES = 12, MAX_SECTIONS = 10, SNIPPET = 240;
var WORD = /[\p{L}\p{N}]/u;
var COMBINING = /[\u0300-\u036f]/g;
var entries = [], pages = new Map(), separator = /[\s\-]+/;

function fold(text) {
  // Lower case without accents, one character for one, so positions in the folded text are positions in the text.
  var out = "";
  for (var char of text) {
    var folded = char.toLowerCase().normalize("NFKD").replace(COMBINING, "");
    out += folded.length === char.length ? folded : char.toLowerCase().length === char.length ? char.toLowerCase() : char;
  }
  return out;
}

function plain(html) {
  return String(html || "").replace(/<[^>]*>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&#0?39;/g, "'").replace(/&amp;/g, "&");
}

function escape(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function setup(data) {
  if (data.config && data.config.separator) separator = new RegExp(data.config.separator, "u");
  entries = data.docs.map(function (doc) {
    var title = plain(doc.title), text = plain(doc.text);
    var entry = { doc: doc, title: title, text: text, foldedTitle: fold(title), foldedText: fold(text), page: doc.location.split("#")[0] };
    if (doc.location.indexOf("#") < 0) pages.set(doc.location, entry);
    return entry;
  });
}

// Where `term` starts a word of `text`: a list of positions.
function starts(text, term) {
  var found = [], at = text.indexOf(term);
  while (at >= 0) {
    if (at === 0 || !WORD.test(text[at - 1])) found.push(at);
    at = text.indexOf(term, at + 1);
  }
  return found;
}

function mark(text, spans) {
  spans.sort(function (a, b) { return a[0] - b[0]; });
  var out = "", last = 0;
  spans.forEach(function (span) {
    if (span[0] < last) return;
    out += escape(text.slice(last, span[0])) + "<mark>" + escape(text.slice(span[0], span[1])) + "</mark>";
    last = span[1];
  });
  return out + escape(text.slice(last));
}

function snippet(text, spans) {
  if (text.length <= SNIPPET) return { text: text, spans: spans };
  var first = spans.length ? Math.min.apply(null, spans.map(function (s) { return s[0]; })) : 0;
  var begin = Math.max(0, Math.min(first - 60, text.length - SNIPPET));
  var end = begin + SNIPPET;
  return {
    text: (begin ? "…" : "") + text.slice(begin, end) + (end < text.length ? "…" : ""),
    spans: spans.filter(function (s) { return s[0] >= begin && s[1] <= end; }).map(function (s) { return [s[0] - begin + (begin ? 1 : 0), s[1] - begin + (begin ? 1 : 0)]; }),
  };
}

function score(entry, terms) {
  var total = 0, found = {}, titleSpans = [], textSpans = [];
  terms.forEach(function (term) {
    var inTitle = starts(entry.foldedTitle, term), inText = starts(entry.foldedText, term);
    found[term] = inTitle.length + inText.length > 0;
    total += (inTitle.length ? 10 : 0) + Math.min(inText.length, 3);
    inTitle.forEach(function (at) { titleSpans.push([at, at + term.length]); });
    inText.forEach(function (at) { textSpans.push([at, at + term.length]); });
  });
  var matched = terms.filter(function (term) { return found[term]; }).length;
  return { entry: entry, matched: matched, score: matched * 100 + total, found: found, titleSpans: titleSpans, textSpans: textSpans };
}

function result(hit) {
  var part = snippet(hit.entry.text, hit.textSpans);
  var doc = Object.assign({}, hit.entry.doc, {
    title: mark(hit.entry.title, hit.titleSpans), text: mark(part.text, part.spans), score: hit.score, terms: hit.found,
  });
  return doc;
}

function search(query) {
  var terms = fold(query).split(separator).filter(Boolean);
  if (!terms.length) return { items: [] };
  var hits = [];
  entries.forEach(function (entry) {
    var hit = score(entry, terms);
    if (hit.matched) hits.push(hit);
  });
  var best = Math.max.apply(null, hits.map(function (h) { return h.matched; }).concat([0]));
  hits = hits.filter(function (h) { return h.matched === best; }).sort(function (a, b) { return b.score - a.score; });
  var groups = new Map();
  for (var hit of hits) {
    var group = groups.get(hit.entry.page);
    if (!group) {
      if (groups.size >= MAX_PAGES) continue;
      groups.set(hit.entry.page, group = []);
    }
    if (group.length < MAX_SECTIONS) group.push(result(hit));
  }
  var items = [];
  groups.forEach(function (group, location) {
    if (!group.some(function (doc) { return doc.location === location; }) && pages.has(location)) {
      var page = pages.get(location);
      group.push(Object.assign({}, page.doc, { title: escape(page.title), text: "", score: 0, terms: {} }));
    }
    items.push(group);
  });
  return { items: items };
}

addEventListener("message", function (event) {
  var message = event.data;
  if (message.type === SETUP) {
    setup(message.data);
    postMessage({ type: READY });
  } else if (message.type === QUERY) {
    postMessage({ type: RESULT, data: search(message.data) });
  }
});
