// The search dialog of the published site (theme/partials/pagefind.html), on Pagefind's JS
// API. This file is not loaded with the pages: the dialog's opener (partials/search-opener.html)
// loads it the first time the dialog opens or when the address carries a search, then calls
// window.smgSearch.opened each time the dialog opens.
//
// The search lives in the address (?q=…&niveau=…&plateforme=…, one key per filter group, the
// value repeated for several values), so that any search is a link: typing replaces the
// current history entry, a settled search or a changed filter adds one, Back and Forward
// restore each, closing the dialog takes the keys out of the address. Pagefind's filter files
// load only when « Filtrer » opens or the address carries filters.
(function () {
  "use strict"
  var dialog = document.getElementById("smg-search")
  var field = dialog.querySelector("#smg-search-field")
  var status = dialog.querySelector("[data-smg-search-status]")
  var list = dialog.querySelector("[data-smg-search-results]")
  var more = dialog.querySelector("[data-smg-search-more]")
  var tools = dialog.querySelector("[data-smg-search-tools]")
  var filterButton = dialog.querySelector("[data-smg-search-filter]")
  var panel = dialog.querySelector("[data-smg-search-filters]")
  var copied = dialog.querySelector("[data-smg-search-copied]")
  var linkLine = dialog.querySelector("[data-smg-search-link]")
  var linkField = linkLine.querySelector("input")
  var root = new URL(dialog.getAttribute("data-smg-base") + "/", location.href).pathname
  var bundle = root + "pagefind/"

  var PAGE = 10            // results listed at first, and at each « Afficher plus »
  var SUB_RESULTS = 3      // sections shown under a result
  var TYPING_PAUSE_MS = 300
  // The filter groups of the fact sheet (generator/templates/fiche.html.j2): key in the
  // address (lower case, no accent) and name in Pagefind, in the order they are shown.
  var GROUPS = [["niveau", "Niveau"], ["pays", "Pays"], ["plateforme", "Plateforme"],
    ["angle", "Angle"], ["pratique", "Pratique"], ["decennie", "D\u00e9cennie"]]
  var KEYS = ["q"].concat(GROUPS.map(function (group) { return group[0] }))
  var NNBSP = "\u202f"  // French spacing, as generator/publish/typography.py writes it
  var NBSP = "\u00a0"
  var collator = new Intl.Collator("fr")
  var MESSAGES = {
    hint: "Tapez un ou plusieurs mots, ou choisissez des filtres.",
    failed: "La recherche n\u2019a pas pu \u00eatre charg\u00e9e" + NNBSP + "; rechargez la page pour r\u00e9essayer.",
    copied: "Lien copi\u00e9",
    select: "Le lien est s\u00e9lectionn\u00e9 ci-dessous" + NBSP + ": copiez-le (Ctrl+C).",
    none: ": essayez sans filtre ou avec d\u2019autres mots."
  }

  var state = { q: "", filters: {} }  // filters: Pagefind's group name -> chosen values
  var committed = null  // the address of the current history entry, as last pushed
  var pagefind = null   // Pagefind's module, once started (a promise)
  var allFilters = null // Pagefind's filter files loading (a promise), once « Filtrer » opened
  var everyValue = null // then every value of every filter group, with its count
  var searchId = 0      // the latest search: an answer to an older one is dropped
  var typing = null     // the pending search while the reader types
  var waiting = []      // results of the latest search not listed yet

  // --- text: Pagefind reads a copy of each page (generator/publish/pagefind.py) -------------
  // where "l'État" became "l'-État": the hyphen is taken out of what the reader sees…
  var ELIDED = /(['\u2019]|&#39;|&#x27;|&apos;)-/g
  // …and where "œuvre" became "œuvre-oeuvre": the folded part goes too.
  var LIGATURE = /([A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0152\u0153]*[\u00c6\u00e6\u0152\u0153][A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0152\u0153]*)-([A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff]+)/g

  function folded(word) {
    return word.replace(/\u0153/g, "oe").replace(/\u00e6/g, "ae").replace(/\u0152/g, "Oe").replace(/\u00c6/g, "Ae")
  }

  function unsplit(text) {
    text = text.replace(LIGATURE, function (whole, word, part) { return folded(word) === part ? word : whole })
    return text.replace(ELIDED, "$1")
  }

  // Pagefind's text has plain spaces where the page had no-break ones.
  function spaced(text) {
    return text.replace(/[ \u00a0\u202f]+([;!?\u00bb])/g, NNBSP + "$1").replace(/[ \u00a0\u202f]+:/g, NBSP + ":")
      .replace(/\u00ab[ \u00a0\u202f]+/g, "\u00ab" + NNBSP).replace(/(\d)[ \u00a0]%/g, "$1" + NNBSP + "%")
  }

  function decoded(html) {
    return html.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"")
      .replace(/&#0?39;|&#x27;|&apos;/g, "'").replace(/&amp;/g, "&")
  }

  // Pagefind's excerpt is escaped text with <mark> tags: nodes are built from it, never markup.
  function excerpt(html) {
    var paragraph = element("p", "smg-search__excerpt")
    unsplit(html).split(/<\/?mark>/).forEach(function (part, index) {
      var text = spaced(decoded(part))
      if (!text) return
      if (index % 2) paragraph.appendChild(element("mark", "", text))
      else paragraph.appendChild(document.createTextNode(text))
    })
    return paragraph
  }

  function element(tag, className, text) {
    var node = document.createElement(tag)
    if (className) node.className = className
    if (text) node.textContent = text
    return node
  }

  // --- the address ------------------------------------------------------------------------
  function here() {
    return location.pathname + location.search + location.hash
  }

  function searchInAddress() {
    var params = new URLSearchParams(location.search)
    return KEYS.some(function (key) { return params.has(key) })
  }

  function fromAddress() {
    var params = new URLSearchParams(location.search)
    var filters = {}
    GROUPS.forEach(function (group) {
      var values = params.getAll(group[0]).filter(Boolean)
      if (values.length) filters[group[1]] = values
    })
    return { q: params.get("q") || "", filters: filters }
  }

  function address(search) {
    var url = new URL(location.href)
    KEYS.forEach(function (key) { url.searchParams.delete(key) })
    if (search.q.trim()) url.searchParams.set("q", search.q.trim())
    GROUPS.forEach(function (group) {
      (search.filters[group[1]] || []).forEach(function (value) { url.searchParams.append(group[0], value) })
    })
    return url.pathname + url.search + url.hash
  }

  // While the reader types: the current entry follows the field.
  function draft() {
    var target = address(state)
    if (target !== here()) history.replaceState(history.state, "", target)
  }

  // A settled search or a changed filter: an entry of its own, the previous one as it was.
  function commit() {
    var target = address(state)
    if (target === committed) return
    if (committed !== null && committed !== here()) history.replaceState(history.state, "", committed)
    history.pushState(null, "", target)
    committed = target
  }

  function chosen() {
    var filters = {}
    Object.keys(state.filters).forEach(function (name) {
      if (state.filters[name].length) filters[name] = state.filters[name].slice()
    })
    return filters
  }

  function isEmpty() {
    return !state.q.trim() && Object.keys(chosen()).length === 0
  }

  // --- Pagefind ------------------------------------------------------------------------------
  function api() {
    if (!pagefind) {
      pagefind = import(bundle + "pagefind.js").then(function (module) {
        return module.options({ baseUrl: root, excerptLength: 24 })
          .then(function () { return module.init() })
          .then(function () { return module })
      })
      pagefind.catch(function () { pagefind = null })
    }
    return pagefind
  }

  function failed() {
    list.removeAttribute("aria-busy")
    status.textContent = MESSAGES.failed
  }

  // --- filters ------------------------------------------------------------------------------
  function showFilters(open) {
    filterButton.setAttribute("aria-expanded", String(open))
    panel.hidden = !open
    if (!open || allFilters) return
    allFilters = api().then(function (module) { return module.filters() })
    allFilters.then(function (counts) {
      everyValue = counts
      search(false)  // the counts of every group, now that all are loaded
    }, function () {
      allFilters = null
      failed()
    })
  }

  // The panel is drawn once, with every value of every group, when its first counts are known.
  function buildPanel(counts) {
    GROUPS.forEach(function (group) {
      var values = Object.keys(counts[group[1]] || {})
      if (!values.length) return
      var fieldset = element("fieldset", "smg-search__group")
      fieldset.appendChild(element("legend", "", group[1]))
      values.map(function (value) { return [value, value.replace(/'/g, "\u2019")] })
        .sort(function (a, b) { return collator.compare(a[1], b[1]) })
        .forEach(function (pair) { fieldset.appendChild(option(group, pair[0], pair[1])) })
      panel.appendChild(fieldset)
    })
  }

  function option(group, value, label) {
    var line = element("label", "smg-search__option")
    var box = element("input")
    box.type = "checkbox"
    box.name = group[0]
    box.value = value
    box.setAttribute("data-group", group[1])
    box.checked = (state.filters[group[1]] || []).indexOf(value) >= 0
    line.appendChild(box)
    line.appendChild(document.createTextNode(" " + label + " "))
    line.appendChild(element("span", "smg-search__count"))
    return line
  }

  function showCounts(counts) {
    if (!everyValue) return  // before every filter file is in, the counts are partial
    if (!panel.firstChild) buildPanel(everyValue)
    panel.querySelectorAll("fieldset").forEach(function (fieldset) {
      var shown = 0
      fieldset.querySelectorAll("input").forEach(function (box) {
        var count = (counts[box.getAttribute("data-group")] || {})[box.value] || 0
        box.parentNode.querySelector(".smg-search__count").textContent = "(" + count + ")"
        box.parentNode.hidden = count === 0 && !box.checked
        if (!box.parentNode.hidden) shown += 1
      })
      fieldset.hidden = shown === 0
    })
  }

  function checkChosen() {
    panel.querySelectorAll("input").forEach(function (box) {
      box.checked = (state.filters[box.getAttribute("data-group")] || []).indexOf(box.value) >= 0
    })
  }

  function filterChanged() {
    var filters = {}
    panel.querySelectorAll("input:checked").forEach(function (box) {
      var name = box.getAttribute("data-group")
      ;(filters[name] = filters[name] || []).push(box.value)
    })
    state.filters = filters
    commit()
    search(false)
  }

  // --- results ------------------------------------------------------------------------------
  function typed() {
    state.q = field.value
    draft()
    window.clearTimeout(typing)
    typing = window.setTimeout(function () { search(true) }, TYPING_PAUSE_MS)
  }

  function search(settles) {
    window.clearTimeout(typing)
    var id = ++searchId
    var query = state.q.trim()
    var filters = chosen()
    copied.textContent = ""
    if (isEmpty()) {
      waiting = []
      list.textContent = ""
      more.hidden = true
      status.textContent = MESSAGES.hint
      if (settles) commit()
      showCounts(everyValue || {})
      return
    }
    list.setAttribute("aria-busy", "true")
    api().then(function (module) {
      return module.search(query || null, { filters: filters })
    }).then(function (found) {
      if (id !== searchId || !found) return
      showCounts(found.filters || {})
      waiting = found.results.slice()
      list.textContent = ""
      return listMore(id).then(function () {
        if (id !== searchId) return
        status.textContent = summary(found.results.length, query)
        list.removeAttribute("aria-busy")
        if (settles) commit()
      })
    }).catch(function () { if (id === searchId) failed() })
  }

  function summary(count, query) {
    var quoted = query ? " pour \u00ab" + NNBSP + query + NNBSP + "\u00bb" : " avec ces filtres"
    if (count === 0) return "Aucun r\u00e9sultat" + quoted + NBSP + MESSAGES.none
    return count + (count === 1 ? " r\u00e9sultat" : " r\u00e9sultats") + quoted
  }

  // The next PAGE results, their text loaded, at the end of the list; the first new link.
  function listMore(id) {
    var next = waiting.splice(0, PAGE)
    return Promise.all(next.map(function (result) { return result.data() })).then(function (pages) {
      if (id !== searchId) return null
      var first = null
      pages.forEach(function (page) {
        var item = result(page)
        first = first || item.querySelector("a")
        list.appendChild(item)
      })
      more.hidden = waiting.length === 0
      return first
    })
  }

  function result(page) {
    var title = spaced(unsplit((page.meta && page.meta.title) || page.url))
    var item = element("li", "smg-search__result")
    var heading = element("h3", "smg-search__result-title")
    var link = element("a", "", title)
    link.href = page.url
    heading.appendChild(link)
    item.appendChild(heading)
    if (page.excerpt) item.appendChild(excerpt(page.excerpt))
    var sections = sectionsOf(page, title)
    if (sections.length) {
      var sublist = element("ul", "smg-search__sections")
      sections.forEach(function (section) {
        var entry = element("li")
        var sublink = element("a", "", spaced(unsplit(section.title)))
        sublink.href = section.url
        entry.appendChild(sublink)
        if (section.excerpt) entry.appendChild(excerpt(section.excerpt))
        sublist.appendChild(entry)
      })
      item.appendChild(sublist)
    }
    return item
  }

  // The sections where the words are, most matches first, never the page itself again.
  function sectionsOf(page, title) {
    var found = (page.sub_results || []).filter(function (section) {
      return section.url !== page.url && section.title && spaced(unsplit(section.title)) !== title &&
        (section.locations || []).length > 0
    })
    var ranked = found.slice().sort(function (a, b) { return b.locations.length - a.locations.length })
    var kept = ranked.slice(0, SUB_RESULTS)
    return found.filter(function (section) { return kept.indexOf(section) >= 0 })
  }

  // --- « Copier le lien » -----------------------------------------------------------------
  function copyLink() {
    var link = location.href
    linkField.value = link
    function done() { copied.textContent = MESSAGES.copied }
    function select() {
      linkLine.hidden = false
      linkField.focus()
      linkField.select()
      copied.textContent = MESSAGES.select
    }
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(link).then(done, select)
    else select()
  }

  // --- the dialog -----------------------------------------------------------------------------
  function restore(search) {
    state = search
    field.value = search.q
    checkChosen()
    if (Object.keys(chosen()).length) showFilters(true)
  }

  function opened() {
    tools.hidden = false
    if (searchInAddress()) restore(fromAddress())
    else state.q = field.value
    committed = here()
    if (!searchInAddress() && !isEmpty()) draft()
    api().catch(failed)
    search(!searchInAddress())
  }

  function closed() {
    window.clearTimeout(typing)
    searchId += 1
    committed = null
    var target = address({ q: "", filters: {} })
    if (target !== here()) history.replaceState(history.state, "", target)
    linkLine.hidden = true
  }

  field.addEventListener("input", typed)
  dialog.querySelector("[data-smg-search-form]").addEventListener("submit", function (event) {
    event.preventDefault()
    state.q = field.value
    search(true)
  })
  filterButton.addEventListener("click", function () {
    showFilters(filterButton.getAttribute("aria-expanded") !== "true")
  })
  panel.addEventListener("change", filterChanged)
  dialog.querySelector("[data-smg-search-copy]").addEventListener("click", copyLink)
  more.addEventListener("click", function () {
    listMore(searchId).then(function (first) { if (first) first.focus() })
  })
  dialog.addEventListener("close", closed)
  addEventListener("popstate", function () {
    if (!dialog.open) return  // the opener opens it when the address carries a search
    if (!searchInAddress()) {
      dialog.close()
      return
    }
    restore(fromAddress())
    committed = here()
    search(false)
  })
  window.smgSearch = { opened: opened }
})()
