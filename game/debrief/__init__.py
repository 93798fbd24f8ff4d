"""The debrief: what happened in a game and why, built from its log alone.

log.py reads the log; facts.py, narrate.py, counterfactuals.py and concepts.py turn it
into figures, sentences and cards; charts.py draws SVG; report.py assembles the teacher's
report and student.py a student's; exports.py writes CSV, JSON and PDF; views.py serves it.
"""
