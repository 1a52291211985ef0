// World Café: the round's countdown (mm:ss) on the console, projector and phone pages.
// Each `.wc-countdown` carries the seconds left when the server rendered it; the page
// polls the server every few seconds, which replaces these elements with fresh values.

function format(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function tick() {
  const now = performance.now();
  for (const el of document.querySelectorAll(".wc-countdown[data-seconds-left]")) {
    if (!el.dataset.renderedAt) {
      el.dataset.renderedAt = String(now);
    }
    const elapsed = (now - Number(el.dataset.renderedAt)) / 1000;
    const left = Number(el.dataset.secondsLeft) - elapsed;
    el.textContent = format(left);
    el.classList.toggle("wc-time-up", left <= 0);
  }
}

tick();
setInterval(tick, 1000);
document.addEventListener("htmx:afterSwap", tick);
