// The header's menus (<details>: they open without JavaScript). With it, they close as menus do: on Escape (focus
// goes back to the menu's button) and on a click anywhere else.
(function () {
  "use strict";
  var menus = Array.prototype.slice.call(document.querySelectorAll(".nav details"));
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    menus.forEach(function (menu) {
      if (menu.open) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
  });
  document.addEventListener("click", function (event) {
    menus.forEach(function (menu) {
      if (menu.open && !menu.contains(event.target)) { menu.open = false; }
    });
  });
})();
