// The home page's search button opens the same search as the header: Pagefind's dialog
// on the published site (theme/partials/pagefind.html), smg's own in the offline copy
// (theme/partials/offline-search.html). Without JavaScript the button stays hidden and a
// <noscript> line says why.
(function () {
  "use strict"
  var buttons = document.querySelectorAll("[data-smg-home-search]")
  if (!buttons.length) return
  var opener = document.querySelector("[data-smg-search-open]")
  if (!opener) return
  function open() {
    opener.click()
  }
  buttons.forEach(function (button) {
    button.hidden = false
    button.addEventListener("click", open)
  })
})()
