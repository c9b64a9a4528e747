// Tooltips for key terms and citations, on hover and on keyboard focus, from text the page
// already holds: a term's definition (its aria-describedby target) and a work's entry in the
// page's reference list. One tooltip element, one set of delegated listeners: nothing is
// mounted per link, so a long chapter costs no more than a short one. Escape dismisses it, and
// it stays while the pointer is over it (WCAG 1.4.13).

let tip = null;
let owner = null;
let hideTimer = 0;

function textFor(link) {
  if (link.matches("a.term[aria-describedby]")) {
    return document.getElementById(link.getAttribute("aria-describedby"))?.textContent ?? "";
  }
  if (link.matches("a.citation-link[data-ref]")) {
    const entry = document.getElementById(`ref-${link.dataset.ref}`);
    return entry ? entry.textContent.replace(/\s+/g, " ").trim() : "";
  }
  return "";
}

function element() {
  if (!tip) {
    tip = document.createElement("div");
    tip.className = "book-tooltip";
    tip.id = "book-tooltip";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    tip.addEventListener("mouseenter", () => clearTimeout(hideTimer));
    tip.addEventListener("mouseleave", () => hide());
  }
  if (!tip.isConnected) document.body.append(tip);
  return tip;
}

function show(link) {
  const text = textFor(link);
  if (!text) return;
  clearTimeout(hideTimer);
  const box = element();
  box.textContent = text;
  box.hidden = false;
  owner = link;
  const rect = link.getBoundingClientRect();
  const width = Math.min(360, window.innerWidth - 16);
  box.style.maxWidth = `${width}px`;
  const left = Math.max(8, Math.min(rect.left + window.scrollX, window.scrollX + window.innerWidth - width - 8));
  box.style.left = `${left}px`;
  const below = rect.bottom + window.scrollY + 6;
  box.style.top = `${below}px`;
  const height = box.offsetHeight;
  if (rect.bottom + height + 12 > window.innerHeight && rect.top > height + 12) {
    box.style.top = `${rect.top + window.scrollY - height - 6}px`;
  }
}

function hide(now = false) {
  clearTimeout(hideTimer);
  const go = () => { if (tip) tip.hidden = true; owner = null; };
  if (now) go();
  else hideTimer = setTimeout(go, 150);
}

const TARGETS = "a.term[aria-describedby], a.citation-link[data-ref]";
let bound = false;

/** Delegated listeners, bound once: instant navigation swaps the content under them. */
export function bindTooltips() {
  if (bound) return;
  bound = true;
  document.addEventListener("mouseover", (event) => {
    const link = event.target.closest?.(TARGETS);
    if (link && link !== owner) show(link);
  });
  document.addEventListener("mouseout", (event) => {
    const link = event.target.closest?.(TARGETS);
    if (link && !link.contains(event.relatedTarget) && !tip?.contains(event.relatedTarget)) hide();
  });
  document.addEventListener("focusin", (event) => {
    const link = event.target.closest?.(TARGETS);
    if (link) show(link);
    else if (owner) hide(true);
  });
  document.addEventListener("focusout", (event) => {
    if (event.target.closest?.(TARGETS)) hide();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && owner) hide(true);
  });
}
