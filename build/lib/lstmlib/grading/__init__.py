"""The book's exercise grader (``lstm-grade``). Hand-written rather than otter-grader or nbgrader: measured
on this machine (../shared/notes/platform.md), both gave full marks to simple cheats (replacing
``np.allclose``, overwriting test files, reading the hidden tests) and otter hangs on an infinite loop.
Here student code runs only in a sandboxed child interpreter that receives inputs, never expected outputs.

Modules: spec (the exercise-set format), reference (expected outputs from the instructor's code),
student (check() and the shared comparison), codec (safe JSON+base64 transport), sandbox + _child (the
isolated run), grade (scoring), report (CSV, feedback, Gradescope JSON), notebooks (generation),
gradescope (autograder zip), cli (``lstm-grade``). Nothing here holds a solution or a hidden case.
"""
