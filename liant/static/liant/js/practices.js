// Team practices: print the charter (the rest of these pages works without script).
document.querySelector("[data-print]")?.addEventListener("click", () => window.print());
