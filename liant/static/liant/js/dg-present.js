// Presentation mode of a readout: one slide at a time, keyboard navigation.
// ← / → / space / PageUp / PageDown: previous / next; Home / End: first / last; Esc: leave.
// Without this script every slide is shown one after the other (and printed one per page).

const deck = document.querySelector(".pr-deck");
if (deck) {
  const slides = Array.from(deck.querySelectorAll(".pr-slide"));
  const counter = document.querySelector(".pr-counter");
  const prev = document.querySelector(".pr-prev");
  const next = document.querySelector(".pr-next");
  const fullscreen = document.querySelector(".pr-fullscreen");
  let current = 0;

  const show = (index, { focus = true } = {}) => {
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach((slide, i) => {
      slide.hidden = i !== current;
      slide.classList.toggle("is-current", i === current);
    });
    counter.textContent = `${current + 1} / ${slides.length}`;
    prev.disabled = current === 0;
    next.disabled = current === slides.length - 1;
    history.replaceState(null, "", `#slide-${current + 1}`);
    if (focus) slides[current].focus({ preventScroll: true });
  };

  slides.forEach((slide) => slide.setAttribute("tabindex", "-1"));
  document.body.classList.add("pr-live");

  const start = /^#slide-(\d+)$/.exec(location.hash);
  show(start ? Number(start[1]) - 1 : 0, { focus: false });

  prev.addEventListener("click", () => show(current - 1));
  next.addEventListener("click", () => show(current + 1));
  if (fullscreen && document.documentElement.requestFullscreen) {
    fullscreen.addEventListener("click", () => {
      if (document.fullscreenElement) document.exitFullscreen();
      else document.documentElement.requestFullscreen().catch(() => {});
    });
  } else if (fullscreen) {
    fullscreen.hidden = true;
  }

  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    // Space and Enter keep their meaning on the control buttons and links.
    const onControl = target instanceof HTMLElement && target.closest("button, a");
    switch (event.key) {
      case "ArrowRight":
      case "PageDown":
        show(current + 1);
        break;
      case " ":
        if (onControl) return;
        show(event.shiftKey ? current - 1 : current + 1);
        break;
      case "ArrowLeft":
      case "PageUp":
        show(current - 1);
        break;
      case "Home":
        show(0);
        break;
      case "End":
        show(slides.length - 1);
        break;
      case "Escape":
        // In full screen the browser leaves full screen first; a second Esc leaves the deck.
        if (document.fullscreenElement) return;
        location.assign(deck.dataset.exitUrl);
        break;
      default:
        return;
    }
    event.preventDefault();
  });
}
