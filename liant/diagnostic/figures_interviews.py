"""Part a of issue 5 — the mission key figure "% of staff interviewed".

Register providers with ``liant.missions.key_figures.register`` (see ``liant/missions/figures.py``);
this module is imported by ``DiagnosticConfig.ready``.
"""
