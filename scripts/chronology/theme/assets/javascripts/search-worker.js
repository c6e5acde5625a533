// The site's search worker: Material's search box and result list talk to it with Material's messages
// (0 setup, 1 ready, 2 query, 3 result). Instead of building a lunr index in the browser, it keeps the
// entries as lower-case text and matches each typed word as the start of a word, which takes
// milliseconds for tens of thousands of events. It sends the best pages only, and marks the matches
// of those a reader sees before scrolling.
// The pages' entries come with the setup message; the index pages' records and the events' from
// search/chronology.js, where each event names its actors and places by number and every spelling
// of a name is listed once.
"use strict";
var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
// Pages past the first screens are sent without marks or snippets, and no more than a reader scrolls.
var MARKED_PAGES = 12, MAX_PAGES = 60, MAX_SECTIONS = 20, SNIPPET = 240;
var WORD = /[\p{L}\p{N}]/u, WORDS = /[\p{L}\p{N}]+/gu;
var COMBINING = /[\u0300-\u036f]/g;
var CYRILLIC = /[\u0400-\u04ff]/;
var entries = [], pages = new Map(), names = [], separator = /[\s\-]+/, romanisation = null;
var EVENT_INDEX = "../../search/chronology.js";  // from this script's folder

var ASCII = /^[\x00-\x7f]*$/, PIECES = /[\x00-\x7f]+|[^\x00-\x7f]/gu;  // runs of ASCII, and each other character

function fold(text) {
  // Lower case without accents, one character for one, so positions in the folded text are positions in the text.
  if (ASCII.test(text)) return text.toLowerCase();  // (most of the index: at once, not letter by letter)
  return text.replace(PIECES, function (piece) { return piece < "\x80" ? piece.toLowerCase() : foldLetter(piece); });
}

var folded = new Map();
function foldLetter(char) {
  var out = folded.get(char);
  if (out === undefined) {
    var plainLetter = char.toLowerCase().normalize("NFKD").replace(COMBINING, "");
    out = plainLetter.length === char.length ? plainLetter : char.toLowerCase().length === char.length ? char.toLowerCase() : char;
    folded.set(char, out);
  }
  return out;
}

// Cyrillic in Latin letters, by the romanisation table the index names (letters, and letters after
// a letter or before one), folded like the rest: "Ақын" and "Акын" both read "akyn".
// Null when the text has no Cyrillic.
function latin(text) {
  if (!romanisation || !CYRILLIC.test(text)) return null;
  return fold(text.toLowerCase().replace(WORDS, function (word) { return CYRILLIC.test(word) ? latinWord(word) : word; })
    .replace(romanisation.marks, ""));
}

// One word (letters and digits only: the table looks at the letters beside a letter within its
// word), each word read once.
var latinWords = new Map();
function latinWord(word) {
  var out = latinWords.get(word);
  if (out !== undefined) return out;
  var table = romanisation, chars = [...word].map(function (c) { return table.before[c] || c; });
  out = "";
  chars.forEach(function (c, n) {
    if (!CYRILLIC.test(c)) { out += c; return; }
    var letter = table.prev[(n > 0 ? chars[n - 1] : "") + c];
    if (letter === undefined) letter = table.next[c + (n + 1 < chars.length ? chars[n + 1] : "")];
    if (letter === undefined) letter = table.letters[c];
    out += letter === undefined ? c : letter;
  });
  latinWords.set(word, out);
  return out;
}

function plain(html) {
  html = String(html || "");
  if (!/[<&]/.test(html)) return html.replace(/\s+/g, " ").trim();  // (the events' text: plain already)
  // Tables are left out: their cells are figures, not words a reader searches for or reads in an excerpt.
  return html.replace(/<table[\s\S]*?<\/table>/g, " ").replace(/<\/(p|li|td|th|tr|div|h[1-6])>|<br\s*\/?>/g, " ").replace(/<[^>]*>/g, "").replace(/\s+/g, " ").trim().replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&#0?39;/g, "'").replace(/&amp;/g, "&");
}

