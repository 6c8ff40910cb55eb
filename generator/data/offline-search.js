// The search of the offline copy (generator/publish/offlinesearch.py), opened from file://:
// no fetch, no request elsewhere. The index is a script (search/index.js), loaded the
// first time the dialog opens. Words are folded as the index folds them: lower case,
// accents off, œ and æ spelled out, apostrophes break words, elided articles dropped.
// It is loaded by the dialog's opener (theme/partials/search-opener.html) the first time the
// dialog opens, and calls window.smgSearch.opened each time.
(function () {
  "use strict"
  var dialog = document.getElementById("smg-search")
  var field = dialog.querySelector("input[type=search]")
  var status = dialog.querySelector("[data-smg-search-status]")
  var list = dialog.querySelector("[data-smg-search-results]")
  var root = dialog.getAttribute("data-smg-root") || "."
  var ELISIONS = ["c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu"]
  var WORD = /([\p{L}\p{N}]+)(['\u2019]?)/gu
  var loading = null
  var vocabulary = null

  function fold(text) {
    return text.toLowerCase().replace(/\u0153/g, "oe").replace(/\u00e6/g, "ae").replace(/\u02bc/g, "'")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "").normalize("NFC")
  }

  function words(text) {
    var found = []
    fold(text).replace(WORD, function (whole, word, apostrophe) {
      if (!(apostrophe && ELISIONS.indexOf(word) >= 0)) found.push(word)
      return whole
    })
    return found
  }

  function loadIndex() {
    if (loading) return loading
    loading = window.smgLoadScript(dialog.getAttribute("data-smg-index"), "smgSearchIndex").then(function (index) {
      vocabulary = Object.keys(index.words)
      index.pages.forEach(function (page) { page.titleWords = words(page.t); page.headingWords = page.h.split(" ") })
      return index
    })
    return loading
  }

  function startsAWord(list, term) {
    return list.some(function (word) { return word.indexOf(term) === 0 })
  }

  function pagesWith(index, term) {
    var found = {}
    vocabulary.forEach(function (word) {
      if (word.indexOf(term) === 0) index.words[word].forEach(function (page) { found[page] = true })
    })
    return found
  }

  function search(index, query) {
    var terms = words(query)
    if (!terms.length) return null
    var matches = null
    terms.forEach(function (term) {
      var found = pagesWith(index, term)
      matches = matches === null ? found : Object.keys(matches).reduce(function (kept, page) {
        if (found[page]) kept[page] = true
        return kept
      }, {})
    })
    return Object.keys(matches).map(function (number) {
      var page = index.pages[number]
      var score = 0
      terms.forEach(function (term) {
        if (startsAWord(page.titleWords, term)) score += 10
        if (startsAWord(page.headingWords, term)) score += 3
        if ((index.words[term] || []).indexOf(Number(number)) >= 0) score += 1
      })
      return { page: page, score: score }
    }).sort(function (a, b) {
      return b.score - a.score || a.page.t.localeCompare(b.page.t, "fr")
    }).map(function (result) { return result.page })
  }

  function show(index) {
    var query = field.value.trim()
    var results = search(index, query)
    list.textContent = ""
    if (results === null) {
      status.textContent = ""
      return
    }
    var quoted = " pour «\u202f" + query + "\u202f»."  // French spacing, as the pages have it
    status.textContent = results.length === 0 ? "Aucun résultat" + quoted
      : (results.length === 1 ? "1 page trouvée" : results.length + " pages trouvées") + quoted
    results.forEach(function (page) {
      var item = document.createElement("li")
      var link = document.createElement("a")
      link.href = root + "/" + page.u
      link.textContent = page.t || page.u
      item.appendChild(link)
      if (page.s) {
        var summary = document.createElement("p")
        summary.textContent = page.s
        item.appendChild(summary)
      }
      list.appendChild(item)
    })
  }

  var pending = null
  function update() {
    window.clearTimeout(pending)
    pending = window.setTimeout(function () { loadIndex().then(show, failed) }, 120)
  }

  function failed() {
    loading = null
    status.textContent = "La recherche n’a pas pu être chargée\u202f; rechargez la page pour réessayer."
  }

  function opened() {
    loadIndex().then(function (index) { if (field.value.trim()) show(index) }, failed)
  }

  field.addEventListener("input", update)
  dialog.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault()
    loadIndex().then(show, failed)
  })
  window.smgSearch = { opened: opened }
})()
