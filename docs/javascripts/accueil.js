// The home page's search button opens the same search as the header: Pagefind's dialog
// on the published site (theme/partials/pagefind.html), Material's search in the offline
// copy. Without JavaScript the button stays hidden and a <noscript> line says why.
(function () {
  "use strict"
  var buttons = document.querySelectorAll("[data-smg-home-search]")
  if (!buttons.length) return
  var pagefind = document.querySelector("[data-smg-search-open]")
  var material = document.querySelector("input[data-md-toggle='search']")
  if (!pagefind && !material) return
  function open() {
    if (pagefind) {
      pagefind.click()
    } else {
      material.checked = true
      material.dispatchEvent(new Event("change"))
      var field = document.querySelector(".md-search__input")
      if (field) field.focus()
    }
  }
  buttons.forEach(function (button) {
    button.hidden = false
    button.addEventListener("click", open)
  })
})()
