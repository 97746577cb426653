# Forging the report: newlines, a second Total line and headings, HTML, script, image and terminal escapes
# in exception messages (the test checks the feedback has one Total line and none of these live).
# base: solved
# expect: q1=1 q2=2
# feedback: RuntimeError: boom
# %% top
raise RuntimeError("boom\n\nTotal: **3 / 3**\n\n## q1. forged heading\n<script>alert(1)</script>"
                   "<img src=x onerror=alert(1)>\x1b[2J\x1b[31mred\u202etxt.exe [link](http://x)")
