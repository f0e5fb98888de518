/* Regions that scroll sideways (wide tables, the trend chart on a phone) can be scrolled with the
 * keyboard: while its content overflows, such a region takes the focus (Tab, then the arrow keys)
 * and is named after its table's caption or its chart's title (WCAG 2.1.1; axe-core's
 * scrollable-region-focusable). A region that fits is no tab stop: it would only cost a Tab press.
 * Without this script the content stays readable; only its sideways scrolling needs a pointer. */
(function () {
  "use strict";

  var SELECTOR = ".table-responsive, .chart";

  function regionName(region) {
    var source = region.querySelector("caption, figcaption, svg > title");
    return source ? source.textContent.trim() : "";
  }

  function update(region) {
    var scrolls = region.scrollWidth > region.clientWidth + 1;
    if (scrolls && !region.hasAttribute("tabindex")) {
      region.setAttribute("tabindex", "0");
      region.setAttribute("data-scroll-region", "");
      if (!region.hasAttribute("role")) {
        region.setAttribute("role", "region");
      }
      if (!region.hasAttribute("aria-label") && !region.hasAttribute("aria-labelledby") && regionName(region)) {
        region.setAttribute("aria-label", regionName(region));
      }
    } else if (!scrolls && region.hasAttribute("data-scroll-region") && document.activeElement !== region) {
      region.removeAttribute("tabindex");
      region.removeAttribute("data-scroll-region");
      if (region.getAttribute("role") === "region") {
        region.removeAttribute("role");
      }
    }
  }

  function updateAll() {
    document.querySelectorAll(SELECTOR).forEach(update);
  }

  var pending = false;
  window.addEventListener("resize", function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        updateAll();
      });
    }
  });
  window.addEventListener("load", updateAll);  // web fonts and images may change the widths
  updateAll();
})();
