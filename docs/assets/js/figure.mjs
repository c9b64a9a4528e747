// Figures on narrow screens scroll sideways instead of shrinking their text out of reach; a
// figure that scrolls becomes a keyboard-focusable, named region so it can be scrolled by keys.

function fit(art) {
  const scrolls = art.scrollWidth > art.clientWidth + 1;
  if (scrolls && !art.hasAttribute("tabindex")) {
    const number = art.closest("figure")?.querySelector(".book-figure__number")?.textContent.replace(/\.$/, "") ?? "Figure";
    art.tabIndex = 0;
    art.setAttribute("role", "region");
    art.setAttribute("aria-label", `${number} (scroll sideways to see all of it)`);
  } else if (!scrolls && art.hasAttribute("tabindex")) {
    art.removeAttribute("tabindex");
    art.removeAttribute("role");
    art.removeAttribute("aria-label");
  }
}

let observer = null;

/** Per page: watch each figure's width (rotation, resizing, zoom). */
export function mountFigures(root = document) {
  const arts = root.querySelectorAll(".book-figure__art");
  if (!arts.length) return;
  observer ??= "ResizeObserver" in window ? new ResizeObserver((entries) => entries.forEach((e) => fit(e.target))) : null;
  // A ResizeObserver reports each figure once when it starts watching, after layout: calling
  // fit() here as well would force a layout of the whole page while it is still loading.
  for (const art of arts) {
    if (observer) observer.observe(art);
    else fit(art);
  }
}
