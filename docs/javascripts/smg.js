/*
 * Social Media Gouvernance: small enhancements, shipped with the site (no CDN).
 *
 * 1. The table of all case studies (/cas/, generated from case_table.html.j2) gets
 *    filters (level, platform, angle), sortable columns and a live region that
 *    announces how many rows are shown. Without JavaScript the table stays
 *    complete and in its published order.
 * 2. Tables wider than the screen become focusable regions, so that keyboard users
 *    can scroll them (WCAG 2.1.1; axe: scrollable-region-focusable), with a line
 *    before them that says they scroll; so do code blocks, on touch screens too.
 * 3. The menu opener of small screens works with the keyboard.
 * 4. The "¶" anchors of headings take no Tab stop.
 */
(function () {
  "use strict"

  var collator = new Intl.Collator("fr", { numeric: true, sensitivity: "base" })

  /* --- 1. The table of case studies ------------------------------------------ */

  var FILTER_LABELS = { level: "Niveau", platform: "Plateforme", angle: "Angle" }

  function cellValue(row, index, kind) {
    var cell = row.cells[index]
    if (!cell) return null
    var raw = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent
    raw = raw.trim()
    if (raw === "") return null
    if (kind === "number") {
      var value = Number(raw)
      return isNaN(value) ? null : value
    }
    return raw
  }

  /* The values a filter offers, with the labels the table shows for them: each row
     has the keys in a data attribute (data-platform="twitter facebook") and the
     labels, in the same order, in its cell ("Twitter, Facebook"). */
  function filterOptions(rows, key, column) {
    var labels = {}
    rows.forEach(function (row) {
      var keys = (row.getAttribute("data-" + key) || "").split(/\s+/).filter(Boolean)
      var shown = column >= 0 && row.cells[column]
        ? row.cells[column].textContent.split(",").map(function (s) { return s.trim() })
        : []
      keys.forEach(function (k, i) {
        if (!(k in labels)) labels[k] = shown.length === keys.length ? shown[i] : k
      })
    })
    return Object.keys(labels)
      .map(function (k) { return { value: k, label: labels[k] } })
      .sort(function (a, b) { return collator.compare(a.label, b.label) })
  }

  function plural(n, one, many) {
    return n + "\u00a0" + (n <= 1 ? one : many)
  }

  function enhanceCaseTable(table) {
    if (table.hasAttribute("data-smg-enhanced")) return
    table.setAttribute("data-smg-enhanced", "")
    var body = table.tBodies[0]
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells)
    var rows = Array.prototype.slice.call(body.rows)
    var total = rows.length
    var wrap = table.closest(".smg-table-wrap") || table
    var id = table.id || "smg-cases"

    /* Controls: a form of filters, then the live status line */
    var form = document.createElement("form")
    form.className = "smg-filters"
    form.addEventListener("submit", function (ev) { ev.preventDefault() })
    var fieldset = document.createElement("fieldset")
    var legend = document.createElement("legend")
    legend.textContent = "Filtrer le tableau"
    fieldset.appendChild(legend)
    form.appendChild(fieldset)

    var selects = []
    headers.forEach(function (th, column) {
      var key = th.getAttribute("data-filter")
      if (!key) return
      var field = document.createElement("div")
      field.className = "smg-filters__field"
      var label = document.createElement("label")
      var select = document.createElement("select")
      select.id = id + "-filtre-" + key
      select.name = key
      select.setAttribute("data-filter", key)
      label.htmlFor = select.id
      label.textContent = FILTER_LABELS[key] || th.textContent.trim()
      var all = document.createElement("option")
      all.value = ""
      all.textContent = "Tous"
      select.appendChild(all)
      filterOptions(rows, key, column).forEach(function (item) {
        var option = document.createElement("option")
        option.value = item.value
        option.textContent = item.label
        select.appendChild(option)
      })
      select.addEventListener("change", update)
      field.appendChild(label)
      field.appendChild(select)
      fieldset.appendChild(field)
      selects.push(select)
    })

    var reset = document.createElement("button")
    reset.type = "button"
    reset.className = "smg-filters__reset"
    reset.textContent = "Afficher toutes les études de cas"
    reset.addEventListener("click", function () {
      selects.forEach(function (select) { select.value = "" })
      update()
    })
    fieldset.appendChild(reset)

    var status = document.createElement("p")
    status.className = "smg-table-status"
    status.id = id + "-etat"
    status.setAttribute("role", "status")
    status.setAttribute("aria-live", "polite")
    status.setAttribute("aria-atomic", "true")

    wrap.parentNode.insertBefore(form, wrap)
    wrap.parentNode.insertBefore(status, wrap)

    /* Sorting: each header's text goes into a button; aria-sort marks the sorted column */
    var sorted = { column: -1, direction: "ascending" }
    headers.forEach(function (th, column) {
      var kind = th.getAttribute("data-sort")
      if (!kind) return
      var button = document.createElement("button")
      button.type = "button"
      button.className = "smg-sort"
      while (th.firstChild) button.appendChild(th.firstChild)
      var icon = document.createElement("span")
      icon.className = "smg-sort__icon"
      icon.setAttribute("aria-hidden", "true")
      // A space before the arrow: a narrow column wraps it under its header's last word.
      button.appendChild(document.createTextNode(" "))
      button.appendChild(icon)
      th.appendChild(button)
      button.addEventListener("click", function () {
        var direction = sorted.column === column && sorted.direction === "ascending"
          ? "descending" : "ascending"
        sortBy(column, kind, direction)
      })
    })

    function sortBy(column, kind, direction) {
      sorted = { column: column, direction: direction }
      var sign = direction === "ascending" ? 1 : -1
      var keyed = rows.map(function (row, index) {
        return { row: row, index: index, value: cellValue(row, column, kind) }
      })
      keyed.sort(function (a, b) {
        if (a.value === null || b.value === null) {   // empty cells always last
          if (a.value === b.value) return a.index - b.index
          return a.value === null ? 1 : -1
        }
        var order = kind === "number" ? a.value - b.value : collator.compare(a.value, b.value)
        return order !== 0 ? sign * order : a.index - b.index
      })
      keyed.forEach(function (item) { body.appendChild(item.row) })
      headers.forEach(function (th, i) {
        if (i === column) th.setAttribute("aria-sort", direction)
        else th.removeAttribute("aria-sort")
      })
      announce()
    }

    function update() {
      var active = selects.filter(function (s) { return s.value !== "" })
      rows.forEach(function (row) {
        row.hidden = !active.every(function (select) {
          var values = (row.getAttribute("data-" + select.name) || "").split(/\s+/)
          return values.indexOf(select.value) !== -1
        })
      })
      announce()
    }

    /* The caption counts the rows shown, as the table stands: « 4 études de cas sur 66 ». */
    var caption = table.caption

    function announce() {
      var shown = rows.filter(function (row) { return !row.hidden }).length
      if (caption) {
        caption.textContent = shown === total ? plural(total, "étude de cas", "études de cas")
          : plural(shown, "étude de cas", "études de cas") + " sur\u00a0" + total
      }
      var text = shown === 0
        ? "Aucune étude de cas ne correspond à ces filtres (" + plural(total, "étude", "études") + " en tout)."
        : plural(shown, "étude de cas affichée", "études de cas affichées") + " sur " + total + "."
      if (sorted.column >= 0) {
        var name = headers[sorted.column].textContent.trim()
        text += " Tri par «\u202f" + name + "\u202f», ordre " +
          (sorted.direction === "ascending" ? "croissant" : "décroissant") + "."
      }
      status.textContent = text
    }

    announce()
  }

  /* --- 2. Wide tables can be scrolled with the keyboard ----------------------- */

  function labelOf(wrap) {
    var caption = wrap.querySelector("caption")
    if (caption && caption.textContent.trim()) return caption.textContent.trim()
    var heading = wrap.previousElementSibling
    while (heading && !/^H[1-6]$/.test(heading.tagName)) heading = heading.previousElementSibling
    return heading ? "Tableau\u00a0: " + heading.textContent.replace(/¶$/, "").trim() : "Tableau"
  }

  /* Said before the table, as the shadow at its right edge shows it: there is more. */
  function scrollHint() {
    var hint = document.createElement("p")
    hint.className = "smg-scroll-hint"
    hint.textContent = "Tableau plus large que l’écran\u00a0: faites-le défiler horizontalement."
    return hint
  }

  function markScrollable() {
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap, .smg-table-wrap")
    Array.prototype.forEach.call(wraps, function (wrap) {
      var scrollable = wrap.scrollWidth > wrap.clientWidth + 1
      if (scrollable && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0")
        wrap.setAttribute("role", "region")
        wrap.setAttribute("aria-label", labelOf(wrap))
        wrap.setAttribute("data-smg-scroll", "")
        wrap.parentNode.insertBefore(scrollHint(), wrap)
      } else if (!scrollable && wrap.hasAttribute("data-smg-scroll")) {
        wrap.removeAttribute("tabindex")
        wrap.removeAttribute("role")
        wrap.removeAttribute("aria-label")
        wrap.removeAttribute("data-smg-scroll")
        var hint = wrap.previousElementSibling
        if (hint && hint.classList.contains("smg-scroll-hint")) hint.remove()
      }
    })
  }

  /* Material makes a code block that scrolls focusable, but not on touch screens, where a
     keyboard may be attached all the same (axe: scrollable-region-focusable on phones). */
  function focusableCode() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset pre > code"), function (code) {
      if (code.scrollWidth > code.clientWidth + 1 && !code.hasAttribute("tabindex")) code.tabIndex = 0
    })
  }

  /* --- 3. The menu opener, by keyboard -------------------------------------------- */

  /* Under 1220 px, Material opens its navigation drawer with a <label> for a hidden
     checkbox: a mouse or a finger can use it, a keyboard cannot reach it. A button takes
     its place (partials/header.html): it opens the drawer and puts the focus on its first
     link; Esc closes it and gives the focus back. */
  function setupMenu() {
    var toggle = document.getElementById("__drawer")
    var label = document.querySelector("[data-smg-menu-label]")
    var opener = document.querySelector("button.smg-menu-button")
    if (!toggle || !label || !opener || !opener.hidden) return
    function sync() {
      opener.setAttribute("aria-expanded", String(toggle.checked))
      opener.setAttribute("aria-label", toggle.checked ? "Fermer le menu" : "Ouvrir le menu")
    }
    opener.addEventListener("click", function () {
      toggle.click()
      if (!toggle.checked) return
      var first = document.querySelector(".md-sidebar--primary .md-nav__link[href]")
      if (first) first.focus()
    })
    toggle.addEventListener("change", sync)
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !toggle.checked) return
      toggle.click()
      opener.focus()
    })
    label.hidden = true
    opener.hidden = false
    sync()
  }

  /* --- 4. Section anchors out of the Tab order ----------------------------------- */

  /* Each heading's "¶" link (Material) was a Tab stop of its own: 11 of the 57 stops of a
     case study. It stays clickable and copyable; the keyboard goes from link to link. */
  function quietAnchors() {
    Array.prototype.forEach.call(document.querySelectorAll("a.headerlink"), function (anchor) {
      anchor.tabIndex = -1
    })
  }

  /* --- Start, on every page (also with Material's instant navigation) --------- */

  function setup() {
    Array.prototype.forEach.call(document.querySelectorAll("table.smg-cases"), enhanceCaseTable)
    setupMenu()
    quietAnchors()
    markScrollable()
    // Material wraps Markdown tables after its own setup: look again once it is done.
    window.requestAnimationFrame(markScrollable)
    window.requestAnimationFrame(focusableCode)
  }

  var resizing
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing)
    resizing = window.setTimeout(markScrollable, 150)
  })

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup)
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup)
  } else {
    setup()
  }
})()
