// Site search, in the browser: reads the index the build wrote (recherche/index.json)
// and lists the pages whose title, summary or text hold every word typed, title matches
// first. Accents and case are ignored. Nothing leaves the site.
(function () {
  "use strict";
  var page = document.querySelector("[data-search-index]");
  if (!page) return;
  var form = page.querySelector("form");
  var input = page.querySelector("input[type=search]");
  var status = document.getElementById("recherche-statut");
  var results = document.getElementById("recherche-resultats");
  var messages = {
    none: page.getAttribute("data-none") || "",
    one: page.getAttribute("data-one") || "",
    many: page.getAttribute("data-many") || "",
    error: page.getAttribute("data-error") || ""
  };
  var index = null;

  // Lower case, no accents, the ligatures œ and æ as oe and ae: "Œdème" finds "oedeme".
  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\u0153/g, "oe").replace(/\u00e6/g, "ae");
  }

  function load() {
    if (index) return Promise.resolve(index);
    return fetch(page.getAttribute("data-search-index"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (entries) {
        index = entries.map(function (entry) {
          entry.foldedTitle = fold(entry.title);
          entry.foldedText = " " + fold(entry.summary) + " " + entry.words + " ";
          return entry;
        });
        return index;
      });
  }

  function search(query) {
    var terms = fold(query).split(/[^a-z0-9]+/).filter(function (term) { return term.length > 0; });
    if (terms.length === 0) return [];
    return index
      .map(function (entry) {
        var score = 0;
        for (var i = 0; i < terms.length; i++) {
          var inTitle = entry.foldedTitle.indexOf(terms[i]) !== -1;
          var inText = entry.foldedText.indexOf(terms[i]) !== -1;
          if (!inTitle && !inText) return null;
          score += inTitle ? 10 : 1;
        }
        return { entry: entry, score: score };
      })
      .filter(Boolean)
      .sort(function (a, b) { return b.score - a.score; })
      .map(function (match) { return match.entry; });
  }

  function say(template, query, count) {
    return template.replace("{q}", query).replace("{n}", String(count));
  }

  function show(query) {
    results.textContent = "";
    var found = search(query);
    found.forEach(function (entry) {
      var item = document.createElement("li");
      item.className = "search-result";
      var link = document.createElement("a");
      link.href = entry.url;
      link.textContent = entry.title;
      var heading = document.createElement("h2");
      heading.className = "search-result__title";
      heading.appendChild(link);
      item.appendChild(heading);
      var meta = document.createElement("p");
      meta.className = "search-result__meta";
      meta.textContent = entry.type + (entry.date ? " · " + entry.date : "");
      item.appendChild(meta);
      if (entry.summary) {
        var summary = document.createElement("p");
        summary.textContent = entry.summary;
        item.appendChild(summary);
      }
      results.appendChild(item);
    });
    var template = found.length === 0 ? messages.none : found.length === 1 ? messages.one : messages.many;
    status.textContent = say(template, query, found.length);
  }

  function run(query) {
    if (!query.trim()) {
      results.textContent = "";
      status.textContent = "";
      return;
    }
    load().then(function () { show(query); }, function () { status.textContent = messages.error; });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value;
    var url = new URL(window.location.href);
    url.searchParams.set("q", query);
    window.history.replaceState(null, "", url);
    run(query);
  });

  var initial = new URL(window.location.href).searchParams.get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