function escape(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function entry(doc, groups) {
  var title = plain(doc.title), text = plain(doc.text);
  var made = { doc: doc, title: title, text: text, foldedTitle: fold(title), foldedText: fold(text),
               latinTitle: latin(title), latinText: latin(text),
               page: doc.location.split("#")[0], groups: groups || [], isEvent: !!groups };
  if (doc.location.indexOf("#") < 0) pages.set(doc.location, made);
  return made;
}

// This script's own address: a worker's location, or, in the iframe that stands in for a worker
// when the site is opened from disk, the address of its script element.
function scriptAddress() {
  if (typeof document === "undefined") return self.location.href;
  return document.querySelector("script[src*='search-worker']").src;
}

function setup(data) {
  if (data.config && data.config.separator) separator = new RegExp(data.config.separator, "u");
  entries = data.docs.map(function (doc) { return entry(doc); });
  return Promise.resolve(importScripts(new URL(EVENT_INDEX, scriptAddress()).href)).then(function () {
    var index = self.chronologyIndex;
    romanisation = index.romanisation;
    romanisation.marks = new RegExp("[" + romanisation.marks.replace(/[\]\\^-]/g, "\\$&") + "]", "g");
    var listing = new Set(index.listing);
    entries.forEach(function (made) {
      made.latinTitle = latin(made.title);
      made.latinText = latin(made.text);
      made.listing = listing.has(made.page);
    });
    names = index.names.map(function (spellings) { return spellings.map(function (name) { return [name, fold(name), latin(name)]; }); });
    index.entries.forEach(function (group) {  // the records of the index pages: [page, boost, [[anchor, title, text], ...]]
      group[2].forEach(function (row) {
        entries.push(entry({ location: group[0] + "#" + row[0], title: row[1], text: row[2], boost: group[1] }));
      });
    });
    index.years.forEach(function (label) {
      entries.push(entry({ location: "years/" + label + ".html", title: label, text: "" }));
    });
    index.events.forEach(function (event) {
      var location = "years/" + index.years[event[0]] + ".html#" + event[1];
      entries.push(entry({ location: location, title: event[2], text: event[3] }, event[4]));
    });
    self.chronologyIndex = null;
  });
}

// Name number -> the first of its spellings that `term` starts a word of, in either script.
function namesMatching(term) {
  var found = new Map();
  names.forEach(function (spellings, number) {
    for (var spelling of spellings) {
      if (inEitherScript(spelling[1], spelling[2], term)) { found.set(number, spelling[0]); break; }
    }
  });
  return found;
}

