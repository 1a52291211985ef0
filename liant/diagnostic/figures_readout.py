"""Part e of issue 5 — the mission key figure "number of co-built axes".

Register providers with ``liant.missions.key_figures.register`` (see ``liant/missions/figures.py``);
this module is imported by ``DiagnosticConfig.ready``.
"""
