// Workshop tools: copy buttons for the invitation links.
// <button data-copy="#field" data-copied="Copied">: copies the field's value.

for (const button of document.querySelectorAll("[data-copy]")) {
  button.addEventListener("click", async () => {
    const field = document.querySelector(button.dataset.copy);
    if (!field) return;
    const label = button.textContent;
    try {
      await navigator.clipboard.writeText(field.value);
    } catch {
      field.select(); // no clipboard access (plain http): leave it selected for Ctrl+C
      return;
    }
    button.textContent = button.dataset.copied;
    setTimeout(() => (button.textContent = label), 2000);
  });
}

// Photos of the minutes: a click on a thumbnail shows the photo large in a dialog (Escape or
// the button closes it); without the script, the link opens the photo itself.
const viewer = document.getElementById("wt-photo-viewer");
if (viewer) {
  const image = viewer.querySelector("img");
  const caption = viewer.querySelector("figcaption");
  const full = viewer.querySelector("[data-full]");
  for (const link of document.querySelectorAll("[data-photo]")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      image.src = link.href;
      image.alt = link.dataset.photo;
      caption.textContent = link.dataset.photo;
      full.href = link.href;
      viewer.showModal();
    });
  }
  viewer.querySelector("[data-close]").addEventListener("click", () => viewer.close());
  viewer.addEventListener("click", (event) => {
    if (event.target === viewer) viewer.close(); // a click on the backdrop
  });
}
