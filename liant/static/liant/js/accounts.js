// Team forms: the organisation field only matters for client sponsors; hide it otherwise.
for (const form of document.querySelectorAll("form[data-sponsor-role]")) {
  const role = form.querySelector("select[name=role]");
  const organization = form.querySelector("select[name=organization]");
  if (!role || !organization) continue;
  const row = organization.closest("p");
  const sync = () => {
    row.hidden = role.value !== form.dataset.sponsorRole;
  };
  role.addEventListener("change", sync);
  sync();
}