// Whether `term` (folded, with `term.latin` its Latin reading) starts a word of a text, given folded
// and in Latin letters: Cyrillic and Latin spellings find each other both ways.
function inEitherScript(folded, latinText, term) {
  if (starts(folded, term.text).length) return true;
  if (term.latin && starts(folded, term.latin).length) return true;
  return !!latinText && starts(latinText, term.latin || term.text).length > 0;
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

var NOTHING = { matched: 0 };

// Whether a term could be in an entry at all (anywhere in a word, in either script, or by a name it
// carries): most entries are not, and are passed over before any position is looked for. The
// readings are inEitherScript's, written out: this runs for every entry on every key pressed.
function mayHave(entry, term, named) {
  if (entry.foldedTitle.indexOf(term.text) >= 0 || entry.foldedText.indexOf(term.text) >= 0) return true;
  var other = term.latin || term.text;
  if (term.latin && (entry.foldedTitle.indexOf(term.latin) >= 0 || entry.foldedText.indexOf(term.latin) >= 0)) return true;
  if (entry.latinTitle && entry.latinTitle.indexOf(other) >= 0 || entry.latinText && entry.latinText.indexOf(other) >= 0) return true;
  return named.size > 0 && entry.groups.some(function (g) { return named.has(g); });
}

function score(entry, terms, named, phrase) {
  if (!terms.some(function (term, n) { return mayHave(entry, term, named[n]); })) return NOTHING;
  var total = 0, found = Object.create(null), titleSpans = [], textSpans = [], spellings = [];  // no "__proto__" to find
  terms.forEach(function (term, n) {
    var inTitle = starts(entry.foldedTitle, term.text), inText = starts(entry.foldedText, term.text);
    // the same words in the other script: found, not marked (their places differ)
    var titleOther = !inTitle.length && inEitherScript(entry.foldedTitle, entry.latinTitle, term);
    var textOther = !inText.length && inEitherScript(entry.foldedText, entry.latinText, term);
    var direct = inTitle.length + inText.length > 0 || titleOther || textOther;
    var byName = direct ? null : entry.groups.find(function (g) { return named[n].has(g); });
    found[term.text] = direct || byName !== undefined && byName !== null;
    // An event that names the actor or place is about it: above a passing mention, below a title.
    total += (inTitle.length || titleOther ? 10 : 0) + Math.min(inText.length + (textOther ? 1 : 0), 3) + (found[term.text] && byName != null ? 8 : 0);
    inTitle.forEach(function (at) { titleSpans.push([at, at + term.text.length]); });
    inText.forEach(function (at) { textSpans.push([at, at + term.text.length]); });
    if (byName != null) spellings.push([named[n].get(byName), term]);
  });
  var matched = terms.filter(function (term) { return found[term.text]; }).length;
  if (!matched) return NOTHING;
  if (entry.isEvent) total += 5;  // before an index entry that mentions the same words: events are what the site is about
  if (matched && entry.doc.boost) total += 10 * entry.doc.boost;  // a name's own index entry
  if (terms.length > 1 && (entry.foldedTitle.indexOf(phrase) >= 0 || entry.foldedText.indexOf(phrase) >= 0)) total += 50;
  if (matched === terms.length && entry.foldedTitle === phrase) total += 60;  // the page or entry of that name: "2007"
  // A page that only lists events never comes before the events themselves.
  if (entry.listing) total = Math.min(total, 0) - 1;
  return { entry: entry, matched: matched, score: matched * 100 + total, found: found, titleSpans: titleSpans,
           textSpans: textSpans, spellings: spellings };
}

function bare(hit) {
  return Object.assign({}, hit.entry.doc, { title: escape(hit.entry.title), text: "", score: hit.score, terms: hit.found });
}

// An excerpt mostly of figures (a list of counts, a row of a table) tells a reader nothing: none is shown.
function wordy(text) {
  var letters = (text.match(/\p{L}/gu) || []).length, visible = text.replace(/\s/g, "").length;
  return letters >= 0.6 * visible;
}

function result(hit) {
  var part = snippet(hit.entry.text, hit.textSpans);
  var text = wordy(part.text) ? mark(part.text, part.spans) : "";
  hit.spellings.forEach(function (pair) {  // a name matched in another spelling: show the spelling
    var spelling = pair[0], term = pair[1], folded = fold(spelling);
    var at = starts(folded, term.text).concat(term.latin ? starts(folded, term.latin) : [])[0];
    var length = starts(folded, term.text).length ? term.text.length : term.latin ? term.latin.length : 0;
    text += " (" + (at === undefined ? escape(spelling) : mark(spelling, [[at, at + length]])) + ")";
  });
  return Object.assign({}, hit.entry.doc, { title: mark(hit.entry.title, hit.titleSpans), text: text, score: hit.score, terms: hit.found });
}

function search(query) {
  var terms = query.split(separator).filter(Boolean).map(function (word) { return { text: fold(word), latin: latin(word) }; })
    .filter(function (term) { return term.text; });
  if (!terms.length) return { items: [] };
  var named = terms.map(namesMatching), hits = [];
  var phrase = terms.map(function (term) { return term.text; }).join(" ");  // the words together, as typed: a name or a title
  entries.forEach(function (entry) {
    var hit = score(entry, terms, named, phrase);
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
    if (group.length < MAX_SECTIONS) group.push(groups.size <= MARKED_PAGES ? result(hit) : bare(hit));
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

// Each key pressed in the search box sends a query. Those that came while one was being answered
// are answered once, for the latest: the words typed over would only keep the reader waiting.
var pending = null;

function answer() {
  var query = pending;
  pending = null;
  postMessage({ type: RESULT, data: search(query) });
}

addEventListener("message", function (event) {
  var message = event.data;
  if (message.type === SETUP) {
    setup(message.data).then(function () { postMessage({ type: READY }); });
  } else if (message.type === QUERY) {
    if (pending === null) setTimeout(answer, 0);  // after the messages already waiting
    pending = message.data;
  }
});
