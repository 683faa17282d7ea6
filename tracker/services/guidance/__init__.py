"""Guidance as rules: checklists, aftercare lines and reminders from the rules
in resources/guidance/ (plus the clinic's own file), each with its source.

Modules: ``rules`` (what a rule is), ``rule_parser`` / ``loader`` (reading
and merging rule files), ``sources`` (checking citations), ``facts`` and
``engine`` (what applies to a session), ``persist`` (writing it when a session
is signed), ``checklist``, ``reminders``, ``calendar_export``, ``call_list``
and ``aftercare`` (the operations the GUI, the CLI and printing use).
This package imports nothing at load time, so sessions.py can use ``persist``.
"""
